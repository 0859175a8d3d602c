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
import { forSyntaxVersion, MessageChecker, StructureValidator, type MessageContext } from './structure/index.js';
import type { InterchangeValidation, MessageHeader, MessageValidation, StreamValidation, ValidationOptions } from './types.js';

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
  const groups: (string | undefined)[] = [];
  if (passes.length === 0) {
    for (let i = 0; i < segments.length; i++) checker.feed(segments[i]);
  } else {
    for (let i = 0; i < segments.length; i++) groups.push(checker.feed(segments[i]));
  }
  const issues = checker.finish();
  const header: MessageHeader = { index: context.index, ref: context.ref, id: context.id, type: context.type, directory: context.directory };
  for (const pass of passes) {
    issues.push(...pass({ ...header, segments, closed, definition: checker.definition?.def, groups }));
  }
  const own = count(issues);
  const profile = profileName(options, header);
  return {
    ...header,
    ...(profile !== undefined ? { profile } : {}),
    segmentCount: segments.length,
    closed,
    inCatalogue: checker.definition !== undefined,
    issues,
    errors: own.errors + envelope.errors,
    warnings: own.warnings + envelope.warnings,
  };
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
 * Validates an interchange as it streams in (file, HTTP body, SFTP upload): envelope findings from
 * the streaming reader, structure per message as each message completes. Memory holds the open
 * message and one small result per message.
 */
export async function validateStream(source: Readable | AsyncIterable<Buffer>, options: ValidationOptions = {}): Promise<StreamValidation> {
  const validator = structureValidator(options.catalogue);
  const messages: MessageValidation[] = [];
  const envelopeOptions = { ...(options.severity ? { severity: options.severity } : {}), ...options.envelope, collectMessages: true };
  const r = await readEdifactStream(source, envelopeOptions, ({ record, segments }) => {
    messages.push(checkMessage(validator, {
      index: record.index,
      ref: record.ref,
      id: record.id,
      type: record.id.type,
      directory: directoryOf(record.id.version, record.id.release),
      decimal: record.unh.source?.chars.decimal ?? FULL_STOP,
      // The reader knows UNB's version but does not hand it to onMessage; resolved below.
      syntaxVersion: undefined,
    }, segments, record.unt !== undefined, { errors: record.errors, warnings: record.warnings }, options));
  });
  const version = r.header?.syntaxVersion ?? 3;
  const resolved = version >= 4 ? messages : messages.map((m) => ({ ...m, issues: m.issues.map((i) => forSyntaxVersion(i, version)) }));
  return { header: r.header, envelope: r.issues, messages: resolved, segmentCount: r.segmentCount, messageCount: r.messageCount, bytes: r.bytes, ...totals(r.issues, resolved) };
}

/** Every finding of a validation, envelope first, for CONTRL (`buildContrl(ic, allIssues(v), …)`) and logs. */
export function allIssues(v: InterchangeValidation): Issue[] {
  const out = [...v.envelope];
  for (const m of v.messages) out.push(...m.issues);
  return out;
}

