/**
 * Validation of EDIFACT interchanges: the syntax layer's envelope findings, then per message the
 * structure check against the catalogue, then the caller's passes (profile and business rules) on
 * the same segments. The same per-message path serves a parsed tree and a stream; in the stream
 * only the open message is held.
 */
import type { Readable } from 'node:stream';
import { directoryOf, loadEdifactCatalogue, type EdifactCatalogue } from '../catalogue/edifact/index.js';
import type { Issue } from '../errors/index.js';
import { readEdifactStream, type Interchange, type Segment } from '../syntax/edifact/index.js';
import { forgetPositions } from './fields.js';
import { MessageChecker, StructureValidator, type MessageContext } from './structure/index.js';
import type { InterchangeValidation, MessageHeader, MessageInput, MessageValidation, StreamValidation, ValidationOptions } from './types.js';

export type * from './types.js';

const FULL_STOP = 0x2e;

let installed: EdifactCatalogue | undefined;
const validators = new WeakMap<EdifactCatalogue, StructureValidator>();

/**
 * The validator of a catalogue, compiled tables included, kept as long as the catalogue lives.
 * Without a catalogue, the installation's schemas/edifact (read once per process: the files are
 * immutable data shipped with the code).
 */
export function structureValidator(catalogue?: EdifactCatalogue): StructureValidator {
  const cat = catalogue ?? (installed ??= loadEdifactCatalogue());
  let v = validators.get(cat);
  if (!v) validators.set(cat, (v = new StructureValidator(cat)));
  return v;
}

function count(issues: readonly Issue[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const i of issues) {
    if (i.severity === 'error') errors++;
    else if (i.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

function profileName(options: ValidationOptions, header: MessageHeader): string | undefined {
  return typeof options.profile === 'function' ? options.profile(header) : options.profile;
}

/** Structure check and passes for one message whose segments (UNH first) are all at hand. */
function checkMessage(validator: StructureValidator, context: MessageContext, segments: readonly Segment[], closed: boolean, envelope: { errors: number; warnings: number }, options: ValidationOptions): MessageValidation {
  const checker = new MessageChecker(validator, context, options);
  const passes = options.passes ?? [];
  // Sized once: a message's segments are all at hand.
  const groups = new Array<string | undefined>(passes.length === 0 ? 0 : segments.length);
  // Objects written out rather than spread from the header: once per message, spreading cost
  // as much as a business rule (V8 copies spread properties one by one into a new shape).
  const { index, ref, id, type, directory } = context;
  const header: MessageHeader = { index, ref, id, type, directory };
  let issues: Issue[];
  if (passes.length === 0) {
    for (let i = 0; i < segments.length; i++) checker.feed(segments[i]);
    issues = checker.finish();
  } else {
    // The structure check notes where each segment's values lie; the passes read them from there.
    forgetPositions();
    try {
      // The tags as numbers while each segment is at hand: every rule looks for its tags.
      const tags = new Int32Array(segments.length);
      for (let i = 0; i < segments.length; i++) {
        const seg = segments[i];
        groups[i] = checker.feed(seg);
        tags[i] = seg.code;
      }
      issues = checker.finish();
      const input: MessageInput = { index, ref, id, type, directory, segments, closed, definition: checker.definition?.def, groups, tags };
      for (const pass of passes) for (const issue of pass(input)) issues.push(issue);
    } finally {
      forgetPositions();
    }
  }
  const own = count(issues);
  const profile = profileName(options, header);
  const segmentCount = segments.length;
  const inCatalogue = checker.definition !== undefined;
  const errors = own.errors + envelope.errors;
  const warnings = own.warnings + envelope.warnings;
  return profile !== undefined
    ? { index, ref, id, type, directory, profile, segmentCount, closed, inCatalogue, issues, errors, warnings }
    : { index, ref, id, type, directory, segmentCount, closed, inCatalogue, issues, errors, warnings };
}

function totals(envelope: readonly Issue[], messages: readonly MessageValidation[]): { errors: number; warnings: number } {
  const t = count(envelope);
  for (const m of messages) {
    const own = count(m.issues);
    t.errors += own.errors;
    t.warnings += own.warnings;
  }
  return t;
}

/** Validates a parsed interchange (envelope findings as the parser made them, structure per message). */
export function validateInterchange(ic: Interchange, options: ValidationOptions = {}): InterchangeValidation {
  const validator = structureValidator(options.catalogue);
  const syntaxVersion = ic.header?.syntaxVersion ?? ic.context.syntaxVersion;
  const byMessage = new Map<number, Issue[]>();
  for (const i of ic.issues) {
    const m = i.location?.messageIndex;
    if (m === undefined) continue;
    const list = byMessage.get(m);
    if (list) list.push(i);
    else byMessage.set(m, [i]);
  }
  const messages = ic.messages.map((m) => checkMessage(validator, {
    index: m.index,
    ref: m.ref,
    id: m.id,
    type: m.type,
    directory: directoryOf(m.id.version, m.id.release),
    decimal: ic.context.chars.decimal,
    syntaxVersion,
  }, m.segments, m.closed, count(byMessage.get(m.index) ?? []), options));
  return { header: ic.header, envelope: ic.issues, messages, segmentCount: ic.segmentCount, ...totals(ic.issues, messages) };
}

/**
 * UNB's syntax version from the first bytes of an interchange, so that findings made while the
 * stream is still being read carry the CONTRL codes of that version. The streaming reader knows
 * the version too but does not hand it to its message callback.
 */
export function sniffSyntaxVersion(head: Buffer): number | undefined {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const skipSpace = (): void => { while (i < head.length && (head[i] === 0x0d || head[i] === 0x0a || head[i] === 0x20)) i++; };
  skipSpace();
  let element = 0x2b;
  let component = 0x3a;
  if (head.toString('latin1', i, i + 3) === 'UNA' && head.length >= i + 9) {
    component = head[i + 3];
    element = head[i + 4];
    i += 9;
    skipSpace();
  } else if (head[i + 3] === 0x1d) {
    // Level B defaults: IS3 between elements, IS1 between components.
    element = 0x1d;
    component = 0x1f;
  }
  if (head.toString('latin1', i, i + 3) !== 'UNB' || head[i + 3] !== element) return undefined;
  const sep = head.indexOf(component, i + 4);
  if (sep < 0 || sep > i + 12 || sep + 1 >= head.length) return undefined;
  const digit = head[sep + 1] - 0x30;
  return digit >= 1 && digit <= 4 ? digit : 3;
}

/**
 * Validates an interchange as it streams in (file, HTTP body, SFTP upload): envelope findings from
 * the streaming reader, structure per message as each message completes. Memory holds the open
 * message, and one small result per message unless `onMessage` takes them.
 */
export async function validateStream(source: Readable | AsyncIterable<Buffer>, options: ValidationOptions = {}): Promise<StreamValidation> {
  const validator = structureValidator(options.catalogue);
  const messages: MessageValidation[] = [];
  const totals = { errors: 0, warnings: 0 };
  let head: Buffer | undefined = Buffer.alloc(0);
  let syntaxVersion: number | undefined;
  async function* tap(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      if (head !== undefined) {
        head = Buffer.concat([head, buf.subarray(0, 1024)]);
        syntaxVersion = sniffSyntaxVersion(head);
        if (syntaxVersion !== undefined || head.length >= 1024) head = undefined;
      }
      yield buf;
    }
  }
  const envelopeOptions = { ...(options.severity ? { severity: options.severity } : {}), ...options.envelope, collectMessages: true, separators: true };
  const r = await readEdifactStream(tap(), envelopeOptions, ({ record, segments }) => {
    const m = checkMessage(validator, {
      index: record.index,
      ref: record.ref,
      id: record.id,
      type: record.id.type,
      directory: directoryOf(record.id.version, record.id.release),
      decimal: record.unh.source?.chars.decimal ?? FULL_STOP,
      // No UNB: the reader then works as version 3 too.
      syntaxVersion: syntaxVersion ?? 3,
    }, segments, record.unt !== undefined, { errors: record.errors, warnings: record.warnings }, options);
    const own = count(m.issues);
    totals.errors += own.errors;
    totals.warnings += own.warnings;
    if (options.onMessage) options.onMessage(m);
    else messages.push(m);
  });
  const envelope = count(r.issues);
  return {
    header: r.header,
    envelope: r.issues,
    messages,
    segmentCount: r.segmentCount,
    messageCount: r.messageCount,
    bytes: r.bytes,
    errors: envelope.errors + totals.errors,
    warnings: envelope.warnings + totals.warnings,
  };
}

/** Every finding of a validation, envelope first, for CONTRL (`buildContrl(ic, allIssues(v), …)`) and logs. */
export function allIssues(v: InterchangeValidation): Issue[] {
  const out = [...v.envelope];
  for (const m of v.messages) out.push(...m.issues);
  return out;
}

