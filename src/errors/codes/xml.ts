import { defineErrors } from '../define.js';

/**
 * China customs manifest XML: safe reading (refusals before parsing, each with line and column),
 * the customs envelope (root, namespace, Head, port platform wrapper) and the element structure the
 * customs XSDs define. None has a CONTRL code: customs XML is acknowledged by a receipt, not CONTRL.
 */
export const xmlErrors = defineErrors({
  GW_ERR_XML_EMPTY: { severity: 'error', http: 400, title: 'The body is empty or holds only white space: there is no XML document to read.' },
  GW_ERR_XML_NOT_XML: { severity: 'error', http: 400, title: 'The body is not XML (it looks like JSON, UN/EDIFACT or plain text).' },
  GW_ERR_XML_BINARY: { severity: 'error', http: 400, title: 'The body is binary data (NUL or control bytes, or a compressed archive), not XML text.' },
  GW_ERR_XML_TOO_LARGE: { severity: 'error', http: 413, title: 'The XML document is larger than the configured limit.' },
  GW_ERR_XML_ENCODING_UNSUPPORTED: { severity: 'error', http: 400, title: 'The declared or detected character encoding is not accepted: UTF-8 only, or GB18030/GBK when the partner is set up for it.' },
  GW_ERR_XML_ENCODING_INVALID: { severity: 'error', http: 400, title: 'A byte sequence is not valid in the encoding the document declares.' },
  GW_ERR_XML_CHAR_INVALID: { severity: 'error', http: 400, title: 'A character that XML 1.0 does not allow (a control character, or a character reference to one) appears in the document.' },
  GW_ERR_XML_DOCTYPE: { severity: 'error', http: 400, title: 'A document type declaration (DOCTYPE or entity/element declaration) is not accepted: no DTD, no entity expansion, no external entities.' },
  GW_ERR_XML_PI_FORBIDDEN: { severity: 'error', http: 400, title: 'A processing instruction other than the XML declaration at the very start is not accepted.' },
  GW_ERR_XML_ENTITY_UNDEFINED: { severity: 'error', http: 400, title: 'An entity reference other than &amp; &lt; &gt; &quot; &apos; or a character reference is used; without a DTD it cannot be resolved.' },
  GW_ERR_XML_TOO_DEEP: { severity: 'error', http: 400, title: 'Elements are nested deeper than the configured limit.' },
  GW_ERR_XML_NAME_TOO_LONG: { severity: 'error', http: 400, title: 'An element or attribute name is longer than the configured limit.' },
  GW_ERR_XML_NAME_RESERVED: { severity: 'error', http: 400, title: 'An element or attribute name is one the reader refuses because it would alter JavaScript objects (__proto__, constructor, prototype).' },
  GW_ERR_XML_ATTRIBUTE_TOO_LONG: { severity: 'error', http: 400, title: 'An attribute value is longer than the configured limit.' },
  GW_ERR_XML_TOO_MANY_ATTRIBUTES: { severity: 'error', http: 400, title: 'An element has more attributes than the configured limit.' },
  GW_ERR_XML_TOO_MANY_ELEMENTS: { severity: 'error', http: 400, title: 'The document holds more elements than the configured limit.' },
  GW_ERR_XML_TRUNCATED: { severity: 'error', http: 400, title: 'The document ends inside a tag, comment or CDATA section, or before its root element is closed (truncated).' },
  GW_ERR_XML_MALFORMED: { severity: 'error', http: 400, title: 'The document is not well-formed XML (mismatched or stray tags, bad attribute syntax, text outside the root element).' },
  GW_ERR_XML_WRAPPER_DATA_INVALID: { severity: 'error', http: 400, title: 'The port platform wrapper (MFTMessage) holds MFTData that is neither a Manifest element nor readable escaped, base64 or gzip-compressed XML.' },

  GW_ERR_XML_ROOT_UNKNOWN: { severity: 'error', http: 400, title: 'The root element is neither a customs Manifest nor a port platform MFTMessage wrapping one.' },
  GW_ERR_XML_NAMESPACE_MISSING: { severity: 'info', title: 'The Manifest has no namespace; the message type is taken from Head/MessageType (accepted on input).' },
  GW_ERR_XML_NAMESPACE_UNKNOWN: { severity: 'warning', title: 'The Manifest namespace is not of the form urn:Declaration:datamodel:standard:CN:MTxxxx:1.' },
  GW_ERR_XML_MESSAGE_TYPE_UNKNOWN: { severity: 'error', title: 'The message type (namespace or Head/MessageType) is missing or not a customs manifest message the gateway knows.' },
  GW_ERR_XML_MESSAGE_TYPE_MISMATCH: { severity: 'error', title: 'The message type in the namespace differs from Head/MessageType.' },
  GW_ERR_XML_HEAD_MISSING: { severity: 'error', title: 'The Manifest has no Head element.' },
  GW_ERR_XML_HEAD_FIELD_MISSING: { severity: 'error', title: 'A Head field (MessageID, FunctionCode, MessageType, SenderID, ReceiverID, SendTime, Version) is missing or empty.' },
  GW_ERR_XML_FUNCTION_CODE_UNKNOWN: { severity: 'error', title: 'Head/FunctionCode is not a function code the customs schema defines for this message type.' },
  GW_ERR_XML_SEND_TIME_INVALID: { severity: 'error', title: 'Head/SendTime is not 17 digits yyyyMMddHHmmssSSS forming a valid date and time.' },
  GW_ERR_XML_DECLARATION_MISSING: { severity: 'error', title: 'The Manifest has no Declaration element.' },

  GW_ERR_XML_ELEMENT_UNKNOWN: { severity: 'warning', title: 'An element that the customs schema of this message does not define (for example AEO, added to the customs specification after the 2015 XSDs); it is kept but not validated.' },
  GW_ERR_XML_ELEMENT_MISSING: { severity: 'error', title: 'An element the customs schema requires is missing.' },
  GW_ERR_XML_ELEMENT_TOO_MANY: { severity: 'error', title: 'An element occurs more often than the customs schema allows (or at all, where this function code excludes it).' },
  GW_ERR_XML_TEXT_NOT_ALLOWED: { severity: 'warning', title: 'Text stands among the child elements of an element that the customs schema defines as a group of elements; it is kept but means nothing to customs.' },
  GW_ERR_XML_TEXT_IN_EMPTY_ELEMENT: { severity: 'info', title: 'An element that the 2015 customs XSDs declare empty (attributes only) carries text, as customs practice does for SealID and ValueAmount; kept, and written back, though those XSDs reject it.' },
  GW_ERR_XML_ATTRIBUTE_UNKNOWN: { severity: 'warning', title: 'An attribute that the customs schema does not define for this element.' },
  GW_ERR_XML_VALUE_TOO_LONG: { severity: 'error', title: 'A value is longer than the schema allows.' },
  GW_ERR_XML_VALUE_INVALID: { severity: 'error', title: 'A value does not match the pattern or code list of the schema.' },

  GW_ERR_XML_BUILD_INVALID: { severity: 'error', title: 'The message given to the customs XML writer cannot be written (unknown message type, or a name or value XML cannot carry).' },
});
