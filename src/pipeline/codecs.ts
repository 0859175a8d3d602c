/**
 * The seam to the mapping engine (issue 4): turning parsed messages into canonical documents and
 * documents into message bodies. The pipeline owns everything around it (envelopes, control
 * references, character sets of partners, routing); a codec only maps content.
 *
 * Until the mapping engine lands, `NO_CODECS` answers "no mapping" for everything: EDIFACT and
 * customs XML messages are parsed, validated and acknowledged, then kept as `unrouted` with
 * GW_ERR_MAPPING_UNAVAILABLE, and deliveries in EDIFACT or customs XML formats become dead letters
 * with GW_ERR_RENDER_UNAVAILABLE (replayable once the mapping exists). JSON needs no codec.
 */
import type { CanonicalDocument } from '../catalogue/documents/index.js';
import type { Partner } from '../config/types.js';
import type { Issue } from '../errors/issue.js';
import type { SegmentInput } from '../syntax/edifact/build.js';
import type { Interchange, Message } from '../syntax/edifact/tree.js';
import type { CustomsMessage } from '../syntax/xml/index.js';

export interface CodecContext {
  /** The partner who sent the message (inbound) or receives the document (outbound). */
  readonly partner: Partner;
  /** The gateway's id of the message being processed. */
  readonly messageId: string;
}

export interface DocumentsResult {
  readonly documents: readonly CanonicalDocument[];
  /** Mapping findings (values not carried, business rules); errors keep the message from being routed. */
  readonly issues: readonly Issue[];
}

export interface EdifactBody {
  /** UNH message identifier of what was written (type, version, release, agency, association). */
  readonly id: { readonly type: string; readonly version: string; readonly release: string; readonly agency: string; readonly association?: string };
  /** The segments between UNH and UNT. */
  readonly segments: readonly SegmentInput[];
  readonly issues: readonly Issue[];
}

export interface CustomsHeadInput {
  readonly messageId: string;
  readonly senderId: string;
  readonly receiverId: string;
  readonly sendTime: Date;
}

export interface DocumentCodecs {
  /** Documents of one EDIFACT message; undefined when no mapping covers its type and directory. */
  fromEdifact(message: Message, interchange: Interchange, ctx: CodecContext): DocumentsResult | undefined;
  /** Documents of one customs XML message; undefined when no mapping covers its type. */
  fromCustomsXml(message: CustomsMessage, ctx: CodecContext): DocumentsResult | undefined;
  /** The body of one EDIFACT message for `doc`; undefined when no mapping writes this message and directory. */
  toEdifact(doc: CanonicalDocument, target: { readonly message: string; readonly directory: string }, ctx: CodecContext): EdifactBody | undefined;
  /** A complete customs XML message for `doc`; undefined when no mapping writes this message type. */
  toCustomsXml(doc: CanonicalDocument, messageType: string, head: CustomsHeadInput, ctx: CodecContext): { xml: Buffer; issues: readonly Issue[] } | undefined;
}

/** No mappings at all: what the gateway can do before the mapping engine exists. */
export const NO_CODECS: DocumentCodecs = {
  fromEdifact: () => undefined,
  fromCustomsXml: () => undefined,
  toEdifact: () => undefined,
  toCustomsXml: () => undefined,
};
