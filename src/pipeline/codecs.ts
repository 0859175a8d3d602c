/**
 * The seam to the mapping engine (issue 4): turning parsed messages into canonical documents and
 * documents into message bodies. The pipeline owns everything around it (envelopes, control
 * references, character sets of partners, routing); a codec only maps content.
 *
 * A message no mapping covers is parsed, validated and acknowledged, then kept as `unrouted` with
 * GW_ERR_MAPPING_UNAVAILABLE; a delivery in a format no mapping writes becomes a dead letter with
 * GW_ERR_RENDER_UNAVAILABLE (replayable once the mapping exists). JSON needs no codec.
 */
import type { CanonicalDocument } from '../catalogue/documents/index.js';
import type { Partner } from '../config/types.js';
import type { Issue } from '../errors/issue.js';
import type { PartyInput } from '../syntax/edifact/build.js';
import type { Interchange } from '../syntax/edifact/tree.js';
import type { CustomsMessage } from '../syntax/xml/index.js';

export interface CodecContext {
  /** The partner who sent the message (inbound) or receives the document (outbound). */
  readonly partner: Partner;
  /** The gateway's id of the message being processed. */
  readonly messageId: string;
}

export interface DocumentsResult {
  readonly documents: readonly CanonicalDocument[];
  /** Mapping findings (values not carried, bad values); errors keep the message from being routed. */
  readonly issues: readonly Issue[];
}

/** The interchange envelope the gateway decides for an outbound EDIFACT delivery. */
export interface EdifactEnvelope {
  readonly syntaxId: string;
  readonly syntaxVersion: number;
  /** Partner character set replacing the syntax identifier's (GB18030). */
  readonly charset?: 'GB18030';
  readonly una: boolean;
  readonly sender: PartyInput;
  readonly recipient: PartyInput;
  readonly controlRef: string;
  readonly preparedAt: Date;
  /** The partner's zone for date/times without offset. */
  readonly timeZone: string;
  /** UNB 0031: the partner is asked for a CONTRL. */
  readonly ackRequested: boolean;
  /** UNB 0035. */
  readonly test: boolean;
}

export interface CustomsHeadInput {
  readonly messageId: string;
  readonly senderId: string;
  readonly receiverId: string;
  readonly sendTime: Date;
}

export interface DocumentCodecs {
  /**
   * Documents of each message of an EDIFACT interchange the codec has a mapping for, by message
   * ordinal; a message missing from the map has no mapping.
   */
  fromEdifact(payload: Buffer, interchange: Interchange, ctx: CodecContext): ReadonlyMap<number, DocumentsResult>;
  /** Documents of one customs XML message; undefined when no mapping covers its type. */
  fromCustomsXml(payload: Buffer, message: CustomsMessage, ctx: CodecContext): DocumentsResult | undefined;
  /** Whether a mapping writes this document type as this EDIFACT message and directory. */
  writesEdifact(documentType: string, target: { readonly message: string; readonly directory: string }): boolean;
  /** Whether a mapping writes this document type as this customs message type. */
  writesCustomsXml(documentType: string, messageType: string): boolean;
  /** A whole interchange for `doc` in the envelope given; undefined when no mapping writes this message and directory. */
  toEdifact(doc: CanonicalDocument, target: { readonly message: string; readonly directory: string }, envelope: EdifactEnvelope, ctx: CodecContext): { payload: Buffer | undefined; issues: readonly Issue[] } | undefined;
  /** A complete customs XML message for `doc`; undefined when no mapping writes this message type. */
  toCustomsXml(doc: CanonicalDocument, messageType: string, head: CustomsHeadInput, ctx: CodecContext): { xml: Buffer | undefined; issues: readonly Issue[] } | undefined;
}

/** No mappings at all: what the gateway can do without the mapping engine (tests, tools). */
export const NO_CODECS: DocumentCodecs = {
  fromEdifact: () => new Map(),
  fromCustomsXml: () => undefined,
  writesEdifact: () => false,
  writesCustomsXml: () => false,
  toEdifact: () => undefined,
  toCustomsXml: () => undefined,
};
