import { defineErrors } from '../define.js';

/**
 * Customs XML mapping findings (src/mapping/xml/): what a canonical document lacks for the customs
 * message asked for, and customs conventions a message breaks. The general mapping findings
 * (GW_ERR_MAPPING_*: unmapped elements and fields, codes, dates, numbers) apply to XML too.
 */
export const mappingXmlErrors = defineErrors({
  GW_ERR_MAPPING_XML_REQUIRED_MISSING: { severity: 'error', title: 'The customs message being written requires an element (for this FunctionCode) that the canonical document gives no value for; the message is not produced.' },
  GW_ERR_MAPPING_XML_FUNCTION_UNSUPPORTED: { severity: 'error', title: 'The document\'s function (original, replace, cancel) has no FunctionCode in the customs message asked for (an arrival report cannot be replaced, only deleted and sent again).' },
  GW_ERR_MAPPING_XML_HEAD_INCOMPLETE: { severity: 'error', title: 'A customs Head field cannot be filled: no SenderID or ReceiverID in the partner settings or the document, or an issue time that is not ISO 8601.' },
  GW_ERR_MAPPING_XML_MESSAGE_ID_INCONSISTENT: { severity: 'warning', title: 'Head/MessageID follows the customs convention CN_<MessageType>_<version>_<sender>_<time> but names another message type or version than the Head says (copied or placeholder data).' },
  GW_ERR_MAPPING_XML_SIZE_TYPE_SHORTHAND: { severity: 'warning', title: 'A container size-type is trade shorthand (20GP, 40HC) rather than an ISO 6346 code (22G1, 45G1); it is kept as sent, and a receiver that checks ISO 6346 may read it differently.' },
});
