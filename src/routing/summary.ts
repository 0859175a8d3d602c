/**
 * What routing needs to know about one canonical document. The pipeline fills it from the document
 * (and the envelope it came in), so routing never reads a payload and stays independent of message
 * formats.
 */
import type {
  DocumentEvent, DocumentFunction, DocumentType, EdifactId, PartyRole, ReferenceType, TradeDirection,
} from '../config/types.js';

export interface RoutingSummary {
  readonly documentType: DocumentType;
  /** BGM 1225 / XML FunctionCode, as the canonical document states it. */
  readonly function: DocumentFunction;
  /**
   * What the document reports: EIR `direction` (gateIn / gateOut), TallyReport and ContainerList
   * `operation` (discharge / loading), the CustomsNotice's decisions (several when its lines differ).
   */
  readonly events: readonly DocumentEvent[];
  readonly direction?: TradeDirection;
  /** Partner id of the authenticated sender (the UNB sender has already been checked against it). */
  readonly senderId: string;
  /** Whom the interchange is addressed to: UNB S003, or the customs XML Head ReceiverID. */
  readonly recipient?: { readonly edifact?: EdifactId; readonly customsId?: string };
  /**
   * Parties the document names: one entry per role and identifier (a canonical party with two roles
   * and two identifiers gives four), with the id as the document gives it (NAD 3039, SMDG code, customs code).
   */
  readonly parties: readonly { readonly role: PartyRole; readonly id: string }[];
  /** UN/LOCODEs and terminal or depot codes the document names. */
  readonly locations: readonly string[];
  readonly references: readonly { readonly type: ReferenceType; readonly value: string }[];
  /** UNB 0035 = 1 (or the XML equivalent): test traffic. */
  readonly test: boolean;
}
