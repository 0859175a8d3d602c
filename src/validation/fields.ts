/**
 * Reading single data elements of a parsed segment straight from its bytes, for the checks that run
 * after the structure check (profile segment rules, business rules). `seg.value()` splits the whole
 * segment into arrays of strings on first use; the rules read two or three positions of most
 * segments of a message, so at gateway volumes that split, and the garbage it leaves, cost more than
 * the rules themselves. These readers note where the segment's values lie (in reused arrays, for
 * one segment at a time), allocate nothing for codes of up to three ASCII characters (made once,
 * scan.ts), and give exactly what
 * `seg.value()` gives: a value with a release character or, outside the Latin-1 family, a byte above
 * 0x7F is left to the split (rare, and decoding it is the syntax layer's business), and so is every
 * GB 18030 segment, whose decoder alone decides what an invalid multi-byte sequence swallows.
 */
import type { Segment } from '../syntax/edifact/index.js';
import type { SegmentSource } from '../syntax/edifact/segment.js';
import { codeKey, shortText } from './structure/scan.js';

/**
 * The segment read last, and where the components of its elements' first repetitions lie. The
 * rules read a segment's positions one after another (qualifier, value, format), so one segment
 * at a time is enough for most reads to find it here.
 */
let current: Segment | undefined;
let elements = 0;
/** Per element: index of its first component value, and how many its first repetition has. */
let elemFirst = new Int32Array(32);
let elemCount = new Int32Array(32);
/** Per component value: byte range, and whether the split must read it (release character, or a byte above 0x7F without decoded text). */
let starts = new Int32Array(128);
let ends = new Int32Array(128);
let special = new Uint8Array(128);

function grow<T extends Int32Array | Uint8Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/** Reads the positions of `seg`'s elements as the split would cut them (segment.ts splitSegment). */
function read(seg: Segment, src: SegmentSource): void {
  current = seg;
  elements = 0;
  const { buf, end, chars } = src;
  const el = chars.element;
  const comp = chars.component;
  const rep = chars.repetition;
  const release = chars.release;
  const raw = src.text === undefined;
  let i = src.start;
  // The tag, and version 4 nesting indicators after it, end at the first element separator; the
  // split reads release characters there too, and tests the separators in the same order.
  for (;;) {
    if (i >= end) return;
    const b = buf[i++];
    if (b === release) {
      if (i < end) i++;
    } else if (b !== comp && b !== rep && b === el) {
      break;
    }
  }
  let values = 0;
  let inFirst = true;
  let from = i;
  let odd = 0;
  elemFirst[0] = 0;
  for (;; i++) {
    const last = i >= end;
    const b = last ? -1 : buf[i];
    if (!last) {
      if (b === release) {
        odd = 1;
        // The released byte is data; a release character at the very end releases nothing.
        if (i + 1 < end) i++;
        continue;
      }
      if (b !== comp && b !== rep && b !== el) {
        if (b >= 0x80 && raw) odd = 1;
        continue;
      }
    }
    if (inFirst) {
      if (values === starts.length) {
        starts = grow(starts);
        ends = grow(ends);
        special = grow(special);
      }
      starts[values] = from;
      ends[values] = i;
      special[values] = odd;
      values++;
    }
    from = i + 1;
    odd = 0;
    if (!last && b === comp) continue;
    if (!last && b === rep) {
      inFirst = false;
      continue;
    }
    if (elements + 1 >= elemFirst.length) {
      elemFirst = grow(elemFirst);
      elemCount = grow(elemCount);
    }
    elemCount[elements] = values - elemFirst[elements];
    elements++;
    elemFirst[elements] = values;
    inFirst = true;
    if (last) return;
  }
}

/** Index of the component's value in the segment read last, -1 when the segment has no such position. */
function valueAt(seg: Segment, src: SegmentSource, element: number, component: number): number {
  if (seg !== current) read(seg, src);
  if (element > elements || element < 1) return -1;
  return component >= 1 && component <= elemCount[element - 1] ? elemFirst[element - 1] + component - 1 : -1;
}

/** The segment's bytes and decoded text, when the readers may use them rather than the split. */
function sourceOf(seg: Segment): SegmentSource | undefined {
  const src = seg.source;
  return src === undefined || src.encoding === 'gb18030' ? undefined : src;
}

/**
 * Component `component` of the first repetition of element `element` (both 1-based); '' when
 * absent or empty. The same text as `seg.value(element, component)`.
 */
export function field(seg: Segment, element: number, component = 1): string {
  const src = sourceOf(seg);
  if (src === undefined) return seg.value(element, component);
  const v = valueAt(seg, src, element, component);
  if (v < 0) return '';
  if (special[v] !== 0) return seg.value(element, component);
  const from = starts[v];
  const to = ends[v];
  if (from === to) return '';
  const key = codeKey(src.buf, from, to);
  if (key >= 0) return shortText(key, src.buf, from, to);
  return src.text !== undefined ? src.text.slice(from, to) : src.buf.toString('latin1', from, to);
}

/** Whether the component holds exactly `text` (ASCII): `field(…) === text` without making a string. */
export function fieldIs(seg: Segment, element: number, component: number, text: string): boolean {
  const src = sourceOf(seg);
  if (src === undefined) return seg.value(element, component) === text;
  const v = valueAt(seg, src, element, component);
  if (v < 0) return text === '';
  if (special[v] !== 0) return seg.value(element, component) === text;
  const from = starts[v];
  if (ends[v] - from !== text.length) return false;
  const buf = src.buf;
  for (let k = 0; k < text.length; k++) if (buf[from + k] !== text.charCodeAt(k)) return false;
  return true;
}

/** Whether any component of the first repetition of element `element` holds a value. */
function splitHasValue(seg: Segment, element: number): boolean {
  return seg.elements[element - 1]?.[0]?.some((c) => c !== '') ?? false;
}

export function elementHasValue(seg: Segment, element: number): boolean {
  const src = sourceOf(seg);
  if (src === undefined) return splitHasValue(seg, element);
  if (valueAt(seg, src, element, 1) < 0) return false;
  const first = elemFirst[element - 1];
  const count = elemCount[element - 1];
  let data = false;
  for (let v = first; v < first + count; v++) {
    if (special[v] !== 0) return splitHasValue(seg, element);
    if (ends[v] > starts[v]) data = true;
  }
  return data;
}

/** The segment's qualifier: first component of its first data element (EQD 8053, DTM 2005, LOC 3227). */
export function qualifierOf(seg: Segment): string {
  return field(seg, 1, 1);
}
