/**
 * Stages 2 and 3: parse and validate. EDIFACT goes through the syntax engine (envelope, service
 * segments, character set) with the partner's leniency settings, then the structure validator
 * (segment tables of the catalogue) and the partner's implementation guide with its business rules
 * (src/validation/). Customs XML goes through the safe customs reader. JSON is one canonical
 * document or a list of them, each checked against its schema. Every finding is an Issue; nothing
 * here throws on bad input.
 */
import { validateDocument, type CanonicalDocument } from '../catalogue/documents/index.js';
import type { Partner } from '../config/types.js';
import { makeIssue } from '../errors/gateway-error.js';
import type { Issue } from '../errors/issue.js';
import type { PartnerDirectory } from '../routing/partner-directory.js';
import { parseInterchange } from '../syntax/edifact/parse.js';
import { validateInterchange, type ValidationOptions } from '../validation/index.js';
import { loadProfiles, profileValidation, type ProfileRegistry, type ProfileValidation } from '../validation/profiles/index.js';
import type { Interchange } from '../syntax/edifact/tree.js';
import { parseCustomsXml, type CustomsMessage } from '../syntax/xml/index.js';

export interface EdifactCheck {
  readonly interchange: Interchange;
  readonly issues: Issue[];
  /** The implementation guide each message was checked against, by message ordinal. */
  readonly profiles: ReadonlyMap<number, string>;
}

/**
 * Structure and profile validation options per partner profile, built once: the profile registry
 * and reference data are read at start-up, and an unknown profile name fails then, not on the
 * partner's first message.
 */
export class EdifactValidation {
  private readonly registry: ProfileRegistry;
  private readonly byProfile = new Map<string, ProfileValidation>();

  constructor(partners: readonly Partner[], registry: ProfileRegistry = loadProfiles()) {
    this.registry = registry;
    for (const p of partners) this.forPartner(p);
  }

  forPartner(partner: Partner): ValidationOptions {
    const key = partner.validation.profile ?? '';
    let pv = this.byProfile.get(key);
    if (!pv) {
      pv = profileValidation({ registry: this.registry, ...(partner.validation.profile !== undefined ? { profile: partner.validation.profile } : {}) });
      this.byProfile.set(key, pv);
    }
    return { ...pv, severity: partner.validation.severity };
  }
}

export function checkEdifact(payload: Buffer, partner: Partner, directory: PartnerDirectory, validation?: EdifactValidation): EdifactCheck {
  const ic = parseInterchange(payload, {
    severity: partner.validation.severity,
    ...(partner.edifact.charset !== undefined ? { charset: partner.edifact.charset } : {}),
  });
  const issues = [...ic.issues];
  const profiles = new Map<number, string>();
  if (validation !== undefined && ic.messages.length > 0) {
    const v = validateInterchange(ic, validation.forPartner(partner));
    for (const m of v.messages) {
      issues.push(...m.issues);
      if (m.profile !== undefined) profiles.set(m.index, m.profile);
    }
  }
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
  return { interchange: ic, issues, profiles };
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
