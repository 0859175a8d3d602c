/**
 * The mapping engine (src/mapping/, specs in mappings/) as the pipeline's codecs: EDIFACT messages
 * and customs XML to canonical documents with the sender's time zone and character set, and
 * documents to EDIFACT interchanges and customs messages in the envelope (UNB, Head) the pipeline
 * chose. The registry compiles each spec once per
 * directory on first use; build one per process.
 */
import type { CanonicalDocument } from '../catalogue/documents/index.js';
import type { Issue } from '../errors/issue.js';
import { readEdifactInterchange, writeEdifact } from '../mapping/edifact/adapter.js';
import { MappingRegistry } from '../mapping/registry.js';
import { readCustomsXml, writeCustomsXml } from '../mapping/xml/adapter.js';
import { xmlSpecsForMessage } from '../mapping/xml/plans.js';
import type { Obj } from '../mapping/paths.js';
import type { DocumentCodecs } from './codecs.js';

export function mappingCodecs(registry: MappingRegistry = new MappingRegistry()): DocumentCodecs {
  return {
    fromEdifact(_payload, ic, ctx) {
      // The interchange the validate stage parsed (with the partner's character set): its segments
      // are mapped as they are, not parsed from the payload a second time.
      const read = readEdifactInterchange(ic, registry, { timeZone: ctx.partner.timeZone });
      const out = new Map<number, { documents: CanonicalDocument[]; issues: Issue[] }>();
      for (const mapped of read.documents) {
        const index = mapped.source.messageIndex;
        let entry = out.get(index);
        if (!entry) {
          entry = { documents: [], issues: [] };
          out.set(index, entry);
        }
        entry.documents.push(mapped.document as unknown as CanonicalDocument);
        entry.issues.push(...mapped.issues);
      }
      return out;
    },
    fromCustomsXml(payload, message, ctx) {
      if (xmlSpecsForMessage(registry, message.type).length === 0) return undefined;
      const read = readCustomsXml(payload, registry, { timeZone: ctx.partner.timeZone, ...(ctx.partner.edifact.charset === 'GB18030' ? { allowGb18030: true } : {}) });
      // Reading findings are the validate stage's already; the mapping's own are new.
      const issues = [...read.issues.filter((i) => i.code.startsWith('GW_ERR_MAPPING_')), ...read.documents.flatMap((d) => d.issues)];
      return { documents: read.documents.map((d) => d.document as unknown as CanonicalDocument), issues };
    },
    writesEdifact: (documentType, target) => registry.forDocument(documentType, target.message, target.directory).length > 0,
    writesCustomsXml: (documentType, messageType) =>
      registry.specs.some((r) => r.spec.format === 'xml' && r.spec.message === messageType && r.spec.document === documentType && (r.spec.direction ?? 'both') !== 'read'),
    toEdifact(doc, target, envelope) {
      if (registry.forDocument(doc.documentType, target.message, target.directory).length === 0) return undefined;
      const written = writeEdifact([doc as unknown as Obj], registry, {
        message: target.message,
        directory: target.directory,
        syntaxId: envelope.syntaxId,
        syntaxVersion: envelope.syntaxVersion,
        ...(envelope.charset !== undefined ? { charset: envelope.charset } : {}),
        timeZone: envelope.timeZone,
        sender: envelope.sender,
        recipient: envelope.recipient,
        controlRef: envelope.controlRef,
        preparedAt: envelope.preparedAt.toISOString(),
        test: envelope.test,
        ackRequested: envelope.ackRequested,
      });
      return { payload: written.output, issues: written.issues };
    },
    toCustomsXml(doc, messageType, head, ctx) {
      const written = writeCustomsXml(doc, registry, {
        message: messageType,
        messageId: head.messageId,
        senderId: head.senderId,
        receiverId: head.receiverId,
        sendTime: head.sendTime,
        timeZone: ctx.partner.timeZone,
        encoding: ctx.partner.edifact.charset === 'GB18030' ? 'gb18030' : 'utf-8',
      });
      return { xml: written.output, issues: written.issues };
    },
  };
}
