/**
 * Building interchanges in code. The builder writes UNB, UNH, UNT, UNE and UNZ itself, so counts
 * and references are right by construction; callers give only the message bodies.
 */
import { charsetFor, LEVEL_A_DEFAULTS, LEVEL_A_V4_DEFAULTS, makeContext, type ServiceChars } from './context.js';
import type { MessageIdentifier } from './envelope.js';
import { Segment, type ElementValues, type SegmentValues } from './segment.js';
import { Interchange } from './tree.js';

/**
 * One element of a segment written in code: a simple value, a composite (array of components), or
 * repetitions of either (`{ repeat: [...] }`, syntax version 4). `undefined`/`null` leave it empty.
 */
export type ElementInput = string | number | undefined | null | readonly (string | number | undefined | null)[] | { readonly repeat: readonly (string | readonly (string | undefined)[])[] };

/** A segment as `['BGM', ['85'], 'MANIFEST123', '9']`: tag, then its data elements. */
export type SegmentInput = readonly [tag: string, ...elements: ElementInput[]];

export interface PartyInput {
  readonly id: string;
  readonly qualifier?: string;
  readonly routing?: string;
}

export interface MessageInput {
  readonly ref: string;
  readonly id: Partial<MessageIdentifier> & { readonly type: string };
  /** Segments between UNH and UNT. */
  readonly segments: readonly SegmentInput[];
}

export interface GroupInput {
  readonly ref: string;
  readonly sender: PartyInput;
  readonly recipient: PartyInput;
  readonly messages: readonly MessageInput[];
}

export interface InterchangeInput {
  readonly syntaxId?: string;
  readonly syntaxVersion?: number;
  /** Service characters; writing a UNA is automatic when they differ from the defaults. */
  readonly chars?: ServiceChars;
  /** Always write a UNA, even with default service characters. */
  readonly una?: boolean;
  readonly sender: PartyInput;
  readonly recipient: PartyInput;
  /** Preparation time; written as YYMMDD (versions 1-3) or CCYYMMDD (version 4) and HHMM. */
  readonly preparedAt: Date | { readonly date: string; readonly time: string };
  readonly controlRef: string;
  readonly applicationRef?: string;
  readonly ackRequested?: boolean;
  readonly test?: boolean;
  readonly messages?: readonly MessageInput[];
  readonly groups?: readonly GroupInput[];
  /** Character set that replaces the syntax identifier's (partner GB18030 setting). */
  readonly charset?: string;
}

const str = (v: string | number | undefined | null): string => (v === undefined || v === null ? '' : String(v));

/** Drops empty trailing components, repetitions and elements: the canonical way to write a segment. */
function trim<T>(list: T[], empty: (x: T) => boolean): T[] {
  let n = list.length;
  while (n > 0 && empty(list[n - 1])) n--;
  return list.slice(0, n);
}

function element(input: ElementInput): ElementValues {
  if (input !== null && typeof input === 'object' && 'repeat' in input) {
    const reps = input.repeat.map((r) => (typeof r === 'string' ? [r] : trim(r.map(str), (c) => c === '')));
    return trim(reps, (r) => r.length === 0);
  }
  if (Array.isArray(input)) return [trim((input as readonly (string | number | undefined | null)[]).map(str), (c) => c === '')];
  return [[str(input as string | number | undefined | null)]];
}

export function segmentFrom(input: SegmentInput): Segment {
  const [tag, ...elements] = input;
  const values: SegmentValues = trim(elements.map(element), (e) => e.every((r) => r.every((c) => c === '')));
  // An empty composite in the middle is written as one empty component.
  return Segment.fromValues(tag, values.map((e) => (e.length === 0 ? [['']] : e.map((r) => (r.length === 0 ? [''] : r)))));
}

function party(p: PartyInput): string[] {
  return [p.id, p.qualifier ?? '', p.routing ?? ''];
}

function preparation(at: InterchangeInput['preparedAt'], version: number): [string, string] {
  if (!(at instanceof Date)) return [at.date, at.time];
  const p = (n: number): string => String(n).padStart(2, '0');
  const yyyy = String(at.getUTCFullYear());
  const date = `${version >= 4 ? yyyy : yyyy.slice(2)}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}`;
  return [date, `${p(at.getUTCHours())}${p(at.getUTCMinutes())}`];
}

/** Builds an interchange tree with correct UNT/UNE/UNZ counts and references. */
export function buildInterchange(input: InterchangeInput): Interchange {
  const version = input.syntaxVersion ?? 3;
  const syntaxId = input.syntaxId ?? 'UNOC';
  const chars = input.chars ?? (version >= 4 ? LEVEL_A_V4_DEFAULTS : LEVEL_A_DEFAULTS);
  const segments: Segment[] = [];
  const push = (seg: Segment): Segment => {
    seg.index = segments.length + 1;
    segments.push(seg);
    return seg;
  };
  const [date, time] = preparation(input.preparedAt, version);
  push(segmentFrom(['UNB', [syntaxId, String(version)], party(input.sender), party(input.recipient), [date, time], input.controlRef,
    undefined, input.applicationRef, undefined, input.ackRequested ? '1' : undefined, undefined, input.test ? '1' : undefined]));

  const records: { ref: string; id: MessageIdentifier; first: number; count: number; group: number }[] = [];
  const writeMessage = (m: MessageInput, group: number): void => {
    const id: MessageIdentifier = { type: m.id.type, version: m.id.version ?? 'D', release: m.id.release ?? '95B', agency: m.id.agency ?? 'UN', association: m.id.association ?? '' };
    const first = push(segmentFrom(['UNH', m.ref, [id.type, id.version, id.release, id.agency, id.association]])).index;
    for (const s of m.segments) {
      const seg = push(segmentFrom(s));
      seg.indexInMessage = seg.index - first + 1;
    }
    const count = segments.length - first + 2;
    push(segmentFrom(['UNT', String(count), m.ref])).indexInMessage = count;
    records.push({ ref: m.ref, id, first, count, group });
  };

  const groups = input.groups ?? [];
  groups.forEach((g, k) => {
    push(segmentFrom(['UNG', g.messages[0]?.id.type, party(g.sender).slice(0, 2), party(g.recipient).slice(0, 2), [date, time], g.ref, 'UN',
      [g.messages[0]?.id.version ?? 'D', g.messages[0]?.id.release ?? '95B']]));
    for (const m of g.messages) writeMessage(m, k + 1);
    push(segmentFrom(['UNE', String(g.messages.length), g.ref]));
  });
  for (const m of input.messages ?? []) writeMessage(m, 0);
  push(segmentFrom(['UNZ', String(groups.length > 0 ? groups.length : records.length), input.controlRef]));

  const charset = charsetFor(syntaxId, input.charset);
  const context = makeContext({ chars, syntaxId, syntaxVersion: version, charset, ...(input.una ? { una: Buffer.from(`UNA${[chars.component, chars.element, chars.decimal, chars.release, chars.repetition, chars.segment].map((b) => (b >= 0 ? String.fromCharCode(b) : ' ')).join('')}`, 'latin1') } : {}) });
  const header = {
    syntaxId, syntaxVersion: version,
    sender: { id: input.sender.id, qualifier: input.sender.qualifier ?? '', routing: input.sender.routing ?? '' },
    recipient: { id: input.recipient.id, qualifier: input.recipient.qualifier ?? '', routing: input.recipient.routing ?? '' },
    date, time, controlRef: input.controlRef, applicationRef: input.applicationRef ?? '', ackRequested: input.ackRequested ?? false, test: input.test ?? false,
  };
  const ic = new Interchange(context, header, [], segments);
  const groupObjects = groups.map((g, k) => {
    const ung = segments.find((s) => s.tag === 'UNG' && s.value(5) === g.ref)!;
    const une = segments.find((s) => s.tag === 'UNE' && s.value(2) === g.ref);
    return ic.addGroup({ index: k + 1, ref: g.ref, ung, une });
  });
  records.forEach((r, k) => {
    ic.addMessage({ index: k + 1, ref: r.ref, id: r.id, firstSegment: r.first, segmentCount: r.count, closed: true }, r.group > 0 ? groupObjects[r.group - 1] : undefined);
  });
  return ic;
}
