/**
 * Stage 5: messages to canonical documents through the mapping codecs. A message with errors is
 * not mapped (the CONTRL already rejects it); a message no mapping covers is reported with
 * GW_ERR_MAPPING_UNAVAILABLE and stays visible as `unrouted`, never guessed at.
 */
import type { CanonicalDocument } from '../catalogue/documents/index.js';
import type { Partner } from '../config/types.js';
import { makeIssue } from '../errors/gateway-error.js';
import type { Issue } from '../errors/issue.js';
import { validateDocument } from '../catalogue/documents/index.js';
import type { Interchange } from '../syntax/edifact/tree.js';
import type { CustomsMessage } from '../syntax/xml/index.js';
import type { PipelineDeps } from './types.js';

export interface Transformed {
  readonly documents: { index: number; document: CanonicalDocument }[];
  readonly issues: Issue[];
}

export function edifactToDocuments(deps: Pick<PipelineDeps, 'codecs'>, payload: Buffer, ic: Interchange, findings: readonly Issue[], partner: Partner, messageId: string): Transformed {
  const documents: { index: number; document: CanonicalDocument }[] = [];
  const issues: Issue[] = [];
  // One pass over the findings (an interchange of many messages may have thousands), not one per message.
  const rejected = new Set<number>();
  for (const i of findings) {
    if (i.severity !== 'error') continue;
    const index = i.location?.messageIndex;
    if (index === undefined) return { documents, issues };
    rejected.add(index);
  }
  const wanted = ic.messages.filter((m) => !rejected.has(m.index));
  if (wanted.length === 0) return { documents, issues };
  const mapped = deps.codecs.fromEdifact(payload, ic, { partner, messageId });
  for (const m of wanted) {
    const result = mapped.get(m.index);
    if (!result) {
      issues.push(makeIssue(
        'GW_ERR_MAPPING_UNAVAILABLE',
        `${m.type} ${m.directory} was parsed and checked, but the gateway has no mapping from it to a canonical document yet, so it is kept as unrouted`,
        { messageRef: m.ref, messageIndex: m.index, segmentInMessage: 1, tag: 'UNH' },
      ));
      continue;
    }
    issues.push(...result.issues.map((i) => ({ ...i, location: { messageRef: m.ref, messageIndex: m.index, ...i.location } })));
    if (result.issues.some((i) => i.severity === 'error')) continue;
    for (const document of result.documents) addChecked(documents, issues, m.index, document);
  }
  return { documents, issues };
}

export function customsXmlToDocuments(deps: Pick<PipelineDeps, 'codecs'>, payload: Buffer, message: CustomsMessage, partner: Partner, messageId: string): Transformed {
  const documents: { index: number; document: CanonicalDocument }[] = [];
  const result = deps.codecs.fromCustomsXml(payload, message, { partner, messageId });
  if (!result) {
    return {
      documents,
      issues: [makeIssue('GW_ERR_MAPPING_UNAVAILABLE', `${message.type} was read and checked, but the gateway has no mapping from it to a canonical document yet, so it is kept as unrouted`, { path: 'Manifest/Head/MessageType' })],
    };
  }
  const issues = [...result.issues];
  if (!issues.some((i) => i.severity === 'error')) for (const document of result.documents) addChecked(documents, issues, 1, document);
  return { documents, issues };
}

/** A mapping's output is checked like a posted document: a mapping bug must not reach a partner. */
function addChecked(documents: { index: number; document: CanonicalDocument }[], issues: Issue[], index: number, document: CanonicalDocument): void {
  const checked = validateDocument(document);
  issues.push(...checked.issues.map((i) => ({ ...i, location: { ...i.location, messageIndex: index } })));
  if (checked.ok) documents.push({ index, document });
}
