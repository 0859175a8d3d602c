/**
 * Stage 6: route each canonical document with the configured rules, index its references, and
 * render one delivery per destination. A document no rule sends anywhere is kept (with
 * GW_ERR_NO_ROUTE), never dropped. Rendering happens here when it can, so a delivery to a mailbox
 * is complete in the same transaction as the message; a delivery that cannot be rendered yet is
 * stored without payload and the deliver worker records why (a dead letter, replayable).
 */
import type { CanonicalDocument } from '../catalogue/documents/index.js';
import { formatToString } from '../config/types.js';
import type { Issue } from '../errors/issue.js';
import { noRouteIssue } from '../routing/router.js';
import type { NewDelivery, NewDocument, NewOutbound } from '../store/store.js';
import type { EnvelopeSummary } from '../store/types.js';
import { documentJson, renderDocument } from './render.js';
import { businessKeyOf, referencesOf, routingSummaryAndKeys } from './summary.js';
import { deliveryChannelOf, type PipelineDeps } from './types.js';

export interface RouteContext {
  readonly messageId: string;
  readonly senderId: string;
  readonly envelope: EnvelopeSummary;
  readonly recipientKind: 'edifact' | 'customs' | 'none';
  readonly test: boolean;
}

export interface Routed {
  readonly documents: NewDocument[];
  /** Interchanges rendered for partners whose acknowledgement is awaited (matched by control reference later). */
  readonly outbound: NewOutbound[];
  readonly issues: Issue[];
  /** Documents at least one rule sent somewhere. */
  readonly routedCount: number;
}

export async function routeDocuments(
  deps: Pick<PipelineDeps, 'router' | 'directory' | 'codecs' | 'store' | 'now' | 'logger'>,
  docs: readonly { readonly index?: number; readonly document: CanonicalDocument }[],
  ctx: RouteContext,
): Promise<Routed> {
  const documents: NewDocument[] = [];
  const outbound: NewOutbound[] = [];
  const issues: Issue[] = [];
  let routedCount = 0;
  for (const { index, document } of docs) {
    // One walk over the document for the routing summary and the reference index's keys.
    const { summary, keys } = routingSummaryAndKeys(document, { senderId: ctx.senderId, envelope: ctx.envelope, recipientKind: ctx.recipientKind, test: ctx.test });
    const destinations = deps.router.route(summary);
    if (destinations.length === 0) {
      const issue = noRouteIssue(summary);
      issues.push(index === undefined ? issue : { ...issue, location: { ...issue.location, messageIndex: index } });
    } else {
      routedCount++;
    }
    const deliveries: NewDelivery[] = [];
    for (const d of destinations) {
      const partner = deps.directory.get(d.partnerId);
      if (!partner) continue;
      const base = { destinationId: d.partnerId, format: formatToString(d.format), channel: deliveryChannelOf(d.channelType), test: d.test };
      try {
        const rendered = await renderDocument(deps, document, { partner, format: d.format, test: d.test, messageId: ctx.messageId });
        deliveries.push({ ...base, payload: rendered.payload, contentType: rendered.contentType });
        // What the destination's format could not carry is part of the message's story.
        for (const w of rendered.issues) issues.push({ ...w, text: `delivery to ${partner.id} as ${base.format}: ${w.text}`, location: { ...w.location, ...(index !== undefined ? { messageIndex: index } : {}) } });
        if (rendered.outbound !== undefined) {
          outbound.push({
            partnerId: partner.id,
            format: rendered.outbound.format,
            contentType: rendered.contentType,
            payload: rendered.payload,
            envelope: rendered.outbound.envelope,
            relation: 'derived-from',
            ...(rendered.outbound.awaitAckUntil !== undefined ? { awaitAckUntil: rendered.outbound.awaitAckUntil } : {}),
          });
        }
      } catch (err) {
        // Left unrendered: the deliver worker renders again and records the reason on the delivery.
        deps.logger.debug({ messageId: ctx.messageId, destination: d.partnerId, err: (err as Error).message }, 'delivery not rendered at routing');
        deliveries.push(base);
      }
    }
    const businessKey = businessKeyOf(document);
    documents.push({
      type: document.documentType,
      function: document.function,
      ...(businessKey !== undefined ? { businessKey } : {}),
      body: document,
      bodyJson: documentJson(document),
      references: referencesOf(keys),
      deliveries,
    });
  }
  return { documents, outbound, issues, routedCount };
}
