/**
 * Seeded mutation fuzzing of the whole pipeline, in this thread with a real SQLite store: every
 * EDIFACT and customs XML fixture (ours and the shared corpus of real messages) and every canonical
 * JSON example is mutated a little (a value replaced by an odd token, a segment or element dropped,
 * doubled, moved or taken from another fixture, a qualifier or the message type changed), sent by a
 * partner that may send it, and processed: detect, parse, validate with the port profiles and
 * business rules, acknowledge, map, index references, route with the demo routes and render every
 * delivery (EDIFACT, customs XML, JSON). Each interchange is then sent again, as a duplicate.
 *
 * Bad input must never crash the gateway nor vanish: ingest answers, processMessage resolves, the
 * message ends processed, rejected or unrouted (never failed, which is how an internal exception
 * shows), every finding carries a catalogued GW_ERR_ code, and no rendering throws anything but a
 * GatewayError. The seeds are fixed, so a failure names its case and repeats; fast-check shrinks it
 * to the fewest and smallest mutations that still fail.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, parseConfig } from '../../src/config/index.js';
import { ErrorCodes } from '../../src/errors/codes.js';
import { isGatewayError } from '../../src/errors/gateway-error.js';
import type { Issue } from '../../src/errors/issue.js';
import { createLogger } from '../../src/observability/logger.js';
import type { DocumentCodecs } from '../../src/pipeline/codecs.js';
import { ingest, type IngestDeps } from '../../src/pipeline/ingest.js';
import { mappingCodecs } from '../../src/pipeline/mapping-codecs.js';
import { processMessage } from '../../src/pipeline/process.js';
import type { PipelineDeps } from '../../src/pipeline/types.js';
import { EdifactValidation } from '../../src/pipeline/validate.js';
import { PartnerDirectory, Router } from '../../src/routing/index.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { adminViewer } from '../../src/store/types.js';
import { corpusDir, hasCorpus, repoRoot } from '../helpers/corpus.js';
import { contrl } from '../service/messages.js';

/**
 * Cases per seed file (about 50 files) and the seed; FUZZ_RUNS and FUZZ_SEED change them for a
 * longer search by hand.
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261128);

// The demo community, with identities the demo leaves out so that every fixture has a partner that
// may send it: the terminal's customs ids (it reports arrivals and tallies to customs) and customs'
// EDIFACT id (it answers CUSCAR with CUSRES). The line and the terminal take UTF-8 EDIFACT (UNOW),
// so the fixtures' Chinese names do not keep their CODECO, COARRI and COREOR from being written;
// the other partners keep the demo's syntax levels. The routes are the demo's.
interface RawPartner { id: string; customsIds?: string[]; edifactIds?: { id: string; qualifier?: string }[]; edifact?: Record<string, unknown> }
const raw = JSON.parse(readFileSync(DEMO_CONFIG_PATH, 'utf8')) as { $schema?: string; partners: RawPartner[] };
delete raw.$schema;
const partnerRaw = (id: string): RawPartner => raw.partners.find((p) => p.id === id)!;
partnerRaw('nbct').customsIds = ['3104NBCT3', '3104NBTALLY'];
partnerRaw('nbct').edifact = { syntaxIdentifier: 'UNOW', syntaxVersion: 4 };
partnerRaw('cosco').edifact = { syntaxIdentifier: 'UNOW', syntaxVersion: 4, una: true };
partnerRaw('ningbo-customs').edifactIds = [{ id: 'NBCUSTOMS', qualifier: 'ZZZ' }];
const config = parseConfig(JSON.stringify(raw), { source: join(repoRoot, 'config', 'fuzz.json'), env: {} });
const directory = PartnerDirectory.fromConfig(config);

// ---------------------------------------------------------------------------------------------
// Tokens a partner might put where a value belongs.

const PROTO_NAMES = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'];
const NUMBERS = ['1e999', '-1e999', '1e-999', '-0', '0', '00000000', '-1', '0.5', '1,5', '.5', '5.', 'NaN', 'Infinity', '0x1F', '9007199254740993', '9'.repeat(40), '20250230', '202513312461', '99999999', '2400'];
const NON_ASCII = ['宁波海关', 'Ëñß', '\u00a0', '\u{1F6A2}', '\uFFFD', '\u0000', '\u200b', 'Ａ１', 'ÿ'];
const CODES = ['1', '2', '3', '5', '9', '10', '11', '20', '22', '34', '36', '44', '46', '85', '102', '137', '160', '172', '203', '204', '205', 'AAE', 'BM', 'BN', 'CA', 'CF', 'CN', 'CZ', 'FW', 'MS', 'ZZZ', 'KGM', 'TNE', '22G1', '45G1', 'CNNGB', 'NBCT'];

const token: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.constantFrom(...PROTO_NAMES),
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(...CODES),
  fc.stringMatching(/^[0-9]{1,18}$/),
  fc.stringMatching(/^[A-Za-z]{1,12}$/),
  fc.integer({ min: 36, max: 3000 }).map((n) => 'X'.repeat(n)),
  fc.string({ unit: fc.constantFrom(...`:+'?*.,-/ <>&"\r\n\t`.split('')), minLength: 1, maxLength: 8 }),
  fc.constantFrom(...NON_ASCII),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

/** Picks index `n` of a list of `length`, or undefined for an empty list. */
const pick = (n: number, length: number): number | undefined => (length === 0 ? undefined : n % length);

// ---------------------------------------------------------------------------------------------
// EDIFACT: segments of elements of components, kept as escaped text so the rest stays byte for byte.

interface Edifact {
  /** The UNA header as it was, or ''. */
  readonly una: string;
  readonly component: string;
  readonly element: string;
  /** '' when the syntax has none. */
  readonly release: string;
  readonly terminator: string;
  /** What followed each terminator (line breaks), taken from the first. */
  readonly gap: string;
  readonly segments: string[][][];
}

/** The text is the payload's bytes as latin1, so writing it back gives the same bytes. */
function readEdi(text: string): Edifact {
  const una = text.startsWith('UNA') ? text.slice(0, 9) : '';
  const component = una !== '' ? una[3] : ':';
  const element = una !== '' ? una[4] : '+';
  const release = una !== '' ? (una[6] === ' ' ? '' : una[6]) : '?';
  // A file without UNA and without apostrophes ends its segments with line feeds.
  const terminator = una !== '' ? una[8] : text.includes("'") ? "'" : '\n';
  const body = text.slice(una.length).replace(/^[\r\n]+/, '');
  const segments: string[][][] = [];
  let seg: string[][] = [];
  let el: string[] = [];
  let cur = '';
  let gap: string | undefined;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (release !== '' && c === release && i + 1 < body.length) {
      cur += c + body[i + 1];
      i++;
    } else if (c === terminator) {
      el.push(cur); seg.push(el); segments.push(seg);
      seg = []; el = []; cur = '';
      let j = i + 1;
      while (j < body.length && (body[j] === '\r' || body[j] === '\n') && body[j] !== terminator) j++;
      gap ??= body.slice(i + 1, j);
      i = j - 1;
    } else if (c === element) {
      el.push(cur); seg.push(el); el = []; cur = '';
    } else if (c === component) {
      el.push(cur); cur = '';
    } else {
      cur += c;
    }
  }
  if (cur !== '' || el.length > 0 || seg.length > 0) { el.push(cur); seg.push(el); segments.push(seg); }
  return { una, component, element, release, terminator, gap: gap ?? '', segments };
}

function writeEdi(e: Edifact): string {
  return e.una + (e.una !== '' && e.gap !== '' ? e.gap : '') + e.segments.map((s) => s.map((el) => el.join(e.component)).join(e.element) + e.terminator).join(e.gap);
}

/** A token as escaped EDIFACT text; characters beyond latin1 as their UTF-8 bytes. */
function ediValue(e: Edifact, value: string): string {
  const bytes = Buffer.from(value, 'utf8').toString('latin1');
  if (e.release === '') return bytes;
  const special = new Set([e.component, e.element, e.release, e.terminator, e.una !== '' ? e.una[7] : '*']);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += special.has(bytes[i]) ? e.release + bytes[i] : bytes[i];
  return out;
}

const tagOf = (s: string[][]): string => s[0]?.[0] ?? '';
const cloneEdi = (e: Edifact): Edifact => ({ ...e, segments: e.segments.map((s) => s.map((el) => [...el])) });

const MESSAGE_TYPES = ['CODECO', 'COARRI', 'COPRAR', 'COREOR', 'CUSCAR', 'CUSRES', 'IFTMCS', 'IFTMIN', 'BAPLIE', 'IFTSTA', 'CONTRL', 'APERAK', 'ORDERS'];
const RELEASES = ['95B', '00B', '96A', '99B', '01B', '04B', '3', '2'];
const TAGS = ['UNH', 'UNT', 'UNB', 'UNZ', 'UNG', 'UNE', 'BGM', 'DTM', 'NAD', 'EQD', 'RFF', 'LOC', 'TDT', 'MEA', 'SEL', 'FTX', 'CNT', 'GID', 'EQN', 'TMD', 'CTA', 'DGS', 'GDS', 'DIM', 'TSR', 'MOA', 'CPI', 'ZZZ'];

type EdiMutation =
  | { readonly kind: 'value'; readonly seg: number; readonly el: number; readonly comp: number; readonly value: string }
  | { readonly kind: 'qualifier'; readonly seg: number; readonly el: number; readonly value: string }
  | { readonly kind: 'delete' | 'duplicate'; readonly seg: number }
  | { readonly kind: 'swap'; readonly seg: number; readonly other: number }
  | { readonly kind: 'tag'; readonly seg: number; readonly tag: string }
  | { readonly kind: 'truncate'; readonly seg: number; readonly el: number }
  /** A segment of another fixture (an EQD group in a COREOR, a UNH in the middle), `times` times. */
  | { readonly kind: 'insert'; readonly seg: number; readonly from: number; readonly times: number }
  | { readonly kind: 'unh'; readonly type: string; readonly version: string; readonly release: string };

const ediMutation: fc.Arbitrary<EdiMutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('value' as const), seg: fc.nat(), el: fc.nat(), comp: fc.nat(), value: token }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('qualifier' as const), seg: fc.nat(), el: fc.nat({ max: 3 }), value: fc.oneof(fc.constantFrom(...CODES), fc.stringMatching(/^[0-9A-Z]{1,3}$/), fc.constantFrom(...PROTO_NAMES)) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), seg: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap' as const), seg: fc.nat(), other: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tag' as const), seg: fc.nat(), tag: fc.oneof(fc.constantFrom(...TAGS), fc.constantFrom(...PROTO_NAMES)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), seg: fc.nat(), el: fc.nat({ max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), seg: fc.nat(), from: fc.nat(), times: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, fc.integer({ min: 2, max: 120 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unh' as const), type: fc.oneof(fc.constantFrom(...MESSAGE_TYPES), token), version: fc.constantFrom('D', 'S', '', '1', 'toString'), release: fc.oneof(fc.constantFrom(...RELEASES), token) }) },
);

function mutateEdi(e: Edifact, m: EdiMutation): void {
  const segs = e.segments;
  if (m.kind === 'unh') {
    for (const s of segs) if (tagOf(s) === 'UNH') s[2] = [ediValue(e, m.type), ediValue(e, m.version), ediValue(e, m.release), ...(s[2]?.slice(3) ?? ['UN'])];
    return;
  }
  const i = pick(m.seg, segs.length);
  if (i === undefined) return;
  const s = segs[i];
  switch (m.kind) {
    case 'value': {
      const el = 1 + (m.el % Math.max(1, s.length));
      const comps = s[el] ?? (s[el] = ['']);
      comps[m.comp % (comps.length + 1)] = ediValue(e, m.value);
      for (let k = 0; k < el; k++) s[k] ??= [''];
      break;
    }
    case 'qualifier':
      if (s.length > 1) s[1 + (m.el % (s.length - 1))][0] = ediValue(e, m.value);
      break;
    case 'delete':
      segs.splice(i, 1);
      break;
    case 'duplicate':
      segs.splice(i, 0, s.map((el) => [...el]));
      break;
    case 'swap': {
      const j = m.other % segs.length;
      [segs[i], segs[j]] = [segs[j], segs[i]];
      break;
    }
    case 'tag':
      s[0] = [m.tag];
      break;
    case 'truncate':
      s.length = Math.min(s.length, 1 + m.el);
      break;
    case 'insert': {
      const other = SEGMENT_POOL[m.from % SEGMENT_POOL.length];
      for (let k = 0; k < m.times; k++) segs.splice(i, 0, other.map((el) => [...el]));
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Customs XML: elements found by their tags; text and attribute values replaced, elements dropped
// or doubled, the rest of the document kept as it was.

interface XmlSpan {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** Text content of an element without child elements. */
  readonly text?: { readonly start: number; readonly end: number };
}

function xmlSpans(xml: string): { elements: XmlSpan[]; attributes: { start: number; end: number }[] } {
  const elements: XmlSpan[] = [];
  const attributes: { start: number; end: number }[] = [];
  const stack: { name: string; start: number; contentStart: number; hasChild: boolean }[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)([^<>]*?)(\/?)>/g;
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    const [whole, closing, name, attrs, selfClosing] = m;
    const end = m.index + whole.length;
    if (closing === '') {
      const attr = /[\w:.-]+\s*=\s*"([^"]*)"/g;
      for (let a = attr.exec(attrs); a !== null; a = attr.exec(attrs)) {
        const valueStart = m.index + 1 + name.length + a.index + a[0].length - a[1].length - 1;
        attributes.push({ start: valueStart, end: valueStart + a[1].length });
      }
      if (stack.length > 0) stack[stack.length - 1].hasChild = true;
      if (selfClosing === '/') elements.push({ name, start: m.index, end });
      else stack.push({ name, start: m.index, contentStart: end, hasChild: false });
    } else {
      const open = stack.pop();
      if (open === undefined || open.name !== name) return { elements, attributes };
      elements.push({ name, start: open.start, end, ...(open.hasChild ? {} : { text: { start: open.contentStart, end: m.index } }) });
    }
  }
  return { elements, attributes };
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

type XmlMutation =
  | { readonly kind: 'text' | 'attribute'; readonly at: number; readonly value: string; readonly raw: boolean }
  | { readonly kind: 'drop' | 'duplicate'; readonly at: number };

const MT_TYPES = ['MT1101', 'MT2101', 'MT3101', 'MT4101', 'MT5101', 'MT5102', 'MT9999', 'MT0000'];
/** Markup where text belongs: references the gateway must decode or refuse, and declarations it refuses. */
const XML_MARKUP = ['&#0;', '&#x110000;', '&#xD800;', '&#65;&#x42;', '&amp', '&nbsp;', '&unknown;', '<![CDATA[<x>&amp;]]>', ']]>', '<!-- c -->', '<?pi x?>', '<!DOCTYPE x [<!ENTITY a "b">]>', '<Extra/>', '<x>'];
const xmlMutation: fc.Arbitrary<XmlMutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('text' as const), at: fc.nat(), value: fc.oneof({ weight: 5, arbitrary: token }, fc.constantFrom(...MT_TYPES)), raw: fc.constant(false) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('text' as const), at: fc.nat(), value: fc.oneof(token, fc.constantFrom(...XML_MARKUP)), raw: fc.constant(true) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('attribute' as const), at: fc.nat(), value: token, raw: fc.constant(false) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('drop' as const, 'duplicate' as const), at: fc.nat() }) },
);

function mutateXml(xml: string, m: XmlMutation): string {
  const { elements, attributes } = xmlSpans(xml);
  switch (m.kind) {
    case 'text': {
      const leaves = elements.filter((e) => e.text !== undefined);
      const k = pick(m.at, leaves.length);
      if (k === undefined) return xml;
      const t = leaves[k].text!;
      // Now and then unescaped, so a stray < or & breaks the document.
      return xml.slice(0, t.start) + (m.raw ? m.value : xmlEscape(m.value)) + xml.slice(t.end);
    }
    case 'attribute': {
      const k = pick(m.at, attributes.length);
      if (k === undefined) return xml;
      const a = attributes[k];
      return xml.slice(0, a.start) + xmlEscape(m.value) + xml.slice(a.end);
    }
    case 'drop':
    case 'duplicate': {
      // Never the root: a document without one is only a parse error.
      const root = Math.min(...elements.map((e) => e.start));
      const inner = elements.filter((e) => e.start !== root);
      const k = pick(m.at, inner.length);
      if (k === undefined) return xml;
      const e = inner[k];
      return m.kind === 'drop' ? xml.slice(0, e.start) + xml.slice(e.end) : xml.slice(0, e.end) + xml.slice(e.start, e.end) + xml.slice(e.end);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Canonical JSON: values replaced with values of any type at any path, members and list items
// dropped or doubled. Numbers JSON.stringify cannot write (1e999, -0) go in as raw text.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const RAW = '\u0001raw:';

const jsonValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: token },
  { weight: 1, arbitrary: fc.constantFrom(...NUMBERS).map((n) => `${RAW}${n}`) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
  { weight: 1, arbitrary: fc.constantFrom<Json>({}, [], [''], [null], [{}]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PROTO_NAMES), token).map(([k, v]) => ownObject([[k, v]])) },
);

/** An object with these own members, `__proto__` included as a plain member (as JSON.parse makes it). */
function ownObject(entries: [string, Json][]): { [key: string]: Json } {
  const o: { [key: string]: Json } = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

type JsonMutation =
  | { readonly kind: 'set'; readonly at: number; readonly value: Json }
  | { readonly kind: 'drop' | 'duplicate'; readonly at: number }
  | { readonly kind: 'add'; readonly at: number; readonly key: string; readonly value: Json };

const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: jsonValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('drop' as const, 'duplicate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom(...PROTO_NAMES), fc.stringMatching(/^[a-z]{1,8}$/)), value: jsonValue }) },
);

/** Every container and member in the document, as (parent, key) pairs; the root has no parent. */
function jsonSlots(root: Json): { parent: Json[] | { [key: string]: Json }; key: string | number }[] {
  const out: { parent: Json[] | { [key: string]: Json }; key: string | number }[] = [];
  const walk = (v: Json): void => {
    if (Array.isArray(v)) v.forEach((c, i) => { out.push({ parent: v, key: i }); walk(c); });
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) { out.push({ parent: v, key: k }); walk(v[k]); }
  };
  walk(root);
  return out;
}

function mutateJson(doc: Json, m: JsonMutation): void {
  const slots = jsonSlots(doc);
  const k = pick(m.at, slots.length);
  if (k === undefined) return;
  const { parent, key } = slots[k];
  // A copy: fast-check hands the same generated value to every retry while it shrinks.
  const value = 'value' in m ? structuredClone(m.value) : null;
  if (m.kind === 'set') {
    if (Array.isArray(parent)) parent[key as number] = value;
    else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  } else if (m.kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else Reflect.deleteProperty(parent, key);
  } else if (m.kind === 'duplicate') {
    if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]));
  } else if (m.kind === 'add') {
    const target = Array.isArray(parent) ? parent[key as number] : parent[key];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, m.key, { value, enumerable: true, writable: true, configurable: true });
  }
}

function writeJson(doc: Json): string {
  const text = JSON.stringify(doc);
  return text.replace(/"\\u0001raw:([^"]*)"/g, '$1');
}

// ---------------------------------------------------------------------------------------------
// Seeds and who sends them.

interface Seed {
  readonly name: string;
  readonly kind: 'edifact' | 'xml' | 'json';
  readonly partner: string;
  readonly text: string;
}

const EDI_SENDER: Record<string, string> = {
  CODECO: 'nbct', COARRI: 'nbct', COPRAR: 'cosco', COREOR: 'cosco', IFTMCS: 'cosco', BAPLIE: 'cosco',
  CUSCAR: 'penavico', CUSRES: 'ningbo-customs', IFTMIN: 'sinotrans',
};
const XML_SENDER: Record<string, string> = { MT1101: 'penavico', MT2101: 'penavico', MT3101: 'nbct', MT4101: 'nbct', MT5101: 'nbct', MT5102: 'nbct', MT9999: 'ningbo-customs' };
const JSON_SENDER: Record<string, string> = {
  EquipmentInterchangeReceipt: 'nbct', TallyReport: 'nbct', Manifest: 'penavico', DeliveryOrder: 'cosco', CustomsNotice: 'ningbo-customs',
  ContainerList: 'cosco', BillOfLading: 'cosco', Acknowledgement: 'cosco',
};

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).filter((f) => ext.test(f)).sort().map((f) => join(dir, f));
}

function seeds(): Seed[] {
  const out: Seed[] = [];
  const ediFiles = [...files(join(repoRoot, 'fixtures', 'edifact'), /\.edi$/), ...(hasCorpus ? readdirSync(corpusDir).filter((d) => d.startsWith('edifact')).sort().flatMap((d) => files(join(corpusDir, d), /\.edi$/)) : [])];
  for (const f of ediFiles) {
    const text = readFileSync(f).toString('latin1');
    const type = /UNH\+[^+]*\+([A-Z]{6})/.exec(text)?.[1] ?? '';
    // The gate-out in GB18030 is the freight station's (its partner character set).
    const partner = /gb18030/.test(f) ? 'cfs' : EDI_SENDER[type] ?? 'msc';
    out.push({ name: basename(f), kind: 'edifact', partner, text });
  }
  const xmlFiles = [...files(join(repoRoot, 'fixtures', 'xml'), /\.xml$/), ...(hasCorpus ? files(join(corpusDir, 'china-xml'), /\.xml$/) : [])];
  for (const f of xmlFiles) {
    const text = readFileSync(f, 'utf8');
    const type = /<MessageType>([^<]*)</.exec(text)?.[1] ?? '';
    out.push({ name: basename(f), kind: 'xml', partner: XML_SENDER[type] ?? 'penavico', text });
  }
  // A line's CONTRL for an interchange the gateway sent: matched, never answered.
  out.push({ name: 'contrl (test/service/messages.ts)', kind: 'edifact', partner: 'cosco', text: contrl({ controlRef: '1', acknowledged: '1', sender: 'COSCO', action: '4' }) });
  const examples = join(repoRoot, 'schemas', 'documents', 'examples');
  for (const f of files(examples, /\.example\.json$/)) {
    const text = readFileSync(f, 'utf8');
    const type = (JSON.parse(text) as { documentType: string }).documentType;
    out.push({ name: basename(f), kind: 'json', partner: JSON_SENDER[type] ?? 'cosco', text });
  }
  return out;
}

let ref = 0;
/** A fresh control reference, so no case is taken for a duplicate of another. */
const nextRef = (): string => `FZ${String(++ref).padStart(8, '0')}`;

function edifactCase(seed: Seed, mutations: readonly EdiMutation[]): Buffer {
  const e = cloneEdi(readEdi(seed.text));
  const partner = directory.get(seed.partner)!;
  const sender = partner.edifactIds[0];
  const controlRef = nextRef();
  // The UNB names the partner as sender (else it is refused at the door) and the hub as recipient,
  // except a bill of lading, which goes to the forwarder it is addressed to.
  const recipient = /IFTMCS/.test(seed.text) ? ['SINOTRANSNB', 'ZZZ'] : ['EDIGWNGB', 'ZZZ'];
  for (const s of e.segments) {
    if (tagOf(s) === 'UNB' && s.length > 5) { s[2] = [sender.id, sender.qualifier ?? 'ZZZ']; s[3] = recipient; s[5] = [controlRef]; }
    if (tagOf(s) === 'UNZ' && s.length > 2) s[2] = [controlRef];
  }
  for (const m of mutations) mutateEdi(e, m);
  return Buffer.from(writeEdi(e), 'latin1');
}

function xmlCase(seed: Seed, mutations: readonly XmlMutation[]): Buffer {
  const customsId = directory.get(seed.partner)!.customsIds[0];
  let xml = seed.text.replace(/<SenderID>[^<]*<\/SenderID>/, `<SenderID>${customsId}</SenderID>`).replace(/<MessageID>[^<]*<\/MessageID>/, `<MessageID>${nextRef()}</MessageID>`);
  for (const m of mutations) xml = mutateXml(xml, m);
  return Buffer.from(xml, 'utf8');
}

function jsonCase(seed: Seed, mutations: readonly JsonMutation[], asList: boolean): Buffer {
  const doc = JSON.parse(seed.text) as Json;
  for (const m of mutations) mutateJson(doc, m);
  return Buffer.from(writeJson(asList ? [doc, JSON.parse(seed.text) as Json] : doc), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// The pipeline.

let dir: string;
let store: Store;
let deps: PipelineDeps;
let ingestDeps: IngestDeps;
/** Exceptions other than GatewayErrors thrown while rendering (the router keeps those deliveries unrendered). */
const renderCrashes: string[] = [];
const tally = { cases: 0, statuses: new Map<string, number>(), rendered: new Map<string, number>() };

/** The mapping codecs, noting any writing that throws something other than a GatewayError. */
function watchedCodecs(codecs: DocumentCodecs): DocumentCodecs {
  const watch = <R>(name: string, write: () => R): R => {
    try {
      return write();
    } catch (err) {
      if (!isGatewayError(err)) renderCrashes.push(`${name}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      throw err;
    }
  };
  return {
    ...codecs,
    toEdifact: (...args) => watch('toEdifact', () => codecs.toEdifact(...args)),
    toCustomsXml: (...args) => watch('toCustomsXml', () => codecs.toCustomsXml(...args)),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edigw-fuzz-'));
  const logger = createLogger({ level: 'silent' });
  store = await openStore({ dataDir: dir, logger });
  deps = { config, directory, router: Router.fromConfig(config, directory), store, logger, codecs: watchedCodecs(mappingCodecs()), validation: new EdifactValidation(config.partners) };
  ingestDeps = { store, directory, logger, enqueue: () => {}, dispatch: () => {} };
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const FINAL = ['processed', 'rejected', 'unrouted'];
const badCodes = (findings: readonly Issue[]): string[] => findings.map((f) => f.code).filter((c) => !/^GW_ERR_[A-Z0-9_]+$/.test(c) || !Object.hasOwn(ErrorCodes, c));

/** Sends one message through the door and the pipeline; returns what went wrong, or '' when nothing did. */
async function runCase(seed: Seed, payload: Buffer, resent = false): Promise<string> {
  if (!resent) tally.cases++;
  const contentType = seed.kind === 'edifact' ? 'application/EDIFACT' : seed.kind === 'xml' ? 'application/xml' : 'application/json';
  const answer = await ingest(ingestDeps, { partner: directory.get(seed.partner)!, channel: 'http', contentType, payload });
  if (answer.kind === 'refused' || answer.kind === 'duplicate') {
    if (!resent) count(tally.statuses, answer.kind);
    const bad = badCodes(answer.body.findings ?? []);
    return bad.length > 0 ? `ingest ${answer.kind} with findings ${bad.join(', ')}` : '';
  }
  if (answer.kind !== 'accepted') return `ingest answered ${answer.kind}`;
  let result;
  try {
    result = await processMessage(deps, answer.messageId);
  } catch (err) {
    return `processMessage threw: ${err instanceof Error ? err.stack ?? err.message : String(err)}`;
  }
  if (result === null) return 'processMessage found nothing to do for a new message';
  if (!resent) count(tally.statuses, result.status);
  const stored = await store.getMessage(answer.messageId, adminViewer);
  const problems: string[] = [];
  if (!FINAL.includes(result.status)) problems.push(`status ${result.status}: ${JSON.stringify(stored?.findings.filter((f) => f.severity === 'error'))}`);
  const bad = badCodes(stored?.findings ?? []);
  if (bad.length > 0) problems.push(`findings without a catalogued code: ${bad.join(', ')}`);
  for (const d of result.deliveries) if (d.rendered) count(tally.rendered, d.format.split(':')[0]);
  if (renderCrashes.length > 0) problems.push(...renderCrashes.splice(0));
  // The same interchange again: a duplicate, answered at the door (with a CONTRL for EDIFACT).
  if (problems.length === 0 && !resent && seed.kind !== 'json') return runCase(seed, payload, true);
  return problems.join('\n');
}

function count(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

/** Fails with the seed, the mutations and the payload, so the case can be read and replayed. */
async function check(seed: Seed, payload: Buffer, mutations: unknown): Promise<void> {
  const problem = await runCase(seed, payload);
  if (problem !== '') {
    throw new Error(`${seed.name} from ${seed.partner} with ${JSON.stringify(mutations)}:\n${problem}\n--- payload ---\n${payload.toString(seed.kind === 'edifact' ? 'latin1' : 'utf8').slice(0, 4000)}`);
  }
}

const all = seeds();
/** Partners that may send each format: EDIFACT needs an EDIFACT id for the UNB, customs XML a customs id. */
const SENDERS: Record<Seed['kind'], string[]> = {
  edifact: config.partners.filter((p) => p.edifactIds.length > 0).map((p) => p.id),
  xml: config.partners.filter((p) => p.customsIds.length > 0).map((p) => p.id),
  json: config.partners.map((p) => p.id),
};
/** Every segment of every EDIFACT seed, for the insert mutation. */
const SEGMENT_POOL: readonly (readonly string[][])[] = all.filter((s) => s.kind === 'edifact').flatMap((s) => readEdi(s.text).segments);

describe('the pipeline on mutated messages', () => {
  it('has seeds of every kind', () => {
    expect(all.filter((s) => s.kind === 'edifact').length).toBeGreaterThanOrEqual(14);
    expect(all.filter((s) => s.kind === 'xml').length).toBeGreaterThanOrEqual(11);
    expect(all.filter((s) => s.kind === 'json').length).toBeGreaterThanOrEqual(10);
  });

  it('processes every seed unmutated without a crash', async () => {
    for (const seed of all) {
      const payload = seed.kind === 'edifact' ? edifactCase(seed, []) : seed.kind === 'xml' ? xmlCase(seed, []) : jsonCase(seed, [], false);
      await check(seed, payload, []);
    }
  });

  all.forEach((seed, i) => {
    it(`${seed.kind} ${seed.name}`, async () => {
      // Mostly the partner that sends such a message; now and then another that may send the format.
      const sender = fc.oneof({ weight: 4, arbitrary: fc.constant(seed.partner) }, fc.constantFrom(...SENDERS[seed.kind]));
      const arb = seed.kind === 'edifact'
        ? fc.tuple(fc.array(ediMutation, { minLength: 1, maxLength: 4 }), sender).map(([ms, partner]) => ({ ms, sent: { ...seed, partner }, payload: () => edifactCase({ ...seed, partner }, ms) }))
        : seed.kind === 'xml'
          ? fc.tuple(fc.array(xmlMutation, { minLength: 1, maxLength: 4 }), sender).map(([ms, partner]) => ({ ms, sent: { ...seed, partner }, payload: () => xmlCase({ ...seed, partner }, ms) }))
          : fc.tuple(fc.array(jsonMutation, { minLength: 1, maxLength: 4 }), fc.boolean(), sender).map(([ms, asList, partner]) => ({ ms, sent: { ...seed, partner }, payload: () => jsonCase(seed, ms, asList) }));
      // One seed per file, so a failure repeats alone; fast-check then shrinks the mutations.
      await fc.assert(fc.asyncProperty(arb, async ({ ms, sent, payload }) => { await check(sent, payload(), ms); }), { seed: SEED + i, numRuns: RUNS });
    });
  });

  // Reads what the cases above counted, so it runs last and with them.
  it('got deep: messages processed, deliveries rendered in every kind of format', () => {
    expect(tally.statuses.get('processed') ?? 0).toBeGreaterThan(tally.cases / 10);
    expect([...tally.rendered.keys()]).toEqual(expect.arrayContaining([
      'CODECO', 'COARRI', 'COPRAR', 'COREOR', 'CUSRES', 'CONTRL', 'APERAK', 'MT1101', 'MT2101', 'MT3101', 'MT4101', 'MT5101', 'MT5102', 'json',
    ]));
  });
});
