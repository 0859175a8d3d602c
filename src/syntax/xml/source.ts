/**
 * Where a finding sits in the input as received: the decoded text, its encoding and bytes, and the
 * limits the reader enforces. Shared by the decoder (input.ts) and the pre-scan (prescan.ts).
 */
import iconv from 'iconv-lite';
import { makeIssue, type ErrorCode, type Issue, type Location } from '../../errors/index.js';

export interface XmlLimits {
  /** Largest document in bytes (characters for string input). Default 64 MiB. */
  maxBytes: number;
  /** Deepest element nesting. Customs messages nest 7 deep, 9 inside the platform wrapper. Default 64. */
  maxDepth: number;
  /** Longest element or attribute name, in characters. Default 256. */
  maxNameLength: number;
  /** Longest single attribute value, in characters. Default 4096. */
  maxAttributeLength: number;
  /** Most attributes on one element. Default 32. */
  maxAttributes: number;
  /** Most elements in one document (30 to 70 per bill of lading in an MT1101). Default 1,000,000. */
  maxElements: number;
}

export const DEFAULT_LIMITS: XmlLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 64,
  maxNameLength: 256,
  maxAttributeLength: 4096,
  maxAttributes: 32,
  maxElements: 1_000_000,
};

/** The decoded text with what is needed to point at a place in the input as received. */
export interface SourceText {
  readonly text: string;
  /** Index in `text` where the document starts (after a byte order mark). */
  readonly start: number;
  /** Encoding the bytes were decoded from; undefined for string input. */
  readonly encoding?: 'utf-8' | 'gb18030';
  readonly bytes?: Buffer;
}

/** 1-based line and column (in characters) of `index`, plus the byte offset when bytes were received. */
export function locate(src: SourceText, index: number): Location {
  let line = 1;
  let lineStart = 0;
  for (let nl = src.text.indexOf('\n'); nl !== -1 && nl < index; nl = src.text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  const loc: Location = { line, column: index - lineStart + 1 };
  if (src.bytes && src.encoding) {
    const prefix = src.text.slice(0, index);
    const bom = src.bytes.length >= 3 && src.bytes[0] === 0xef && src.bytes[1] === 0xbb && src.bytes[2] === 0xbf ? 3 : 0;
    loc.offset = src.encoding === 'utf-8' ? Buffer.byteLength(prefix.slice(src.start), 'utf8') + bom : iconv.encode(prefix, 'gb18030').length;
  }
  return loc;
}

export function issueAt(src: SourceText, code: ErrorCode, text: string, index: number): Issue {
  return makeIssue(code, text, locate(src, index));
}

