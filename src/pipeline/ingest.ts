/**
 * The door every inbound message comes through, whatever carried it (HTTP POST, SFTP upload, drop
 * folder): detect the format, read only the envelope header, check the sender, store the message
 * durably, and only then answer. Queueing happens after the answer and may fail (Redis down): the
 * message stays `received` and the recovery sweep queues it later, so nothing accepted is lost.
 *
 * Answers are plain data (status code and body) so every transport can use them: the HTTP API
 * sends them, the SFTP server turns a refusal into an `.errors.txt`.
 */
import type { Partner } from '../config/types.js';
import { makeIssue } from '../errors/gateway-error.js';
import type { Issue } from '../errors/issue.js';
import type { Logger } from '../observability/logger.js';
import type { PartnerDirectory } from '../routing/partner-directory.js';
import type { Store } from '../store/store.js';
import type { Channel, DeliverySummary, EnvelopeSummary, Format } from '../store/types.js';
import { parseInterchange } from '../syntax/edifact/parse.js';
import { contrlFor, contrlWanted } from './acknowledge.js';
import { DEFAULT_CONTENT_TYPE, detectFormat, formatOfContentType, readEnvelope } from './detect.js';

export interface IngestRequest {
  readonly partner: Partner;
  readonly channel: Channel;
  /** As the sender declared it; absent: sniffed. */
  readonly contentType?: string;
  readonly payload: Buffer;
  readonly idempotencyKey?: string;
  /** Facts for the `received` event (remote address, file name); never payload or secrets. */
  readonly eventData?: Record<string, unknown>;
}

export interface AcknowledgementView {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly text: string;
}

export interface IngestBody {
  readonly id?: string;
  readonly status?: string;
  readonly originalId?: string;
  readonly error?: { readonly code: string; readonly text: string };
  readonly findings?: readonly Issue[];
  readonly acknowledgements?: readonly AcknowledgementView[];
}

export type IngestAnswer =
  | { readonly kind: 'accepted'; readonly statusCode: 202; readonly messageId: string; readonly format: Format; readonly body: IngestBody }
  | { readonly kind: 'duplicate'; readonly statusCode: 409; readonly messageId: string; readonly format: Format; readonly body: IngestBody }
  | { readonly kind: 'replay'; readonly statusCode: number; readonly messageId: string; readonly body: IngestBody }
  /** Nothing was stored: the request itself is unacceptable. */
  | { readonly kind: 'refused'; readonly statusCode: number; readonly body: IngestBody };

export interface IngestDeps {
  readonly store: Store;
  readonly directory: PartnerDirectory;
  readonly logger: Logger;
  /** Queues a stored message for the ingest worker; never throws (failures leave it to the sweep). */
  readonly enqueue: (messageId: string) => void;
  /** Hands new deliveries (the CONTRL for a duplicate) to the deliver queue and mailbox listeners; never throws. */
  readonly dispatch: (deliveries: readonly DeliverySummary[]) => void;
  /** Told every answer, whatever door the message came through (metrics). */
  readonly onAnswer?: (answer: IngestAnswer, channel: Channel) => void;
}

/**
 * The content type kept with the payload: the sender's when it names the format found (or nothing
 * was recognised), else the format's own; a client's default (curl's form encoding) says nothing.
 */
function storedContentType(given: string | undefined, format: Format): string {
  if (given === undefined || given === '') return DEFAULT_CONTENT_TYPE[format];
  return format === 'unknown' || formatOfContentType(given) === format ? given : DEFAULT_CONTENT_TYPE[format];
}

function refused(statusCode: number, issue: Issue): IngestAnswer {
  return { kind: 'refused', statusCode, body: { error: { code: issue.code, text: issue.text }, findings: [issue] } };
}

/** The UNB (or customs Head) sender must be the authenticated partner: one partner cannot speak for another. */
export function senderProblem(format: Format, envelope: EnvelopeSummary, partner: Partner, directory: PartnerDirectory): Issue | undefined {
  if (envelope.senderId === undefined) return undefined;
  if (format === 'edifact' && directory.byEdifactId(envelope.senderId, envelope.senderQualifier)?.id !== partner.id) {
    const who = `${envelope.senderId}${envelope.senderQualifier !== undefined ? `:${envelope.senderQualifier}` : ''}`;
    return makeIssue('GW_ERR_SENDER_MISMATCH', `UNB names the sender ${who}, which is not one of the EDIFACT identifications of ${partner.id}, the partner whose key was presented`, { segment: 1, tag: 'UNB', element: 2, component: 1 });
  }
  if (format === 'xml' && !partner.customsIds.includes(envelope.senderId)) {
    return makeIssue('GW_ERR_SENDER_MISMATCH', `Head/SenderID ${envelope.senderId} is not one of the customs ids of ${partner.id}, the partner whose key was presented`, { path: 'Manifest/Head/SenderID' });
  }
  return undefined;
}

export async function ingest(deps: IngestDeps, req: IngestRequest): Promise<IngestAnswer> {
  const answer = await decide(deps, req);
  deps.onAnswer?.(answer, req.channel);
  if (req.idempotencyKey !== undefined && (answer.kind === 'accepted' || answer.kind === 'duplicate')) {
    const stored = { statusCode: answer.statusCode, body: answer.body };
    deps.store.recordAnswer({ partnerId: req.partner.id, idempotencyKey: req.idempotencyKey, answer: stored }).catch((err: unknown) => {
      deps.logger.warn({ messageId: answer.messageId, err }, 'could not keep the answer for the Idempotency-Key; a repeat gets the current status instead');
    });
  }
  return answer;
}

async function decide(deps: IngestDeps, req: IngestRequest): Promise<IngestAnswer> {
  const { payload, partner } = req;
  if (payload.length === 0) return refused(400, makeIssue('GW_ERR_EMPTY_BODY', 'the request has no body: send the interchange or document as the request body'));
  const format = detectFormat(req.contentType, payload);
  const envelope = readEnvelope(format, payload);
  const problem = senderProblem(format, envelope, partner, deps.directory);
  if (problem) return refused(403, problem);

  const result = await deps.store.receive({
    partnerId: partner.id,
    channel: req.channel,
    format,
    contentType: storedContentType(req.contentType, format),
    payload,
    envelope,
    ...(req.idempotencyKey !== undefined ? { idempotencyKey: req.idempotencyKey } : {}),
    ...(req.eventData !== undefined ? { eventData: req.eventData } : {}),
  });

  switch (result.outcome) {
    case 'accepted': {
      const id = result.message.id;
      deps.enqueue(id);
      return { kind: 'accepted', statusCode: 202, messageId: id, format, body: { id, status: result.message.status } };
    }
    case 'duplicate':
      return duplicateAnswer(deps, req, result.message.id, result.originalId, format, envelope);
    case 'replay': {
      if (!result.samePayload) {
        return refused(422, makeIssue('GW_ERR_IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${req.idempotencyKey ?? ''} was already used for another body (message ${result.messageId}); use a new key for a new message`));
      }
      const kept = result.answer as { statusCode?: number; body?: IngestBody } | null;
      if (kept !== null && typeof kept.statusCode === 'number' && kept.body !== undefined) {
        return { kind: 'replay', statusCode: kept.statusCode, messageId: result.messageId, body: kept.body };
      }
      // The first request is still being answered: say where the message stands now.
      const current = await deps.store.getMessage(result.messageId, { role: 'partner', partnerId: partner.id });
      return { kind: 'replay', statusCode: 202, messageId: result.messageId, body: { id: result.messageId, status: current?.status ?? 'received' } };
    }
  }
}

/**
 * 409 with the original message id and a CONTRL whose UCI reports 0085 code 26. The CONTRL is
 * stored as an outbound interchange, and delivered by the partner's channel when its setting asks
 * for CONTRL.
 */
async function duplicateAnswer(deps: IngestDeps, req: IngestRequest, id: string, originalId: string, format: Format, envelope: EnvelopeSummary): Promise<IngestAnswer> {
  const issue = makeIssue(
    'GW_ERR_DUPLICATE_INTERCHANGE',
    `interchange control reference ${envelope.controlRef ?? ''} from ${envelope.senderId ?? ''} was already received as message ${originalId}; it is kept as a duplicate and not processed`,
    { interchangeRef: envelope.controlRef ?? '', segment: 1, tag: 'UNB', element: 5 },
  );
  const acknowledgements: AcknowledgementView[] = [];
  if (format === 'edifact') {
    const ic = parseInterchange(req.payload, req.partner.edifact.charset !== undefined ? { charset: req.partner.edifact.charset } : {});
    const contrl = await contrlFor(deps.store, deps.directory, ic, [issue], req.partner, { deliver: contrlWanted(req.partner, ic.header) });
    if (contrl) {
      const created = await deps.store.createOutbound({ ...contrl.outbound, relatedId: id, relation: 'acknowledges' });
      deps.dispatch(created.deliveries);
      acknowledgements.push({ id: created.message.id, type: 'CONTRL', contentType: contrl.outbound.contentType, text: contrl.text });
    }
  }
  deps.logger.info({ messageId: id, originalId, partner: req.partner.id, controlRef: envelope.controlRef }, 'duplicate interchange');
  return {
    kind: 'duplicate',
    statusCode: 409,
    messageId: id,
    format,
    body: { id, status: 'duplicate', originalId, error: { code: issue.code, text: issue.text }, findings: [issue], acknowledgements },
  };
}
