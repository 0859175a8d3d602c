/**
 * What validation takes and returns, shared by the structure validator (src/validation/structure)
 * and the profile and business-rule checks that run after it on the same message.
 */
import type { EdifactCatalogue, MessageDef } from '../catalogue/edifact/index.js';
import type { ErrorCode } from '../errors/codes.js';
import type { Issue, Severity } from '../errors/index.js';
import type { EnvelopeOptions, InterchangeHeader, MessageIdentifier, Segment } from '../syntax/edifact/index.js';

/** What a code-list hook is asked about one coded value. */
export interface CodeCheckContext {
  /** As UNH S009 names it: 'D95B', or 'D3' / '41' for CONTRL. */
  readonly directory: string;
  readonly messageType: string;
  readonly tag: string;
  /** The data element (e.g. '1001'), for a component the component's element. */
  readonly elementId: string;
  /** First component of the segment's first data element when present (the qualifier: DTM 2005, LOC 3227, BGM 1001). */
  readonly segmentQualifier?: string;
  readonly value: string;
}

/**
 * Decides a code value before the UN list does: true accepts it, false rejects it, undefined
 * leaves it to the directory's code list. Consulted for every element the directory publishes a
 * code list for, and, in directories that publish none (D98B, D01B), for every value: a profile
 * can add codes to a list, close it or narrow it without the validator knowing profiles.
 */
export type CodeCheck = ((ctx: CodeCheckContext) => boolean | undefined) & {
  /**
   * The data elements the hook has a say on, when it knows them: values of other elements are
   * then not asked about (the hook would leave them to the list), which spares building the
   * question for every coded value of every segment.
   */
  readonly elements?: ReadonlySet<string>;
  /**
   * The verdict depends on nothing but the question (no state, no clock, no counting): the
   * validator then keeps the verdicts on short codes (up to three characters, qualifier and
   * value) and asks once per code, not once per segment.
   */
  readonly deterministic?: boolean;
};

/** A message's identity, the same in tree and streaming mode. */
export interface MessageHeader {
  /** 1-based ordinal in the interchange. */
  readonly index: number;
  /** UNH 0062. */
  readonly ref: string;
  readonly id: MessageIdentifier;
  readonly type: string;
  /** Catalogue directory id from S009: 'D' + '95B' -> 'D95B'. */
  readonly directory: string;
}

/** One message as a pass sees it after the structure check. */
export interface MessageInput extends MessageHeader {
  /** UNH … UNT; UNT is absent when the message was not closed. */
  readonly segments: readonly Segment[];
  readonly closed: boolean;
  /** The catalogue's segment table, undefined when the catalogue does not hold the message. */
  readonly definition: MessageDef | undefined;
  /**
   * For each segment (same index as `segments`) the segment group it was placed in: '' for the
   * message level, 'SG3', 'SG3/SG4' for nested groups, undefined where the table has no place
   * for it (an unexpected segment) or the message is not in the catalogue.
   */
  readonly groups: readonly (string | undefined)[];
  /** Each segment's tag as a number (`Segment.code`, same index as `segments`), gathered by the structure check as it passed. */
  readonly tags?: Int32Array;
}

/**
 * One more check per message, run after the structure check on the same segments (profile
 * rules, business rules). Its findings join the message's issues.
 */
export type MessagePass = (message: MessageInput) => readonly Issue[];

export interface ValidationOptions {
  /** Defaults to the installation's schemas/edifact, loaded once per process. */
  readonly catalogue?: EdifactCatalogue;
  /** Partner leniency: severity by code for structure findings (and for the envelope in `validateStream`). */
  readonly severity?: Readonly<Partial<Record<ErrorCode, Severity>>>;
  /** Findings of one code listed per message before a summary (default 100). */
  readonly maxIssuesPerCode?: number;
  readonly codeCheck?: CodeCheck;
  /** Name of the profile applied, reported with every message; a function when it depends on the message. */
  readonly profile?: string | ((message: MessageHeader) => string | undefined);
  readonly passes?: readonly MessagePass[];
  /** Envelope options for `validateStream` (partner charset, severities, caps). */
  readonly envelope?: EnvelopeOptions;
  /**
   * Receives each message's result as soon as the message is checked. `validateStream` then keeps
   * none of them (its `messages` is empty), so its memory stays flat however many messages pass.
   */
  readonly onMessage?: (message: MessageValidation) => void;
}

/** Everything validation learned about one message. */
export interface MessageValidation extends MessageHeader {
  readonly profile?: string;
  readonly segmentCount: number;
  readonly closed: boolean;
  /** False when the catalogue holds no segment table for the message (checked at the syntax level only). */
  readonly inCatalogue: boolean;
  /** Structure findings, then the passes' findings. Envelope findings stay in `InterchangeValidation.envelope`. */
  readonly issues: readonly Issue[];
  /** Errors and warnings of this message, its envelope findings (UNH, UNT, characters) included. */
  readonly errors: number;
  readonly warnings: number;
}

export interface InterchangeValidation {
  readonly header: InterchangeHeader | undefined;
  /** The syntax layer's findings (envelope, service segments, characters), as it reported them. */
  readonly envelope: readonly Issue[];
  /** Every message's result; empty when `onMessage` received them instead. */
  readonly messages: readonly MessageValidation[];
  readonly segmentCount: number;
  /** Totals over the envelope and every message. */
  readonly errors: number;
  readonly warnings: number;
}

/** `validateStream`'s result: the same, plus what the reader counted. */
export interface StreamValidation extends InterchangeValidation {
  readonly messageCount: number;
  readonly bytes: number;
}
