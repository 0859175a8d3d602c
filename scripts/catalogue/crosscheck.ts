/**
 * Compares an official text directory with the machine-readable one of the same release (D.95B,
 * D.96A): message tables, segments, composites, element representations and code lists. Every
 * difference must be explained in known-differences.ts; the rest are reported as unexplained.
 */
import { KNOWN_DIFFERENCES } from './known-differences.js';
import type { ElementRef, ParsedDirectory, StructureJson } from './model.js';

export interface Difference {
  /** What differs, e.g. "message COPRAR", "segment EQD", "codes 1001". */
  subject: string;
  detail: string;
}

export interface CrossCheckResult {
  differences: Difference[];
  explained: Array<Difference & { reason: string }>;
  unexplained: string[];
}

export function crossCheck(text: ParsedDirectory, xml: ParsedDirectory, codesFromText = text.sources.codes.some((s) => s.startsWith('untdid-official/'))): CrossCheckResult {
  const differences: Difference[] = [];
  const add = (subject: string, detail: string): void => {
    differences.push({ subject, detail });
  };

  for (const [type, m] of text.messages) {
    const other = xml.messages.get(type);
    if (other && m.source.startsWith('untdid-official/')) for (const d of compareStructure(m.structure, other.structure, '')) add(`message ${type}`, d);
  }
  for (const [tag, s] of text.segments) {
    // EDSD repeats a few service segments (UGH, UGT, UNS) that ISO 9735 defines; the XML leaves
    // them out and the catalogue takes them from the syntax-version files.
    if (tag.startsWith('U')) continue;
    const other = xml.segments.get(tag);
    if (!other) add(`segment ${tag}`, 'not in the XML');
    else for (const d of compareRefs(s.elements, other.elements)) add(`segment ${tag}`, d);
  }
  for (const [id, c] of text.composites) {
    const other = xml.composites.get(id);
    // The XML inlines composites into segments, so it only knows those some segment uses.
    if (other) for (const d of compareRefs(c.components, other.components)) add(`composite ${id}`, d);
  }
  for (const [id, e] of text.elements) {
    const other = xml.elements.get(id);
    if (other && other.repr !== e.repr) add(`element ${id}`, `repr ${e.repr} in the text, ${other.repr} in the XML`);
  }
  if (codesFromText && text.codeLists && xml.codeLists) {
    for (const [id, list] of text.codeLists) {
      const other = xml.codeLists.get(id);
      if (!other) {
        if (list.codes.size > 0) add(`codes ${id}`, 'list not in the XML');
        continue;
      }
      const onlyText = [...list.codes.keys()].filter((c) => !other.codes.has(c));
      const onlyXml = [...other.codes.keys()].filter((c) => !list.codes.has(c));
      if (onlyText.length > 0) add(`codes ${id}`, `only in the text: ${onlyText.join(' ')}`);
      if (onlyXml.length > 0) add(`codes ${id}`, `only in the XML: ${onlyXml.join(' ')}`);
      const renamed = [...list.codes].filter(([c, name]) => other.codes.has(c) && !sameName(name, other.codes.get(c)!)).map(([c]) => c);
      if (renamed.length > 0) add(`codes ${id}`, `names differ: ${renamed.join(' ')}`);
    }
    for (const [id, list] of xml.codeLists) if (!text.codeLists.has(id) && list.codes.size > 0) add(`codes ${id}`, 'list only in the XML');
  }

  const explained: CrossCheckResult['explained'] = [];
  const unexplained: string[] = [];
  for (const d of differences) {
    const known = KNOWN_DIFFERENCES.find((k) => k.directory === text.id && k.subject === d.subject && k.detail === d.detail);
    if (known) explained.push({ ...d, reason: known.reason });
    else unexplained.push(`${d.subject}: ${d.detail}`);
  }
  return { differences, explained, unexplained };
}

/**
 * Code names: the text wraps long names and the XML sometimes cuts a trailing qualifier, so a name
 * counts as the same when one is a prefix of the other after normalising spaces.
 */
function sameName(a: string, b: string): boolean {
  const n = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return n(a).startsWith(n(b)) || n(b).startsWith(n(a));
}

function describeRef(r: ElementRef): string {
  return `${r.id} ${r.mandatory ? 'M' : 'C'}${r.repeat ? ` ${r.repeat}` : ''}`;
}

function compareRefs(a: readonly ElementRef[], b: readonly ElementRef[]): string[] {
  const left = a.map(describeRef).join(', ');
  const right = b.map(describeRef).join(', ');
  return left === right ? [] : [`text [${left}] XML [${right}]`];
}

function describeNode(n: StructureJson): string {
  return `${n.kind === 'segment' ? n.tag : n.id} ${n.mandatory ? 'M' : 'C'} ${n.max}`;
}

function compareStructure(a: readonly StructureJson[], b: readonly StructureJson[], path: string): string[] {
  const out: string[] = [];
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    const where = `${path}${i + 1}`;
    if (!x || !y) {
      out.push(`${where}: ${x ? describeNode(x) : '-'} in the text, ${y ? describeNode(y) : '-'} in the XML`);
      break;
    }
    if (describeNode(x) !== describeNode(y) || x.kind !== y.kind) {
      out.push(`${where}: ${describeNode(x)} in the text, ${describeNode(y)} in the XML`);
      if (x.kind !== y.kind || (x.kind === 'segment' ? x.tag : x.id) !== (y.kind === 'segment' ? y.tag : y.id)) break;
    }
    if (x.kind === 'group' && y.kind === 'group') out.push(...compareStructure(x.children, y.children, `${x.id}/`));
  }
  return out;
}
