/**
 * The ingest worker's work on one stored message: claim it, then detect → parse → validate →
 * acknowledge → transform → route, and record everything in one `completeMessage` transaction.
 * Running it twice for one message (a job redone after a crash) changes nothing the first run
 * committed: the claim refuses final messages and the completion runs once.
 */
import type { Partner } from '../config/types.js';
import { makeIssue } from '../errors/gateway-error.js';
import { hasErrors, type Issue } from '../errors/issue.js';
import { messageLogger } from '../observability/logger.js';
import type { ClaimedMessage, CompleteInput, NewOutbound } from '../store/store.js';
import type { DeliverySummary, EnvelopeSummary, FinalStatus, MessageStatus, StoredMessage } from '../store/types.js';
import { acknowledgementKind, aperakFor, aperakWanted, contrlFor, contrlWanted, matchCustomsReceipt, matchInboundAck, receiptReference } from './acknowledge.js';
import { detectFormat } from './detect.js';
import { routeDocuments, type Routed } from './route.js';
import { customsXmlToDocuments, edifactToDocuments, type Transformed } from './transform.js';
import { timed, timedAsync, type PipelineDeps } from './types.js';
import { checkCustomsXml, checkEdifact, checkJson } from './validate.js';

export interface ProcessResult {
  readonly messageId: string;
  readonly status: MessageStatus;
  /** False when another run had already finished the message. */
  readonly completed: boolean;
  /** Every delivery of the message and of its acknowledgements. */
  readonly deliveries: readonly DeliverySummary[];
  /** Deliveries a replace or cancel withdrew (their queue jobs can go). */
  readonly withdrawn: readonly string[];
}

/**
 * Null when the message needs no processing (already final, duplicate, or unknown). `opened` is
 * the store's `openForProcessing` answer when the caller has read it already (a pipeline thread
 * gets the message with its work instead of asking the main thread's store for it).
 */
export async function processMessage(deps: PipelineDeps, messageId: string, opened?: { readonly claimed: ClaimedMessage | null; readonly at: Date }): Promise<ProcessResult | null> {
  // Read, not claimed: the completion below is the one write, and records when processing began.
  const startedAt = opened?.at ?? deps.now?.() ?? new Date();
  const claimed = opened !== undefined ? opened.claimed : await deps.store.openForProcessing(messageId);
  if (!claimed) return null;
  const { message, payload } = claimed;
  const log = messageLogger(deps.logger, messageId, { partner: message.partnerId, controlRef: message.envelope.controlRef });
  const partner = deps.directory.get(message.partnerId);
  let input: CompleteInput;
  if (!partner) {
    input = { status: 'failed', findings: [makeIssue('GW_ERR_PROCESSING_FAILED', `partner ${message.partnerId} is no longer in the configuration, so its message cannot be processed`)] };
  } else {
    const format = message.format === 'unknown' ? timed(deps, 'detect', () => detectFormat(undefined, payload)) : message.format;
    switch (format) {
      case 'edifact':
        input = await processEdifact(deps, message, payload, partner);
        break;
      case 'xml':
        input = await processXml(deps, message, payload, partner);
        break;
      case 'json':
        input = await processJson(deps, message, payload, partner);
        break;
      case 'unknown':
        input = { status: 'rejected', findings: [makeIssue('GW_ERR_FORMAT_UNKNOWN', 'the body is neither UN/EDIFACT (UNA/UNB), XML nor JSON; send it with its content type (application/EDIFACT, application/xml, application/json)')] };
        break;
    }
  }
  const outcome = await timedAsync(deps, 'complete', () => deps.store.completeMessage(messageId, { ...input, processingStartedAt: startedAt }));
  const findings = input.findings ?? [];
  log.info({ status: outcome.status, completed: outcome.completed, errors: findings.filter((f) => f.severity === 'error').length, documents: outcome.documents.length, deliveries: outcome.deliveries.length }, 'message processed');
  return { messageId, status: outcome.status, completed: outcome.completed, deliveries: outcome.deliveries, withdrawn: outcome.withdrawn };
}

function allowed(partner: Partner, kind: 'edifact' | 'customs-xml' | 'json'): boolean {
  const inbound = partner.formats.inbound;
  return inbound === undefined || inbound.some((f) => f.kind === kind);
}

function notAllowed(partner: Partner, what: string): CompleteInput {
  return { status: 'rejected', findings: [makeIssue('GW_ERR_FORMAT_NOT_ALLOWED', `partner ${partner.id} may not send ${what} (its formats.inbound setting)`)] };
}

/** Final status from what validation, mapping and routing found. */
function statusOf(findings: readonly Issue[], transformed: Transformed, routed: Routed, unitsRejected: boolean): FinalStatus {
  if (transformed.documents.length === 0 && (unitsRejected || hasErrors(findings))) return 'rejected';
  return routed.routedCount > 0 ? 'processed' : 'unrouted';
}

async function processEdifact(deps: PipelineDeps, message: StoredMessage, payload: Buffer, partner: Partner): Promise<CompleteInput> {
  if (!allowed(partner, 'edifact')) return notAllowed(partner, 'EDIFACT');
  const { interchange: ic, issues, profiles } = timed(deps, 'validate', () => checkEdifact(payload, partner, deps.directory, deps.validation));
  const h = ic.header;
  const envelope: EnvelopeSummary = {
    ...message.envelope,
    ...(h ? {
      senderId: h.sender.id, senderQualifier: h.sender.qualifier, recipientId: h.recipient.id, recipientQualifier: h.recipient.qualifier,
      controlRef: h.controlRef, testIndicator: h.test, ackRequested: h.ackRequested,
    } : {}),
    messageTypes: ic.messages.map((m) => m.type),
  };
  const ackKind = acknowledgementKind(ic);
  if (ackKind !== undefined && !hasErrors(issues)) {
    const matched = await timedAsync(deps, 'acknowledge', () => matchInboundAck(deps.store, message.id, partner, ic, ackKind));
    return { status: 'processed', findings: [...issues, ...matched.issues], envelope, eventData: { acknowledgement: ackKind, matched: matched.matched } };
  }

  const transformed = timed(deps, 'transform', () => edifactToDocuments(deps, payload, ic, issues, partner, message.id));
  const routed = await timedAsync(deps, 'route', () => routeDocuments(deps, transformed.documents, {
    messageId: message.id, senderId: partner.id, envelope, recipientKind: 'edifact', test: h?.test === true,
  }));
  const findings = [...issues, ...transformed.issues, ...routed.issues];
  const outbound: NewOutbound[] = [...routed.outbound];
  if (ackKind === undefined && contrlWanted(partner, h)) {
    const contrl = await timedAsync(deps, 'acknowledge', () => contrlFor(deps.store, deps.directory, ic, findings, partner, { deliver: true, now: deps.now?.() }));
    if (contrl) outbound.unshift(contrl.outbound);
  }
  if (ackKind === undefined && aperakWanted(partner, findings)) {
    const aperak = await timedAsync(deps, 'acknowledge', () => aperakFor(deps.store, deps.directory, ic, findings, partner, { now: deps.now?.() }));
    if (aperak) outbound.push(aperak);
  }
  const unitsRejected = ic.messages.length === 0 || ic.messages.every((m) => findings.some((i) => i.severity === 'error' && (i.location?.messageIndex === m.index || i.location?.messageIndex === undefined)));
  return {
    status: statusOf(findings, transformed, routed, unitsRejected),
    findings,
    envelope,
    documents: routed.documents,
    outbound,
    eventData: { profiles: Object.fromEntries(profiles) },
  };
}

async function processXml(deps: PipelineDeps, message: StoredMessage, payload: Buffer, partner: Partner): Promise<CompleteInput> {
  if (!allowed(partner, 'customs-xml')) return notAllowed(partner, 'customs XML');
  const { message: parsed, issues } = timed(deps, 'validate', () => checkCustomsXml(payload, partner));
  const head = parsed?.head;
  const envelope: EnvelopeSummary = {
    ...message.envelope,
    ...(head ? { senderId: head.SenderID, recipientId: head.ReceiverID, controlRef: head.MessageID } : {}),
    ...(parsed ? { messageTypes: [parsed.type] } : {}),
  };
  if (!parsed || hasErrors(issues)) return { status: 'rejected', findings: issues, envelope };
  // A customs receipt answers what the gateway sent: matched there, never answered; its documents
  // (the acknowledgement and customs' verdicts) are still routed like any other.
  const receipt = receiptReference(parsed);
  const matched = receipt === undefined ? undefined : await timedAsync(deps, 'acknowledge', () => matchCustomsReceipt(deps.store, message.id, partner, receipt));
  const transformed = timed(deps, 'transform', () => customsXmlToDocuments(deps, payload, parsed, partner, message.id));
  const routed = await timedAsync(deps, 'route', () => routeDocuments(deps, transformed.documents, {
    messageId: message.id, senderId: partner.id, envelope, recipientKind: 'customs', test: false,
  }));
  const findings = [...issues, ...(matched?.issues ?? []), ...transformed.issues, ...routed.issues];
  return {
    status: matched !== undefined && !hasErrors(findings) ? 'processed' : statusOf(findings, transformed, routed, false),
    findings,
    envelope,
    documents: routed.documents,
    outbound: routed.outbound,
    ...(matched !== undefined ? { eventData: { acknowledgement: 'MT9999', matched: matched.matched } } : {}),
  };
}

async function processJson(deps: PipelineDeps, message: StoredMessage, payload: Buffer, partner: Partner): Promise<CompleteInput> {
  if (!allowed(partner, 'json')) return notAllowed(partner, 'JSON documents');
  const checked = timed(deps, 'validate', () => checkJson(payload));
  const transformed: Transformed = { documents: [...checked.documents], issues: [] };
  const routed = await timedAsync(deps, 'route', () => routeDocuments(deps, checked.documents, {
    messageId: message.id, senderId: partner.id, envelope: message.envelope, recipientKind: 'none', test: false,
  }));
  const findings = [...checked.issues, ...routed.issues];
  return {
    status: statusOf(findings, transformed, routed, checked.documents.length === 0),
    findings,
    documents: routed.documents,
    outbound: routed.outbound,
    eventData: { documentsInBody: checked.count },
  };
}
