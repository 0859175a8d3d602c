/**
 * The interchange tree: UNA/UNB/UNZ, optional UNG/UNE groups, messages (UNH…UNT) with their
 * segments. A parsed tree keeps the source bytes and the segment boundaries in typed arrays, and
 * makes Segment objects only for the segments someone reads; a generated tree holds its segments.
 */
import type { Issue } from '../../errors/index.js';
import type { EdifactContext } from './context.js';
import type { GroupRecord, InterchangeHeader, MessageIdentifier, MessageRecord } from './envelope.js';
import { Segment } from './segment.js';

/** Segment boundaries of a parsed interchange. */
export interface SegmentTable {
  readonly source: Buffer;
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly lines: Int32Array;
  readonly flags: Uint8Array;
  /** Offset where the first segment starts (after BOM, UNA and whitespace). */
  readonly firstOffset: number;
  /** Segment objects already made during parsing (service segments, flagged ones). */
  readonly made: (Segment | undefined)[];
  /** The source decoded as Latin-1, when the parser already did (small inputs). */
  readonly text?: string | undefined;
}

export class Message {
  readonly interchange: Interchange;
  /** 1-based ordinal in the interchange. */
  readonly index: number;
  /** Message reference number (UNH 0062). */
  readonly ref: string;
  /** Message identifier (UNH S009). */
  readonly id: MessageIdentifier;
  readonly group: Group | undefined;
  /** Interchange positions of the first (UNH) and last segment. */
  readonly firstSegment: number;
  readonly lastSegment: number;
  /** Whether the message was closed by UNT. */
  readonly closed: boolean;

  constructor(interchange: Interchange, index: number, ref: string, id: MessageIdentifier, group: Group | undefined, first: number, last: number, closed: boolean) {
    this.interchange = interchange;
    this.index = index;
    this.ref = ref;
    this.id = id;
    this.group = group;
    this.firstSegment = first;
    this.lastSegment = last;
    this.closed = closed;
  }

  get type(): string {
    return this.id.type;
  }

  /** Directory as the catalogue names it: version "D" + release "95B" → "D95B". */
  get directory(): string {
    return `${this.id.version}${this.id.release}`.toUpperCase();
  }

  get segmentCount(): number {
    return this.lastSegment - this.firstSegment + 1;
  }

  /** The message's segments, UNH first and UNT last (when present). */
  get segments(): Segment[] {
    const out: Segment[] = [];
    for (let i = this.firstSegment; i <= this.lastSegment; i++) out.push(this.segment(i - this.firstSegment + 1));
    return out;
  }

  /** Segment by its 1-based position in the message (UNH = 1). */
  segment(position: number): Segment {
    const seg = this.interchange.segment(this.firstSegment + position - 1);
    seg.indexInMessage = position;
    return seg;
  }

  /** Segments between UNH and UNT (the message body), without materialising the others twice. */
  *body(): IterableIterator<Segment> {
    const end = this.closed ? this.lastSegment - 1 : this.lastSegment;
    for (let i = this.firstSegment + 1; i <= end; i++) yield this.segment(i - this.firstSegment + 1);
  }
}

export class Group {
  readonly index: number;
  readonly ref: string;
  readonly ung: Segment;
  /** Set when the group is closed. */
  une: Segment | undefined;
  readonly messages: Message[] = [];

  constructor(index: number, ref: string, ung: Segment, une: Segment | undefined) {
    this.index = index;
    this.ref = ref;
    this.ung = ung;
    this.une = une;
  }
}

export class Interchange {
  readonly context: EdifactContext;
  readonly header: InterchangeHeader | undefined;
  readonly issues: Issue[];
  readonly messages: Message[] = [];
  readonly groups: Group[] = [];
  private readonly table: SegmentTable | undefined;
  private readonly explicit: Segment[] | undefined;
  /** The source decoded once (Latin-1 family only), shared by every segment read from it. */
  private sourceText: string | undefined;

  constructor(context: EdifactContext, header: InterchangeHeader | undefined, issues: Issue[], segments: SegmentTable | Segment[]) {
    this.context = context;
    this.header = header;
    this.issues = issues;
    if (Array.isArray(segments)) this.explicit = segments;
    else {
      this.table = segments;
      this.sourceText = segments.text;
    }
  }

  /** Source bytes of a parsed interchange. */
  get source(): Buffer | undefined {
    return this.table?.source;
  }

  get segmentCount(): number {
    return this.table ? this.table.count : this.explicit!.length;
  }

  /** Segment by its 1-based position in the interchange (UNB = 1). */
  segment(index: number): Segment {
    if (this.explicit) return this.explicit[index - 1];
    const t = this.table!;
    if (index < 1 || index > t.count) throw new RangeError(`no segment ${index}: the interchange has ${t.count}`);
    const made = t.made[index];
    if (made) return made;
    // Segments read after parsing are not cached: most readers pass over a message once, and
    // short-lived objects cost the garbage collector almost nothing while a cache of them all would
    // be promoted and traced again and again.
    const encoding = this.context.charset.encoding;
    if (encoding === 'latin1') this.sourceText ??= t.source.toString('latin1');
    return Segment.fromSource(
      { buf: t.source, start: t.starts[index], end: t.ends[index], chars: this.context.chars, encoding, text: encoding === 'latin1' ? this.sourceText : undefined },
      index, t.starts[index], t.lines[index], t.flags[index],
    );
  }

  *segments(): IterableIterator<Segment> {
    for (let i = 1; i <= this.segmentCount; i++) yield this.segment(i);
  }

  get unb(): Segment | undefined {
    const first = this.segmentCount > 0 ? this.segment(1) : undefined;
    return first?.tag === 'UNB' ? first : undefined;
  }

  get unz(): Segment | undefined {
    const last = this.segmentCount > 0 ? this.segment(this.segmentCount) : undefined;
    return last?.tag === 'UNZ' ? last : undefined;
  }

  /** Bytes between the end of a parsed segment's data and the next segment: terminator and whitespace. */
  trailer(index: number): Buffer | undefined {
    const t = this.table;
    if (!t) return undefined;
    const from = t.ends[index];
    const to = index < t.count ? t.starts[index + 1] : t.source.length;
    return t.source.subarray(from, to);
  }

  /** Bytes before the first segment (BOM, UNA, whitespace) of a parsed interchange. */
  leading(): Buffer | undefined {
    return this.table?.source.subarray(0, this.table.firstOffset);
  }

  /** Messages are made by the parser or the builder; this registers one. */
  addMessage(record: Pick<MessageRecord, 'index' | 'ref' | 'id' | 'firstSegment' | 'segmentCount'> & { closed: boolean }, group: Group | undefined): Message {
    const m = new Message(this, record.index, record.ref, record.id, group, record.firstSegment, record.firstSegment + record.segmentCount - 1, record.closed);
    this.messages.push(m);
    group?.messages.push(m);
    return m;
  }

  addGroup(record: Pick<GroupRecord, 'index' | 'ref' | 'ung' | 'une'>): Group {
    const g = new Group(record.index, record.ref, record.ung, record.une);
    this.groups.push(g);
    return g;
  }
}
