/**
 * The customs envelope: which message a namespace names, the Head fields and their checks, and the
 * port platform wrapper's head. Values here come from a tree the safe reader has already built.
 */
import { makeIssue, type Issue } from '../../errors/index.js';
import { messageSchema, variantFor } from './schema.js';
import { HEAD_FIELDS, TEXT_KEY, isMessageType, type CustomsHead, type MessageType, type MftHead, type XmlContent, type XmlElement } from './types.js';

const NAMESPACE = /^urn:Declaration:datamodel:standard:CN:([A-Za-z0-9]+):1$/;

/** The message type a namespace names, if it has the customs form (known or not). */
export function namespaceMessageType(namespace: string | undefined): string | undefined {
  return namespace === undefined ? undefined : NAMESPACE.exec(namespace)?.[1];
}

/** Leaf text of a tree value; undefined when the value is missing or an element with children. */
export function leafText(value: XmlContent | undefined): string | undefined {
  if (value === undefined || Array.isArray(value)) return undefined;
  if (typeof value === 'string') return value;
  const keys = Object.keys(value);
  return keys.every((k) => k === TEXT_KEY || k.startsWith('@')) ? (typeof value[TEXT_KEY] === 'string' ? value[TEXT_KEY] : '') : undefined;
}

/** Valid yyyyMMddHHmmssSSS: the customs SendTime. */
export function isValidSendTime(value: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})$/.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

/** Reads Head into its fields; every missing or non-text field is '' and reported. */
export function readHead(head: XmlElement, path: string, issues: Issue[]): CustomsHead {
  const out = {} as Record<keyof CustomsHead, string>;
  for (const field of HEAD_FIELDS) {
    const raw = Object.hasOwn(head, field) ? head[field] : undefined;
    const text = leafText(raw);
    out[field] = text ?? '';
    if (text === undefined || text.trim() === '') {
      issues.push(makeIssue('GW_ERR_XML_HEAD_FIELD_MISSING', Array.isArray(raw) ? `Head/${field} occurs more than once.` : raw !== undefined && text === undefined ? `Head/${field} holds elements instead of text.` : `Head/${field} is missing or empty.`, { path: `${path}/${field}` }));
    }
  }
  for (const key of Object.keys(head)) {
    if (!key.startsWith('@') && key !== TEXT_KEY && !(HEAD_FIELDS as readonly string[]).includes(key)) {
      issues.push(makeIssue('GW_ERR_XML_ELEMENT_UNKNOWN', `Head/${key} is not a customs Head field; it is not kept.`, { path: `${path}/${key}` }));
    }
  }
  return out;
}

/**
 * Decides the message type from the namespace and Head/MessageType, and checks FunctionCode and
 * SendTime against the schema. Returns undefined when the type cannot be known.
 */
export function resolveType(namespace: string | undefined, head: CustomsHead, path: string, issues: Issue[]): MessageType | undefined {
  const nsType = namespaceMessageType(namespace);
  if (namespace === undefined) {
    issues.push(makeIssue('GW_ERR_XML_NAMESPACE_MISSING', 'The Manifest has no namespace; the message type is taken from Head/MessageType.', { path }));
  } else if (nsType === undefined) {
    issues.push(makeIssue('GW_ERR_XML_NAMESPACE_UNKNOWN', `Namespace "${namespace.slice(0, 100)}" is not a customs manifest namespace (urn:Declaration:datamodel:standard:CN:MTxxxx:1).`, { path }));
  }
  const headType = head.MessageType.trim();
  if (nsType !== undefined && headType !== '' && nsType !== headType) {
    issues.push(makeIssue('GW_ERR_XML_MESSAGE_TYPE_MISMATCH', `The namespace names ${nsType} but Head/MessageType is ${headType}.`, { path: `${path}/Head/MessageType` }));
  }
  const candidate = headType !== '' ? headType : nsType;
  if (candidate === undefined || !isMessageType(candidate)) {
    issues.push(makeIssue('GW_ERR_XML_MESSAGE_TYPE_UNKNOWN', candidate === undefined
      ? 'Neither the namespace nor Head/MessageType says which customs message this is.'
      : `${candidate.slice(0, 40)} is not a customs manifest message the gateway knows (MT1101, MT2101, MT3101, MT3102, MT4101, MT5101, MT5102, MT9999, MTECEX, MTECIM).`, { path: `${path}/Head/MessageType` }));
    return undefined;
  }
  const schema = messageSchema(candidate);
  if (head.FunctionCode !== '' && variantFor(schema, head.FunctionCode) === undefined) {
    issues.push(makeIssue('GW_ERR_XML_FUNCTION_CODE_UNKNOWN', `FunctionCode ${head.FunctionCode.slice(0, 20)} is not defined for ${candidate} (known: ${Object.keys(schema.functionCodes).join(', ')}).`, { path: `${path}/Head/FunctionCode` }));
  }
  if (head.SendTime !== '' && !isValidSendTime(head.SendTime)) {
    issues.push(makeIssue('GW_ERR_XML_SEND_TIME_INVALID', `SendTime "${head.SendTime.slice(0, 30)}" is not a valid yyyyMMddHHmmssSSS time (17 digits).`, { path: `${path}/Head/SendTime` }));
  }
  return candidate;
}

/** MFTHead as flat text fields in document order; nested or repeated fields are reported and skipped. */
export function readMftHead(value: XmlContent | undefined, path: string, issues: Issue[]): MftHead {
  const out: MftHead = {};
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return out;
  for (const [key, raw] of Object.entries(value)) {
    if (key.startsWith('@') || key === TEXT_KEY) continue;
    const text = leafText(raw);
    if (text === undefined) {
      issues.push(makeIssue('GW_ERR_XML_ELEMENT_UNKNOWN', `MFTHead/${key} is not a single text field; it is not kept.`, { path: `${path}/${key}` }));
    } else {
      out[key] = text;
    }
  }
  return out;
}

/** SendTime for `date` in China time (UTC+8 all year, no daylight saving), 17 digits yyyyMMddHHmmssSSS. */
export function formatSendTime(date: Date): string {
  const t = new Date(date.getTime() + 8 * 3600_000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(t.getUTCFullYear(), 4)}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}${p(t.getUTCMilliseconds(), 3)}`;
}
