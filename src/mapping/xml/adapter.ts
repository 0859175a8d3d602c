/**
 * China customs manifest XML ⇄ canonical documents. Reading goes through the safe reader of the
 * syntax layer (parseCustomsXml: hostile XML never reaches the mapping), then the spec of the
 * message type maps `Declaration`, and head.ts the `Head`. Writing maps the document into a
 * `Declaration` with the plan of the variant its function selects, checks it against that
 * variant's schema, and the syntax layer writes it (buildCustomsXml / encodeCustomsXml).
 *
 * One message is one document, except an MT9999 receipt: it acknowledges the message answered
 * (Acknowledgement) and carries customs' verdict per bill and container (CustomsNotice), and a value
 * is reported as not carried only when neither document carries it. See docs/mapping-xml.md.
 */
import { GatewayError, makeIssue, type Issue } from '../../errors/index.js';
import {
  encodeCustomsXml, messageSchema, parseCustomsXml, variantFor,
  type CustomsHead, type CustomsMessage, type CustomsParseOptions, type MessageType, type MftWrapper, type XmlElement,
} from '../../syntax/xml/index.js';
import { sequenceOf } from '../../syntax/xml/schema.js';
import { checkElement } from '../../syntax/xml/structure.js';
import { DEFAULT_TIME_ZONE } from '../dates.js';
import { readPlan, writePlan } from '../engine.js';
import type { MappedDocument } from '../edifact/adapter.js';
import { isObj, type Obj } from '../paths.js';
import type { ResolvedSpec } from '../compile.js';
import type { MappingRegistry } from '../registry.js';
import { Consumed, IssueSink } from '../state.js';
import { checkMessageSizeTypes, checkSizeTypes, consumeTalliedEquipment, indexTalliedEquipment } from './checks.js';
import { XNode } from './dialect.js';
import { fieldHints, hintFor } from './hints.js';
import { functionCodeFor, headFields, isEnvelopeParty, isoToSendTime, messageIdProblem, originOf, partnerIdOf } from './head.js';
import { xmlPlan, xmlSpecForDocument, xmlSpecsForMessage } from './plans.js';

export interface CustomsReadOptions extends Omit<CustomsParseOptions, 'checkStructure'> {
  /** The partner's time zone for dates without offset (LoadingDate, ArrivalDateTime …); default Asia/Shanghai. */
  readonly timeZone?: string;
  /** Only map to this document type (MT9999 maps to Acknowledgement and CustomsNotice). */
  readonly documentType?: string;
  readonly maxIssuesPerCode?: number;
}

export interface CustomsReadResult {
  readonly documents: MappedDocument[];
  /** Findings of the message as a whole: reading, structure, no mapping, values no document carries. */
  readonly issues: Issue[];
  /** The message as read (absent when the input could not be read as a customs message). */
  readonly message?: CustomsMessage;
}

export interface CustomsWriteOptions {
  /** The customs message type to write (MT1101 …); by default the one the document fits. */
  readonly message?: string;
  /** Head/MessageID: the caller's unique reference (the pipeline's durable counter); default the documentId. */
  readonly messageId?: string;
  /** Head/SenderID from the partner settings; default the sender's partner (or customs) identifier. */
  readonly senderId?: string;
  /** Head/ReceiverID from the partner settings; default the first recipient's partner identifier. */
  readonly receiverId?: string;
  /** Head/SendTime; default the document's issuedAt. */
  readonly sendTime?: Date;
  /** Head/Version; default the spec's version. */
  readonly version?: string;
  readonly timeZone?: string;
  /** Partner-level character set: GB18030 output (declaration included). */
  readonly encoding?: 'utf-8' | 'gb18030';
  /** Write the port platform wrapper (MFTMessage) with this head. */
  readonly wrapper?: MftWrapper;
  readonly maxIssuesPerCode?: number;
}

export interface CustomsWriteResult {
  /** The encoded message; absent when an error finding stops it. */
  readonly output?: Buffer;
  readonly message?: CustomsMessage;
  readonly issues: Issue[];
  /** The spec used. */
  readonly mapping?: string;
}

const HEADER_ORDER = ['documentType', 'documentId', 'function', 'declarationStage', 'issuedAt', 'sender', 'recipients'] as const;
const UNMAPPED: ReadonlySet<string> = new Set(['GW_ERR_MAPPING_UNMAPPED_ELEMENT', 'GW_ERR_MAPPING_UNMAPPED_SEGMENT']);

function basePath(message: CustomsMessage): string {
  return message.wrapper?.dataForm === 'elements' ? '/MFTMessage/MFTData/Manifest' : '/Manifest';
}

function withoutUndefined(doc: Obj): Obj {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));
}

function mapMessage(message: CustomsMessage, registry: MappingRegistry, spec: ResolvedSpec, tz: string, maxIssuesPerCode: number | undefined): MappedDocument {
  const p = xmlPlan(registry, spec);
  const sink = new IssueSink(maxIssuesPerCode);
  const base = basePath(message);
  const root = new XNode('Declaration', message.declaration, `${base}/Declaration`, p.dialect.root().shape);
  const doc: Obj = {};
  for (const k of HEADER_ORDER) doc[k] = undefined;
  doc.documentType = spec.spec.document;
  readPlan(p.plan, root, { tz, sink, dialect: p.dialect }, doc);
  // Declaration's own children without a rule: nobody's values.
  for (const u of p.dialect.uncovered(root, new Set())) {
    sink.add('GW_ERR_MAPPING_UNMAPPED_ELEMENT', `${u.location.path ?? ''}: "${u.value}" is not covered by the mapping and is not in the document`, u.location);
  }
  Object.assign(doc, withoutUndefined(headFields(message.head, spec.spec.document)));
  for (const [path, value] of Object.entries(spec.defaults)) {
    if (doc[path] === undefined) doc[path] = structuredClone(value);
  }
  if (spec.spec.document === 'TallyReport') indexTalliedEquipment(doc);
  checkMessageSizeTypes(message.declaration, `${base}/Declaration`, sink, message.type);
  doc.origin = originOf(message.head, message.type);
  return {
    document: withoutUndefined(doc),
    issues: sink.finish(),
    source: { messageIndex: 1, messageRef: message.head.MessageID, messageType: message.type, directory: message.head.Version, mapping: spec.spec.id },
  };
}

/**
 * Reads customs XML (bytes as received, or text) into canonical documents. Never throws on bad input:
 * a refusal of the safe reader is in `issues` and no document is made.
 */
export function readCustomsXml(input: Buffer | string, registry: MappingRegistry, options: CustomsReadOptions = {}): CustomsReadResult {
  const { timeZone, documentType, maxIssuesPerCode, ...parseOptions } = options;
  const parsed = parseCustomsXml(input, parseOptions);
  const issues: Issue[] = [...parsed.issues];
  const message = parsed.message;
  if (!message) return { documents: [], issues };
  if (message.wrapper) {
    const fields = Object.entries(message.wrapper.head).filter(([, v]) => v !== undefined && v !== '').map(([k]) => k);
    if (fields.length > 0) {
      issues.push(makeIssue('GW_ERR_MAPPING_UNMAPPED_ELEMENT', `MFTHead (${fields.join(', ')}) is the port platform's envelope; it is not in the canonical document`, { path: '/MFTMessage/MFTHead' }));
    }
  }
  const idProblem = messageIdProblem(message.head);
  if (idProblem !== undefined) issues.push(makeIssue('GW_ERR_MAPPING_XML_MESSAGE_ID_INCONSISTENT', `${idProblem}; it is kept as the document id`, { path: `${basePath(message)}/Head/MessageID` }));
  const specs = xmlSpecsForMessage(registry, message.type, documentType);
  if (specs.length === 0) {
    issues.push(makeIssue('GW_ERR_MAPPING_NOT_FOUND', `${message.type}${documentType ? ` into ${documentType}` : ''}: no mapping converts it`, { path: basePath(message) }));
    return { documents: [], issues, message };
  }
  const tz = timeZone ?? DEFAULT_TIME_ZONE;
  const documents = specs.map((s) => mapMessage(message, registry, s, tz, maxIssuesPerCode));
  if (documents.length === 1) return { documents, issues, message };
  // Several documents from one message: a value is not carried only when no document carries it.
  const key = (i: Issue): string => `${i.code}|${i.location?.path ?? ''}|${i.text}`;
  const counts = new Map<string, number>();
  for (const d of documents) for (const i of d.issues) if (UNMAPPED.has(i.code)) counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
  const reported = new Set<string>();
  for (const d of documents) {
    for (const i of d.issues) {
      if (UNMAPPED.has(i.code) && counts.get(key(i)) === documents.length && !reported.has(key(i))) {
        reported.add(key(i));
        issues.push(i);
      }
    }
  }
  const kept = documents.map((d) => ({ ...d, issues: d.issues.filter((i) => !UNMAPPED.has(i.code)) }));
  return { documents: kept, issues, message };
}

function fail(sink: IssueSink, code: Parameters<IssueSink['add']>[0], text: string, path?: string): CustomsWriteResult {
  sink.add(code, text, path === undefined ? undefined : { path }, 'error');
  return { issues: sink.finish() };
}

const hintCache = new WeakMap<ResolvedSpec, ReadonlyMap<string, readonly string[]>>();

function hints(spec: ResolvedSpec): ReadonlyMap<string, readonly string[]> {
  let h = hintCache.get(spec);
  if (!h) {
    h = fieldHints(spec);
    hintCache.set(spec, h);
  }
  return h;
}

/** Structure findings of the built Declaration against its variant, as mapping findings. */
function checkBuilt(declaration: XmlElement, spec: ResolvedSpec, type: MessageType, functionCode: string, sink: IssueSink): void {
  const variant = variantFor(messageSchema(type), functionCode);
  if (!variant) return;
  const declType = sequenceOf(variant, variant.root).find((d) => d.name === 'Declaration')?.type;
  if (declType === undefined) return;
  const found: Issue[] = [];
  checkElement(declaration, declType, variant, '/Manifest/Declaration', found);
  for (const i of found) {
    // Seal numbers and amounts are written as text, as customs practice has it (docs/customs-xml.md).
    if (i.code === 'GW_ERR_XML_TEXT_IN_EMPTY_ELEMENT') continue;
    if (i.code === 'GW_ERR_XML_ELEMENT_MISSING') {
      const path = i.location?.path ?? '';
      const hint = hintFor(hints(spec), path.replace(/^\/Manifest\/Declaration\//, '').replace(/\[\d+\]/g, ''));
      sink.add('GW_ERR_MAPPING_XML_REQUIRED_MISSING', `${path}: ${type} ${variant.name} (FunctionCode ${functionCode}) requires it, and the document gives no value for it${hint ? ` (${hint})` : ''}`, i.location);
    } else {
      sink.push(i);
    }
  }
}

/**
 * Writes a canonical document as customs XML. Never throws on bad documents: what cannot be
 * written is an error finding (and no output), what the message has no place for a warning.
 */
export function writeCustomsXml(doc: unknown, registry: MappingRegistry, options: CustomsWriteOptions = {}): CustomsWriteResult {
  const sink = new IssueSink(options.maxIssuesPerCode);
  if (!isObj(doc)) return fail(sink, 'GW_ERR_MAPPING_INPUT_INVALID', 'the document is not a JSON object');
  const choice = xmlSpecForDocument(registry, doc, options.message);
  if (!choice.spec) return fail(sink, 'GW_ERR_MAPPING_NOT_FOUND', choice.reason ?? 'no mapping', '/documentType');
  const spec = choice.spec;
  const type = spec.spec.message as MessageType;
  const fn = typeof doc.function === 'string' ? doc.function : 'original';
  const stage = typeof doc.declarationStage === 'string' ? doc.declarationStage : undefined;
  const functionCode = functionCodeFor(type, fn, stage);
  if (functionCode === undefined) {
    return fail(sink, 'GW_ERR_MAPPING_XML_FUNCTION_UNSUPPORTED', `/function: ${type} has no FunctionCode for ${fn}${stage ? ` (${stage} declaration)` : ''} (it defines ${Object.keys(messageSchema(type).functionCodes).join(', ')})`, '/function');
  }
  const variant = variantFor(messageSchema(type), functionCode)!;
  const p = xmlPlan(registry, spec, variant);

  // Head: what the envelope carries leaves the work copy, so it is neither mapped nor reported.
  // originalDocumentCode is the source format's code, kept for round trips in that format; the
  // customs message says the same by its type.
  const { documentType: _type, origin: _origin, function: _fn, declarationStage: _stage, originalDocumentCode: _code, documentId: _id, issuedAt: _issued, ...work } = doc;
  const messageId = options.messageId ?? (typeof doc.documentId === 'string' ? doc.documentId : undefined);
  const senderId = options.senderId ?? partnerIdOf(doc.sender);
  const receiverId = options.receiverId ?? (Array.isArray(doc.recipients) ? partnerIdOf(doc.recipients[0]) : undefined);
  if (senderId !== undefined && isEnvelopeParty(work.sender, senderId, 'messageSender')) delete work.sender;
  if (receiverId !== undefined && Array.isArray(work.recipients) && work.recipients.length === 1 && isEnvelopeParty(work.recipients[0], receiverId, 'messageRecipient')) delete work.recipients;
  const sendTime = options.sendTime !== undefined ? isoToSendTime(options.sendTime.toISOString()) : typeof doc.issuedAt === 'string' ? isoToSendTime(doc.issuedAt) : undefined;
  if (messageId === undefined || messageId === '') return fail(sink, 'GW_ERR_MAPPING_XML_HEAD_INCOMPLETE', 'Head/MessageID: no message reference was given and the document has no documentId', '/documentId');
  if (senderId === undefined) return fail(sink, 'GW_ERR_MAPPING_XML_HEAD_INCOMPLETE', 'Head/SenderID: the partner settings give no sender id and the document\'s sender has no partner or customs identifier', '/sender');
  if (receiverId === undefined) return fail(sink, 'GW_ERR_MAPPING_XML_HEAD_INCOMPLETE', 'Head/ReceiverID: the partner settings give no receiver id and the document\'s first recipient has no partner or customs identifier', '/recipients');
  if (sendTime === undefined) return fail(sink, 'GW_ERR_MAPPING_XML_HEAD_INCOMPLETE', `Head/SendTime: the document's issuedAt ${JSON.stringify(doc.issuedAt)} is not an ISO 8601 date-time`, '/issuedAt');
  if (work.test === true) {
    sink.add('GW_ERR_MAPPING_UNMAPPED_FIELD', `/test: ${type} has no test indicator; the message does not say that it is test traffic`, { path: '/test' });
    delete work.test;
  }
  const head: CustomsHead = { MessageID: messageId, FunctionCode: functionCode, MessageType: type, SenderID: senderId, ReceiverID: receiverId, SendTime: sendTime, Version: options.version ?? spec.spec.version ?? '1.0' };

  const used = new Consumed();
  // The values a spec's `if` tests (a Manifest's direction) are what the message type says.
  for (const [path, value] of Object.entries(spec.spec.if ?? {})) if (!path.includes('.') && !value.startsWith('!') && value !== '*') used.mark(work, path.replace(/^\//, ''));
  if (spec.spec.document === 'TallyReport') consumeTalliedEquipment(work, used);
  const tz = options.timeZone ?? DEFAULT_TIME_ZONE;
  p.dialect.sink = sink;
  const rootBuilder = p.dialect.create(p.dialect.root());
  try {
    writePlan(p.plan, work, rootBuilder, { dialect: p.dialect, root: work, tz, sink, used, hyphenatedPeriod: false });
  } finally {
    p.dialect.sink = undefined;
  }
  for (const ptr of used.unused(work, new Set())) {
    sink.add('GW_ERR_MAPPING_UNMAPPED_FIELD', `${ptr}: ${type} ${variant.name} (FunctionCode ${functionCode}) has no place for it in this mapping (${spec.spec.id}); not sent`, { path: ptr });
  }
  checkSizeTypes(work, sink, type);
  const built = p.dialect.finish(rootBuilder);
  const declaration: XmlElement = typeof built === 'string' ? {} : built;
  checkBuilt(declaration, spec, type, functionCode, sink);
  const message: CustomsMessage = { type, head, declaration };
  if (options.wrapper) message.wrapper = options.wrapper;
  if (sink.hasErrors) return { message, issues: sink.finish(), mapping: spec.spec.id };
  try {
    return { output: encodeCustomsXml(message, options.encoding ?? 'utf-8'), message, issues: sink.finish(), mapping: spec.spec.id };
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    sink.add(err.code, err.message, undefined, 'error');
    return { message, issues: sink.finish(), mapping: spec.spec.id };
  }
}
