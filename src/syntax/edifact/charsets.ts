/**
 * Character repertoires and encodings of the EDIFACT syntax levels (ISO 9735 syntax identifier 0001).
 *
 * Versions 1-3 know UNOA-UNOF; version 4 adds UNOG-UNOK (further ISO 8859 parts), UNOW (ISO 10646 in
 * UTF-8), UNOX (ISO 2022 code extension) and UNOY (ISO 10646 without code extension). The D.00B
 * service code list in the reference predates UNOW, so it is defined here as ISO 9735-1:2002 does.
 * UNOY is read as UTF-8 octets too: that is the only octet form of ISO 10646 seen in EDIFACT traffic,
 * and UTF-16 would break the one-octet service characters the syntax relies on. GB18030 is not an
 * EDIFACT level; a partner setting may declare it for domestic traffic.
 */
import iconv from 'iconv-lite';

export type Encoding = 'latin1' | 'utf8' | 'gb18030' | `iso-8859-${number}`;

export interface CharsetInfo {
  /** Syntax identifier, or 'GB18030' for the partner-level setting. */
  readonly id: string;
  readonly description: string;
  readonly encoding: Encoding;
  /** Lowest syntax version that defines this identifier. */
  readonly sinceVersion: number;
  /** Multi-byte encodings validate their byte sequences instead of using the byte table alone. */
  readonly multibyte: boolean;
}

export const charsets: Readonly<Record<string, CharsetInfo>> = {
  UNOA: { id: 'UNOA', description: 'UN/ECE level A (upper-case ISO 646 subset)', encoding: 'latin1', sinceVersion: 1, multibyte: false },
  UNOB: { id: 'UNOB', description: 'UN/ECE level B (ISO 646 with lower case)', encoding: 'latin1', sinceVersion: 1, multibyte: false },
  UNOC: { id: 'UNOC', description: 'UN/ECE level C (ISO 8859-1, Latin 1)', encoding: 'latin1', sinceVersion: 1, multibyte: false },
  UNOD: { id: 'UNOD', description: 'UN/ECE level D (ISO 8859-2, Latin 2)', encoding: 'iso-8859-2', sinceVersion: 1, multibyte: false },
  UNOE: { id: 'UNOE', description: 'UN/ECE level E (ISO 8859-5, Cyrillic)', encoding: 'iso-8859-5', sinceVersion: 1, multibyte: false },
  UNOF: { id: 'UNOF', description: 'UN/ECE level F (ISO 8859-7, Greek)', encoding: 'iso-8859-7', sinceVersion: 1, multibyte: false },
  UNOG: { id: 'UNOG', description: 'UN/ECE level G (ISO 8859-3, Latin 3)', encoding: 'iso-8859-3', sinceVersion: 4, multibyte: false },
  UNOH: { id: 'UNOH', description: 'UN/ECE level H (ISO 8859-4, Latin 4)', encoding: 'iso-8859-4', sinceVersion: 4, multibyte: false },
  UNOI: { id: 'UNOI', description: 'UN/ECE level I (ISO 8859-6, Arabic)', encoding: 'iso-8859-6', sinceVersion: 4, multibyte: false },
  UNOJ: { id: 'UNOJ', description: 'UN/ECE level J (ISO 8859-8, Hebrew)', encoding: 'iso-8859-8', sinceVersion: 4, multibyte: false },
  UNOK: { id: 'UNOK', description: 'UN/ECE level K (ISO 8859-9, Latin 5)', encoding: 'iso-8859-9', sinceVersion: 4, multibyte: false },
  UNOW: { id: 'UNOW', description: 'UN/ECE level W (ISO 10646, UTF-8)', encoding: 'utf8', sinceVersion: 4, multibyte: true },
  UNOY: { id: 'UNOY', description: 'UN/ECE level Y (ISO 10646 without code extension, read as UTF-8)', encoding: 'utf8', sinceVersion: 4, multibyte: true },
  GB18030: { id: 'GB18030', description: 'GB 18030 (partner setting for domestic traffic)', encoding: 'gb18030', sinceVersion: 1, multibyte: true },
};

/**
 * The charset of a syntax identifier, undefined when there is none. Identifiers come from partners'
 * UNB: "toString" or "constructor" must find nothing, not a member of Object.prototype.
 */
export function charsetInfo(id: string): CharsetInfo | undefined {
  return Object.hasOwn(charsets, id) ? charsets[id] : undefined;
}

/** Byte classes of a repertoire table. */
export const ByteClass = {
  valid: 0,
  /** Not in the repertoire: an error. */
  invalid: 1,
  /** Lower-case letter under level A: a warning (common in real traffic). */
  lowercase: 2,
  /** Part of a multi-byte sequence, checked by the sequence validator. */
  high: 3,
} as const;
export type ByteClass = (typeof ByteClass)[keyof typeof ByteClass];

const LEVEL_A_EXTRA = ' .,-()/=\'+:?!"%&*;<>';

const tables = new Map<string, Uint8Array>();

/**
 * The repertoire of a syntax level as a 256-entry byte table. Control characters (CR and LF
 * included) are invalid inside segments for every level; the scanner lets CR/LF between segments.
 */
export function repertoireTable(charsetId: string): Uint8Array {
  const cached = tables.get(charsetId);
  if (cached) return cached;
  const table = new Uint8Array(256).fill(ByteClass.invalid);
  const info = charsetInfo(charsetId);
  if (charsetId === 'UNOA') {
    for (let b = 0x41; b <= 0x5a; b++) table[b] = ByteClass.valid;
    for (let b = 0x30; b <= 0x39; b++) table[b] = ByteClass.valid;
    for (const ch of LEVEL_A_EXTRA) table[ch.charCodeAt(0)] = ByteClass.valid;
    for (let b = 0x61; b <= 0x7a; b++) table[b] = ByteClass.lowercase;
  } else if (charsetId === 'UNOB') {
    // Level B: the graphic characters of ISO 646, plus IS1-IS4, its default service characters.
    for (let b = 0x20; b <= 0x7e; b++) table[b] = ByteClass.valid;
    for (let b = 0x1c; b <= 0x1f; b++) table[b] = ByteClass.valid;
  } else if (info && !info.multibyte) {
    for (let b = 0x20; b <= 0x7e; b++) table[b] = ByteClass.valid;
    if (info.encoding === 'latin1') {
      for (let b = 0xa0; b <= 0xff; b++) table[b] = ByteClass.valid;
    } else {
      // Positions an ISO 8859 part leaves undefined decode to U+FFFD.
      for (let b = 0xa0; b <= 0xff; b++) {
        if (iconv.decode(Buffer.of(b), info.encoding) !== '\uFFFD') table[b] = ByteClass.valid;
      }
    }
  } else {
    // UTF-8 and GB18030: ASCII graphic characters directly, every high byte through the sequence check.
    for (let b = 0x20; b <= 0x7e; b++) table[b] = ByteClass.valid;
    for (let b = 0x80; b <= 0xff; b++) table[b] = ByteClass.high;
  }
  tables.set(charsetId, table);
  return table;
}

/** Decodes bytes of a data value; latin1 and UTF-8 use Node's native slicing. */
export function decode(buf: Buffer, start: number, end: number, encoding: Encoding): string {
  switch (encoding) {
    case 'latin1':
      return buf.toString('latin1', start, end);
    case 'utf8':
      return buf.toString('utf8', start, end);
    case 'gb18030':
    default:
      return iconv.decode(buf.subarray(start, end), encoding);
  }
}

export function encode(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'latin1':
      return Buffer.from(text, 'latin1');
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'gb18030':
    default:
      return iconv.encode(text, encoding);
  }
}

/**
 * Whether `text` can be written in the repertoire of `charsetId`. Returns the index of the first
 * character that cannot, or -1. Used by the serializer so a value is never silently written as
 * bytes outside the declared repertoire.
 */
export function firstUnencodable(text: string, charsetId: string): number {
  const info = charsetInfo(charsetId);
  if (!info) return -1;
  if (info.encoding === 'utf8') return -1;
  if (info.encoding === 'gb18030') {
    // GB18030 covers all of Unicode; only lone surrogates cannot be written.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) { i++; continue; }
        return i;
      }
      if (c >= 0xdc00 && c <= 0xdfff) return i;
    }
    return -1;
  }
  const table = repertoireTable(charsetId);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (info.encoding === 'latin1') {
      if (c > 0xff || table[c] !== ByteClass.valid) return i;
    } else {
      const bytes = iconv.encode(text[i], info.encoding);
      if (bytes.length !== 1 || table[bytes[0]] !== ByteClass.valid || iconv.decode(bytes, info.encoding) !== text[i]) return i;
    }
  }
  return -1;
}

/**
 * Offset of the first invalid UTF-8 sequence in buf[start, end), or -1. Overlong forms and
 * surrogates are invalid (RFC 3629).
 */
export function invalidUtf8At(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = buf[i];
    if (b < 0x80) { i++; continue; }
    let n: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { n = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { n = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { n = 3; min = 0x10000; }
    else return i;
    if (i + n >= end) return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = buf[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * Offset of the first invalid GB18030 sequence in buf[start, end), or -1.
 * One byte 00-7F; two bytes 81-FE then 40-7E or 80-FE; four bytes 81-FE, 30-39, 81-FE, 30-39.
 */
export function invalidGb18030At(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = buf[i];
    if (b < 0x80) { i++; continue; }
    if (b === 0x80 || b === 0xff || i + 1 >= end) return i;
    const b2 = buf[i + 1];
    if ((b2 >= 0x40 && b2 <= 0x7e) || (b2 >= 0x80 && b2 <= 0xfe)) { i += 2; continue; }
    if (b2 >= 0x30 && b2 <= 0x39 && i + 3 < end) {
      const b3 = buf[i + 2];
      const b4 = buf[i + 3];
      if (b3 >= 0x81 && b3 <= 0xfe && b4 >= 0x30 && b4 <= 0x39) { i += 4; continue; }
    }
    return i;
  }
  return -1;
}
