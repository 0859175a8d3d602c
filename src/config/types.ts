/**
 * The gateway's configuration after loading: the file (validated against config/edigw.schema.json),
 * environment overrides and defaults merged, relative paths made absolute, secrets read from the
 * environment variables the file names. Everything here is final; nothing downstream applies defaults.
 */
import type { Severity } from '../errors/issue.js';

export const PartnerRole = {
  shippingAgent: 'shipping-agent',
  shippingLine: 'shipping-line',
  terminal: 'terminal',
  yard: 'yard',
  customs: 'customs',
  forwarder: 'forwarder',
} as const;
export type PartnerRole = (typeof PartnerRole)[keyof typeof PartnerRole];

/** The hub's canonical documents (ARCHITECTURE.md, "Canonical documents"). */
export const DocumentType = {
  Manifest: 'Manifest',
  BillOfLading: 'BillOfLading',
  DeliveryOrder: 'DeliveryOrder',
  EquipmentInterchangeReceipt: 'EquipmentInterchangeReceipt',
  ContainerList: 'ContainerList',
  TallyReport: 'TallyReport',
  CustomsNotice: 'CustomsNotice',
  Acknowledgement: 'Acknowledgement',
} as const;
export type DocumentType = (typeof DocumentType)[keyof typeof DocumentType];

/** A document's function: BGM 1225 (9 original, 5 replace, 1 cancel) or the customs XML FunctionCode. */
export const DocumentFunction = { original: 'original', replace: 'replace', cancel: 'cancel' } as const;
export type DocumentFunction = (typeof DocumentFunction)[keyof typeof DocumentFunction];

/**
 * How a delivery is rendered. Written in the file as `CODECO:D95B`, `MT1101` or `json`; `formatToString`
 * gives that spelling back.
 */
export type DeliveryFormat =
  | { readonly kind: 'edifact'; readonly message: string; readonly directory: string }
  | { readonly kind: 'customs-xml'; readonly message: string }
  | { readonly kind: 'json' };

export type SyntaxIdentifier = 'UNOA' | 'UNOB' | 'UNOC' | 'UNOD' | 'UNOE' | 'UNOF' | 'UNOW' | 'UNOY';

/** A UNB S002/S003 identification: 0004/0010 and its code qualifier 0007 (absent: any qualifier). */
export interface EdifactId {
  readonly id: string;
  readonly qualifier?: string;
}

/** An API key as the configuration keeps it: only the SHA-256 of the key, never the key. */
export interface ApiKeyEntry {
  /** Names the key in logs and the audit trail (never the key itself), e.g. "2025-rotation". */
  readonly id: string;
  /** Lower-case hex SHA-256 of the UTF-8 key string. */
  readonly sha256: string;
}

export interface AdminKey extends ApiKeyEntry {
  readonly name: string;
}

export interface SftpLogin {
  readonly username: string;
  /** `$scrypt$ln=…,r=…,p=…$salt$hash` (see config/credentials.ts); absent: public-key login only. */
  readonly passwordHash?: string;
  /** OpenSSH public key lines (`ssh-ed25519 AAAA… comment`), already checked to parse. */
  readonly publicKeys: readonly string[];
}

export type ChannelType = 'mailbox' | 'webhook' | 'sftp-outbox' | 'remote-sftp' | 'folder';

export type ChannelConfig =
  /** Deliveries wait in the partner's mailbox for `GET /v1/mailbox`. Every partner has one, named "mailbox". */
  | { readonly type: 'mailbox' }
  /** POST to `url`, signed with HMAC-SHA256 over the body using `secret`. */
  | { readonly type: 'webhook'; readonly url: string; readonly secret: string }
  /** Files in `outbox/` of the partner's home on the built-in SFTP server. */
  | { readonly type: 'sftp-outbox' }
  | RemoteSftpChannel
  /** A directory on the gateway's host: the partner drops files in `<path>/inbox`, finds deliveries in `<path>/outbox`. */
  | { readonly type: 'folder'; readonly path: string; readonly pollIntervalSeconds: number };

export interface RemoteSftpChannel {
  readonly type: 'remote-sftp';
  readonly host: string;
  readonly port: number;
  readonly username: string;
  /** Exactly one of `password` (from the file or its `passwordEnv` variable) and `privateKeyPath`. */
  readonly password?: string;
  readonly privateKeyPath?: string;
  /** Host key pin as `ssh-keygen -l` prints it (`SHA256:…`); absent: any host key is accepted (say so in logs). */
  readonly hostKeySha256?: string;
  /** Where deliveries are pushed. */
  readonly remoteDir: string;
  /** Where the partner leaves files for the gateway to collect; absent: push only. */
  readonly pollDir?: string;
  readonly pollIntervalSeconds: number;
}

export type ContrlPolicy = 'always' | 'on-request' | 'never';
export type AperakPolicy = 'always' | 'on-error' | 'never';

export interface AckSettings {
  /** Send CONTRL back: always, when UNB 0031 asks for it (`on-request`, the default), or never. */
  readonly contrl: ContrlPolicy;
  /** Send APERAK for business-rule findings: always, only when there are errors (default), never. */
  readonly aperak: AperakPolicy;
  /** Set UNB 0031 = 1 on interchanges sent to this partner. */
  readonly requestContrl: boolean;
  /** How long we wait for this partner's CONTRL (or customs receipt) before the delivery is flagged. */
  readonly deadlineMinutes?: number;
}

export interface EdifactSettings {
  /** Syntax identifier (UNB 0001) the gateway writes for this partner; inbound uses what UNB declares. */
  readonly syntaxIdentifier: SyntaxIdentifier;
  readonly syntaxVersion: 1 | 2 | 3 | 4;
  /** GB18030 for domestic traffic: bytes are GB18030 whatever UNB 0001 says, both directions. */
  readonly charset?: 'GB18030';
  /** Write a UNA service string advice on outbound interchanges. */
  readonly una: boolean;
}

export interface ValidationSettings {
  /** Validation profile name (catalogue); absent: the port default profile of each message. */
  readonly profile?: string;
  /** Leniency: severity per `GW_ERR_*` code for this partner's traffic (codes checked against the catalogue). */
  readonly severity: Readonly<Record<string, Severity>>;
}

export interface TestTrafficSettings {
  /** Whether test interchanges (UNB 0035 = 1) are delivered to this partner at all. Never for customs. */
  readonly accept: boolean;
  /** Channel for test deliveries; absent: the channel the route names. */
  readonly channel?: string;
}

export interface Partner {
  readonly id: string;
  readonly name: string;
  readonly role: PartnerRole;
  readonly edifactIds: readonly EdifactId[];
  /** China customs SenderID / ReceiverID values this partner uses in the XML Head. */
  readonly customsIds: readonly string[];
  /** Codes documents use to name this partner as a party (SMDG carrier code, NAD 3039 codes, terminal code). */
  readonly partyIds: readonly string[];
  readonly apiKeys: readonly ApiKeyEntry[];
  readonly sftp?: SftpLogin;
  /** Outbound format when a route does not name one: per document type, else `default`. */
  readonly formats: {
    readonly default: DeliveryFormat;
    readonly byDocument: Readonly<Partial<Record<DocumentType, DeliveryFormat>>>;
    /** What the partner may send; absent: anything the gateway reads. */
    readonly inbound?: readonly DeliveryFormat[];
  };
  readonly edifact: EdifactSettings;
  /** Named channels; always holds `mailbox`. */
  readonly channels: Readonly<Record<string, ChannelConfig>>;
  readonly defaultChannel: string;
  readonly validation: ValidationSettings;
  /** IANA time zone for EDIFACT date/times that carry no offset. */
  readonly timeZone: string;
  readonly acks: AckSettings;
  readonly testTraffic: TestTrafficSettings;
}

/** Party roles of the canonical documents (schemas/documents/common.schema.json `partyRole`; a test keeps both equal). */
export const PartyRole = {
  carrier: 'carrier',
  carrierAgent: 'carrierAgent',
  vesselAgent: 'vesselAgent',
  containerOperator: 'containerOperator',
  consignor: 'consignor',
  consignee: 'consignee',
  notifyParty: 'notifyParty',
  forwarder: 'forwarder',
  haulier: 'haulier',
  terminalOperator: 'terminalOperator',
  depot: 'depot',
  customs: 'customs',
  customsBroker: 'customsBroker',
  declarant: 'declarant',
  consolidator: 'consolidator',
  deconsolidator: 'deconsolidator',
  intermediateCarrier: 'intermediateCarrier',
  dangerousGoodsContact: 'dangerousGoodsContact',
  manifestTransmitter: 'manifestTransmitter',
  releasingParty: 'releasingParty',
  deliveryParty: 'deliveryParty',
  tallyCompany: 'tallyCompany',
  issuer: 'issuer',
  messageSender: 'messageSender',
  messageRecipient: 'messageRecipient',
  other: 'other',
} as const;
export type PartyRole = (typeof PartyRole)[keyof typeof PartyRole];

/**
 * Reference types of the canonical documents (common.schema.json `referenceType`), plus `container`:
 * container numbers sit in the equipment, not among the references, but route rules match on them too.
 */
export const ReferenceType = {
  billOfLading: 'billOfLading',
  masterBillOfLading: 'masterBillOfLading',
  houseBillOfLading: 'houseBillOfLading',
  booking: 'booking',
  releaseNumber: 'releaseNumber',
  customsDeclaration: 'customsDeclaration',
  customsRelease: 'customsRelease',
  vesselCall: 'vesselCall',
  voyage: 'voyage',
  manifestNumber: 'manifestNumber',
  previousMessage: 'previousMessage',
  previousCustomsDocument: 'previousCustomsDocument',
  deliveryOrder: 'deliveryOrder',
  equipmentInterchangeReceipt: 'equipmentInterchangeReceipt',
  loadingList: 'loadingList',
  transportOrder: 'transportOrder',
  ucr: 'ucr',
  containerSequence: 'containerSequence',
  exportLicence: 'exportLicence',
  purchaseOrder: 'purchaseOrder',
  other: 'other',
  container: 'container',
} as const;
export type ReferenceType = (typeof ReferenceType)[keyof typeof ReferenceType];

/**
 * What a document reports, in the canonical documents' words: EIR `direction` (gateIn, gateOut),
 * TallyReport / ContainerList `operation` (discharge, loading), CustomsNotice `decisions[].decision`
 * (release, hold, inspection, …; `other` is left out: a rule cannot mean it).
 */
export const DocumentEvent = {
  gateIn: 'gateIn',
  gateOut: 'gateOut',
  discharge: 'discharge',
  loading: 'loading',
  release: 'release',
  hold: 'hold',
  inspection: 'inspection',
  inspectionCompleted: 'inspectionCompleted',
  documentsRequired: 'documentsRequired',
  accepted: 'accepted',
  rejected: 'rejected',
  cancelled: 'cancelled',
} as const;
export type DocumentEvent = (typeof DocumentEvent)[keyof typeof DocumentEvent];

export type TradeDirection = 'import' | 'export' | 'transhipment';

/** Conditions of a route rule: every condition given must hold; a list matches any of its values. */
export interface RouteMatch {
  readonly documentType?: readonly DocumentType[];
  readonly function?: readonly DocumentFunction[];
  /** Matches when the document reports any of these events. */
  readonly event?: readonly DocumentEvent[];
  readonly direction?: readonly TradeDirection[];
  /** Partner ids of the (authenticated) sender. */
  readonly sender?: readonly string[];
  readonly senderRole?: readonly PartnerRole[];
  /** Partner ids the message is addressed to: UNB S003 / XML ReceiverID, or a party of the document. */
  readonly recipient?: readonly string[];
  /** UN/LOCODEs or terminal codes; matches when the document names any of them. */
  readonly location?: readonly string[];
  /** Per reference type, values or prefixes (`COSU*`); matches when any reference of the type fits. */
  readonly references?: Readonly<Partial<Record<ReferenceType, readonly string[]>>>;
  /** true: test interchanges only; false: production only; absent: both. */
  readonly test?: boolean;
}

/** Who a destination goes to: a named partner, whoever the document names in a role, or the addressee. */
export type DestinationTarget =
  | { readonly kind: 'partner'; readonly partnerId: string }
  | { readonly kind: 'party'; readonly role: PartyRole }
  | { readonly kind: 'recipient' };

export interface RouteDestination {
  readonly target: DestinationTarget;
  /** Absent: the partner's preferred format for the document type. */
  readonly format?: DeliveryFormat;
  /** Absent: the partner's default channel. */
  readonly channel?: string;
}

export interface RouteRule {
  readonly id: string;
  readonly description?: string;
  readonly match: RouteMatch;
  readonly destinations: readonly RouteDestination[];
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type StoreSettings =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

export interface GatewayConfig {
  /** Absolute path of the file read, for messages. */
  readonly source: string;
  /** The shipped demo configuration, or a file with `"demo": true`: loopback only (see `assertSafeBinding`). */
  readonly demo: boolean;
  /** The hub's own identity on outbound traffic. */
  readonly hub: { readonly name: string; readonly edifactId: EdifactId; readonly customsId: string };
  readonly server: { readonly host: string; readonly port: number };
  readonly sftp: {
    readonly enabled: boolean;
    readonly host: string;
    readonly port: number;
    readonly hostKeyPath: string;
    readonly maxFileBytes: number;
    readonly maxAuthAttempts: number;
  };
  readonly redis: { readonly url: string; readonly prefix: string };
  readonly store: StoreSettings;
  readonly dataDir: string;
  readonly log: { readonly level: LogLevel };
  readonly ingest: { readonly bodyLimitBytes: number; readonly duplicateWindowDays: number };
  readonly delivery: { readonly attempts: number; readonly backoffMs: number };
  readonly mailbox: { readonly leaseSeconds: number; readonly maxWaitSeconds: number };
  /**
   * `concurrency`: jobs per worker process. `pipelineThreads`: worker threads that parse, validate,
   * map and render (0: on the event loop); null: one when the machine has a core to spare.
   */
  readonly workers: { readonly concurrency: number; readonly pipelineThreads: number | null };
  /**
   * Payloads (raw messages and rendered deliveries) of finished messages are removed this many days
   * after receipt; the records, documents, references and audit trail stay. null: kept for ever.
   */
  readonly retention: { readonly payloadDays: number | null };
  readonly adminKeys: readonly AdminKey[];
  readonly partners: readonly Partner[];
  readonly routes: readonly RouteRule[];
}

export function formatToString(format: DeliveryFormat): string {
  switch (format.kind) {
    case 'edifact':
      return `${format.message}:${format.directory}`;
    case 'customs-xml':
      return format.message;
    case 'json':
      return 'json';
  }
}

const EDIFACT_FORMAT = /^([A-Z]{6}):([A-Z]\d{2}[A-Z])$/;
const CUSTOMS_FORMAT = /^MT\d{4}$/;

/** Parses `CODECO:D95B`, `MT1101` or `json`; undefined for anything else. */
export function parseFormat(text: string): DeliveryFormat | undefined {
  if (text === 'json') return { kind: 'json' };
  if (CUSTOMS_FORMAT.test(text)) return { kind: 'customs-xml', message: text };
  const m = EDIFACT_FORMAT.exec(text);
  return m ? { kind: 'edifact', message: m[1], directory: m[2] } : undefined;
}
