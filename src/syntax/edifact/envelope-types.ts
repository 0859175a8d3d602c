/** The envelope vocabulary shared by the tracker, the tree and the streaming reader. */
import type { Severity } from '../../errors/index.js';
import type { ErrorCode } from '../../errors/codes.js';
import type { Segment } from './segment.js';

export interface PartyId {
  readonly id: string;
  readonly qualifier: string;
  readonly routing: string;
}

export interface InterchangeHeader {
  readonly syntaxId: string;
  readonly syntaxVersion: number;
  readonly sender: PartyId;
  readonly recipient: PartyId;
  readonly date: string;
  readonly time: string;
  readonly controlRef: string;
  readonly applicationRef: string;
  readonly ackRequested: boolean;
  readonly test: boolean;
}

export interface MessageIdentifier {
  readonly type: string;
  readonly version: string;
  readonly release: string;
  readonly agency: string;
  readonly association: string;
}

export interface GroupRecord {
  readonly index: number;
  readonly ref: string;
  readonly ung: Segment;
  une: Segment | undefined;
  messageCount: number;
  readonly types: Set<string>;
}

export interface MessageRecord {
  /** 1-based ordinal of the message in the interchange. */
  readonly index: number;
  readonly ref: string;
  readonly id: MessageIdentifier;
  readonly unh: Segment;
  unt: Segment | undefined;
  /** Segments seen so far, UNH included (and UNT once closed). */
  segmentCount: number;
  /** Interchange position of UNH. */
  readonly firstSegment: number;
  readonly group: GroupRecord | undefined;
  errors: number;
  warnings: number;
}

export interface EnvelopeListener {
  messageStart?(m: MessageRecord): void;
  messageEnd?(m: MessageRecord): void;
  groupStart?(g: GroupRecord): void;
  groupEnd?(g: GroupRecord): void;
}

export interface EnvelopeOptions {
  /** Partner leniency: severity overrides by code (e.g. accept line-feed terminators as a warning). */
  readonly severity?: Readonly<Partial<Record<ErrorCode, Severity>>>;
  /** Partner character set that replaces the one UNB declares (GB18030 for domestic traffic). */
  readonly charset?: string;
  readonly maxIssuesPerCode?: number;
  readonly schemasRoot?: string;
}
