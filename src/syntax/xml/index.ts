/**
 * China customs manifest XML, syntax layer: safe reading, the customs envelope (Manifest, Head,
 * namespace, the port platform's MFTMessage wrapper), schema knowledge derived from the customs
 * XSDs, and schema-ordered writing. It knows XML and the customs envelope, not canonical documents.
 * See docs/customs-xml.md.
 */
import { namespaceMessageType } from './envelope.js';
import { prepareXml, type XmlReadOptions } from './read.js';
import { isMessageType, type MessageType } from './types.js';
import type { Issue } from '../../errors/index.js';

export { parseCustomsXml, type CustomsParseOptions, type CustomsParseResult } from './parse.js';
export { buildCustomsXml, encodeCustomsXml } from './write.js';
export { formatSendTime, isValidSendTime } from './envelope.js';
export { messageSchema, variantFor, repeatingPaths, type ElementDef, type VariantDef, type MessageSchema } from './schema.js';
export { DEFAULT_LIMITS, type XmlLimits } from './input.js';
export type { XmlReadOptions } from './read.js';
export {
  ATTRIBUTE_PREFIX, TEXT_KEY, HEAD_FIELDS, MessageType, MftDataForm, customsNamespace, isMessageType,
  type CustomsHead, type CustomsMessage, type MftHead, type MftWrapper, type XmlContent, type XmlElement, type XmlValue,
} from './types.js';

/**
 * Cheap detection for the edge and the format detector: decodes, pre-scans (no tree is built) and
 * says which customs message the document claims to be, from the Manifest namespace or else the
 * first MessageType element. `issues` holds the refusal when the input is not safe, well-formed XML.
 */
export function detectCustomsXml(input: Buffer | string, options: XmlReadOptions = {}): { messageType?: MessageType; wrapped: boolean; issues: Issue[] } {
  const { prepared, issues } = prepareXml(input, options);
  if (!prepared) return { wrapped: false, issues };
  const { scan } = prepared;
  const nsType = namespaceMessageType(scan.manifestNamespace);
  const candidate = nsType ?? scan.messageTypeText;
  const wrapped = scan.rootName !== undefined && scan.rootName.replace(/^.*:/, '') === 'MFTMessage';
  return candidate !== undefined && isMessageType(candidate) ? { messageType: candidate, wrapped, issues } : { wrapped, issues };
}
