/**
 * One segment. A parsed segment is a view over the bytes it came from and splits its data elements
 * only when first read; a generated segment holds its values directly.
 *
 * Positions follow the standard: `element(1)` is the first data element after the tag (UNB's
 * S001), components and repetitions count from 1. CONTRL's 0098 counts the tag as 1, so it is
 * `element + 1` there (see acks/contrl.ts).
 */
import { decode, type Encoding } from './charsets.js';
import type { ServiceChars } from './context.js';

/** element → repetition → component. A simple element is one repetition with one component. */
export type ElementValues = readonly (readonly string[])[];
export type SegmentValues = readonly ElementValues[];

export interface SegmentSource {
  readonly buf: Buffer;
  readonly start: number;
  /** Exclusive end of the segment data (the terminator's offset). */
  readonly end: number;
  readonly chars: ServiceChars;
  readonly encoding: Encoding;
  /**
   * The whole source already decoded, when its encoding maps one byte to one character (Latin-1
   * family): then `start`/`end` index it directly and reading a segment is a slice, not a decode.
   */
  readonly text: string | undefined;
  /**
   * Where the segment's element, component and repetition separators stand in `buf`
   * (`seps[sepFrom, sepTo)`, ascending), and its release characters as `~offset`, as the scanner
   * found them: set only when they are exactly what a walk over `buf[start, end)` finds (the
   * separators of `chars`, an encoding whose bytes never hide ASCII).
   */
  readonly seps?: Int32Array | undefined;
  readonly sepFrom?: number;
  readonly sepTo?: number;
}

export interface BytePosition {
  /** Absolute byte offset of the element or component in the input. */
  readonly offset: number;
  readonly line: number;
}

/**
 * The tags made last, by their three bytes as a number (direct-mapped): a message has a few dozen
 * tags, and every segment reusing its tag's string spares an allocation, and every later map
 * lookup by it a hash.
 */
const TAG_SLOTS = 1024;
const tagKeys = new Int32Array(TAG_SLOTS).fill(-1);
const tagTexts: string[] = new Array<string>(TAG_SLOTS).fill('');

/** A three-character tag as a number (Latin-1 character codes), -1 for anything else. */
export function tagCode(tag: string): number {
  if (tag.length !== 3) return -1;
  const a = tag.charCodeAt(0);
  const b = tag.charCodeAt(1);
  const c = tag.charCodeAt(2);
  return a > 0xff || b > 0xff || c > 0xff ? -1 : a | (b << 8) | (c << 16);
}

export class Segment {
  readonly tag: string;
  /** `tagCode(tag)`: the tag as a number, -1 when it is not three characters. */
  readonly code: number;
  /** 1-based position in the interchange (UNB = 1), 0 for a segment not yet placed. */
  index: number;
  /** 1-based position in its message (UNH = 1), 0 outside messages. */
  indexInMessage = 0;
  /** Absolute byte offset and line of the segment's first byte; -1 for generated segments. */
  readonly offset: number;
  readonly line: number;
  /** Scanner flags (SegFlag) for parsed segments. */
  readonly flags: number;
  readonly source: SegmentSource | undefined;
  private values: SegmentValues | undefined;
  /** Nesting/repeat indicators after the tag (syntax version 4 explicit nesting, `TAG:1:2`). */
  private tagComponents: readonly string[] | undefined;
  /**
   * Scratch space of one reader of the segment's values, not the segment's data: where the
   * validator's structure check found them (validation/fields.ts), so that the rules after it
   * read them from there. What noted them, in which of its epochs, its first element there and
   * the number of elements, and the qualifier's text once made.
   */
  noteOwner: object | undefined = undefined;
  noteEpoch = 0;
  noteBase = 0;
  noteElements = 0;
  noteQualifier: string | undefined = undefined;

  private constructor(tag: string, code: number, index: number, offset: number, line: number, flags: number, source: SegmentSource | undefined, values: SegmentValues | undefined) {
    this.tag = tag;
    this.code = code;
    this.index = index;
    this.offset = offset;
    this.line = line;
    this.flags = flags;
    this.source = source;
    this.values = values;
  }

  static fromSource(source: SegmentSource, index: number, offset: number, line: number, flags: number): Segment {
    const { buf, start, end } = source;
    if (end - start < 3) {
      const tag = buf.toString('latin1', start, end);
      return new Segment(tag, tagCode(tag), index, offset, line, flags, source, undefined);
    }
    // Three bytes as Latin-1 characters: what toString('latin1') gives, without a call into C++.
    const code = buf[start] | (buf[start + 1] << 8) | (buf[start + 2] << 16);
    const slot = (code ^ (code >>> 10) ^ (code >>> 20)) & (TAG_SLOTS - 1);
    let tag: string;
    if (tagKeys[slot] === code) {
      tag = tagTexts[slot];
    } else {
      tag = String.fromCharCode(buf[start], buf[start + 1], buf[start + 2]);
      tagKeys[slot] = code;
      tagTexts[slot] = tag;
    }
    return new Segment(tag, code, index, offset, line, flags, source, undefined);
  }

  /** A segment built in code; values are element → repetition → component. */
  static fromValues(tag: string, values: SegmentValues): Segment {
    return new Segment(tag, tagCode(tag), 0, -1, 0, 0, undefined, values);
  }

  /** All data elements (tag excluded): element → repetition → component. */
  get elements(): SegmentValues {
    if (this.values === undefined) this.split();
    return this.values!;
  }

  get elementCount(): number {
    return this.elements.length;
  }

  /** Components after the tag in version 4 explicit nesting (`TAG:1:2`), else empty. */
  get tagIndicators(): readonly string[] {
    if (this.values === undefined) this.split();
    return this.tagComponents ?? [];
  }

  /** First repetition's component `component` of element `element` (both 1-based); undefined when absent. */
  get(element: number, component = 1, repetition = 1): string | undefined {
    return this.elements[element - 1]?.[repetition - 1]?.[component - 1];
  }

  /** Like `get` but an absent or empty value is ''. */
  value(element: number, component = 1, repetition = 1): string {
    return this.get(element, component, repetition) ?? '';
  }

  /** Components of the first repetition of an element. */
  components(element: number): readonly string[] {
    return this.elements[element - 1]?.[0] ?? [];
  }

  /**
   * Byte position of an element (or one of its components). Computed by rescanning the segment,
   * so it costs nothing until a finding needs it.
   */
  position(element: number, component = 1, repetition = 1): BytePosition | undefined {
    const src = this.source;
    if (!src) return undefined;
    const { buf, start, end, chars } = src;
    let e = 0;
    let r = 1;
    let c = 1;
    let line = this.line;
    let i = start;
    const found = (): boolean => e === element && r === repetition && c === component;
    while (i < end) {
      const b = buf[i];
      if (b === chars.release) {
        if (buf[i + 1] === 0x0a) line++;
        i += 2;
        continue;
      }
      if (b === 0x0a) line++;
      if (b === chars.element) { e++; r = 1; c = 1; if (found()) return { offset: this.offset + (i + 1 - start), line }; }
      else if (b === chars.component && e > 0) { c++; if (found()) return { offset: this.offset + (i + 1 - start), line }; }
      else if (b === chars.repetition && e > 0) { r++; c = 1; if (found()) return { offset: this.offset + (i + 1 - start), line }; }
      i++;
    }
    return { offset: this.offset + (end - start), line };
  }

  /**
   * Drops a parsed segment's split values; reading it again splits it again, with the same result.
   * For readers that hold many segments at once (a whole message) but are done with most of them:
   * values kept alive that long are copied by every young-generation collection meanwhile.
   */
  release(): void {
    if (this.source === undefined) return;
    this.values = undefined;
    this.tagComponents = undefined;
  }

  /** The segment's bytes as received (without terminator), for parsed segments. */
  raw(): Buffer | undefined {
    const src = this.source;
    return src ? src.buf.subarray(src.start, src.end) : undefined;
  }

  private split(): void {
    const src = this.source!;
    const text = src.text !== undefined ? src.text.slice(src.start, src.end) : decode(src.buf, src.start, src.end, src.encoding);
    const { values, tag } = splitSegment(text, src.chars);
    this.values = values;
    this.tagComponents = tag;
  }
}

/**
 * Splits the decoded text of one segment into element → repetition → component values, dropping
 * release characters. The text is decoded once per segment and sliced: a Buffer-to-string call per
 * component costs several times more. Service characters are ASCII, so scanning the decoded text
 * works for every supported encoding, and multi-byte characters can no longer be mistaken for
 * separators.
 */
export function splitSegment(text: string, chars: ServiceChars): { values: string[][][]; tag: string[] | undefined } {
  const elemSep = chars.element;
  const compSep = chars.component;
  const repSep = chars.repetition;
  const release = chars.release;
  const n = text.length;
  const elements: string[][][] = [];
  let reps: string[][] | undefined;
  let comps: string[] = [];
  let from = 0;
  // Text of the current component gathered so far when it contained release characters.
  let pending: string | undefined;
  let tag: string[] | undefined;
  for (let i = 0; i <= n; i++) {
    // -2 marks the end: -1 already means "no such service character".
    const c = i < n ? text.charCodeAt(i) : -2;
    if (c === release && i < n) {
      pending = (pending ?? '') + text.slice(from, i);
      // The released character is data; a release character at the very end releases nothing.
      from = i + 1;
      if (i + 1 < n) i++;
      continue;
    }
    if (c !== elemSep && c !== compSep && c !== repSep && c !== -2) continue;
    const value = pending === undefined ? text.slice(from, i) : pending + text.slice(from, i);
    pending = undefined;
    from = i + 1;
    comps.push(value);
    if (c === compSep) continue;
    if (c === repSep) {
      // Inside the tag (before the first element) a repetition separator has no meaning.
      if (reps !== undefined) {
        reps.push(comps);
        comps = [];
      }
      continue;
    }
    if (reps === undefined) {
      // The tag "element": the tag itself, then version 4 nesting indicators.
      if (comps.length > 1) tag = comps.slice(1);
    } else {
      reps.push(comps);
      elements.push(reps);
    }
    reps = [];
    comps = [];
  }
  return { values: elements, tag };
}
