/**
 * Stages 2 and 3: parse and validate. EDIFACT goes through the syntax engine (envelope, service
 * segments, character set) with the partner's leniency settings; structure and profile validation
 * (issue 3, src/validation/) plugs in at `checkEdifact` when it lands. Customs XML goes through the
 * safe customs reader. JSON is one canonical document or a list of them, each checked against its
 * schema. Every finding is an Issue; nothing here throws on bad input.
 */
import { validateDocument, type CanonicalDocument } from '../catalogue/documents/index.js';
import type { Partner } from '../config/types.js';
import { makeIssue } from '../errors/gateway-error.js';
import type { Issue } from '../errors/issue.js';
import type { PartnerDirectory } from '../routing/partner-directory.js';
import { parseInterchange } from '../syntax/edifact/parse.js';
import type { Interchange } from '../syntax/edifact/tree.js';
import { parseCustomsXml, type CustomsMessage } from '../syntax/xml/index.js';

export interface EdifactCheck {
  readonly interchange: Interchange;
  readonly issues: Issue[];
}

export function checkEdifact(payload: Buffer, partner: Partner, directory: PartnerDirectory): EdifactCheck {
  const ic = parseInterchange(payload, {
    severity: partner.validation.severity,
    ...(partner.edifact.charset !== undefined ? { charset: partner.edifact.charset } : {}),
  });
  const issues = [...ic.issues];
  const h = ic.header;
  if (h !== undefined) {
    const sender = directory.byEdifactId(h.sender.id, h.sender.qualifier);
    if (sender?.id !== partner.id) {
      issues.push(makeIssue(
        'GW_ERR_SENDER_MISMATCH',
        `UNB names the sender ${h.sender.id}${h.sender.qualifier ? `:${h.sender.qualifier}` : ''}, which is not one of partner ${partner.id}'s EDIFACT identifications`,
        { interchangeRef: h.controlRef, segment: 1, tag: 'UNB', element: 2, component: 1 },
        { syntaxVersion: h.syntaxVersion },
      ));
    }
    const to = { id: h.recipient.id, qualifier: h.recipient.qualifier || undefined };
    if (h.recipient.id !== '' && !directory.isHub({ edifact: to }) && directory.byEdifactId(to.id, to.qualifier) === undefined) {
      issues.push(makeIssue(
        'GW_ERR_RECIPIENT_UNKNOWN',
        `UNB is addressed to ${h.recipient.id}, which is neither the hub (${directory.hub.edifactId.id}) nor a partner of this community`,
        { interchangeRef: h.controlRef, segment: 1, tag: 'UNB', element: 3, component: 1 },
        { syntaxVersion: h.syntaxVersion },
      ));
    }
    if (h.test) issues.push(makeIssue('GW_ERR_TEST_TRAFFIC', 'UNB 0035 marks this interchange as test traffic: it is routed only to partners that accept test traffic, never to customs', { interchangeRef: h.controlRef, segment: 1, tag: 'UNB', element: 11 }));
  }
  return { interchange: ic, issues };
}

export interface XmlCheck {
  readonly message: CustomsMessage | undefined;
  readonly issues: Issue[];
}

export function checkCustomsXml(payload: Buffer, partner: Partner): XmlCheck {
  const parsed = parseCustomsXml(payload);
  const issues = [...parsed.issues];
  const senderId = parsed.message?.head.SenderID;
  if (senderId !== undefined && senderId !== '' && !partner.customsIds.includes(senderId)) {
    issues.push(makeIssue('GW_ERR_SENDER_MISMATCH', `Head/SenderID ${senderId} is not one of partner ${partner.id}'s customs ids`, { path: 'Manifest/Head/SenderID' }));
  }
  return { message: parsed.message, issues };
}

export interface JsonCheck {
  /** The valid documents, with their 1-based position in the body. */
  readonly documents: readonly { readonly index: number; readonly document: CanonicalDocument }[];
  /** How many documents the body held. */
  readonly count: number;
  readonly issues: Issue[];
}

/**
 * A JSON body is one canonical document or a list of them (a release for three forwarders is
 * three delivery orders). Findings of a document in a list carry its position as `messageIndex`.
 */
export function checkJson(payload: Buffer): JsonCheck {
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    return { documents: [], count: 0, issues: [makeIssue('GW_ERR_JSON_INVALID', `the body is not JSON: ${text}`)] };
  }
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) return { documents: [], count: 0, issues: [makeIssue('GW_ERR_JSON_INVALID', 'the body is an empty list: no document to accept')] };
  const documents: { index: number; document: CanonicalDocument }[] = [];
  const issues: Issue[] = [];
  list.forEach((doc, i) => {
    const result = validateDocument(doc);
    const index = i + 1;
    for (const issue of result.issues) {
      issues.push(Array.isArray(body) ? { ...issue, location: { ...issue.location, messageIndex: index } } : issue);
    }
    if (result.ok) documents.push({ index, document: doc as CanonicalDocument });
  });
  return { documents, count: list.length, issues };
}
