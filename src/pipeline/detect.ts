/**
 * Stage 1, at the edge: which format a body is in, and what its envelope header says (UNB, or the
 * customs XML Head). Only the header is read, never the messages: the edge must answer within a
 * durable write, and everything else is the pipeline's job. Nothing here throws on bad input; a
 * header that cannot be read leaves the envelope empty and the pipeline reports why.
 */
import iconv from 'iconv-lite';
import { readPreamble } from '../syntax/edifact/scanner.js';
import { splitSegment } from '../syntax/edifact/segment.js';
import type { EnvelopeSummary, Format } from '../store/types.js';

/** The content type each format is stored and served with when the sender gave none. */
export const DEFAULT_CONTENT_TYPE: Readonly<Record<Format, string>> = {
  edifact: 'application/EDIFACT',
  xml: 'application/xml',
  json: 'application/json',
  unknown: 'application/octet-stream',
};

/**
 * The format of a body: by content type when it names one (RFC 1767 application/EDIFACT,
 * application/xml, application/json and their +xml / +json and text/ variants), else sniffed
 * from the first meaningful byte.
 */
export function detectFormat(contentType: string | undefined, payload: Uint8Array): Format {
  const byType = formatOfContentType(contentType);
  return byType ?? sniffFormat(payload);
}

export function formatOfContentType(contentType: string | undefined): Format | undefined {
  if (contentType === undefined) return undefined;
  const type = contentType.split(';', 1)[0].trim().toLowerCase();
  if (type === 'application/edifact' || type === 'text/edifact') return 'edifact';
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  return undefined;
}

export function sniffFormat(payload: Uint8Array): Format {
  let i = 0;
  if (payload[0] === 0xef && payload[1] === 0xbb && payload[2] === 0xbf) i = 3;
  while (i < payload.length && (payload[i] === 0x20 || payload[i] === 0x09 || payload[i] === 0x0a || payload[i] === 0x0d)) i++;
  const c = payload[i];
  if (c === 0x3c /* < */) return 'xml';
  if (c === 0x7b /* { */ || c === 0x5b /* [ */) return 'json';
  if (c === 0x55 /* U */ && payload[i + 1] === 0x4e /* N */ && (payload[i + 2] === 0x41 || payload[i + 2] === 0x42 || payload[i + 2] === 0x48)) return 'edifact';
  return 'unknown';
}

/** The envelope header of a body in a known format; empty when it cannot be read. */
export function readEnvelope(format: Format, payload: Uint8Array): EnvelopeSummary {
  switch (format) {
    case 'edifact':
      return readUnb(payload) ?? {};
    case 'xml':
      return readCustomsHead(payload) ?? {};
    case 'json':
    case 'unknown':
      return {};
  }
}

/** How far the header may reach: a UNB is at most a few hundred bytes, a customs Head a few KB. */
const UNB_MAX_BYTES = 2048;
const HEAD_MAX_BYTES = 65_536;

/**
 * Reads UNB only: the service characters from UNA (or the defaults), then the first segment up to
 * its terminator, honouring the release character. UNB elements after the tag: 1 S001 syntax,
 * 2 S002 sender, 3 S003 recipient, 4 S004 date/time, 5 0020 control reference, 6 S005,
 * 7 0026, 8 0029, 9 0031 acknowledgement request, 10 0032, 11 0035 test indicator.
 */
export function readUnb(payload: Uint8Array): EnvelopeSummary | undefined {
  const buf = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const head = buf.subarray(0, 4096);
  const preamble = readPreamble(head, buf.length <= 4096);
  if (!preamble) return undefined;
  const start = preamble.firstSegmentOffset;
  if (buf[start] !== 0x55 || buf[start + 1] !== 0x4e || buf[start + 2] !== 0x42) return undefined;
  const { segment, release } = preamble.chars;
  const limit = Math.min(buf.length, start + UNB_MAX_BYTES);
  let end = -1;
  for (let i = start; i < limit; i++) {
    const b = buf[i];
    if (b === release) { i++; continue; }
    if (b === segment) { end = i; break; }
  }
  if (end === -1) return undefined;
  const { values } = splitSegment(buf.toString('latin1', start, end), preamble.chars);
  const get = (element: number, component = 1): string | undefined => {
    const v = values[element - 1]?.[0]?.[component - 1];
    return v === undefined || v === '' ? undefined : v;
  };
  const out: { -readonly [K in keyof EnvelopeSummary]: EnvelopeSummary[K] } = {};
  set(out, 'senderId', get(2, 1));
  set(out, 'senderQualifier', get(2, 2));
  set(out, 'recipientId', get(3, 1));
  set(out, 'recipientQualifier', get(3, 2));
  set(out, 'controlRef', get(5));
  if (get(9) === '1') out.ackRequested = true;
  if (get(11) === '1') out.testIndicator = true;
  return out;
}

function set<K extends 'senderId' | 'senderQualifier' | 'recipientId' | 'recipientQualifier' | 'controlRef'>(
  out: { [P in K]?: string },
  key: K,
  value: string | undefined,
): void {
  if (value !== undefined) out[key] = value;
}

/**
 * Reads the customs Head (MessageID, SenderID, ReceiverID, MessageType) from the first 64 KB with
 * plain text search: no tree is built and nothing is expanded. The full, safe parse (DOCTYPE and
 * entity refusal, limits) is the pipeline's; a hostile body reaches it stored and is rejected there.
 */
export function readCustomsHead(payload: Uint8Array): EnvelopeSummary | undefined {
  const buf = Buffer.from(payload.buffer, payload.byteOffset, Math.min(payload.byteLength, HEAD_MAX_BYTES));
  const prolog = buf.toString('latin1', 0, Math.min(buf.length, 200));
  const declared = /encoding\s*=\s*["']([A-Za-z0-9_-]+)["']/.exec(prolog)?.[1]?.toLowerCase();
  const text = declared !== undefined && /^(gb18030|gbk|gb2312)$/.test(declared) ? iconv.decode(buf, 'gb18030') : buf.toString('utf8');
  const open = /<(?:[\w.-]+:)?Head[\s>]/.exec(text);
  if (!open) return undefined;
  const close = text.indexOf('Head>', open.index + 5);
  const head = text.slice(open.index, close === -1 ? text.length : close);
  const field = (name: string): string | undefined => {
    const m = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([^<]*)<`).exec(head);
    const v = m?.[1].trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const out: { -readonly [K in keyof EnvelopeSummary]: EnvelopeSummary[K] } = {};
  set(out, 'senderId', field('SenderID'));
  set(out, 'recipientId', field('ReceiverID'));
  set(out, 'controlRef', field('MessageID'));
  const type = field('MessageType');
  if (type !== undefined) out.messageTypes = [type];
  return out;
}
