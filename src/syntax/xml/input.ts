/**
 * From bytes (or a string) to XML text, refusing what is not XML before any parser sees it: empty
 * bodies, JSON, UN/EDIFACT, binary data, UTF-16/32, and any declared encoding other than UTF-8
 * (GB18030 and its subsets GBK/GB2312 only when the partner is set up for them). Every check here
 * looks at a bounded prefix or runs natively over the buffer, so it costs microseconds.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { makeIssue, type ErrorCode, type Issue } from '../../errors/index.js';
import { CONTROL_CHAR } from './chars.js';
import { scanProlog } from './prescan.js';
import { DEFAULT_LIMITS, issueAt, locate, type SourceText, type XmlLimits } from './source.js';

export { DEFAULT_LIMITS, type SourceText, type XmlLimits } from './source.js';

export interface XmlInputOptions {
  /** Partner setting: accept documents that declare GB18030, GBK or GB2312 (all decoded as GB18030). */
  allowGb18030?: boolean;
  limits?: XmlLimits;
}

const GB_ENCODINGS = new Set(['gb18030', 'gbk', 'gb2312', 'cp936']);
const UTF8_NAMES = new Set(['utf-8', 'utf8']);

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** What a body that does not start with '<' most likely is, for a refusal a partner understands. */
function classify(head: string, hasBinaryBytes: boolean): { code: ErrorCode; text: string } {
  if (head.startsWith('\x1f\x8b')) return { code: 'GW_ERR_XML_BINARY', text: 'The body is gzip-compressed data, not XML text.' };
  if (head.startsWith('PK\x03\x04')) return { code: 'GW_ERR_XML_BINARY', text: 'The body is a ZIP archive, not XML text.' };
  if (hasBinaryBytes) return { code: 'GW_ERR_XML_BINARY', text: 'The body holds binary data (NUL or control bytes), not XML text.' };
  if (head.startsWith('{') || head.startsWith('[')) return { code: 'GW_ERR_XML_NOT_XML', text: 'The body looks like JSON, not XML: it starts with "' + head[0] + '".' };
  if (/^UN[ABH]/.test(head)) return { code: 'GW_ERR_XML_NOT_XML', text: `The body looks like a UN/EDIFACT interchange (it starts with ${head.slice(0, 3)}), not XML.` };
  return { code: 'GW_ERR_XML_NOT_XML', text: 'The body is not XML: it does not start with "<".' };
}

function hasControlBytes(sample: string): boolean {
  return CONTROL_CHAR.test(sample);
}

/** Reads `encoding="…"` from an XML declaration at the very start; undefined when there is none. */
export function declaredEncoding(head: string): { name: string; index: number } | undefined {
  if (!head.startsWith('<?xml') || !isSpace(head.charCodeAt(5))) return undefined;
  const end = head.indexOf('?>');
  const decl = end === -1 ? head : head.slice(0, end);
  const m = /\sencoding\s*=\s*(["'])([^"']*)\1/.exec(decl);
  return m ? { name: m[2], index: m.index + m[0].indexOf(m[1]) + 1 } : undefined;
}

type Decoded = { src: SourceText; issues: Issue[] };

function refuse(src: SourceText, code: ErrorCode, text: string, index: number): Decoded {
  return { src, issues: [issueAt(src, code, text, index)] };
}

/** `first` is the index of the first '<' (white space before the declaration is tolerated). */
function checkEncodingName(src: SourceText, first: number, options: XmlInputOptions, bomUtf8: boolean): Issue | undefined {
  const decl = declaredEncoding(src.text.slice(first, first + 1024));
  if (!decl) return undefined;
  const name = decl.name.toLowerCase();
  if (UTF8_NAMES.has(name)) return undefined;
  const at = first + decl.index;
  if (GB_ENCODINGS.has(name)) {
    if (!options.allowGb18030) {
      return issueAt(src, 'GW_ERR_XML_ENCODING_UNSUPPORTED', `The document declares encoding "${decl.name}"; this partner is set up for UTF-8 only (GB18030 must be enabled for the partner).`, at);
    }
    if (bomUtf8) return issueAt(src, 'GW_ERR_XML_ENCODING_UNSUPPORTED', `The document starts with a UTF-8 byte order mark but declares encoding "${decl.name}".`, at);
    return undefined;
  }
  return issueAt(src, 'GW_ERR_XML_ENCODING_UNSUPPORTED', `The document declares encoding "${decl.name}"; only UTF-8 is accepted${options.allowGb18030 ? ' (or GB18030/GBK for this partner)' : ''}.`, at);
}

/** Position of the first byte that is not part of a valid UTF-8 sequence (only called once isUtf8 said no). */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong three/four-byte forms, surrogates and code points above U+10FFFF.
    const c1 = buf[i + 1];
    if ((b === 0xe0 && c1 < 0xa0) || (b === 0xed && c1 > 0x9f) || (b === 0xf0 && c1 < 0x90) || (b === 0xf4 && c1 > 0x8f)) return i;
    i += need + 1;
  }
  return buf.length;
}

function decodeBuffer(buf: Buffer, options: XmlInputOptions): Decoded {
  const ascii: SourceText = { text: buf.subarray(0, 1024).toString('latin1'), start: 0 };
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    return refuse(ascii, 'GW_ERR_XML_ENCODING_UNSUPPORTED', 'The body is UTF-16 (byte order mark FF FE or FE FF); only UTF-8 is accepted.', 0);
  }
  const bomUtf8 = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  let first = bomUtf8 ? 3 : 0;
  while (first < buf.length && isSpace(buf[first])) first++;
  if (first >= buf.length) return refuse(ascii, 'GW_ERR_XML_EMPTY', 'The body is empty or holds only white space.', 0);
  if ((buf[first] === 0x3c && buf[first + 1] === 0x00) || (buf[first] === 0x00 && buf[first + 1] === 0x3c)) {
    return refuse(ascii, 'GW_ERR_XML_ENCODING_UNSUPPORTED', 'The body is UTF-16 or UTF-32 (NUL bytes next to "<"); only UTF-8 is accepted.', first);
  }
  const head = ascii.text.slice(first);
  if (buf[first] !== 0x3c) {
    const what = classify(head, hasControlBytes(head));
    return refuse(ascii, what.code, what.text, first);
  }
  const probe: SourceText = { text: ascii.text, start: bomUtf8 ? 3 : 0 };
  const decl = declaredEncoding(head);
  const gb = decl !== undefined && GB_ENCODINGS.has(decl.name.toLowerCase());
  const nameIssue = checkEncodingName(probe, first, options, bomUtf8);
  if (nameIssue) return { src: probe, issues: [nameIssue] };
  const bom = bomUtf8 ? 3 : 0;
  const early = scanProlog(buf.toString('latin1', bom, Math.min(buf.length, bom + 65536)), options.limits ?? DEFAULT_LIMITS);
  if (early) {
    const prefix = gb ? iconv.decode(buf.subarray(bom, bom + early.index), 'gb18030') : buf.toString('utf8', bom, bom + early.index);
    const loc = locate({ text: prefix, start: 0 }, prefix.length);
    loc.offset = bom + early.index;
    return { src: probe, issues: [makeIssue(early.code, early.text, loc)] };
  }
  if (gb) {
    const text = iconv.decode(buf, 'gb18030');
    const src: SourceText = { text, start: 0, encoding: 'gb18030', bytes: buf };
    // iconv-lite replaces bad sequences with U+FFFD; a genuine U+FFFD survives the round trip.
    const bad = text.indexOf('\uFFFD');
    if (bad !== -1 && !iconv.encode(text, 'gb18030').equals(buf)) {
      return refuse(src, 'GW_ERR_XML_ENCODING_INVALID', 'A byte sequence is not valid GB18030 (the first bad sequence is at or after this place).', bad);
    }
    return { src, issues: [] };
  }
  if (!isUtf8(buf)) {
    const at = firstInvalidUtf8(buf);
    const prefix = buf.subarray(bomUtf8 ? 3 : 0, at).toString('utf8');
    const src: SourceText = { text: prefix, start: 0 };
    const loc = locate(src, prefix.length);
    loc.offset = at;
    return { src, issues: [makeIssue('GW_ERR_XML_ENCODING_INVALID', `Byte 0x${buf[at].toString(16).padStart(2, '0')} at offset ${at} does not form a valid UTF-8 sequence.`, loc)] };
  }
  const text = buf.toString('utf8', bomUtf8 ? 3 : 0);
  return { src: { text, start: 0, encoding: 'utf-8', bytes: buf }, issues: [] };
}

/**
 * Decodes and sniffs the input. On success `issues` is empty and `src.text` holds the document;
 * otherwise `issues` holds exactly one refusal.
 */
export function decodeXmlInput(input: Buffer | string, options: XmlInputOptions = {}): Decoded {
  const maxBytes = (options.limits ?? DEFAULT_LIMITS).maxBytes;
  if (input.length > maxBytes) {
    const src: SourceText = { text: '', start: 0 };
    return { src, issues: [makeIssue('GW_ERR_XML_TOO_LARGE', `The document has ${input.length} ${typeof input === 'string' ? 'characters' : 'bytes'}; the limit is ${maxBytes}.`, { offset: maxBytes })] };
  }
  if (typeof input !== 'string') return decodeBuffer(input, options);
  const start = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  const src: SourceText = { text: input, start };
  let first = start;
  while (first < input.length && isSpace(input.charCodeAt(first))) first++;
  if (first >= input.length) return refuse(src, 'GW_ERR_XML_EMPTY', 'The body is empty or holds only white space.', 0);
  if (input.charCodeAt(first) !== 0x3c) {
    const head = input.slice(first, first + 1024);
    const what = classify(head, hasControlBytes(head));
    return refuse(src, what.code, what.text, first);
  }
  const nameIssue = checkEncodingName(src, first, options, false);
  return { src, issues: nameIssue ? [nameIssue] : [] };
}
