/**
 * Reading single data elements of a parsed segment straight from its bytes, for the checks that run
 * after the structure check (profile segment rules, business rules). `seg.value()` splits the whole
 * segment into arrays of strings on first use; the rules read two or three positions of most
 * segments of a message, so at gateway volumes that split, and the garbage it leaves, cost more than
 * the rules themselves. These readers use where the segment's values lie as the structure check
 * found them (scan.ts, kept for the message), cut the few segments it did not read the same way,
 * allocate nothing for codes of up to three ASCII characters (made once, scan.ts), and give
 * exactly what `seg.value()` gives: a value with a release character or, outside the Latin-1
 * family, a byte above 0x7F is left to the split (rare, and decoding it is the syntax layer's
 * business), and so is every GB 18030 segment, whose decoder alone decides what an invalid
 * multi-byte sequence swallows.
 */
import type { Segment } from '../syntax/edifact/index.js';
import { SegFlag } from '../syntax/edifact/scanner.js';
import type { SegmentSource } from '../syntax/edifact/segment.js';
import { codeKey, fourKey, SegmentValues, shortText } from './structure/scan.js';

/**
 * Where the values of a segment lie are noted on the segment itself (its `note…` fields): the
 * SegmentValues that cut it, the epoch of that cut, its first element there and its number of
 * elements (-1: read through the split). The rules read a segment's positions one after another,
 * rule after rule over the same message, so each segment is cut once and answered from there
 * after. The structure check has already cut most segments (scan.ts, keeping one message's
 * positions) and notes them (`noteValues`); a note holds while the epoch it was made in does, so
 * positions since overwritten are never used.
 */
/** The readers' own cuts, of segments the structure check did not read. */
const own = new SegmentValues();

/** Drops the readers' own cuts (end of a message): notes made in them no longer hold. */
export function forgetPositions(): void {
  own.restart();
}

/**
 * Notes the segment's positions: -1 elements when a release character stands before the first
 * element separator (the split reads release characters in the tag, scan.ts does not), so that
 * every read of it goes to the split.
 */
function file(seg: Segment, src: SegmentSource, v: SegmentValues): void {
  let n = v.elementCount;
  // With the scanner's separators the flag tells whether the segment holds a release character.
  if (src.seps === undefined || (seg.flags & SegFlag.release) !== 0) {
    const release = src.chars.release;
    const buf = src.buf;
    const tagEnd = n > 0 ? v.start(v.first(0, 0)) - 1 : src.end;
    for (let i = src.start; i < tagEnd; i++) {
      if (buf[i] === release) {
        n = -1;
        break;
      }
    }
  }
  seg.noteOwner = v;
  seg.noteEpoch = v.epoch;
  seg.noteBase = v.elemBase;
  seg.noteElements = n;
  seg.noteQualifier = undefined;
}

/** What the structure check read of a segment, noted for the rules; `v` must have read it keeping. */
export function noteValues(seg: Segment, v: SegmentValues): void {
  const src = sourceOf(seg);
  if (src !== undefined) file(seg, src, v);
}

/** The cut of the segment (`at`: its element arrays' base, `n` elements, -1 for the split); reads it when none holds. */
let at = 0;
let n = 0;
function cut(seg: Segment, src: SegmentSource): SegmentValues {
  let v = seg.noteOwner as SegmentValues | undefined;
  if (v === undefined || v.epoch !== seg.noteEpoch) {
    own.read(src, true);
    file(seg, src, own);
    v = own;
  }
  at = seg.noteBase;
  n = seg.noteElements;
  return v;
}

/** Whether the split must read the value: a release character, or a byte above 0x7F without decoded text. */
function special(v: SegmentValues, src: SegmentSource, value: number): boolean {
  if (v.released(value)) return true;
  if (src.text !== undefined) return false;
  const buf = src.buf;
  for (let i = v.start(value); i < v.end(value); i++) if (buf[i] >= 0x80) return true;
  return false;
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
  const v = cut(seg, src);
  if (n < 0) return seg.value(element, component);
  if (element < 1 || element > n) return '';
  const e = at + element - 1;
  if (component < 1 || component > v.componentsAt(e)) return '';
  const value = v.firstAt(e) + component - 1;
  if (special(v, src, value)) return seg.value(element, component);
  const from = v.start(value);
  const to = v.end(value);
  if (from === to) return '';
  const key = to - from === 4 ? fourKey(src.buf, from) : codeKey(src.buf, from, to);
  if (key >= 0) return shortText(key, src.buf, from, to);
  return src.text !== undefined ? src.text.slice(from, to) : src.buf.toString('latin1', from, to);
}

/** Whether the component holds exactly `text` (ASCII): `field(…) === text` without making a string. */
export function fieldIs(seg: Segment, element: number, component: number, text: string): boolean {
  const src = sourceOf(seg);
  if (src === undefined) return seg.value(element, component) === text;
  const v = cut(seg, src);
  if (n < 0) return seg.value(element, component) === text;
  if (element < 1 || element > n) return text === '';
  const e = at + element - 1;
  if (component < 1 || component > v.componentsAt(e)) return text === '';
  const value = v.firstAt(e) + component - 1;
  if (special(v, src, value)) return seg.value(element, component) === text;
  const from = v.start(value);
  if (v.end(value) - from !== text.length) return false;
  const buf = src.buf;
  for (let k = 0; k < text.length; k++) if (buf[from + k] !== text.charCodeAt(k)) return false;
  return true;
}

/** Whether the component holds a value: `field(…) !== ''` without making a string. */
export function fieldFilled(seg: Segment, element: number, component = 1): boolean {
  const src = sourceOf(seg);
  if (src === undefined) return seg.value(element, component) !== '';
  const v = cut(seg, src);
  if (n < 0) return seg.value(element, component) !== '';
  if (element < 1 || element > n) return false;
  const e = at + element - 1;
  if (component < 1 || component > v.componentsAt(e)) return false;
  const value = v.firstAt(e) + component - 1;
  if (special(v, src, value)) return seg.value(element, component) !== '';
  return v.end(value) > v.start(value);
}

/** Whether any component of the first repetition of element `element` holds a value. */
function splitHasValue(seg: Segment, element: number): boolean {
  return seg.elements[element - 1]?.[0]?.some((c) => c !== '') ?? false;
}

export function elementHasValue(seg: Segment, element: number): boolean {
  const src = sourceOf(seg);
  if (src === undefined) return splitHasValue(seg, element);
  const v = cut(seg, src);
  if (n < 0) return splitHasValue(seg, element);
  if (element < 1 || element > n) return false;
  const e = at + element - 1;
  const first = v.firstAt(e);
  const count = v.componentsAt(e);
  let data = false;
  for (let value = first; value < first + count; value++) {
    if (special(v, src, value)) return splitHasValue(seg, element);
    if (v.end(value) > v.start(value)) data = true;
  }
  return data;
}

/** The segment's qualifier: first component of its first data element (EQD 8053, DTM 2005, LOC 3227). */
export function qualifierOf(seg: Segment): string {
  const q = seg.noteQualifier;
  if (q !== undefined && (seg.noteOwner as SegmentValues).epoch === seg.noteEpoch) return q;
  const text = field(seg, 1, 1);
  // Reading it may have noted the segment again; the text holds for what is noted now.
  if (seg.noteOwner !== undefined) seg.noteQualifier = text;
  return text;
}
