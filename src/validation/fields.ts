/**
 * Reading single data elements of a parsed segment straight from its bytes, for the checks that run
 * after the structure check (profile segment rules, business rules). `seg.value()` splits the whole
 * segment into arrays of strings on first use; the rules read two or three positions of most
 * segments of a message, so at gateway volumes that split, and the garbage it leaves, cost more than
 * the rules themselves. These readers scan the few bytes up to the position asked for, allocate
 * nothing for codes of up to three ASCII characters (made once, scan.ts), and give exactly what
 * `seg.value()` gives: a value with a release character or, outside the Latin-1 family, a byte above
 * 0x7F is left to the split (rare, and decoding it is the syntax layer's business), and so is every
 * GB 18030 segment, whose decoder alone decides what an invalid multi-byte sequence swallows.
 */
import type { Segment } from '../syntax/edifact/index.js';
import { codeKey, shortText } from './structure/scan.js';

/** Set by `locate`: the value's byte range, and whether the split must read it. */
let from = 0;
let to = 0;
let special = false;

/**
 * Finds component `component` of the first repetition of element `element` (both 1-based) in the
 * segment's bytes. Returns false when the segment has no such position.
 */
function locate(seg: Segment, element: number, component: number): boolean {
  const src = seg.source!;
  const { buf, end, chars } = src;
  const el = chars.element;
  const comp = chars.component;
  const rep = chars.repetition;
  const release = chars.release;
  let e = 0;
  let c = 1;
  let r = 1;
  let i = src.start;
  // The tag, and version 4 nesting indicators after it, end at the first element separator; the
  // split reads a release character there too.
  for (;;) {
    if (i >= end) return false;
    const b = buf[i++];
    if (b === release) {
      if (i < end) i++;
    } else if (b === el) {
      e = 1;
      break;
    }
  }
  while (e !== element || c !== component || r !== 1) {
    if (e > element || (e === element && r > 1)) return false;
    if (i >= end) return false;
    const b = buf[i++];
    if (b === release) {
      if (i < end) i++;
    } else if (b === el) {
      e++;
      c = 1;
      r = 1;
    } else if (b === comp) {
      c++;
    } else if (b === rep) {
      r++;
      c = 1;
    }
  }
  from = i;
  special = false;
  const latin1Text = src.text !== undefined;
  for (; i < end; i++) {
    const b = buf[i];
    if (b === el || b === comp || b === rep) break;
    if (b === release) {
      special = true;
      i++;
    } else if (b >= 0x80 && !latin1Text) {
      special = true;
    }
  }
  if (i > end) i = end;
  to = i;
  return true;
}

/**
 * Component `component` of the first repetition of element `element` (both 1-based); '' when
 * absent or empty. The same text as `seg.value(element, component)`.
 */
export function field(seg: Segment, element: number, component = 1): string {
  const src = seg.source;
  if (src === undefined || src.encoding === 'gb18030') return seg.value(element, component);
  if (!locate(seg, element, component)) return '';
  if (special) return seg.value(element, component);
  if (from === to) return '';
  const key = codeKey(src.buf, from, to);
  if (key >= 0) return shortText(key, src.buf, from, to);
  return src.text !== undefined ? src.text.slice(from, to) : src.buf.toString('latin1', from, to);
}

/** Whether the component holds exactly `text` (ASCII): `field(…) === text` without making a string. */
export function fieldIs(seg: Segment, element: number, component: number, text: string): boolean {
  const src = seg.source;
  if (src === undefined || src.encoding === 'gb18030') return seg.value(element, component) === text;
  if (!locate(seg, element, component)) return text === '';
  if (special) return seg.value(element, component) === text;
  if (to - from !== text.length) return false;
  const buf = src.buf;
  for (let k = 0; k < text.length; k++) if (buf[from + k] !== text.charCodeAt(k)) return false;
  return true;
}

/** Whether any component of the first repetition of element `element` holds a value. */
export function elementHasValue(seg: Segment, element: number): boolean {
  const src = seg.source;
  if (src === undefined || src.encoding === 'gb18030') return seg.elements[element - 1]?.[0]?.some((c) => c !== '') ?? false;
  const comp = src.chars.component;
  for (let c = 1; ; c++) {
    if (!locate(seg, element, c)) return false;
    if (special) return seg.elements[element - 1]?.[0]?.some((v) => v !== '') ?? false;
    if (to > from) return true;
    // The first repetition ends where the next separator is not a component separator.
    if (to >= src.end || src.buf[to] !== comp) return false;
  }
}

/** The segment's qualifier: first component of its first data element (EQD 8053, DTM 2005, LOC 3227). */
export function qualifierOf(seg: Segment): string {
  return field(seg, 1, 1);
}
