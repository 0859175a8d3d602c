/**
 * Helpers for the customs XML mapping tests: the registry, the XSD a message must validate against
 * (xmllint through test/syntax/xml/xsd.ts), and a flat view of a Declaration to compare values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Issue } from '../../../src/errors/index.js';
import { MappingRegistry } from '../../../src/mapping/registry.js';
import { messageSchema, parseCustomsXml, variantFor, type CustomsMessage, type XmlContent } from '../../../src/syntax/xml/index.js';
import { CORPUS, FIXTURES, OWN_XSD_DIR, referenceXsdWithTextContent, validateWithXsd, type XsdResult } from '../../syntax/xml/xsd.js';

export const registry = new MappingRegistry();

export const FIXTURE_FILES = [
  'mt1101-ningbo-first.xml', 'mt1101-ningbo-edit.xml', 'mt1101-ningbo-delete.xml',
  'mt2101-ningbo-first.xml', 'mt2101-ningbo-edit.xml', 'mt2101-ningbo-delete.xml',
  'mt3101-ningbo-arrival.xml', 'mt4101-ningbo-loading.xml', 'mt5101-ningbo-tally.xml', 'mt5102-ningbo-tally.xml',
  'mt9999-ningbo-receipt.xml',
] as const;
export const CORPUS_FILES = ['mt2101_premanifest_placeholder_values_hhy666.xml', 'mt3101_arrival_report_mftmessage_wrapped_no_ns_pengshengfish.xml'] as const;

export const fixturePath = (name: string): string => join(FIXTURES, name);
export const corpusPath = (name: string): string => join(CORPUS, name);
export const readFixture = (name: string): Buffer => readFileSync(fixturePath(name));

const corrected = new Map<string, { path: string; cleanup: () => void }>();
afterAll(() => {
  for (const c of corrected.values()) c.cleanup();
  corrected.clear();
});

/**
 * Validates a written message against the XSD of its type and FunctionCode: the gateway's own XSD
 * for MT5101/MT5102/MT9999, the customs reference XSD otherwise, in the copy whose SealID and
 * ValueAmount take text (customs practice; see test/syntax/xml/xsd.ts).
 */
export function validateAgainstXsd(xml: Buffer | string): XsdResult & { xsd: string } {
  const { message } = parseCustomsXml(xml, { allowGb18030: true });
  if (!message) throw new Error('not a customs message');
  const variant = variantFor(messageSchema(message.type), message.head.FunctionCode);
  if (!variant) throw new Error(`no variant for FunctionCode ${message.head.FunctionCode}`);
  let path: string;
  if (variant.origin === 'gateway') {
    path = join(OWN_XSD_DIR, variant.xsd);
  } else {
    let c = corrected.get(variant.xsd);
    if (!c) {
      c = referenceXsdWithTextContent(variant.xsd);
      corrected.set(variant.xsd, c);
    }
    path = c.path;
  }
  return { ...validateWithXsd(xml, path), xsd: variant.xsd };
}

/** Decimal numbers compare by value: a mapped weight 24650.000 is written back as 24650. */
const normalise = (v: string): string => (/^-?\d+\.\d+$/.test(v) ? String(Number(v)) : v);

/** Every value of a Declaration by path (`Consignment[1]/Consignee/Name`, `…/SealID[1]/@AgencyCode`). */
export function leaves(content: XmlContent, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (c: XmlContent, path: string): void => {
    if (Array.isArray(c)) {
      c.forEach((item, i) => { walk(item, `${path}[${i + 1}]`); });
      return;
    }
    if (typeof c === 'string') {
      if (c !== '') out.set(path, normalise(c));
      return;
    }
    for (const [k, v] of Object.entries(c)) {
      if (k === '#text') {
        if (typeof v === 'string' && v !== '') out.set(path, normalise(v));
      } else {
        walk(v, path === '' ? k : `${path}/${k}`);
      }
    }
  };
  walk(content, prefix);
  return out;
}

/** Paths (below Declaration) of the values the read findings say no document carries. */
export function reportedUncovered(issues: readonly Issue[], message: CustomsMessage): string[] {
  const base = `${message.wrapper?.dataForm === 'elements' ? '/MFTMessage/MFTData/Manifest' : '/Manifest'}/Declaration/`;
  return issues
    .filter((i) => i.code === 'GW_ERR_MAPPING_UNMAPPED_ELEMENT' || i.code === 'GW_ERR_MAPPING_UNMAPPED_SEGMENT')
    .map((i) => i.location?.path ?? '')
    .filter((p) => p.startsWith(base))
    .map((p) => p.slice(base.length));
}

export function errorsOf(issues: readonly Issue[]): Issue[] {
  return issues.filter((i) => i.severity === 'error');
}

/** Replaces `anchor` once in `text`, failing loudly when a fixture no longer has it. */
function insertAt(text: string, anchor: string, replacement: string): string {
  if (text.split(anchor).length !== 2) throw new Error(`fixture anchor not found once: ${anchor}`);
  return text.replace(anchor, replacement);
}

export const MT5102_DAMAGED = 'mt5102-ningbo-tally.xml with damage';

/**
 * The MT5102 fixture as a loading tally with damaged cargo: the first bill gets an over-shipped
 * DiscrepancyCode and a Damage (type code, damaged packages, description), its container the packages
 * tallied in it and a Damage with its damaged packages. The fixture itself reports a clean loading,
 * so without this MT5102 would never carry the elements the MT5101 fixture has.
 */
export function mt5102WithDamage(): Buffer {
  let xml = readFixture('mt5102-ningbo-tally.xml').toString('utf8');
  xml = insertAt(xml, '<TotalGrossMassMeasure>9712.500</TotalGrossMassMeasure>', [
    '<TotalGrossMassMeasure>9712.500</TotalGrossMassMeasure>',
    '<DiscrepancyCode>O</DiscrepancyCode>',
    '<Damage><TypeCode>WT</TypeCode><QuantityQuantity>4</QuantityQuantity><Description>纸箱水湿 4 cartons wet</Description></Damage>',
  ].join(''));
  xml = insertAt(xml, '<SealID AgencyCode="SH">NB3301287</SealID>', [
    '<SealID AgencyCode="SH">NB3301287</SealID>',
    '<ConsignmentPackaging><QuantityQuantity>860</QuantityQuantity><TypeCode>CT</TypeCode></ConsignmentPackaging>',
    '<Damage><TypeCode>WT</TypeCode><QuantityQuantity>4</QuantityQuantity></Damage>',
  ].join(''));
  return Buffer.from(insertAt(xml, '<Content>装船完毕，无残损</Content>', '<Content>装船完毕，4 箱水湿</Content>'), 'utf8');
}
