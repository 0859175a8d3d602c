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

class Growable {
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  lines = new Int32Array(1024);
  flags = new Uint8Array(1024);

  ensure(n: number): void {
    if (n < this.starts.length) return;
    const size = Math.max(n + 1, this.starts.length * 2);
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => { const b = make(size); b.set(a); return b; };
    this.starts = grow(this.starts, (k) => new Int32Array(k));
    this.ends = grow(this.ends, (k) => new Int32Array(k));
    this.lines = grow(this.lines, (k) => new Int32Array(k));
    this.flags = grow(this.flags, (k) => new Uint8Array(k));
  }
}

/** Parses an interchange; never throws on bad input: everything wrong is in `issues`. */
export function parseInterchange(input: string | Uint8Array, options: ParseOptions = {}): Interchange {
  const buf = toBytes(input, options.charset);
  const arrays = new Growable();
  arrays.ensure(Math.min(1 << 20, (buf.length >> 5) + 16));
  const made: (Segment | undefined)[] = [];
  let tracker: EnvelopeTracker | undefined;
  let preamble: ScanPreamble | undefined;
  let count = 0;
  let encoding: Encoding = 'latin1';
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
    // The single-buffer scan hands out subarrays of `buf`, except for a segment still open at the
    // end of the input, which comes as its own copy: keep offsets absolute either way.
    const seg = Segment.fromSource({ buf: b, start: s, end: e, chars: t.chars, encoding, text: undefined }, idx, offset, line, flags);
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
      messageEnd: (m) => { messageRecords.push({ record: { ...m, closed: m.unt !== undefined }, group: m.group }); },
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
  };
  const ic = new Interchange(context, t.header, t.issues, table);
  const groups = new Map<GroupRecord, Group>();
  for (const g of groupRecords) groups.set(g, ic.addGroup(g));
  for (const { record, group } of messageRecords) ic.addMessage(record, group ? groups.get(group) : undefined);
  return ic;
}
