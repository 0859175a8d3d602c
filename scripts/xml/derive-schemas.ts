/**
 * Derives what the customs XML layer needs from XSDs into `schemas/xml/<MT>.json`: per complex type
 * the element sequence (order), occurrences (which elements are required, which repeat and how
 * often), attributes, fixed Head values, length/pattern facets where an XSD has them, and the WCO
 * data element number from the documentation.
 *
 * Inputs:
 *   - ../shared/reference/china-manifest-xsd/*.xsd (China Customs, about 2015; read, never copied)
 *   - schemas/xml/*.xsd (the gateway's own XSDs for MT5101, MT5102 and MT9999)
 *
 * Usage: node --import tsx scripts/xml/derive-schemas.ts [--check]
 * With --check nothing is written; the exit code is 1 when a JSON file is out of date.
 *
 * It understands the XSD subset these files use: named complex types with one xs:sequence,
 * xs:complexContent/xs:extension of a named type, anonymous complex types holding only attributes
 * (empty content), xs:simpleContent/xs:extension (text plus attributes), named simple types that
 * restrict xs:string with maxLength/minLength/pattern/enumeration, minOccurs/maxOccurs and fixed.
 * Anything else stops the script rather than produce a silently wrong schema.
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const referenceDir = resolve(root, '../shared/reference/china-manifest-xsd');
const ownDir = join(root, 'schemas/xml');
const REFERENCE_ORIGIN = 'ht5678/yzh-practice@7b04ed0 src/main/java/xml/xsd/ (China Customs water-transport manifest XSDs, about 2015)';

type Node = Record<string, unknown>;

interface ElementDef {
  name: string;
  min: number;
  /** null: unbounded. 0: the element is not allowed in this variant. */
  max: number | null;
  content: 'complex' | 'empty' | 'simple' | 'any';
  type?: string;
  attributes?: string[];
  fixed?: string;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  enumeration?: string[];
  wco?: string;
  doc?: string;
}

interface SimpleFacets { maxLength?: number; minLength?: number; pattern?: string; enumeration?: string[] }

// preserveOrder keeps xs:sequence children in document order, which is the point of the exercise.
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', commentPropName: '#comment', parseTagValue: false, trimValues: true });

function children(node: Node, tag: string): Node[] {
  const list = node[tag];
  return Array.isArray(list) ? (list as Node[]) : [];
}
function tagOf(node: Node): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}
function attrs(node: Node): Record<string, string> {
  return (node[':@'] as Record<string, string> | undefined) ?? {};
}
function kids(node: Node): Node[] {
  const tag = tagOf(node);
  return tag === undefined ? [] : children(node, tag);
}
function only(node: Node, tag: string): Node[] {
  return kids(node).filter((k) => tagOf(k) === tag);
}
function fail(file: string, what: string): never {
  throw new Error(`${file}: unsupported XSD construct: ${what}`);
}

function documentation(node: Node): string | undefined {
  for (const ann of only(node, 'xs:annotation')) {
    for (const doc of only(ann, 'xs:documentation')) {
      const text = children(doc, 'xs:documentation').map((t) => (typeof t['#text'] === 'string' ? t['#text'] : '')).join('').trim();
      if (text) return text;
    }
  }
  return undefined;
}

function occurs(value: string | undefined, fallback: number): number | null {
  if (value === undefined) return fallback;
  if (value === 'unbounded') return null;
  return Number(value);
}

function readSimpleTypes(schema: Node, file: string): Map<string, SimpleFacets> {
  const types = new Map<string, SimpleFacets>();
  for (const st of only(schema, 'xs:simpleType')) {
    const name = attrs(st).name;
    const restriction = only(st, 'xs:restriction')[0];
    if (!name || !restriction || attrs(restriction).base !== 'xs:string') fail(file, `simpleType ${name ?? '?'}`);
    const facets: SimpleFacets = {};
    for (const f of kids(restriction)) {
      const tag = tagOf(f);
      const value = attrs(f).value;
      if (tag === 'xs:maxLength') facets.maxLength = Number(value);
      else if (tag === 'xs:minLength') facets.minLength = Number(value);
      else if (tag === 'xs:pattern') facets.pattern = value;
      else if (tag === 'xs:enumeration') (facets.enumeration ??= []).push(value ?? '');
      else if (tag !== 'xs:annotation' && tag !== '#comment') fail(file, `facet ${tag ?? '?'}`);
    }
    types.set(name, facets);
  }
  return types;
}

function elementDef(el: Node, file: string, simple: Map<string, SimpleFacets>): ElementDef {
  const a = attrs(el);
  const name = a.name ?? fail(file, 'element without name');
  const def: ElementDef = { name, min: occurs(a.minOccurs, 1) ?? 1, max: occurs(a.maxOccurs, 1), content: 'any' };
  if (a.fixed !== undefined) def.fixed = a.fixed;
  const applyFacets = (typeName: string): void => {
    const facets = simple.get(typeName);
    if (facets) Object.assign(def, facets);
    else if (typeName !== 'xs:string') fail(file, `type ${typeName} of ${name}`);
  };
  const inline = only(el, 'xs:complexType')[0];
  if (a.type !== undefined) {
    if (simple.has(a.type) || a.type === 'xs:string') {
      def.content = 'simple';
      applyFacets(a.type);
    } else {
      def.content = 'complex';
      def.type = a.type;
    }
  } else if (inline) {
    const extension = only(only(inline, 'xs:complexContent')[0] ?? {}, 'xs:extension')[0];
    const simpleContent = only(only(inline, 'xs:simpleContent')[0] ?? {}, 'xs:extension')[0];
    if (extension) {
      if (kids(extension).some((k) => tagOf(k) !== '#comment')) fail(file, `extension with content in ${name}`);
      def.content = 'complex';
      def.type = attrs(extension).base ?? fail(file, `extension without base in ${name}`);
    } else if (simpleContent) {
      def.content = 'simple';
      applyFacets(attrs(simpleContent).base ?? 'xs:string');
      def.attributes = only(simpleContent, 'xs:attribute').map((at) => attrs(at).name ?? fail(file, 'attribute without name'));
    } else {
      const other = kids(inline).filter((k) => !['xs:attribute', 'xs:annotation', '#comment'].includes(tagOf(k) ?? ''));
      if (other.length > 0) fail(file, `anonymous complex type of ${name}`);
      // Attributes only and no content model: XSD empty content, so character data is invalid.
      def.content = 'empty';
      def.attributes = only(inline, 'xs:attribute').map((at) => attrs(at).name ?? fail(file, 'attribute without name'));
    }
  }
  const doc = documentation(el);
  if (doc !== undefined) {
    def.doc = doc;
    const wco = /^(\d{3}) /.exec(doc);
    if (wco) def.wco = wco[1];
  }
  return def;
}

interface Variant { name: string; xsd: string; origin: 'reference' | 'gateway'; root: string; types: Record<string, ElementDef[]> }

function deriveFile(path: string, origin: Variant['origin']): { messageType: string; namespace: string; functionCode: string; title?: string; variant: Variant } {
  const file = basename(path);
  const doc = parser.parse(readFileSync(path, 'utf8')) as Node[];
  const schema = doc.find((n) => tagOf(n) === 'xs:schema') ?? fail(file, 'no xs:schema');
  const namespace = attrs(schema).targetNamespace ?? fail(file, 'no targetNamespace');
  const simple = readSimpleTypes(schema, file);
  const rootEl = only(schema, 'xs:element')[0] ?? fail(file, 'no root element');
  const types: Record<string, ElementDef[]> = {};
  for (const ct of only(schema, 'xs:complexType')) {
    const name = attrs(ct).name ?? fail(file, 'anonymous top-level complexType');
    const seqs = only(ct, 'xs:sequence');
    if (seqs.length !== 1) fail(file, `complexType ${name} without exactly one sequence`);
    types[name] = only(seqs[0], 'xs:element').map((el) => elementDef(el, file, simple));
  }
  const head = types.Head ?? fail(file, 'no Head type');
  const messageType = head.find((e) => e.name === 'MessageType')?.fixed ?? fail(file, 'MessageType not fixed');
  const functionCode = head.find((e) => e.name === 'FunctionCode')?.fixed
    ?? head.find((e) => e.name === 'FunctionCode')?.enumeration?.join('|')
    ?? fail(file, 'FunctionCode neither fixed nor enumerated');
  const keyword = /_(First|Secondly|Edit|Delete)_/.exec(file)?.[1]?.toLowerCase() ?? 'original';
  const rootName = attrs(rootEl).name ?? fail(file, 'root without name');
  const rootType = attrs(rootEl).type ?? fail(file, 'root without type');
  if (rootType !== rootName) fail(file, 'root type name differs from root element name');
  const title = documentation(rootEl);
  return { messageType, namespace, functionCode, ...(title ? { title } : {}), variant: { name: keyword, xsd: file, origin, root: rootName, types } };
}

/** Pretty JSON with one element definition per line, so a diff shows which element changed. */
function format(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${indent}  ${JSON.stringify(v)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const body = entries.map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${format(v, `${indent}  `)}`).join(',\n');
    return `{\n${body}\n${indent}}${indent === '' ? '\n' : ''}`;
  }
  return JSON.stringify(value);
}

function main(): number {
  const check = process.argv.includes('--check');
  const byType = new Map<string, { namespace: string; title?: string; sources: Set<string>; functionCodes: Record<string, string>; variants: Record<string, Variant> }>();
  const inputs = [
    ...readdirSync(referenceDir).filter((f) => f.endsWith('.xsd')).map((f) => ({ path: join(referenceDir, f), origin: 'reference' as const, source: `../shared/reference/china-manifest-xsd/${f}` })),
    ...readdirSync(ownDir).filter((f) => f.endsWith('.xsd')).map((f) => ({ path: join(ownDir, f), origin: 'gateway' as const, source: `schemas/xml/${f}` })),
  ].sort((a, b) => a.path.localeCompare(b.path));
  for (const input of inputs) {
    const d = deriveFile(input.path, input.origin);
    const entry = byType.get(d.messageType) ?? { namespace: d.namespace, ...(d.title ? { title: d.title } : {}), sources: new Set<string>(), functionCodes: {}, variants: {} };
    if (entry.namespace !== d.namespace) throw new Error(`${input.path}: namespace differs from other ${d.messageType} files`);
    if (entry.variants[d.variant.name]) throw new Error(`${input.path}: two ${d.messageType} files give variant ${d.variant.name}`);
    entry.variants[d.variant.name] = d.variant;
    // An enumerated FunctionCode (the gateway's own XSDs) shares one structure across its codes.
    for (const code of d.functionCode.split('|')) entry.functionCodes[code] = d.variant.name;
    entry.sources.add(input.source);
    byType.set(d.messageType, entry);
  }
  let stale = 0;
  for (const [messageType, entry] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    const out = {
      $comment: `Generated by scripts/xml/derive-schemas.ts; do not edit. Sources: ${[...entry.sources].join(', ')}. Reference XSDs come from ${REFERENCE_ORIGIN} and declare no length or pattern facets; schemas/xml/*.xsd are the gateway's own reading of the customs convention where no customs XSD is available.`,
      messageType,
      namespace: entry.namespace,
      ...(entry.title ? { title: entry.title } : {}),
      functionCodes: entry.functionCodes,
      variants: entry.variants,
    };
    const target = join(ownDir, `${messageType}.json`);
    const text = format(out);
    if (check) {
      if (!existsSync(target) || readFileSync(target, 'utf8') !== text) {
        process.stderr.write(`out of date: ${target}\n`);
        stale++;
      }
    } else {
      writeFileSync(target, text);
      process.stdout.write(`wrote ${target}\n`);
    }
  }
  return stale > 0 ? 1 : 0;
}

process.exitCode = main();
