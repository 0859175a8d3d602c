/**
 * XML → canonical → XML for every fixture and both corpus files: the documents are valid, each
 * written message validates against its XSD (xmllint), carries only values of the original, and
 * every value of the original is either written back or reported as not carried; reading the
 * written message gives the same document again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../../src/catalogue/documents/index.js';
import { readCustomsXml, writeCustomsXml } from '../../../src/mapping/xml/index.js';
import { parseCustomsXml } from '../../../src/syntax/xml/index.js';
import { CORPUS_FILES, FIXTURE_FILES, corpusPath, errorsOf, fixturePath, leaves, registry, reportedUncovered, validateAgainstXsd } from './helpers.js';

/**
 * Values read but not written back, each said so: a spec may cover a value on purpose without
 * carrying it ("ignore", with its reason); MT5101 reads a bill's Damage into a damaged discrepancy,
 * which has no damage type code, so writing reports the discrepancy as not sent.
 */
const NOT_WRITTEN_BACK: Readonly<Record<string, readonly string[]>> = {
  'mt9999-ningbo-receipt.xml': ['OriginalMessage/FunctionCode'],
  'mt5101-ningbo-tally.xml': ['Consignment[1]/Damage[1]/QuantityQuantity', 'Consignment[1]/Damage[1]/Description'],
};

/** A copy of a document without the fields at these JSON Pointers (what writing said it did not send). */
function without(doc: Record<string, unknown>, pointers: readonly string[]): Record<string, unknown> {
  const copy = structuredClone(doc);
  for (const ptr of [...pointers].sort().reverse()) {
    const steps = ptr.split('/').slice(1);
    const last = steps.pop()!;
    let cur: unknown = copy;
    for (const s of steps) cur = (cur as Record<string, unknown>)[s];
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else Reflect.deleteProperty(cur as Record<string, unknown>, last);
  }
  return copy;
}

const FILES = [...FIXTURE_FILES.map((f) => [f, fixturePath(f)]), ...CORPUS_FILES.map((f) => [f, corpusPath(f)])] as const;

describe('XML → canonical → XML', () => {
  it.each(FILES)('%s', (name, path) => {
    const input = readFileSync(path);
    const read = readCustomsXml(input, registry);
    const original = read.message!;
    expect(errorsOf(read.issues)).toEqual([]);
    expect(read.documents.length).toBeGreaterThan(0);
    const reported = reportedUncovered([...read.issues, ...read.documents.flatMap((d) => d.issues)], original);
    const before = leaves(original.declaration);
    const written = new Set<string>();

    for (const mapped of read.documents) {
      const doc = mapped.document;
      expect(validateDocument(doc).issues).toEqual([]);
      // Values not carried, and the size-type shorthand of the corpus file, are what the reading may say.
      expect(mapped.issues.filter((i) => i.code !== 'GW_ERR_MAPPING_UNMAPPED_ELEMENT' && i.code !== 'GW_ERR_MAPPING_XML_SIZE_TYPE_SHORTHAND')).toEqual([]);

      const out = writeCustomsXml(doc, registry, { message: original.type });
      expect(errorsOf(out.issues)).toEqual([]);
      const notSent = out.issues.filter((i) => i.code === 'GW_ERR_MAPPING_UNMAPPED_FIELD').map((i) => i.location?.path ?? '');
      const xsd = validateAgainstXsd(out.output!);
      expect({ xsd: xsd.xsd, valid: xsd.valid, errors: xsd.errors, other: xsd.other }).toEqual({ xsd: xsd.xsd, valid: true, errors: [], other: [] });

      const back = parseCustomsXml(out.output!).message!;
      expect(back.head).toEqual({ ...original.head });
      for (const [p, v] of leaves(back.declaration)) {
        expect({ path: p, value: before.get(p) }).toEqual({ path: p, value: v });
        written.add(p);
      }
      const again = readCustomsXml(out.output!, registry, { documentType: String(doc.documentType) });
      expect(again.documents.map((d) => d.document)).toEqual([without(doc, notSent)]);
    }

    // Nothing vanishes: a value is written back, or the reading said it is not carried.
    const lost = [...before.keys()].filter((p) => !written.has(p) && !reported.some((r) => p === r || p.startsWith(`${r}/`)));
    expect(lost).toEqual(NOT_WRITTEN_BACK[name] ?? []);
  });
});

describe('what the fixtures carry that the canonical documents cannot', () => {
  it('MT5101: per-container tallied packages, the damage type of a bill and the damaged quantity of a container are reported', () => {
    const read = readCustomsXml(readFileSync(fixturePath('mt5101-ningbo-tally.xml')), registry);
    const paths = reportedUncovered(read.documents[0].issues, read.message!);
    expect(paths.sort()).toEqual([
      'Consignment[1]/Damage[1]/TypeCode',
      'Consignment[1]/TransportEquipment[1]/ConsignmentPackaging/QuantityQuantity',
      'Consignment[1]/TransportEquipment[1]/ConsignmentPackaging/TypeCode',
      'Consignment[1]/TransportEquipment[2]/ConsignmentPackaging/QuantityQuantity',
      'Consignment[1]/TransportEquipment[2]/ConsignmentPackaging/TypeCode',
      'Consignment[1]/TransportEquipment[2]/Damage[1]/QuantityQuantity',
    ]);
    // The bill's damage is a discrepancy of the canonical document; it has no damage code, so it is not written back as Damage.
    const doc = read.documents[0].document;
    const out = writeCustomsXml(doc, registry);
    expect(out.issues.map((i) => [i.code, i.location?.path])).toEqual([['GW_ERR_MAPPING_UNMAPPED_FIELD', '/consignments/0/discrepancies/1']]);
  });
});
