/**
 * The customs Head ⇄ the canonical document header. Head fields follow the customs conventions,
 * not a spec: MessageID is the document id (on writing, a reference the caller supplies, such as the
 * pipeline's durable counter), FunctionCode is the document's function (and, for MT1101/MT2101, the
 * declaration stage), SendTime is the issue time in China time with milliseconds, SenderID and
 * ReceiverID are the envelope parties (scheme `partner`, as the EDIFACT envelope gives them).
 */
import { formatSendTime, isValidSendTime, messageSchema, type CustomsHead, type MessageType } from '../../syntax/xml/index.js';
import { isObj, type Obj } from '../paths.js';

export type DocumentFunction = 'original' | 'replace' | 'cancel';

/**
 * FunctionCode → function. 9 (first) and 0 (secondly) are the two stages of an original manifest
 * declaration, 2 the original of a report; 5 edit and 3 delete replace and cancel.
 */
export function functionOf(code: string): { fn: DocumentFunction; stage?: 'main' | 'supplementary' } | undefined {
  switch (code) {
    case '9': return { fn: 'original', stage: 'main' };
    case '0': return { fn: 'original', stage: 'supplementary' };
    case '2': return { fn: 'original' };
    case '5': return { fn: 'replace' };
    case '3': return { fn: 'cancel' };
    default: return undefined;
  }
}

/** The FunctionCode a message type uses for a function (and stage); undefined when it has none. */
export function functionCodeFor(type: MessageType, fn: string, stage: string | undefined): string | undefined {
  const defined = messageSchema(type).functionCodes;
  const wanted = fn === 'cancel' ? ['3'] : fn === 'replace' ? ['5'] : fn === 'original' ? (stage === 'supplementary' ? ['0'] : ['9', '2']) : [];
  return wanted.find((c) => Object.hasOwn(defined, c));
}

/** SendTime (yyyyMMddHHmmssSSS, China time) as ISO 8601 with +08:00; milliseconds only when not zero. */
export function sendTimeToIso(sendTime: string): string | undefined {
  if (!isValidSendTime(sendTime)) return undefined;
  const s = sendTime;
  const ms = s.slice(14, 17);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}${ms === '000' ? '' : `.${ms}`}+08:00`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** A canonical date or date-time as SendTime (a date alone is midnight China time); undefined when not ISO 8601. */
export function isoToSendTime(iso: string): string | undefined {
  const m = ISO.exec(iso);
  if (!m) return undefined;
  const ms = Date.parse(m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}T00:00:00+08:00` : iso);
  return Number.isNaN(ms) ? undefined : formatSendTime(new Date(ms));
}

/** The envelope party of a SenderID or ReceiverID. */
export function envelopeParty(id: string, role: 'messageSender' | 'messageRecipient'): Obj {
  return { roles: [role], identifiers: [{ id, scheme: 'partner' }] };
}

/** The `partner` identifier of a party (or, failing that, its customs code). */
export function partnerIdOf(party: unknown): string | undefined {
  if (!isObj(party) || !Array.isArray(party.identifiers)) return undefined;
  const ids = party.identifiers.filter(isObj);
  const pick = ids.find((i) => i.scheme === 'partner') ?? ids.find((i) => i.scheme === 'customs');
  return typeof pick?.id === 'string' ? pick.id : undefined;
}

/** Whether a party is no more than the envelope says: the id alone, in the envelope role. */
export function isEnvelopeParty(party: unknown, id: string, role: string): boolean {
  if (!isObj(party)) return false;
  const keys = Object.keys(party).filter((k) => party[k] !== undefined);
  if (keys.some((k) => k !== 'roles' && k !== 'identifiers')) return false;
  const roles = party.roles;
  if (roles !== undefined && !(Array.isArray(roles) && roles.length === 1 && roles[0] === role)) return false;
  const ids = party.identifiers;
  if (!Array.isArray(ids) || ids.length !== 1 || !isObj(ids[0])) return false;
  const only = ids[0];
  return only.id === id && (only.scheme === undefined || only.scheme === 'partner') && Object.keys(only).every((k) => k === 'id' || k === 'scheme');
}

/** The header fields a Head gives a document, in the order documents list them. */
export function headFields(head: CustomsHead, document: string): Obj {
  const out: Obj = { documentId: head.MessageID || undefined };
  const f = functionOf(head.FunctionCode);
  out.function = f?.fn;
  if (document === 'Manifest' && f?.stage !== undefined) out.declarationStage = f.stage;
  out.issuedAt = sendTimeToIso(head.SendTime);
  out.sender = head.SenderID ? envelopeParty(head.SenderID, 'messageSender') : undefined;
  out.recipients = head.ReceiverID ? [envelopeParty(head.ReceiverID, 'messageRecipient')] : undefined;
  out.originalDocumentCode = head.MessageType || undefined;
  return out;
}

/** `origin` of a document read from a customs message. */
export function originOf(head: CustomsHead, type: MessageType): Obj {
  const origin: Obj = { format: 'XML', messageType: type };
  if (head.Version) origin.messageVersion = head.Version;
  if (head.MessageID) origin.documentId = head.MessageID;
  if (head.SenderID) origin.senderId = head.SenderID;
  if (head.ReceiverID) origin.recipientId = head.ReceiverID;
  const sent = sendTimeToIso(head.SendTime);
  if (sent) origin.sentAt = sent;
  return origin;
}

const CONVENTIONAL_ID = /^CN_([A-Z0-9]+)_(\d+)p(\d+)_/;

/**
 * A MessageID in the customs convention (CN_MT1101_1p0_<sender>_<time>) must name the message's own
 * type and version; when it does not, the message was copied or filled with placeholders.
 * Returns the problem, if any.
 */
export function messageIdProblem(head: CustomsHead): string | undefined {
  const m = CONVENTIONAL_ID.exec(head.MessageID);
  if (!m) return undefined;
  const version = `${m[2]}.${m[3]}`;
  if (m[1] !== head.MessageType) return `MessageID ${head.MessageID.slice(0, 80)} names message type ${m[1]}, but Head/MessageType is ${head.MessageType}`;
  if (version !== head.Version) return `MessageID ${head.MessageID.slice(0, 80)} names version ${version}, but Head/Version is ${head.Version}`;
  return undefined;
}
