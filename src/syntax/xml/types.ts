/**
 * The plain object tree the customs XML layer reads and writes. It is fast-xml-parser's natural
 * shape with fixed conventions, so the mapping layer can address values by element path:
 *
 * - an element with only text is a `string` (always a string: "010000" keeps its leading zero);
 * - an element with children or attributes is an `XmlElement`: children by element name, attributes
 *   under `@name`, text next to attributes or children under `#text`;
 * - an element the customs schema lets repeat is always an array, even with one occurrence; an
 *   element the schema does not know is an array only when it occurs more than once.
 *
 * Object keys keep document order, and the customs XSDs only use sequences, so the writer can restore
 * the exact element order from the schema knowledge.
 */
export type XmlValue = string | XmlElement;
export type XmlContent = XmlValue | XmlValue[];
export interface XmlElement {
  [nameOrAttribute: string]: XmlContent;
}

export const ATTRIBUTE_PREFIX = '@';
export const TEXT_KEY = '#text';

/** The message types the gateway knows; `MTECEX`/`MTECIM` are the empty-container applications. */
export const MessageType = {
  MT1101: 'MT1101',
  MT2101: 'MT2101',
  MT3101: 'MT3101',
  MT3102: 'MT3102',
  MT4101: 'MT4101',
  MT5101: 'MT5101',
  MT5102: 'MT5102',
  MT9999: 'MT9999',
  MTECEX: 'MTECEX',
  MTECIM: 'MTECIM',
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export function isMessageType(value: string): value is MessageType {
  return Object.hasOwn(MessageType, value);
}

export function customsNamespace(type: MessageType): string {
  return `urn:Declaration:datamodel:standard:CN:${type}:1`;
}

/** `Manifest/Head`, field names as in the XML. A field missing on input is '' (and reported). */
export interface CustomsHead {
  MessageID: string;
  /** 9 first, 0 secondly, 5 edit, 3 delete (MT1101/MT2101); 2 add, 3 delete (MT3101/MT3102/MT4101...). */
  FunctionCode: string;
  MessageType: string;
  SenderID: string;
  ReceiverID: string;
  /** 17 digits, yyyyMMddHHmmssSSS, China time as the customs convention has it. */
  SendTime: string;
  Version: string;
}

export const HEAD_FIELDS = ['MessageID', 'FunctionCode', 'MessageType', 'SenderID', 'ReceiverID', 'SendTime', 'Version'] as const satisfies readonly (keyof CustomsHead)[];

/**
 * `MFTMessage/MFTHead` of the port platform wrapper, fields in document order (PlatId, SignInfo,
 * CopCode, Note1, Note2 in the platform's own code; other fields are kept as they come).
 */
export interface MftHead {
  PlatId?: string;
  SignInfo?: string;
  CopCode?: string;
  Note1?: string;
  Note2?: string;
  [field: string]: string | undefined;
}

/** How the Manifest stood inside `MFTData`; the writer uses `elements`. */
export const MftDataForm = {
  elements: 'elements',
  text: 'text',
  base64: 'base64',
  gzipBase64: 'gzip-base64',
} as const;
export type MftDataForm = (typeof MftDataForm)[keyof typeof MftDataForm];

export interface MftWrapper {
  head: MftHead;
  dataForm: MftDataForm;
}

export interface CustomsMessage {
  type: MessageType;
  /** The namespace as received; undefined when the Manifest had none (the platform wrapper omits it). */
  namespace?: string;
  head: CustomsHead;
  /** The content of `Manifest/Declaration`. */
  declaration: XmlElement;
  /** Present when the Manifest came inside the port platform wrapper. */
  wrapper?: MftWrapper;
}
