/**
 * Parsers for the definition files of the official directories: EDSD (segments), EDCD (composite
 * data elements) and EDED (data elements).
 *
 * Element lines look like these, across the releases:
 *
 *   D.93A   "  C543 AGREEMENT TYPE IDENTIFICATION          C"   then "  7431   Agreement type qualifier  M an..3"
 *   D.95B   "010   C817  ADDRESS USAGE                      C  " then "      3299   Address purpose, coded  C  an..3"
 *   D.99B+  "060    C819 COUNTRY SUB-ENTITY DETAILS          C    5" (5 = repetitions, syntax version 4)
 *
 * In a segment, stand-alone elements and composites have upper-case names (and a position number
 * from D.95B on); components have mixed-case names. Long names wrap onto the next line, which then
 * carries status and representation. Function, Desc and Note paragraphs run to the next blank line.
 */
import type { CompositeSpec, ElementRef, ElementSpec, SegmentSpec } from './model.js';
import { sentenceCase, splitEntries } from './official-text.js';

interface ElementLine {
  position: string | undefined;
  id: string;
  name: string;
  mandatory: boolean;
  repeat: number | undefined;
  repr: string | undefined;
}

const INDICATORS = String.raw`(?:[-+*#|X]{1,3}\s*)?`;
const START = new RegExp(String.raw`^\s*(?:(\d{3})\s+)?${INDICATORS}([CS]\d{3}|\d{4})\s+(\S.*)$`);
const TAIL = /^(.*?)\s+([MC])(?:\s+(\d+))?(?:\s+((?:an|a|n)(?:\.\.)?\d+))?\s*$/;
const PARAGRAPH = /^\s*(Function|Desc|Note|Repr):/;

/** Reads the element lines of one entry, joining wrapped names; `where` names the entry in errors. */
function elementLines(lines: readonly string[], where: string): ElementLine[] {
  const out: ElementLine[] = [];
  let inParagraph = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') {
      inParagraph = false;
      continue;
    }
    if (PARAGRAPH.test(line)) inParagraph = true;
    if (inParagraph) continue;
    const start = START.exec(line);
    if (!start) continue;
    let rest = start[3];
    let tail = TAIL.exec(rest);
    while (!tail && i + 1 < lines.length && lines[i + 1].trim() !== '' && !START.test(lines[i + 1])) {
      rest = `${rest} ${lines[++i].trim()}`;
      tail = TAIL.exec(rest);
    }
    if (!tail) throw new Error(`${where}: cannot read element line "${line.trim()}"`);
    out.push({
      position: start[1],
      id: start[2],
      name: tail[1].trim().replace(/\s+/g, ' '),
      mandatory: tail[2] === 'M',
      repeat: tail[3] === undefined ? undefined : Number(tail[3]),
      repr: tail[4],
    });
  }
  return out;
}

function header(entry: readonly string[], pattern: RegExp): { id: string; name: string; body: string[] } | undefined {
  const at = entry.findIndex((l) => l.trim() !== '');
  if (at < 0) return undefined;
  const m = pattern.exec(entry[at]);
  if (!m) return undefined;
  return { id: m[1], name: m[2].trim(), body: entry.slice(at + 1) };
}

const SEGMENT_HEADER = new RegExp(String.raw`^\s*${INDICATORS}([A-Z][A-Z0-9]{2})\s{2,}(.+?)\s*(?:\[[BIC]\])?\s*$`);
const COMPOSITE_HEADER = new RegExp(String.raw`^\s*${INDICATORS}([CS]\d{3})\s+(.+?)\s*(?:\[[BIC]\])?\s*$`);
const ELEMENT_HEADER = new RegExp(String.raw`^\s*${INDICATORS}(\d{4})\s+(.+?)\s*(?:\[[BIC]\])?\s*$`);

/** Element representations as the segment and composite lines state them, to compare with EDED. */
export type LineReprs = Map<string, Set<string>>;

/**
 * Segments of EDSD. EDSD repeats each composite's components inside the segment; `inline`, when
 * given, collects them ("3299 C, 3131 C") per composite so a test can compare them with EDCD.
 */
export function parseEdsd(lines: readonly string[], reprs: LineReprs = new Map(), inline?: Map<string, Set<string>>): Map<string, SegmentSpec> {
  const segments = new Map<string, SegmentSpec>();
  for (const entry of splitEntries(lines)) {
    const h = header(entry, SEGMENT_HEADER);
    if (!h) continue;
    const elements: ElementRef[] = [];
    const components = new Map<string, string[]>();
    let composite: string | undefined;
    for (const el of elementLines(h.body, h.id)) {
      const topLevel = el.position !== undefined || !/[a-z]/.test(el.name);
      if (el.repr !== undefined) noteRepr(reprs, el.id, el.repr);
      if (!topLevel) {
        if (composite === undefined) throw new Error(`${h.id}: component ${el.id} outside a composite`);
        components.get(composite)!.push(`${el.id} ${el.mandatory ? 'M' : 'C'}`);
        continue;
      }
      composite = /^[CS]/.test(el.id) ? el.id : undefined;
      if (composite !== undefined) components.set(composite, []);
      const ref: ElementRef = { id: el.id, mandatory: el.mandatory };
      if (el.repeat !== undefined && el.repeat > 1) ref.repeat = el.repeat;
      elements.push(ref);
    }
    if (elements.length === 0) throw new Error(`segment ${h.id} has no elements`);
    for (const [id, list] of components) {
      let seen = inline?.get(id);
      if (inline && !seen) inline.set(id, (seen = new Set()));
      seen?.add(list.join(', '));
    }
    segments.set(h.id, { name: sentenceCase(h.name), elements });
  }
  return segments;
}

export function parseEdcd(lines: readonly string[], reprs: LineReprs = new Map()): Map<string, CompositeSpec> {
  const composites = new Map<string, CompositeSpec>();
  for (const entry of splitEntries(lines)) {
    const h = header(entry, COMPOSITE_HEADER);
    if (!h) continue;
    const components = elementLines(h.body, h.id).map((el): ElementRef => {
      if (el.repr !== undefined) noteRepr(reprs, el.id, el.repr);
      return { id: el.id, mandatory: el.mandatory };
    });
    if (components.length === 0) throw new Error(`composite ${h.id} has no components`);
    composites.set(h.id, { name: sentenceCase(h.name), components });
  }
  return composites;
}

export function parseEded(lines: readonly string[]): Map<string, ElementSpec> {
  const elements = new Map<string, ElementSpec>();
  for (const entry of splitEntries(lines)) {
    const h = header(entry, ELEMENT_HEADER);
    if (!h) continue;
    const repr = h.body.map((l) => /^\s*Repr:\s*(\S+)/.exec(l)?.[1]).find((r) => r !== undefined);
    if (repr === undefined) throw new Error(`data element ${h.id} has no Repr line`);
    elements.set(h.id, { name: h.name.replace(/\s+/g, ' '), repr });
  }
  return elements;
}

function noteRepr(reprs: LineReprs, id: string, repr: string): void {
  let set = reprs.get(id);
  if (!set) reprs.set(id, (set = new Set()));
  set.add(repr);
}
