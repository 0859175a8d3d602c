/**
 * Parsing a whole interchange held in memory into the positioned tree. For files of any size use
 * the streaming reader in stream.ts, which shares the scanner and the envelope tracker.
 */
import type { Encoding } from './charsets.js';
import { charsetFor, makeContext, type EdifactContext } from './context.js';
import { EnvelopeTracker, type EnvelopeOptions, type GroupRecord } from './envelope.js';
import { isSegmentTag, SegmentScanner, type ScanPreamble } from './scanner.js';
import { Segment } from './segment.js';
import type { Group} from './tree.js';
import { Interchange, type SegmentTable } from './tree.js';
import { encode } from './charsets.js';

export type ParseOptions = EnvelopeOptions;

/**
 * Turns a string into the bytes it would have been received as: the syntax identifier in UNB says
 * which encoding (so "é" under UNOC becomes one Latin-1 byte, not two UTF-8 bytes).
 */
export function toBytes(input: string | Uint8Array, charsetOverride?: string): Buffer {
  if (typeof input !== 'string') return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const m = /UNB.(UNO[A-Z]|[A-Z]{4})/.exec(input.slice(0, 512));
  const charset = charsetFor(m?.[1] ?? 'UNOW', charsetOverride);
  // eslint-disable-next-line no-control-regex
  if (charset.encoding === 'latin1' && /[^\u0000-\u00ff]/.test(input)) return Buffer.from(input, 'utf8');
  return encode(input, charset.encoding);
}

/**
 * Segment boundaries in typed arrays that share one ArrayBuffer: one allocation (not four) per
 * interchange, sized from the input so a small interchange never grows it.
 */
class Growable {
  starts: Int32Array;
  ends: Int32Array;
  lines: Int32Array;
  flags: Uint8Array;
  private capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    const b = new ArrayBuffer(capacity * 13);
    this.starts = new Int32Array(b, 0, capacity);
    this.ends = new Int32Array(b, capacity * 4, capacity);
    this.lines = new Int32Array(b, capacity * 8, capacity);
    this.flags = new Uint8Array(b, capacity * 12, capacity);
  }

  ensure(n: number): void {
    if (n < this.capacity) return;
    const size = Math.max(n + 1, this.capacity * 2);
    const b = new ArrayBuffer(size * 13);
    const starts = new Int32Array(b, 0, size);
    const ends = new Int32Array(b, size * 4, size);
    const lines = new Int32Array(b, size * 8, size);
    const flags = new Uint8Array(b, size * 12, size);
    starts.set(this.starts);
    ends.set(this.ends);
    lines.set(this.lines);
    flags.set(this.flags);
    this.starts = starts;
    this.ends = ends;
    this.lines = lines;
    this.flags = flags;
    this.capacity = size;
  }
}

/** Inputs up to this size are decoded as a whole while parsing. */
const SMALL_INPUT = 64 * 1024;

/** Parses an interchange; never throws on bad input: everything wrong is in `issues`. */
export function parseInterchange(input: string | Uint8Array, options: ParseOptions = {}): Interchange {
  const buf = toBytes(input, options.charset);
  // About one segment per 32 bytes; index 0 is unused (positions are 1-based).
  const arrays = new Growable(Math.min(1 << 20, (buf.length >> 5) + 16));
  const made: (Segment | undefined)[] = [];
  let tracker: EnvelopeTracker | undefined;
  let preamble: ScanPreamble | undefined;
  let count = 0;
  let encoding: Encoding = 'latin1';
  // A small input is decoded once, so service segments and flagged ones are sliced from it (one
  // call instead of one per segment); readers of the tree reuse it. Larger inputs are decoded only
  // when read, segment by segment.
  const text = buf.length <= SMALL_INPUT ? buf.toString('latin1') : undefined;
  const groupRecords: GroupRecord[] = [];
  const messageRecords: { record: Parameters<Interchange['addMessage']>[0]; group: GroupRecord | undefined }[] = [];

  const scanner = new SegmentScanner((b, s, e, offset, line, flags) => {
    const t = tracker!;
    if (s === e) { t.emptySegment(offset, line); return; }
    const idx = ++count;
    arrays.ensure(idx);
    arrays.starts[idx] = offset;
    arrays.ends[idx] = offset + (e - s);
    arrays.lines[idx] = line;
    arrays.flags[idx] = flags;
    const service = b[s] === 0x55 && b[s + 1] === 0x4e;
    const tagOk = isSegmentTag(b, s, e, t.chars);
    if (!service && tagOk && flags === 0 && !t.needsDataCheck) {
      t.countData();
      return;
    }
    // The single-buffer scan hands out views of `buf` (then the segment points into `buf` itself,
    // so it can be sliced from the decoded text), except for a segment that comes as its own copy.
    const inSource = b.buffer === buf.buffer && b.byteOffset + s === buf.byteOffset + offset;
    const seg = inSource
      ? Segment.fromSource({ buf, start: offset, end: offset + (e - s), chars: t.chars, encoding, text: encoding === 'latin1' ? text : undefined }, idx, offset, line, flags)
      : Segment.fromSource({ buf: b, start: s, end: e, chars: t.chars, encoding, text: undefined }, idx, offset, line, flags);
    made[idx] = seg;
    if (!tagOk) t.badTag(seg);
    if (service) {
      const cs = t.service(seg);
      if (cs) {
        scanner.setCharset(cs);
        encoding = cs.encoding;
      }
    } else {
      t.data(seg);
    }
    if (flags !== 0) t.inspect(seg);
  }, (p) => {
    preamble = p;
    tracker = new EnvelopeTracker(p, {
      groupStart: (g) => { groupRecords.push(g); },
      messageEnd: (m) => {
        const record = { index: m.index, ref: m.ref, id: m.id, firstSegment: m.firstSegment, segmentCount: m.segmentCount, closed: m.unt !== undefined };
        messageRecords.push({ record, group: m.group });
      },
    }, options);
  });
  scanner.push(buf);
  scanner.end();
  const t = tracker!;
  t.finish({ offset: buf.length, line: 0 });

  const context: EdifactContext = makeContext({
    chars: t.chars,
    una: preamble!.una,
    syntaxId: t.header?.syntaxId ?? 'UNOA',
    syntaxVersion: t.syntaxVersion,
    charset: t.charset ?? charsetFor('UNOB', options.charset),
    bom: preamble!.bom,
  });
  const table: SegmentTable = {
    source: buf,
    count,
    starts: arrays.starts,
    ends: arrays.ends,
    lines: arrays.lines,
    flags: arrays.flags,
    firstOffset: preamble!.firstSegmentOffset,
    made,
    text,
  };
  const ic = new Interchange(context, t.header, t.issues, table);
  const groups = new Map<GroupRecord, Group>();
  for (const g of groupRecords) groups.set(g, ic.addGroup(g));
  for (const { record, group } of messageRecords) ic.addMessage(record, group ? groups.get(group) : undefined);
  return ic;
}
