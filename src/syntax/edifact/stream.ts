/**
 * Streaming reader: the same scanner and envelope tracker as the tree parser, fed chunk by chunk,
 * keeping only the open message (when asked for messages) and the tracker's bounded state. A 100 MB
 * interchange is checked in flat memory.
 */
import type { Readable } from 'node:stream';
import type { Issue } from '../../errors/index.js';
import type { Encoding } from './charsets.js';
import { EnvelopeTracker, type EnvelopeOptions, type InterchangeHeader, type MessageRecord } from './envelope.js';
import type { ServiceChars } from './context.js';
import { isSegmentTag, SegmentScanner, type ScanPreamble } from './scanner.js';
import { Segment } from './segment.js';

export interface StreamedMessage {
  readonly record: MessageRecord;
  /** The interchange header (UNB), read before any message; undefined without UNB. */
  readonly header: InterchangeHeader | undefined;
  /** UNH … UNT; present when `collectMessages` is on. */
  readonly segments: readonly Segment[];
}

export interface StreamOptions extends EnvelopeOptions {
  /** Hand each complete message (with its segments) to `onMessage`. */
  readonly collectMessages?: boolean;
  /** Split every segment's elements as it passes (what a structure validator does). */
  readonly splitElements?: boolean;
  /**
   * Note where each segment's separators stand as the scanner passes them (SegmentSource `seps`),
   * for a reader of the values that would otherwise walk the bytes again (the validator).
   */
  readonly separators?: boolean;
}

export interface StreamResult {
  readonly header: InterchangeHeader | undefined;
  readonly issues: readonly Issue[];
  readonly messageCount: number;
  readonly groupCount: number;
  readonly segmentCount: number;
  /** Data elements seen, when `splitElements` is on. */
  readonly elementCount: number;
  readonly bytes: number;
  readonly preamble: ScanPreamble | undefined;
}

/**
 * Latin-1 chunks are decoded whole (below), and a string of more than 128 KB is a large object,
 * which V8 allocates and collects many times slower than a small one (a 256 KB read-stream chunk
 * decoded in 8 ms per MB instead of 0.3): bigger chunks are scanned in slices of this size.
 */
const TEXT_SLICE = 64 * 1024;

export class EdifactStreamReader {
  private readonly scanner: SegmentScanner;
  private tracker: EnvelopeTracker | undefined;
  private preamble: ScanPreamble | undefined;
  private count = 0;
  private encoding: Encoding = 'latin1';
  private current: Segment[] | undefined;
  private bytes = 0;
  private elementCount = 0;
  private readonly options: StreamOptions;
  private readonly countOnly: boolean;
  /** The chunk `text` was decoded from. */
  private textOf: Buffer | undefined;
  private text: string | undefined;
  private readonly onMessage: ((m: StreamedMessage) => void) | undefined;
  /** The service characters last checked against the scanner's, and whether they agree. */
  private sepCharsOf: ServiceChars | undefined;
  private sepCharsAgree = false;

  constructor(options: StreamOptions = {}, onMessage?: (m: StreamedMessage) => void) {
    this.options = options;
    this.onMessage = onMessage;
    this.countOnly = !options.collectMessages && !options.splitElements;
    this.scanner = new SegmentScanner((buf, start, end, offset, line, flags, seps, sepFrom, sepTo) => {
      const t = this.tracker!;
      if (start === end) { t.emptySegment(offset, line); return; }
      const idx = ++this.count;
      const service = buf[start] === 0x55 && buf[start + 1] === 0x4e;
      const tagOk = isSegmentTag(buf, start, end, t.chars);
      // Envelope checks alone need nothing from a clean data segment inside a message but its count.
      if (this.countOnly && !service && tagOk && flags === 0 && !t.needsDataCheck) {
        t.countData();
        return;
      }
      // Latin-1 family: decode each chunk once and slice segments from it (a native decode per
      // segment costs more than the split itself).
      let text: string | undefined;
      if (this.encoding === 'latin1') {
        if (buf !== this.textOf) {
          this.textOf = buf;
          this.text = buf.toString('latin1');
        }
        text = this.text;
      }
      // The scanner's separators hold for this segment when its encoding never puts an ASCII
      // byte inside a character and the tracker reads it with the separators the scanner noted
      // (version 4 may add a repetition separator after UNB).
      if (seps !== undefined && (this.encoding === 'gb18030' || !this.sameSeparators(t.chars))) seps = undefined;
      const seg = Segment.fromSource({ buf, start, end, chars: t.chars, encoding: this.encoding, text, seps, sepFrom, sepTo }, idx, offset, line, flags);
      if (!tagOk) t.badTag(seg);
      if (service) {
        const cs = t.service(seg);
        if (cs) {
          this.scanner.setCharset(cs);
          this.encoding = cs.encoding;
        }
      } else {
        t.data(seg);
      }
      if (flags !== 0) t.inspect(seg);
      // Counting elements splits the segment, as a structure validator would.
      if (this.options.splitElements) this.elementCount += seg.elementCount;
      if (this.options.collectMessages && t.message) {
        // UNH opened a message (after closing any open one, which took its own list along).
        if (t.message.unh === seg) this.current = [seg];
        else this.current?.push(seg);
      }
    }, (p) => {
      this.preamble = p;
      this.tracker = new EnvelopeTracker(p, {
        messageEnd: (m) => {
          const segs = this.current;
          if (segs && m.unt) segs.push(m.unt);
          this.current = undefined;
          if (this.onMessage) this.onMessage({ record: m, header: this.tracker?.header, segments: segs ?? [] });
        },
      }, options);
    }, { separators: options.separators === true });
  }

  private sameSeparators(chars: ServiceChars): boolean {
    if (chars !== this.sepCharsOf) {
      const s = this.scanner.separatorChars;
      this.sepCharsOf = chars;
      this.sepCharsAgree = s !== undefined && s.element === chars.element && s.component === chars.component && s.repetition === chars.repetition && s.release === chars.release;
    }
    return this.sepCharsAgree;
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (chunk.length <= TEXT_SLICE) {
      this.scanner.push(chunk);
      return;
    }
    for (let o = 0; o < chunk.length; o += TEXT_SLICE) this.scanner.push(chunk.subarray(o, o + TEXT_SLICE));
  }

  end(): StreamResult {
    this.scanner.end();
    const t = this.tracker!;
    t.finish({ offset: this.bytes, line: 0 });
    return {
      header: t.header,
      issues: t.issues,
      messageCount: t.messageCount,
      groupCount: t.groupCount,
      segmentCount: this.count,
      elementCount: this.elementCount,
      bytes: this.bytes,
      preamble: this.preamble,
    };
  }
}

/** Reads a whole stream (file, HTTP body, SFTP upload) and returns the envelope findings. */
export async function readEdifactStream(source: Readable | AsyncIterable<Buffer>, options: StreamOptions = {}, onMessage?: (m: StreamedMessage) => void): Promise<StreamResult> {
  const reader = new EdifactStreamReader(options, onMessage);
  for await (const chunk of source) reader.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return reader.end();
}
