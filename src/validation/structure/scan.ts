/**
 * Reads a segment's data elements straight from its bytes into reused typed arrays: for every
 * value (component) its byte range and the number of release characters in it, grouped into
 * repetitions and elements. Nothing is allocated per segment; a value is decoded to a string only
 * when asked for. The separators are the segment's own (UNA or defaults), and every supported
 * encoding keeps them as single ASCII bytes that never occur inside a multi-byte character, which
 * is also what the syntax layer's scanner relies on.
 *
 * A segment built in code has no bytes; it is written once with the version 4 defaults in UTF-8
 * (the syntax layer's own writer) and read like any other.
 */
import { decode } from '../../syntax/edifact/charsets.js';
import { makeContext, segmentText, type Encoding, type Segment, type ServiceChars } from '../../syntax/edifact/index.js';

export interface ByteSource {
  readonly buf: Buffer;
  readonly start: number;
  /** Exclusive end of the segment data (the terminator's offset). */
  readonly end: number;
  readonly chars: ServiceChars;
  readonly encoding: Encoding;
  /** `buf` decoded, when its encoding maps one byte to one character (SegmentSource `text`). */
  readonly text?: string | undefined;
  /** The separators' offsets as the scanner noted them (SegmentSource `seps`), when they hold. */
  readonly seps?: Int32Array | undefined;
  readonly sepFrom?: number;
  readonly sepTo?: number;
}

const GENERATED = makeContext({ syntaxId: 'UNOW', syntaxVersion: 4 });

export function sourceOf(seg: Segment): ByteSource {
  if (seg.source) return seg.source;
  const buf = Buffer.from(segmentText(seg.tag, seg.elements, GENERATED, seg.tagIndicators, false), 'utf8');
  return { buf, start: 0, end: buf.length, chars: GENERATED.chars, encoding: 'utf8' };
}

/** A code of one to three ASCII characters as a number (length in the high bits), else -1. */
export function codeKey(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n < 1 || n > 3) return -1;
  let key = n << 24;
  for (let i = 0; i < n; i++) {
    const b = buf[start + i];
    if (b >= 0x80) return -1;
    key |= b << (8 * i);
  }
  return key;
}

/** `codeKey` of a code given as text (a code list entry). */
export function codeKeyOf(code: string): number {
  const n = code.length;
  if (n < 1 || n > 3) return -1;
  let key = n << 24;
  for (let i = 0; i < n; i++) {
    const c = code.charCodeAt(i);
    if (c >= 0x80) return -1;
    key |= c << (8 * i);
  }
  return key;
}

const END = -2;

/**
 * Short ASCII values (codes, qualifiers) by `codeKey`: the same few hundred strings come back in
 * every segment, so they are made once. Bounded, in case a partner sends random short values.
 */
const SHORT = new Map<number, string>();
const SHORT_MAX = 65536;

/**
 * In front of SHORT, a direct-mapped table of the texts asked for last: the codes of one
 * interchange are few, and a typed-array probe costs less than a Map lookup on every value.
 */
const RECENT_BITS = 12;
const recentKeys = new Int32Array(1 << RECENT_BITS).fill(-1);
const recentTexts: string[] = new Array<string>(1 << RECENT_BITS).fill('');

/**
 * Four ASCII characters (ISO 6346 size-types, read by several rules per container) as a number for
 * `shortText`: 2^28 plus 7 bits per character, above every `codeKey` (below 2^26); -1 otherwise.
 */
export function fourKey(buf: Uint8Array, from: number): number {
  const a = buf[from];
  const b = buf[from + 1];
  const c = buf[from + 2];
  const d = buf[from + 3];
  if ((a | b | c | d) >= 0x80) return -1;
  return (1 << 28) | a | (b << 7) | (c << 14) | (d << 21);
}

/** The text of a short ASCII value whose key is `key` (`codeKey`, or `fourKey`), made once. */
export function shortText(key: number, buf: Uint8Array, start: number, end: number): string {
  const slot = (key ^ (key >>> 9) ^ (key >>> 18)) & ((1 << RECENT_BITS) - 1);
  if (recentKeys[slot] === key) return recentTexts[slot];
  let t = SHORT.get(key);
  if (t === undefined) {
    // ASCII reads the same in every supported encoding.
    t = String.fromCharCode(...buf.subarray(start, end));
    if (SHORT.size < SHORT_MAX) SHORT.set(key, t);
  }
  recentKeys[slot] = key;
  recentTexts[slot] = t;
  return t;
}

/** Values kept by reads that keep (one message's segments) before the arrays start over. */
const KEEP_MAX = 1 << 20;

export class SegmentValues {
  private buf: Buffer = Buffer.alloc(0);
  /** `buf` decoded (Latin-1 family), when the source has it. */
  private decoded: string | undefined;
  private release = -1;
  private encoding: Encoding = 'latin1';
  /** Per value: byte range and release characters in it. */
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private releases = new Int32Array(256);
  /** Per repetition: first value and number of values (components). */
  private repFirst = new Int32Array(64);
  private repCount = new Int32Array(64);
  /** Per element: first repetition and number of repetitions. */
  private elemFirst = new Int32Array(64);
  private elemCount = new Int32Array(64);
  private qualifier: string | undefined;
  /** `qualifierKey()` once asked, -2 before. */
  private qualifierCode = -2;
  elementCount = 0;
  /** Index of the segment's first element in the element arrays. */
  elemBase = 0;
  /**
   * Changes whenever what earlier reads wrote may be overwritten: a position noted for a segment
   * (fields.ts) holds while the epoch it was noted in does.
   */
  epoch = 0;
  /** Entries in use, for reads that keep the segments read before (`read(src, true)`). */
  private usedValues = 0;
  private usedReps = 0;
  private usedElements = 0;

  /** Starts the next keeping read from empty arrays (a new message). */
  restart(): void {
    this.usedValues = 0;
    this.usedReps = 0;
    this.usedElements = 0;
    this.epoch++;
  }

  /**
   * Reads one segment. With `keep`, after the segments read before with `keep` (their positions
   * stay valid, for the rules after the structure check), else over them.
   */
  read(src: ByteSource, keep = false): void {
    const { buf, start, end, chars } = src;
    if (!keep || this.usedValues > KEEP_MAX) this.restart();
    this.buf = buf;
    this.decoded = src.text;
    this.release = chars.release;
    this.encoding = src.encoding;
    this.elementCount = 0;
    this.elemBase = this.usedElements;
    this.qualifier = undefined;
    this.qualifierCode = -2;
    const el = chars.element;
    const comp = chars.component;
    const rep = chars.repetition;
    const seps = src.seps;
    if (seps !== undefined && this.readSeparators(buf, end, el, comp, rep, seps, src.sepFrom!, src.sepTo!)) return;
    const release = chars.release;
    // The tag, and version 4 nesting indicators after it, end at the first element separator.
    let i = start;
    while (i < end && buf[i] !== el) i++;
    if (i >= end) return;
    let values = this.usedValues;
    let reps = this.usedReps;
    let elements = this.usedElements;
    let from = i + 1;
    let rel = 0;
    let repStart = values;
    let elemStart = reps;
    for (let j = from; j <= end; j++) {
      const b = j < end ? buf[j] : END;
      if (b === release) {
        rel++;
        // The released byte is data; a release at the very end releases nothing.
        if (j + 1 < end) j++;
        continue;
      }
      if (b !== el && b !== comp && b !== rep && b !== END) continue;
      if (values === this.starts.length) this.growValues();
      this.starts[values] = from;
      this.ends[values] = j;
      this.releases[values] = rel;
      values++;
      from = j + 1;
      rel = 0;
      if (b === comp) continue;
      if (reps === this.repFirst.length) this.growReps();
      this.repFirst[reps] = repStart;
      this.repCount[reps] = values - repStart;
      reps++;
      repStart = values;
      if (b === rep) continue;
      if (elements === this.elemFirst.length) this.growElements();
      this.elemFirst[elements] = elemStart;
      this.elemCount[elements] = reps - elemStart;
      elements++;
      elemStart = reps;
    }
    this.elementCount = elements - this.elemBase;
    this.usedValues = values;
    this.usedReps = reps;
    this.usedElements = elements;
  }

  /**
   * `read` from the separators and release characters the scanner noted (`~offset`): the same
   * entries as the walk over the bytes, which the scanner has already made. False, having read
   * nothing, when a release character stands before the first element separator: the walk looks
   * for that separator without heeding release characters, the scanner does not.
   */
  private readSeparators(buf: Buffer, end: number, el: number, comp: number, rep: number, seps: Int32Array, sepFrom: number, sepTo: number): boolean {
    let k = sepFrom;
    for (; k < sepTo; k++) {
      const p = seps[k];
      if (p < 0) return false;
      if (buf[p] === el) break;
    }
    if (k >= sepTo) return true;
    let values = this.usedValues;
    let reps = this.usedReps;
    let elements = this.usedElements;
    // At most one value, repetition and element per separator, and one more for the end.
    const most = values + sepTo - k + 1;
    while (most > this.starts.length) this.growValues();
    while (reps + sepTo - k + 1 > this.repFirst.length) this.growReps();
    while (elements + sepTo - k + 1 > this.elemFirst.length) this.growElements();
    const starts = this.starts;
    const ends = this.ends;
    const releases = this.releases;
    const repFirst = this.repFirst;
    const repCount = this.repCount;
    const elemFirst = this.elemFirst;
    const elemCount = this.elemCount;
    let from = seps[k] + 1;
    let rel = 0;
    let repStart = values;
    let elemStart = reps;
    for (k++; k <= sepTo; k++) {
      let j: number;
      let b: number;
      if (k < sepTo) {
        j = seps[k];
        if (j < 0) {
          rel++;
          continue;
        }
        b = buf[j];
      } else {
        j = end;
        b = END;
      }
      starts[values] = from;
      ends[values] = j;
      releases[values] = rel;
      values++;
      from = j + 1;
      rel = 0;
      if (b === comp) continue;
      repFirst[reps] = repStart;
      repCount[reps] = values - repStart;
      reps++;
      repStart = values;
      if (b === rep) continue;
      elemFirst[elements] = elemStart;
      elemCount[elements] = reps - elemStart;
      elements++;
      elemStart = reps;
    }
    this.elementCount = elements - this.elemBase;
    this.usedValues = values;
    this.usedReps = reps;
    this.usedElements = elements;
    return true;
  }

  repetitions(e: number): number {
    return this.elemCount[this.elemBase + e];
  }

  /** Index of the first value of repetition `r` of element `e`. */
  first(e: number, r: number): number {
    return this.repFirst[this.elemFirst[this.elemBase + e] + r];
  }

  /** Number of components of repetition `r` of element `e`. */
  components(e: number, r: number): number {
    return this.repCount[this.elemFirst[this.elemBase + e] + r];
  }

  /** Index of the first value of the first repetition of the element at `at` in the element arrays (`elemBase` + element). */
  firstAt(at: number): number {
    return this.repFirst[this.elemFirst[at]];
  }

  /** Number of components of the first repetition of the element at `at` in the element arrays. */
  componentsAt(at: number): number {
    return this.repCount[this.elemFirst[at]];
  }

  isEmpty(v: number): boolean {
    return this.ends[v] === this.starts[v];
  }

  elementHasData(e: number): boolean {
    const r0 = this.elemFirst[this.elemBase + e];
    const n = this.elemCount[this.elemBase + e];
    const last = this.repFirst[r0 + n - 1] + this.repCount[r0 + n - 1];
    for (let v = this.repFirst[r0]; v < last; v++) if (this.ends[v] !== this.starts[v]) return true;
    return false;
  }

  /** The first component at or after `from` (0-based) that holds data, -1 when none does. */
  firstDataFrom(first: number, count: number, from: number): number {
    for (let c = from; c < count; c++) if (this.ends[first + c] !== this.starts[first + c]) return c;
    return -1;
  }

  /** Whether the value is exactly the ASCII text `s`. */
  equals(v: number, s: string): boolean {
    const start = this.starts[v];
    if (this.releases[v] !== 0 || this.ends[v] - start !== s.length) return false;
    for (let i = 0; i < s.length; i++) if (this.buf[start + i] !== s.charCodeAt(i)) return false;
    return true;
  }

  /** Whether the value is four to eight ASCII characters without a release character. */
  isShortAscii(v: number): boolean {
    const start = this.starts[v];
    const end = this.ends[v];
    if (this.releases[v] !== 0 || end - start < 4 || end - start > 8) return false;
    for (let i = start; i < end; i++) if (this.buf[i] >= 0x80) return false;
    return true;
  }

  codeKey(v: number): number {
    return this.releases[v] === 0 ? codeKey(this.buf, this.starts[v], this.ends[v]) : -1;
  }

  /** The value as text, release characters removed. */
  text(v: number): string {
    if (this.releases[v] === 0) {
      const start = this.starts[v];
      const end = this.ends[v];
      // Codes and size-types made once; other values sliced from the decoded source when it is at hand.
      const key = end - start === 4 ? fourKey(this.buf, start) : codeKey(this.buf, start, end);
      if (key >= 0) return shortText(key, this.buf, start, end);
      if (this.decoded !== undefined) return this.decoded.slice(start, end);
    }
    const raw = decode(this.buf, this.starts[v], this.ends[v], this.encoding);
    if (this.releases[v] === 0) return raw;
    const release = String.fromCharCode(this.release);
    let out = '';
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] === release) i++;
      if (i < raw.length) out += raw[i];
    }
    return out;
  }

  /** First component of the first element ('' when absent): the segment's qualifier. */
  firstValueText(): string {
    this.qualifier ??= this.elementCount > 0 ? this.text(this.repFirst[this.elemFirst[this.elemBase]]) : '';
    return this.qualifier;
  }

  /** `codeKey` of the segment's qualifier (first component of the first element), 0 when it is absent or empty. */
  qualifierKey(): number {
    if (this.qualifierCode === -2) {
      const q = this.elementCount > 0 ? this.first(0, 0) : -1;
      this.qualifierCode = q < 0 || this.isEmpty(q) ? 0 : this.codeKey(q);
    }
    return this.qualifierCode;
  }

  /** Length in characters (ISO 9735 counts characters), release characters not counted. */
  characters(v: number): number {
    const buf = this.buf;
    const start = this.starts[v];
    const end = this.ends[v];
    let n = end - start;
    if (this.encoding === 'utf8') {
      for (let i = start; i < end; i++) if ((buf[i] & 0xc0) === 0x80) n--;
    } else if (this.encoding === 'gb18030') {
      n = 0;
      for (let i = start; i < end; n++) {
        const b = buf[i];
        i += b < 0x80 ? 1 : i + 1 < end && buf[i + 1] >= 0x30 && buf[i + 1] <= 0x39 ? 4 : 2;
      }
    }
    return n - this.releases[v];
  }

  bytes(): Buffer {
    return this.buf;
  }

  start(v: number): number {
    return this.starts[v];
  }

  end(v: number): number {
    return this.ends[v];
  }

  /** Whether the value holds a release character. */
  released(v: number): boolean {
    return this.releases[v] !== 0;
  }

  releaseByte(): number {
    return this.release;
  }

  get multibyteDigits(): boolean {
    // In GB 18030 four-byte characters carry digit bytes; only the decoded text tells digits apart.
    return this.encoding === 'gb18030';
  }

  private growValues(): void {
    const size = this.starts.length * 2;
    this.starts = grow(this.starts, size);
    this.ends = grow(this.ends, size);
    this.releases = grow(this.releases, size);
  }

  private growReps(): void {
    const size = this.repFirst.length * 2;
    this.repFirst = grow(this.repFirst, size);
    this.repCount = grow(this.repCount, size);
  }

  private growElements(): void {
    const size = this.elemFirst.length * 2;
    this.elemFirst = grow(this.elemFirst, size);
    this.elemCount = grow(this.elemCount, size);
  }
}

function grow(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

export const NUMERIC_TYPE = -1;
export const NUMERIC_NOTATION = -2;
export const NUMERIC_DIGIT = -3;

/**
 * The number of digits of a numeric value, or a negative problem code. A leading minus sign and
 * one decimal mark (the interchange's) are allowed and, as ISO 9735 says, do not count.
 */
export function digitsOf(values: SegmentValues, v: number, decimal: number): number {
  const buf = values.bytes();
  const release = values.releaseByte();
  const end = values.end(v);
  let i = values.start(v);
  let digits = 0;
  let marks = 0;
  let first = true;
  let last = -1;
  for (; i < end; i++) {
    let c = buf[i];
    if (c === release) {
      if (i + 1 >= end) break;
      c = buf[++i];
    }
    last = c;
    if (c >= 0x30 && c <= 0x39) { digits++; first = false; continue; }
    if (c === 0x2d && first) { first = false; continue; }
    first = false;
    if (c === 0x2e || c === 0x2c) {
      if (c !== decimal || marks > 0) return NUMERIC_NOTATION;
      if (digits === 0) return NUMERIC_DIGIT;
      marks++;
      continue;
    }
    return NUMERIC_TYPE;
  }
  if (digits === 0) return NUMERIC_TYPE;
  return last === 0x2e || last === 0x2c ? NUMERIC_NOTATION : digits;
}

/** Whether an alphabetic value holds a digit. */
export function hasDigitByte(values: SegmentValues, v: number): boolean {
  if (values.multibyteDigits) return /\d/.test(values.text(v));
  const buf = values.bytes();
  for (let i = values.start(v); i < values.end(v); i++) if (buf[i] >= 0x30 && buf[i] <= 0x39) return true;
  return false;
}
