/**
 * Precise character findings for a segment the scanner flagged. The scanner only raises flags
 * (one table lookup per byte); this walks the flagged segment once more to name the element,
 * component and byte of the first offending character, and to tell a wrong encoding (UTF-8 bytes
 * under UNOC) or a lost character (U+FFFD) from a plain invalid character.
 */
import { ByteClass, invalidGb18030At, invalidUtf8At, repertoireTable, type CharsetInfo } from './charsets.js';
import type { ServiceChars } from './context.js';
import { SegFlag } from './scanner.js';
import type { Segment } from './segment.js';

export interface CharFinding {
  /** `mojibake`: legal bytes that look like UTF-8 read as a single-byte set ("Ã©" for "é"). */
  readonly kind: 'invalid' | 'lowercase' | 'wrong-encoding' | 'mojibake' | 'invalid-encoding' | 'replacement' | 'linebreak';
  /** Offset of the first offending byte inside the segment (relative to the segment start). */
  readonly at: number;
  /** How many offending characters of this kind the segment has. */
  readonly count: number;
  readonly element: number;
  readonly component: number;
  readonly repetition: number;
  readonly detail: string;
}

function hex(b: number): string {
  return `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Element/component/repetition of the byte at `at` (relative), counting like Segment.get(). */
function positionOf(buf: Buffer, start: number, at: number, chars: ServiceChars): { element: number; component: number; repetition: number } {
  let element = 0;
  let component = 1;
  let repetition = 1;
  for (let i = start; i < start + at; i++) {
    const b = buf[i];
    if (b === chars.release) { i++; continue; }
    if (b === chars.element) { element++; component = 1; repetition = 1; }
    else if (b === chars.component) component++;
    else if (b === chars.repetition) { repetition++; component = 1; }
  }
  return { element, component, repetition };
}

const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

/** `force` analyses a segment the scanner could not flag (UNB, read before the charset was known). */
export function analyseCharacters(seg: Segment, charset: CharsetInfo, chars: ServiceChars, force = false): CharFinding[] {
  const src = seg.source;
  if (!src || (!force && (seg.flags & (SegFlag.invalid | SegFlag.lowercase | SegFlag.high)) === 0)) return [];
  const { buf, start, end } = src;
  const findings: CharFinding[] = [];
  const at = (rel: number, kind: CharFinding['kind'], count: number, detail: string): void => {
    findings.push({ kind, at: rel, count, ...positionOf(buf, start, rel, chars), detail });
  };

  // U+FFFD in UTF-8 starts with 0xEF: most segments have no such byte to search from.
  const replacement = hasByte(buf, start, end, 0xef) ? buf.subarray(start, end).indexOf(REPLACEMENT) : -1;
  if (replacement !== -1) {
    at(replacement, 'replacement', countOccurrences(buf.subarray(start, end), REPLACEMENT),
      charset.encoding === 'utf8'
        ? 'U+FFFD REPLACEMENT CHARACTER in the data'
        : `bytes EF BF BD ("ï¿½"), the UTF-8 form of U+FFFD REPLACEMENT CHARACTER read as ${charset.id}`);
  }

  if (charset.multibyte) {
    const bad = charset.encoding === 'utf8' ? invalidUtf8At(buf, start, end) : invalidGb18030At(buf, start, end);
    if (bad !== -1) at(bad - start, 'invalid-encoding', 1, `byte ${hex(buf[bad])} does not start a valid ${charset.encoding === 'utf8' ? 'UTF-8' : 'GB18030'} sequence`);
  }

  const table = repertoireTable(charset.id);
  let firstInvalid = -1;
  let invalidCount = 0;
  let firstLower = -1;
  let lowerCount = 0;
  let firstBreak = -1;
  let breakCount = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b === chars.release) {
      // A released service character is data; it is valid whatever the repertoire says.
      const next = buf[i + 1];
      if (next !== undefined && i + 1 < end && (next === 0x0a || next === 0x0d)) {
        if (firstBreak === -1) firstBreak = i + 1 - start;
        breakCount++;
      }
      i++;
      continue;
    }
    if (b === chars.element || b === chars.component || b === chars.repetition || b === chars.decimal) continue;
    if (b === 0x0a || b === 0x0d) {
      if (firstBreak === -1) firstBreak = i - start;
      breakCount++;
      continue;
    }
    const cls = table[b];
    if (cls === ByteClass.invalid) {
      if (firstInvalid === -1) firstInvalid = i - start;
      invalidCount++;
    } else if (cls === ByteClass.lowercase) {
      if (firstLower === -1) firstLower = i - start;
      lowerCount++;
    }
  }
  if (firstBreak !== -1) {
    at(firstBreak, 'linebreak', breakCount, 'a line break inside the segment (was the line wrapped on the way?)');
  }
  if (firstInvalid !== -1 && !charset.multibyte) {
    const slice = buf.subarray(start, end);
    const highBytes = slice.some((b) => b >= 0x80);
    if (highBytes && invalidUtf8At(buf, start, end) === -1) {
      const sample = firstUtf8Char(buf, start + firstInvalid);
      at(firstInvalid, 'wrong-encoding', invalidCount, `bytes that read as UTF-8${sample ? ` ("${sample}")` : ''}, but the syntax identifier declares ${charset.id} (${charset.description})`);
    } else {
      at(firstInvalid, 'invalid', invalidCount, `${hex(buf[start + firstInvalid])} is not in the ${charset.id} repertoire`);
    }
  } else if (!charset.multibyte && charset.encoding === 'latin1' && charset.id !== 'UNOA' && charset.id !== 'UNOB') {
    // Valid Latin-1 that is in fact UTF-8 read twice ("Ã©" for "é"): a warning, the bytes are legal.
    const slice = buf.subarray(start, end);
    const lead = slice.findIndex((b, k) => b >= 0xc2 && b <= 0xdf && (slice[k + 1] ?? 0) >= 0x80 && (slice[k + 1] ?? 0) <= 0xbf);
    if (lead !== -1 && replacement === -1 && invalidUtf8At(buf, start, end) === -1) {
      at(lead, 'mojibake', 1, `"${buf.toString('latin1', start + lead, start + lead + 2)}" looks like UTF-8 "${buf.toString('utf8', start + lead, start + lead + 2)}" read as ${charset.id}`);
    }
  }
  if (firstLower !== -1) {
    at(firstLower, 'lowercase', lowerCount, `lower-case "${String.fromCharCode(buf[start + firstLower])}" under UNOA`);
  }
  return findings;
}

function hasByte(buf: Buffer, start: number, end: number, byte: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] === byte) return true;
  return false;
}

function countOccurrences(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** The UTF-8 character around an invalid byte, for a helpful message. */
function firstUtf8Char(buf: Buffer, at: number): string | undefined {
  for (let s = Math.max(0, at - 3); s <= at; s++) {
    const b = buf[s];
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    if (len > 0 && s + len > at && invalidUtf8At(buf, s, s + len) === -1) return buf.toString('utf8', s, s + len);
  }
  return undefined;
}
