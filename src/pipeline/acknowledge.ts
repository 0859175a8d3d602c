/**
 * Stage 4: acknowledgements. Outbound: a CONTRL for an EDIFACT interchange when UNB 0031 and the
 * partner's setting ask for one (APERAK for business rules plugs in here when src/acks/aperak.ts
 * lands), stored as an outbound interchange with one delivery back to the sender by its default
 * channel. Inbound: a CONTRL or APERAK from a partner is never acknowledged again; it is matched to
 * the interchange the gateway sent that partner, by control reference, and shown there.
 */
import { aperakIssues, buildAperak } from '../acks/aperak.js';
import { buildContrl } from '../acks/contrl.js';
import type { Partner } from '../config/types.js';
import { makeIssue } from '../errors/gateway-error.js';
import type { Issue } from '../errors/issue.js';
import type { NewOutbound, Store } from '../store/store.js';
import type { PartnerDirectory } from '../routing/partner-directory.js';
import { serializeInterchange } from '../syntax/edifact/serialize.js';
import type { InterchangeHeader } from '../syntax/edifact/envelope.js';
import type { Interchange } from '../syntax/edifact/tree.js';
import { leafText } from '../syntax/xml/envelope.js';
import type { CustomsMessage } from '../syntax/xml/index.js';
import { deliveryChannelOf } from './types.js';

/**
 * Outbound control references (UNB 0020) are one durable sequence per partner, shared by every
 * process; message references (UNH 0062) of the messages the gateway writes itself one sequence for
 * the hub (`unh-0062`). Neither is ever repeated.
 */
export async function nextControlRef(store: Store, partnerId: string): Promise<string> {
  return String(await store.nextValue(`unb-0020:${partnerId}`));
}

/** Whether the partner gets a CONTRL for this interchange: its setting, and UNB 0031 for `on-request`. */
export function contrlWanted(partner: Partner, header: InterchangeHeader | undefined): boolean {
  switch (partner.acks.contrl) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'on-request':
      return header?.ackRequested === true;
  }
}

/** Content type of an EDIFACT payload, with the charset its syntax identifier implies (for reading it back). */
export function edifactContentType(syntaxId: string | undefined): string {
  const charset = syntaxId === 'UNOW' || syntaxId === 'UNOY' ? 'utf-8' : syntaxId === 'UNOA' || syntaxId === 'UNOB' ? 'us-ascii' : 'iso-8859-1';
  return `application/EDIFACT; charset=${charset}`;
}

/** The partner's default channel as a store delivery channel (acknowledgements travel that way). */
export function defaultDeliveryChannel(partner: Partner): ReturnType<typeof deliveryChannelOf> {
  const channel = partner.channels[partner.defaultChannel];
  return deliveryChannelOf(channel?.type ?? 'mailbox');
}

/**
 * An acknowledgement echoes the partner's own values as received (UNB parties and reference, UNH
 * 0062 and S009), in the syntax level the partner declared. Those need not fit that level (lower
 * case under UNOA, a control character): the findings already say so, and the answer must still
 * go out, so its values are not checked against the repertoire (the gateway's own text is made
 * representable where it is written).
 */
const ECHO = { checkRepertoire: false } as const;

export interface BuiltContrl {
  readonly outbound: NewOutbound;
  readonly action: string;
  readonly text: string;
}

/**
 * The CONTRL for `ic` with every finding that carries a 0085 code, as an outbound interchange
 * delivered to the sender; undefined for an interchange of CONTRL messages.
 */
export async function contrlFor(
  store: Store,
  directory: PartnerDirectory,
  ic: Interchange,
  issues: readonly Issue[],
  partner: Partner,
  options: { deliver: boolean; now?: Date },
): Promise<BuiltContrl | undefined> {
  if (ic.messages.length > 0 && ic.messages.every((m) => m.type === 'CONTRL')) return undefined;
  const controlRef = await nextControlRef(store, partner.id);
  const messageRef = String(await store.nextValue('unh-0062'));
  const hub = directory.hub.edifactId;
  const built = buildContrl(ic, issues, {
    controlRef,
    messageRef,
    now: options.now ?? new Date(),
    timeZone: partner.timeZone,
    gateway: hub.qualifier === undefined ? { id: hub.id } : { id: hub.id, qualifier: hub.qualifier },
    ...(partner.edifactIds[0] !== undefined ? { partner: partner.edifactIds[0].qualifier === undefined ? { id: partner.edifactIds[0].id } : { id: partner.edifactIds[0].id, qualifier: partner.edifactIds[0].qualifier } } : {}),
  });
  if (!built) return undefined;
  const payload = serializeInterchange(built.interchange, ECHO);
  const contentType = edifactContentType(built.interchange.header?.syntaxId);
  const h = built.interchange.header;
  const outbound: NewOutbound = {
    partnerId: partner.id,
    format: 'edifact',
    contentType,
    payload,
    envelope: {
      senderId: h?.sender.id,
      senderQualifier: h?.sender.qualifier,
      recipientId: h?.recipient.id,
      recipientQualifier: h?.recipient.qualifier,
      controlRef,
      messageTypes: ['CONTRL'],
    },
    deliveries: options.deliver
      ? [{ destinationId: partner.id, format: 'CONTRL', channel: defaultDeliveryChannel(partner), payload, contentType }]
      : [],
  };
  return { outbound, action: built.action, text: payload.toString('latin1') };
}

/** Whether the partner gets an APERAK for these findings: always, only with errors, or never. */
export function aperakWanted(partner: Partner, issues: readonly Issue[]): boolean {
  switch (partner.acks.aperak) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'on-error':
      return aperakIssues(issues).some((i) => i.severity === 'error');
  }
}

/**
 * The APERAK answering the profile and business-rule findings (one APERAK message per answered
 * message, in its directory), as an outbound interchange delivered to the sender.
 */
export async function aperakFor(
  store: Store,
  directory: PartnerDirectory,
  ic: Interchange,
  issues: readonly Issue[],
  partner: Partner,
  options: { now?: Date },
): Promise<NewOutbound | undefined> {
  const positive = partner.acks.aperak === 'always';
  if (!positive && aperakIssues(issues).length === 0) return undefined;
  const controlRef = await nextControlRef(store, partner.id);
  const hub = directory.hub.edifactId;
  const built = buildAperak(ic, issues, {
    controlRef,
    positive,
    now: options.now ?? new Date(),
    timeZone: partner.timeZone,
    gateway: hub.qualifier === undefined ? { id: hub.id } : { id: hub.id, qualifier: hub.qualifier },
  });
  if (!built) return undefined;
  const payload = serializeInterchange(built.interchange, ECHO);
  const contentType = edifactContentType(built.interchange.header?.syntaxId);
  const h = built.interchange.header;
  return {
    partnerId: partner.id,
    format: 'edifact',
    contentType,
    payload,
    envelope: { senderId: h?.sender.id, senderQualifier: h?.sender.qualifier, recipientId: h?.recipient.id, recipientQualifier: h?.recipient.qualifier, controlRef, messageTypes: ['APERAK'] },
    deliveries: [{ destinationId: partner.id, format: 'APERAK', channel: defaultDeliveryChannel(partner), payload, contentType }],
  };
}

/** CONTRL or APERAK when every message of the interchange is one: an acknowledgement from the partner. */
export function acknowledgementKind(ic: Interchange): 'CONTRL' | 'APERAK' | undefined {
  if (ic.messages.length === 0) return undefined;
  if (ic.messages.every((m) => m.type === 'CONTRL')) return 'CONTRL';
  if (ic.messages.every((m) => m.type === 'APERAK')) return 'APERAK';
  return undefined;
}

/**
 * The control references an inbound acknowledgement names: CONTRL UCI 0020 (the interchange it
 * answers), APERAK RFF+ACW (reference of the message acknowledged, which port practice fills with
 * the interchange control reference).
 */
export function acknowledgedRefs(ic: Interchange, kind: 'CONTRL' | 'APERAK'): { ref: string; action?: string }[] {
  const out: { ref: string; action?: string }[] = [];
  for (const m of ic.messages) {
    for (const seg of m.segments) {
      if (kind === 'CONTRL' && seg.tag === 'UCI') {
        const ref = seg.value(1);
        if (ref !== '') out.push({ ref, action: seg.value(4) });
      } else if (kind === 'APERAK' && seg.tag === 'RFF' && seg.value(1, 1) === 'ACW') {
        const ref = seg.value(1, 2);
        if (ref !== '') out.push({ ref });
      }
    }
  }
  return out;
}

/**
 * A customs receipt (MT9999) names the message it answers in Declaration/OriginalMessage/MessageID,
 * the MessageID the gateway wrote in the Head of what it sent; Response/Code says how it went.
 */
export function receiptReference(message: CustomsMessage): { ref: string; code?: string } | undefined {
  if (message.type !== 'MT9999') return undefined;
  const original = message.declaration['OriginalMessage'];
  const ref = typeof original === 'object' && !Array.isArray(original) ? leafText(original['MessageID']) : undefined;
  if (ref === undefined || ref === '') return { ref: '' };
  const response = message.declaration['Response'];
  const code = typeof response === 'object' && !Array.isArray(response) ? leafText(response['Code']) : undefined;
  return code === undefined ? { ref } : { ref, code };
}

/** Matches a customs receipt to the customs message the gateway sent. */
export async function matchCustomsReceipt(store: Store, messageId: string, partner: Partner, receipt: { ref: string; code?: string }): Promise<{ issues: Issue[]; matched: string[] }> {
  if (receipt.ref === '') return { issues: [makeIssue('GW_ERR_ACK_UNMATCHED', 'this MT9999 receipt names no original MessageID', { path: 'Manifest/Declaration/OriginalMessage/MessageID' })], matched: [] };
  const outId = await store.matchAcknowledgement({ ackMessageId: messageId, partnerId: partner.id, controlRef: receipt.ref });
  if (outId === null) {
    return { issues: [makeIssue('GW_ERR_ACK_UNMATCHED', `this MT9999 receipt answers ${receipt.ref}, which the gateway did not send to ${partner.id}`, { path: 'Manifest/Declaration/OriginalMessage/MessageID' })], matched: [] };
  }
  const how = receipt.code !== undefined ? ` (response code ${receipt.code})` : '';
  return { issues: [makeIssue('GW_ERR_ACK_RECEIVED', `MT9999 receipt for ${receipt.ref}${how}, matched to message ${outId}; receipts are never acknowledged`)], matched: [outId] };
}

/** Links each acknowledged reference to the interchange the gateway sent; findings say what matched. */
export async function matchInboundAck(store: Store, messageId: string, partner: Partner, ic: Interchange, kind: 'CONTRL' | 'APERAK'): Promise<{ issues: Issue[]; matched: string[] }> {
  const issues: Issue[] = [];
  const matched: string[] = [];
  const refs = acknowledgedRefs(ic, kind);
  for (const { ref, action } of refs) {
    const outId = await store.matchAcknowledgement({ ackMessageId: messageId, partnerId: partner.id, controlRef: ref });
    if (outId === null) {
      issues.push(makeIssue('GW_ERR_ACK_UNMATCHED', `this ${kind} acknowledges interchange ${ref}, which the gateway did not send to ${partner.id}`, { interchangeRef: ref }));
    } else {
      matched.push(outId);
      const verdict = action === '4' ? ' (rejected)' : action === '7' ? ' (accepted)' : action === '2' ? ' (accepted with errors)' : '';
      issues.push(makeIssue('GW_ERR_ACK_RECEIVED', `${kind} for interchange ${ref}${verdict}, matched to message ${outId}; acknowledgements are never acknowledged`, { interchangeRef: ref }));
    }
  }
  if (refs.length === 0) issues.push(makeIssue('GW_ERR_ACK_UNMATCHED', `this ${kind} names no interchange it acknowledges`));
  return { issues, matched };
}
