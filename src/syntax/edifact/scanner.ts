/**
 * The segment scanner: one pass over the bytes that finds where each segment starts and ends,
 * counts lines and flags bytes outside the declared repertoire. It does not split elements: that
 * happens lazily, only for the segments someone reads (see segment.ts), which is what lets the
 * positioned tree keep up with a bare tokenizer.
 *
 * It works on chunks: a release character, a UNA header or a multi-byte character may be cut at any
 * chunk boundary, and the result is the same as for one buffer (property-tested).
 */
import { ByteClass, repertoireTable, type CharsetInfo } from './charsets.js';
import { LEVEL_A_DEFAULTS, LEVEL_B_DEFAULTS, parseUna, UNA_LENGTH, type ServiceChars } from './context.js';

/** Per-segment flags the scanner raises so later stages only look closer where needed. */
export const SegFlag = {
  release: 1,
  invalid: 2,
  lowercase: 4,
  high: 8,
  linebreak: 16,
  /** The input ended before the segment terminator. */
  unterminated: 32,
} as const;

const C_PLAIN = 0;
const C_TERM = 1;
const C_RELEASE = 2;
const C_LF = 3;
const C_CR = 4;
const C_INVALID = 5;
const C_LOWER = 6;
const C_HIGH = 7;
const C_GBLEAD = 8;
/** An element, component or repetition separator, when the scanner notes where they stand. */
const C_SEP = 9;

/**
 * Called for every segment. `buf[start, end)` is the segment without its terminator. When the
 * scanner notes separators (`separators` option) and the whole segment lies in `buf`, `seps[sepFrom,
 * sepTo)` are the offsets in `buf` of its element, component and repetition separators (those of
 * the service characters the scanner started with; a released one is data and not noted) and, as
 * `~offset`, of its release characters, in order; else `seps` is undefined. The array is never
 * written again at those indexes.
 */
export type SegmentCallback = (buf: Buffer, start: number, end: number, offset: number, line: number, flags: number, seps: Int32Array | undefined, sepFrom: number, sepTo: number) => void;

/** Separators noted per array; a full array is replaced, never overwritten. */
const SEPS_BLOCK = 16384;

export interface ScanPreamble {
  /** Bytes before the first segment: BOM, UNA and whitespace, exactly as received. */
  readonly bom: boolean;
  readonly una: Buffer | undefined;
  readonly unaProblem: string | undefined;
  readonly chars: ServiceChars;
  /** Line feeds are used as segment terminators (no UNA, no apostrophes). */
  readonly newlineTerminator: boolean;
  /** Offset of the first segment (after BOM, UNA and whitespace). */
  readonly firstSegmentOffset: number;
}

const PREAMBLE_PEEK = 4096;

function isTagByte(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39));
}

/** A segment starts with three upper-case letters or digits, then a separator or its end. */
export function isSegmentTag(buf: Uint8Array, start: number, end: number, chars: ServiceChars): boolean {
  if (end - start < 3 || !isTagByte(buf[start]) || !isTagByte(buf[start + 1]) || !isTagByte(buf[start + 2])) return false;
  return end - start === 3 || buf[start + 3] === chars.element || buf[start + 3] === chars.component;
}

function isSpace(b: number): boolean {
  return b === 0x0a || b === 0x0d || b === 0x20 || b === 0x09;
}

/**
 * Decides the service characters from the first bytes: a UNA if present, else level B defaults
 * when UNB is followed by IS3, else level A defaults; and whether line feeds act as terminators.
 * Needs the whole input or at least PREAMBLE_PEEK bytes of it.
 */
export function readPreamble(head: Buffer, complete: boolean): ScanPreamble | undefined {
  if (!complete && head.length < PREAMBLE_PEEK) return undefined;
  let i = 0;
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (bom) i = 3;
  while (i < head.length && isSpace(head[i])) i++;
  let una: Buffer | undefined;
  let unaProblem: string | undefined;
  let chars = LEVEL_A_DEFAULTS;
  if (head[i] === 0x55 && head[i + 1] === 0x4e && head[i + 2] === 0x41) {
    const parsed = parseUna(head, i);
    una = Buffer.from(head.subarray(i, i + UNA_LENGTH));
    unaProblem = parsed.problem;
    chars = parsed.chars;
    i += UNA_LENGTH;
    while (i < head.length && isSpace(head[i])) i++;
  } else if (head[i + 3] === LEVEL_B_DEFAULTS.element) {
    chars = LEVEL_B_DEFAULTS;
  }
  let newlineTerminator = false;
  if (una === undefined && chars === LEVEL_A_DEFAULTS) {
    // No apostrophe before the first line feed, and the next line starts with a segment tag:
    // the sender used line feeds as segment terminators.
    const lf = head.indexOf(0x0a, i);
    const apostrophe = head.indexOf(chars.segment, i);
    if (lf !== -1 && (apostrophe === -1 || apostrophe > lf)) {
      let j = lf + 1;
      while (j < head.length && (head[j] === 0x0d || head[j] === 0x0a)) j++;
      if (isTagByte(head[j]) && isTagByte(head[j + 1]) && isTagByte(head[j + 2]) && (head[j + 3] === chars.element || head[j + 3] === 0x0d || head[j + 3] === 0x0a)) {
        newlineTerminator = true;
        chars = { ...chars, segment: 0x0a };
      }
    }
  }
  return { bom, una, unaProblem, chars, newlineTerminator, firstSegmentOffset: i };
}

/**
 * Byte class tables by repertoire (syntax identifier) and service characters: built once, shared
 * by every scan. The service characters make a numeric key (each is a byte or -1).
 */
const classTables = new Map<string, Map<number, Uint8Array>>();
let classTableCount = 0;

function charsKey(c: ServiceChars, gb: boolean, seps: boolean): number {
  const k = (((((c.component + 1) * 257 + c.element + 1) * 257 + c.decimal + 1) * 257 + c.release + 1) * 257 + c.repetition + 1) * 257 + c.segment + 1;
  return k * 4 + (gb ? 1 : 0) + (seps ? 2 : 0);
}

export class SegmentScanner {
  private cls: Uint8Array;
  private chars: ServiceChars = LEVEL_A_DEFAULTS;
  private preamble: ScanPreamble | undefined;
  private head: Buffer[] = [];
  private headLength = 0;
  /** Absolute offset of the next byte to scan. */
  private offset = 0;
  private line = 1;
  private inSegment = false;
  private afterRelease = false;
  /** GB18030 trail bytes still to step over. */
  private skip = 0;
  private segOffset = 0;
  private segLine = 1;
  private flags = 0;
  /** Parts of the current segment from earlier chunks. */
  private carry: Buffer[] = [];
  /** A GB18030 lead byte ended the previous chunk. */
  private gbPending = false;
  /** Separator offsets noted (`separators`), and the next free index. */
  private seps: Int32Array<ArrayBuffer> | undefined;
  private sepCount = 0;

  private readonly onSegment: SegmentCallback;
  private readonly onPreamble: ((p: ScanPreamble) => void) | undefined;
  private readonly noteSeparators: boolean;

  /**
   * With `separators`, the scanner notes where each segment's separators stand (SegmentCallback),
   * so that a reader of the segment's values need not walk its bytes again.
   */
  constructor(onSegment: SegmentCallback, onPreamble?: (p: ScanPreamble) => void, options: { readonly separators?: boolean } = {}) {
    this.onSegment = onSegment;
    this.onPreamble = onPreamble;
    this.noteSeparators = options.separators === true;
    if (this.noteSeparators) this.seps = new Int32Array(SEPS_BLOCK);
    this.cls = this.classTable(undefined);
  }

  /** The service characters whose separators are noted (those of the preamble), undefined when none are. */
  get separatorChars(): ServiceChars | undefined {
    return this.noteSeparators && this.preamble !== undefined ? this.chars : undefined;
  }

  get scannedBytes(): number {
    return this.offset;
  }

  get servicePreamble(): ScanPreamble | undefined {
    return this.preamble;
  }

  /**
   * Switches the repertoire check to the charset UNB declared. Takes effect from the next byte,
   * even in the middle of a chunk (the parser calls it from the UNB segment callback).
   */
  setCharset(charset: CharsetInfo | undefined): void {
    this.buildTable(charset);
  }

  private buildTable(charset: CharsetInfo | undefined): void {
    // Replaced, never changed in place: scan() picks the new table up after the segment whose
    // callback switched it.
    this.cls = this.classTable(charset);
  }

  private classTable(charset: CharsetInfo | undefined): Uint8Array {
    const c = this.chars;
    const repertoire = charset === undefined ? '' : charset.id;
    const key = charsKey(c, charset?.encoding === 'gb18030', this.noteSeparators);
    let byChars = classTables.get(repertoire);
    let cls = byChars?.get(key);
    if (cls !== undefined) return cls;
    cls = new Uint8Array(256);
    if (charset === undefined) {
      cls.fill(C_PLAIN);
    } else {
      const rep = repertoireTable(charset.id);
      for (let b = 0; b < 256; b++) {
        const r = rep[b];
        // Valid bytes above 0x7F still raise the `high` flag: a few checks (U+FFFD read as Latin-1,
        // UTF-8 read twice) only make sense on such segments.
        cls[b] = r === ByteClass.valid ? (b >= 0x80 ? C_HIGH : C_PLAIN) : r === ByteClass.lowercase ? C_LOWER : r === ByteClass.high ? C_HIGH : C_INVALID;
      }
      if (charset.encoding === 'gb18030') for (let b = 0x81; b <= 0xfe; b++) cls[b] = C_GBLEAD;
    }
    for (const s of [c.component, c.element, c.decimal, c.repetition]) if (s >= 0) cls[s] = C_PLAIN;
    if (this.noteSeparators) for (const s of [c.component, c.element, c.repetition]) if (s >= 0) cls[s] = C_SEP;
    if (c.release >= 0) cls[c.release] = C_RELEASE;
    cls[0x0d] = C_CR;
    cls[0x0a] = C_LF;
    cls[c.segment] = C_TERM;
    // Bounded: each UNA may declare other service characters.
    if (++classTableCount > 64) {
      classTables.clear();
      classTableCount = 1;
      byChars = undefined;
    }
    if (byChars === undefined) classTables.set(repertoire, (byChars = new Map<number, Uint8Array>()));
    byChars.set(key, cls);
    return cls;
  }

  push(chunk: Buffer): void {
    if (this.preamble === undefined) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      const head = this.head.length === 1 ? chunk : Buffer.concat(this.head, this.headLength);
      const p = readPreamble(head, false);
      if (p === undefined) return;
      this.start(p, head);
      return;
    }
    this.scan(chunk);
  }

  end(): void {
    if (this.preamble === undefined) {
      const head = this.head.length === 1 ? this.head[0] : Buffer.concat(this.head, this.headLength);
      this.start(readPreamble(head, true)!, head);
    }
    if (this.inSegment) {
      const parts = this.carry;
      const buf = parts.length === 1 ? parts[0] : Buffer.concat(parts);
      this.carry = [];
      this.inSegment = false;
      this.onSegment(buf, 0, buf.length, this.segOffset, this.segLine, this.flags | SegFlag.unterminated, undefined, 0, 0);
    }
  }

  private start(p: ScanPreamble, head: Buffer): void {
    this.preamble = p;
    this.head = [];
    this.chars = p.chars;
    this.buildTable(undefined);
    this.onPreamble?.(p);
    // Lines before the first segment (blank lines, a UNA on its own line).
    for (let i = 0; i < p.firstSegmentOffset; i++) if (head[i] === 0x0a) this.line++;
    this.offset = p.firstSegmentOffset;
    this.scan(head.subarray(p.firstSegmentOffset));
  }

  private scan(chunk: Buffer): void {
    let cls = this.cls;
    const n = chunk.length;
    const base = this.offset;
    const newline = this.preamble!.newlineTerminator;
    let i = 0;
    let flags = this.flags;
    let line = this.line;
    let seps = this.seps;
    let sepCount = this.sepCount;
    // Index in `seps` of the current segment's first separator (segments begun in this chunk).
    let segSep = sepCount;

    if (this.gbPending && n > 0) {
      this.gbPending = false;
      this.skip = gbSequenceLength(chunk, 0, 0x100) - 1;
    }
    if (this.skip > 0) {
      const k = Math.min(this.skip, n);
      this.skip -= k;
      i = k;
    }
    if (this.afterRelease && i < n) {
      // The previous chunk ended right after a release character: this byte is data, whatever it is.
      if (chunk[i] === 0x0a) { line++; flags |= SegFlag.linebreak | SegFlag.invalid; }
      this.afterRelease = false;
      i++;
    }
    // Segment start inside this chunk; -1 when the segment began in an earlier chunk; -2 between segments.
    let segStart = this.inSegment ? -1 : -2;

    while (i < n) {
      if (segStart === -2) {
        // Between segments: skip whitespace (it stays in the source for the round trip).
        const b = chunk[i];
        if (b === 0x0a) { line++; i++; continue; }
        if (b === 0x0d || b === 0x20 || b === 0x09) { i++; continue; }
        segStart = i;
        segSep = sepCount;
        this.segOffset = base + i;
        this.segLine = line;
        this.inSegment = true;
        flags = 0;
      }
      let c = cls[chunk[i]];
      // Runs of plain bytes (most of the data) in a tight loop.
      while (c === C_PLAIN && ++i < n) c = cls[chunk[i]];
      if (c === C_PLAIN) continue;
      switch (c) {
        case C_SEP:
          if (sepCount === seps!.length) {
            const kept = segStart >= 0 ? sepCount - segSep : 0;
            this.seps = seps = moreSeparators(seps!, segSep, kept);
            sepCount = kept;
            segSep = 0;
          }
          seps![sepCount++] = i;
          i++;
          continue;
        case C_TERM: {
          this.inSegment = false;
          if (segStart >= 0) {
            // A line-feed terminator may come as CR LF: the CR belongs to the terminator, not the data.
            const end = newline && i > segStart && chunk[i - 1] === 0x0d ? i - 1 : i;
            this.onSegment(chunk, segStart, end, this.segOffset, this.segLine, flags, seps, segSep, sepCount);
          } else {
            this.carry.push(chunk.subarray(0, i));
            const buf = Buffer.concat(this.carry);
            this.carry = [];
            const end = newline && buf.length > 0 && buf[buf.length - 1] === 0x0d ? buf.length - 1 : buf.length;
            this.onSegment(buf, 0, end, this.segOffset, this.segLine, flags, undefined, 0, 0);
          }
          if (newline) line++;
          cls = this.cls;
          segStart = -2;
          i++;
          continue;
        }
        case C_RELEASE:
          flags |= SegFlag.release;
          if (seps !== undefined) {
            // Noted as ~offset: the value it stands in holds a release character.
            if (sepCount === seps.length) {
              const kept = segStart >= 0 ? sepCount - segSep : 0;
              this.seps = seps = moreSeparators(seps, segSep, kept);
              sepCount = kept;
              segSep = 0;
            }
            seps[sepCount++] = ~i;
          }
          if (i + 1 < n) {
            if (chunk[i + 1] === 0x0a) { line++; flags |= SegFlag.linebreak | SegFlag.invalid; }
            i += 2;
          } else {
            this.afterRelease = true;
            i++;
          }
          continue;
        case C_LF:
          line++;
          flags |= SegFlag.linebreak | SegFlag.invalid;
          i++;
          continue;
        case C_CR:
          if (!newline) flags |= SegFlag.linebreak | SegFlag.invalid;
          i++;
          continue;
        case C_INVALID:
          flags |= SegFlag.invalid;
          i++;
          continue;
        case C_LOWER:
          flags |= SegFlag.lowercase;
          i++;
          continue;
        case C_HIGH:
          flags |= SegFlag.high;
          i++;
          continue;
        case C_GBLEAD: {
          flags |= SegFlag.high;
          if (i + 1 >= n) {
            this.gbPending = true;
            i = n;
            continue;
          }
          const len = gbSequenceLength(chunk, i + 1, this.chars.segment);
          if (i + len <= n) { i += len; continue; }
          this.skip = i + len - n;
          i = n;
          continue;
        }
        default:
          i++;
      }
    }
    if (this.inSegment) {
      this.carry.push(segStart >= 0 ? chunk.subarray(segStart) : chunk);
    }
    this.flags = flags;
    this.line = line;
    this.offset = base + n;
    this.sepCount = sepCount;
  }
}

/**
 * A new array for separators when `seps` is full, with the current segment's `kept` separators
 * (from `segSep`) moved to its start (segments handed out keep the old one); twice their number
 * when they fill most of a block.
 */
function moreSeparators(seps: Int32Array, segSep: number, kept: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(SEPS_BLOCK, 2 * kept));
  if (kept > 0) next.set(seps.subarray(segSep, segSep + kept));
  return next;
}

/**
 * How many bytes a GB18030 character takes, looking at the bytes after its lead byte (from `j`).
 * A lone lead byte (invalid, reported later) counts as one byte, so a broken sequence can never
 * swallow a segment terminator.
 */
function gbSequenceLength(buf: Uint8Array, j: number, terminator: number): number {
  const b2 = buf[j];
  if (b2 === undefined) return 2;
  if (b2 === terminator) return 1;
  if ((b2 >= 0x40 && b2 <= 0x7e) || (b2 >= 0x80 && b2 <= 0xfe)) return 2;
  if (b2 >= 0x30 && b2 <= 0x39) {
    const b3 = buf[j + 1];
    if (b3 !== undefined && (b3 < 0x81 || b3 > 0xfe)) return 2;
    return 4;
  }
  return 1;
}
