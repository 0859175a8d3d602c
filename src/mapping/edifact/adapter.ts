/**
 * EDIFACT ⇄ canonical documents: one document per message. A CODECO with twenty containers is one
 * gate report with twenty equipment entries, not twenty documents: the message's BGM 1004 and 1225
 * are the document's id and function, so a replace or cancel of the message supersedes exactly the
 * document it was mapped to (see docs/mapping.md, "One document per message").
 */
import { isGatewayError, makeIssue, type Issue } from '../../errors/index.js';
import { buildInterchange, EdifactStreamReader, toBytes, type InterchangeHeader, type MessageInput, type PartyInput, type Segment } from '../../syntax/edifact/index.js';
import type { Interchange } from '../../syntax/edifact/tree.js';
import { firstUnencodable } from '../../syntax/edifact/charsets.js';
import { charsetFor } from '../../syntax/edifact/context.js';
import { serializeInterchange } from '../../syntax/edifact/serialize.js';
import { DEFAULT_TIME_ZONE, envelopeDateTime, envelopeParts } from '../dates.js';
import { readPlan, writePlan } from '../engine.js';
import { isObj, type Obj } from '../paths.js';
import type { ResolvedSpec } from '../compile.js';
import type { MappingRegistry } from '../registry.js';
import { Consumed, IssueSink } from '../state.js';
import { forgetCut, GroupBuilder } from './dialect.js';
import { groupTree } from './structure.js';

export interface MappedDocument {
  readonly document: Obj;
  /** Findings of this message's mapping (warnings for data not carried, errors for bad values). */
  readonly issues: Issue[];
  readonly source: { readonly messageIndex: number; readonly messageRef: string; readonly messageType: string; readonly directory: string; readonly mapping: string };
}

export interface EdifactReadOptions {
  /** The partner's time zone for DTM values without offset (default Asia/Shanghai). */
  readonly timeZone?: string;
  /** Partner-level character set that replaces the syntax identifier's (GB18030). */
  readonly charset?: 'GB18030';
  /** Only map to this document type. */
  readonly documentType?: string;
  readonly maxIssuesPerCode?: number;
}

export interface EdifactReadResult {
  readonly documents: MappedDocument[];
  /** Interchange-level findings: syntax, and messages no mapping converts. */
  readonly issues: Issue[];
  readonly header: InterchangeHeader | undefined;
  readonly syntax: { readonly id: string; readonly version: number };
}

interface Envelope {
  readonly sender?: string;
  readonly recipient?: string;
  readonly preparedAt?: string;
  readonly controlRef?: string;
  readonly messageRef: string;
}

/** Replaces `$envelope.x` strings in a default; undefined when a value it needs is missing. */
function substitute(value: unknown, env: Envelope): unknown {
  if (typeof value === 'string' && value.startsWith('$envelope.')) return env[value.slice(10) as keyof Envelope];
  if (Array.isArray(value)) {
    const out = value.map((v) => substitute(v, env));
    return out.some((v) => v === undefined) ? undefined : out;
  }
  if (isObj(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      const s = substitute(v, env);
      if (s === undefined) return undefined;
      out[k] = s;
    }
    return out;
  }
  return value;
}

const HEADER_ORDER = ['documentType', 'documentId', 'function', 'issuedAt', 'sender', 'recipients'] as const;

/** The message fields the mapping uses: the streaming reader's record, or a parsed interchange's message. */
interface MessageHead {
  readonly index: number;
  readonly ref: string;
  readonly id: { readonly type: string; readonly version: string; readonly release: string };
}

/** One message read, before the envelope (known at the end of the interchange) completes it. */
interface Pending {
  readonly doc: Obj;
  readonly sink: IssueSink;
  readonly resolved: ResolvedSpec;
  readonly record: MessageHead;
  readonly type: string;
  readonly directory: string;
}

/**
 * Maps one message's body (UNH and UNT left out, segments numbered in the message) into `pending`;
 * a message no spec reads becomes a finding in `issues`.
 */
function mapMessage(record: MessageHead, body: readonly Segment[], registry: MappingRegistry, options: EdifactReadOptions, tz: string, issues: Issue[], pending: Pending[]): void {
  const type = record.id.type;
  const directory = `${record.id.version}${record.id.release}`.toUpperCase();
  const specs = registry.forMessage(type, directory, options.documentType);
  if (specs.length === 0) {
    const any = registry.specs.filter((s) => s.spec.message === type).map((s) => `${s.spec.id} (${(s.spec.directories ?? []).join(', ')})`);
    issues.push(makeIssue('GW_ERR_MAPPING_NOT_FOUND', `message ${record.index} (${record.ref}) is ${type} ${directory}${options.documentType ? ` and ${options.documentType} was asked for` : ''}: no mapping converts it${any.length ? `; mappings for ${type}: ${any.join(', ')}` : ''}`, { messageRef: record.ref, messageIndex: record.index }));
    return;
  }
  const resolved = specs[0];
  const p = registry.edifact(resolved, directory);
  const sink = new IssueSink(options.maxIssuesPerCode);
  p.dialect.current = record;
  p.dialect.stray.clear();
  p.dialect.tree = groupTree(body, p.level, p.dialect.stray);
  const doc: Obj = {};
  for (const k of HEADER_ORDER) doc[k] = undefined;
  doc.documentType = resolved.spec.document;
  readPlan(p.plan, p.dialect.tree, { tz, sink, dialect: p.dialect }, doc);
  p.dialect.current = undefined;
  p.dialect.tree = undefined;
  forgetCut();
  pending.push({ doc, sink, resolved, record, type, directory });
}

/** Completes the documents read with what the envelope says (defaults such as the sender, and `origin`). */
function finishDocuments(pending: readonly Pending[], h: InterchangeHeader | undefined, tz: string): MappedDocument[] {
  const sentAt = h ? envelopeDateTime(h.date, h.time, tz) : undefined;
  return pending.map(({ doc, sink, resolved, record, type, directory }): MappedDocument => {
    const env: Envelope = { sender: h?.sender.id || undefined, recipient: h?.recipient.id || undefined, preparedAt: sentAt, controlRef: h?.controlRef || undefined, messageRef: record.ref };
    for (const path in resolved.defaults) {
      if (doc[path] !== undefined) continue;
      const v = substitute(resolved.defaults[path], env);
      if (v !== undefined) doc[path] = v;
    }
    const origin: Obj = { format: 'EDIFACT', messageType: type, messageVersion: directory };
    if (h?.controlRef) origin.interchangeReference = h.controlRef;
    if (record.ref) origin.messageReference = record.ref;
    if (h?.sender.id) origin.senderId = h.sender.id;
    if (h?.recipient.id) origin.recipientId = h.recipient.id;
    if (sentAt) origin.sentAt = sentAt;
    doc.origin = origin;
    if (h?.test) doc.test = true;
    // The fields in the order they were set, without the header slots nothing filled.
    const clean: Obj = {};
    for (const k in doc) if (doc[k] !== undefined) clean[k] = doc[k];
    return { document: clean, issues: sink.finish(), source: { messageIndex: record.index, messageRef: record.ref, messageType: type, directory, mapping: resolved.spec.id } };
  });
}

/**
 * Reads an interchange into one canonical document per message. Messages are mapped as the
 * streaming reader completes them, so each message's segments can be freed once its document is
 * made: a 5,000-container interchange never holds all its parsed segments at once.
 */
export function readEdifact(input: string | Uint8Array, registry: MappingRegistry, options: EdifactReadOptions = {}): EdifactReadResult {
  const tz = options.timeZone ?? DEFAULT_TIME_ZONE;
  const issues: Issue[] = [];
  const pending: Pending[] = [];
  const reader = new EdifactStreamReader({ collectMessages: true, ...(options.charset ? { charset: options.charset } : {}) }, ({ record, segments }) => {
    segments.forEach((seg, k) => { seg.indexInMessage = k + 1; });
    const closed = record.unt !== undefined;
    mapMessage(record, segments.slice(1, closed ? -1 : undefined), registry, options, tz, issues, pending);
  });
  reader.push(toBytes(input, options.charset));
  const result = reader.end();
  issues.unshift(...result.issues);
  const h = result.header;
  const documents = finishDocuments(pending, h, tz);
  const syntax = h ? { id: h.syntaxId, version: h.syntaxVersion } : { id: 'UNOA', version: 3 };
  return { documents, issues, header: h, syntax };
}

/**
 * Like readEdifact, for an interchange the caller has parsed already (the pipeline parses and
 * validates first): its segments are read from the parsed tree instead of parsing the bytes again.
 * `issues` holds the parser's findings and the messages no mapping converts.
 */
export function readEdifactInterchange(ic: Interchange, registry: MappingRegistry, options: Omit<EdifactReadOptions, 'charset'> = {}): EdifactReadResult {
  const tz = options.timeZone ?? DEFAULT_TIME_ZONE;
  const issues: Issue[] = [...ic.issues];
  const pending: Pending[] = [];
  for (const m of ic.messages) {
    const last = m.closed ? m.segmentCount - 1 : m.segmentCount;
    const body: Segment[] = [];
    // Message.segment numbers each segment in its message (UNH = 1), as the reader above does.
    for (let k = 2; k <= last; k++) body.push(m.segment(k));
    mapMessage(m, body, registry, options, tz, issues, pending);
  }
  const h = ic.header;
  const documents = finishDocuments(pending, h, tz);
  const syntax = h ? { id: h.syntaxId, version: h.syntaxVersion } : { id: 'UNOA', version: 3 };
  return { documents, issues, header: h, syntax };
}

export interface EdifactWriteOptions {
  /** Message type to write (when a document type has several, e.g. IFTMCS or IFTMIN). */
  readonly message?: string;
  readonly directory?: string;
  /** Syntax identifier: UNOW (default, syntax 4), UNOY, UNOC, UNOA … */
  readonly syntaxId?: string;
  readonly syntaxVersion?: number;
  /** Partner-level character set (GB18030) replacing the identifier's. */
  readonly charset?: 'GB18030';
  readonly timeZone?: string;
  readonly sender?: PartyInput;
  readonly recipient?: PartyInput;
  readonly controlRef?: string;
  /** Preparation time (ISO 8601); default the first document's issuedAt, else now. */
  readonly preparedAt?: string;
  readonly test?: boolean;
  /** UNB 0031 = 1: the recipient is asked for a CONTRL. */
  readonly ackRequested?: boolean;
  /** One segment per line. */
  readonly newlines?: boolean;
  readonly maxIssuesPerCode?: number;
}

export interface EdifactWriteResult {
  /** Undefined when an error prevents writing (the findings say why). */
  readonly output: Buffer | undefined;
  readonly issues: Issue[];
}

function partnerId(party: unknown): string | undefined {
  if (!isObj(party) || !Array.isArray(party.identifiers)) return undefined;
  const id = (party.identifiers as unknown[]).find((i) => isObj(i) && i.scheme === 'partner');
  return isObj(id) && typeof id.id === 'string' ? id.id : undefined;
}

/** A party the reader made from the envelope alone; the envelope writes it back, not a NAD. */
function isEnvelopeParty(party: unknown, id: string, role: string): boolean {
  if (!isObj(party)) return false;
  const keys = Object.keys(party).filter((k) => party[k] !== undefined);
  const ids = party.identifiers as unknown[];
  return keys.length === 2 && Array.isArray(party.roles) && party.roles.length === 1 && party.roles[0] === role &&
    Array.isArray(ids) && ids.length === 1 && isObj(ids[0]) && ids[0].id === id && ids[0].scheme === 'partner' && Object.keys(ids[0]).length === 2;
}

function newControlRef(): string {
  return String(Date.now()).slice(-10);
}

export function writeEdifact(docs: readonly Obj[], registry: MappingRegistry, options: EdifactWriteOptions = {}): EdifactWriteResult {
  const tz = options.timeZone ?? DEFAULT_TIME_ZONE;
  const sink = new IssueSink(options.maxIssuesPerCode);
  const syntaxId = options.syntaxId ?? 'UNOW';
  const syntaxVersion = syntaxId === 'UNOW' || syntaxId === 'UNOY' ? Math.max(4, options.syntaxVersion ?? 4) : (options.syntaxVersion ?? 3);
  const first = docs[0] as Obj | undefined;
  const origin = isObj(first?.origin) ? first.origin : {};
  const senderId = options.sender?.id ?? partnerId(first?.sender) ?? (typeof origin.senderId === 'string' ? origin.senderId : undefined);
  const recipientId = options.recipient?.id ?? partnerId(Array.isArray(first?.recipients) ? first.recipients[0] : undefined) ?? (typeof origin.recipientId === 'string' ? origin.recipientId : undefined);
  if (!senderId || !recipientId) {
    sink.add('GW_ERR_MAPPING_UNMAPPED_FIELD', `the interchange needs a sender and a recipient (UNB): give them, or a sender and recipient identifier with scheme "partner"; missing ${!senderId ? 'sender' : 'recipient'}`, { path: !senderId ? '/sender' : '/recipients' }, 'error');
    return { output: undefined, issues: sink.finish() };
  }
  const preparedIso = options.preparedAt ?? (typeof first?.issuedAt === 'string' && first.issuedAt.includes('T') ? first.issuedAt : undefined) ?? new Date().toISOString();
  const prepared = envelopeParts(preparedIso, tz, syntaxVersion);
  if (!prepared) {
    sink.add('GW_ERR_MAPPING_DATE_INVALID', `preparation time "${preparedIso}" is not an ISO 8601 date-time`, undefined, 'error');
    return { output: undefined, issues: sink.finish() };
  }
  const messages: MessageInput[] = [];
  const built: { msg: MessageInput; builders: GroupBuilder }[] = [];
  // Message references as received, when every document has its own; otherwise 1, 2, 3 …
  const refs = docs.map((d) => (isObj(d.origin) && typeof d.origin.messageReference === 'string' ? d.origin.messageReference : undefined));
  const keepRefs = refs.every((r) => r !== undefined) && new Set(refs).size === refs.length;
  docs.forEach((doc, n) => {
    const type = typeof doc.documentType === 'string' ? doc.documentType : '';
    const specs = registry.forDocument(type, options.message, options.directory, doc);
    if (specs.length === 0) {
      sink.add('GW_ERR_MAPPING_NOT_FOUND', `document ${n + 1} (${type || 'no documentType'}): no mapping writes it as EDIFACT${options.message ? ` ${options.message}` : ''}${options.directory ? ` ${options.directory}` : ''}`, { path: `/${n}` }, 'error');
      return;
    }
    // Without instructions, write the message and directory the document came in as, when a spec serves them.
    const from = isObj(doc.origin) && doc.origin.format === 'EDIFACT' ? doc.origin : undefined;
    const resolved = specs.find((s) => s.spec.message === from?.messageType && (s.spec.directories ?? []).includes(String(from.messageVersion)))
      ?? specs.find((s) => s.spec.message === from?.messageType) ?? specs[0];
    const directories = resolved.spec.directories!;
    const directory = options.directory ?? (resolved.spec.message === from?.messageType && directories.includes(String(from.messageVersion)) ? String(from.messageVersion) : directories[0]);
    const p = registry.edifact(resolved, directory);
    // Shallow copy: what the envelope carries is removed here, so it is neither written as a segment nor reported.
    const work: Obj = { ...doc };
    delete work.documentType;
    delete work.origin;
    if (isEnvelopeParty(work.sender, senderId, 'messageSender')) delete work.sender;
    if (Array.isArray(work.recipients) && work.recipients.length === 1 && isEnvelopeParty(work.recipients[0], recipientId, 'messageRecipient')) delete work.recipients;
    if (typeof work.test === 'boolean') delete work.test;
    const used = new Consumed();
    const out = new GroupBuilder('', '');
    const docSink = new IssueSink(options.maxIssuesPerCode);
    writePlan(p.plan, work, out, { dialect: p.dialect, root: work, tz, sink: docSink, used, hyphenatedPeriod: directory < 'D97A', complete: (b) => p.dialect.complete(b) });
    if (typeof work.issuedAt === 'string' && !used.has(work, 'issuedAt')) {
      const parts = envelopeParts(work.issuedAt, tz, syntaxVersion);
      if (parts && parts.date === prepared.date && parts.time === prepared.time) used.mark(work, 'issuedAt');
    }
    for (const ptr of used.unused(work, new Set())) {
      docSink.add('GW_ERR_MAPPING_UNMAPPED_FIELD', `${ptr}: ${resolved.spec.message} ${directory} has no place for it in this mapping (${resolved.spec.id}); not sent`, { path: ptr });
    }
    for (const i of docSink.finish()) sink.push(docs.length > 1 && i.location?.path !== undefined ? { ...i, location: { ...i.location, path: `/${n}${i.location.path}` } } : i);
    const [version, release] = [directory.slice(0, 1), directory.slice(1)];
    const ref = keepRefs ? refs[n] : String(n + 1);
    const msg: MessageInput = { ref, id: { type: resolved.spec.message, version, release, agency: 'UN' }, segments: out.segments.map((s) => s.input()) };
    messages.push(msg);
    built.push({ msg, builders: out });
  });
  if (sink.hasErrors) return { output: undefined, issues: sink.finish() };

  const charset = charsetFor(syntaxId, options.charset);
  if (charset.encoding !== 'utf8' && charset.encoding !== 'gb18030') {
    // The serializer refuses the first value the character set cannot carry, naming segment and
    // element; checking every value here names each one by its canonical field.
    for (const { msg, builders } of built) {
      builders.segments.forEach((b, k) => {
        b.values.forEach((comps, e) => {
          comps.forEach((value, c) => {
            if (value === undefined) return;
            const bad = firstUnencodable(value, charset.id);
            if (bad === -1) return;
            const path = b.origins[e]?.[c] ?? '';
            const where = `${b.tag} element ${e + 1} component ${c + 1}, message ${msg.ref} segment ${k + 2}`;
            sink.add('GW_ERR_MAPPING_VALUE_NOT_REPRESENTABLE', `${path || b.tag}: cannot be sent to this partner: "${Array.from(value.slice(bad))[0]}" cannot be written in ${charset.id} (${charset.description}); ${where}`, { path, tag: b.tag, element: e + 1, component: c + 1, segmentInMessage: k + 2 });
          });
        });
      });
    }
    if (sink.hasErrors) return { output: undefined, issues: sink.finish() };
  }
  const test = options.test ?? docs.some((d) => d.test === true);
  const ic = buildInterchange({
    syntaxId, syntaxVersion,
    sender: options.sender ?? { id: senderId }, recipient: options.recipient ?? { id: recipientId },
    preparedAt: prepared, controlRef: options.controlRef ?? newControlRef(), test, messages,
    ...(options.ackRequested === true ? { ackRequested: true } : {}),
    ...(options.charset ? { charset: options.charset } : {}),
  });
  try {
    return { output: serializeInterchange(ic, { newlines: options.newlines ?? true }), issues: sink.finish() };
  } catch (err) {
    // Safety net: the serializer found a value the check above let through (a service character
    // without a release character, say); its text names the segment and element.
    if (!isGatewayError(err)) throw err;
    sink.add('GW_ERR_MAPPING_VALUE_NOT_REPRESENTABLE', err.message, undefined, 'error');
    return { output: undefined, issues: sink.finish() };
  }
}
