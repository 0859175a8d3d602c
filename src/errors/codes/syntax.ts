import { defineErrors } from '../define.js';

/**
 * UN/EDIFACT syntax and envelope findings (ISO 9735). The CONTRL codes are those of data element
 * 0085; all of them exist in both the D.95B service code list (syntax versions 1-3) and the
 * version 4 list unless `contrlV3` says otherwise.
 */
export const syntaxErrors = defineErrors({
  GW_ERR_EMPTY_INPUT: { severity: 'error', contrl: '32', http: 400, title: 'The input is empty: no interchange to read.' },
  GW_ERR_NOT_EDIFACT: { severity: 'error', contrl: '13', http: 400, title: 'The input does not start with UNA, UNB or UNH, so it is not an EDIFACT interchange.' },
  GW_ERR_UNA_INVALID: { severity: 'error', contrl: '20', http: 400, title: 'The UNA service string advice is malformed: too short, or a service character is repeated or not allowed.' },
  GW_ERR_SERVICE_CHAR_INVALID: { severity: 'error', contrl: '22', title: 'A service character is used where it is not allowed, or the segment terminator is not the declared one.' },
  GW_ERR_NEWLINE_TERMINATOR: { severity: 'error', contrl: '22', title: 'Line breaks are used as segment terminators instead of the declared terminator.' },
  GW_ERR_SEGMENT_UNTERMINATED: { severity: 'error', contrl: '13', title: 'The input ends inside a segment: the last segment has no terminator (truncated interchange).' },
  GW_ERR_SEGMENT_TAG_INVALID: { severity: 'error', contrl: '12', title: 'A segment tag is not three upper-case letters or digits.' },
  GW_ERR_EMPTY_SEGMENT: { severity: 'warning', contrl: '12', title: 'An empty segment (two terminators in a row) was found.' },
  GW_ERR_TRAILING_SEPARATOR: { severity: 'warning', contrl: '45', contrlV3: '16', title: 'A segment or composite ends with a separator that has no data after it.' },
  GW_ERR_DANGLING_RELEASE: { severity: 'error', contrl: '22', title: 'A release character is not followed by a character to release.' },

  GW_ERR_INVALID_CHARACTER: { severity: 'error', contrl: '21', title: 'A character is outside the repertoire of the syntax level declared in UNB (or the partner character set).' },
  GW_ERR_LOWERCASE_UNDER_UNOA: { severity: 'warning', contrl: '21', title: 'Lower-case letters under syntax level A (UNOA), which only has upper case.' },
  GW_ERR_WRONG_ENCODING: { severity: 'error', contrl: '21', title: 'The bytes are in another encoding than the one the syntax identifier declares (for example UTF-8 under UNOC).' },
  GW_ERR_INVALID_ENCODING: { severity: 'error', contrl: '21', title: 'A byte sequence is not valid in the declared encoding (UTF-8 for UNOW/UNOY, GB18030 by partner setting).' },
  GW_ERR_REPLACEMENT_CHARACTER: { severity: 'warning', title: 'The data contain the Unicode replacement character (or its UTF-8 bytes read as Latin-1): characters were lost before the interchange was written.' },

  GW_ERR_UNB_MISSING: { severity: 'error', contrl: '13', title: 'The interchange header UNB is missing.' },
  GW_ERR_UNZ_MISSING: { severity: 'error', contrl: '13', title: 'The interchange trailer UNZ is missing (truncated interchange).' },
  GW_ERR_UNZ_COUNT: { severity: 'error', contrl: '29', title: 'The message or group count in UNZ does not match the interchange.' },
  GW_ERR_UNZ_REFERENCE: { severity: 'error', contrl: '28', title: 'The control reference in UNZ does not match the one in UNB.' },
  GW_ERR_DATA_AFTER_UNZ: { severity: 'error', contrl: '33', title: 'Data follow the interchange trailer UNZ.' },
  GW_ERR_SYNTAX_ID_UNKNOWN: { severity: 'error', contrl: '2', title: 'The syntax identifier (UNB 0001) is not one this syntax version defines.' },
  GW_ERR_SYNTAX_VERSION_UNSUPPORTED: { severity: 'error', contrl: '2', title: 'The syntax version number (UNB 0002) is not 1, 2, 3 or 4.' },
  GW_ERR_SYNTAX_ID_LATER_VERSION: { severity: 'warning', contrl: '2', title: 'The syntax identifier is defined by a later syntax version than the one declared (for example UNOW under version 3).' },
  GW_ERR_DEFAULT_SEPARATORS: { severity: 'info', title: 'No UNA, and the separators differ from the defaults of the declared syntax level (level B defaults are IS1/IS3/IS4).' },
  GW_ERR_UNA_NOT_ALLOWED_HERE: { severity: 'error', contrl: '15', title: 'A UNA service string advice appears after the start of the interchange.' },

  GW_ERR_UNG_UNE_COUNT: { severity: 'error', contrl: '29', title: 'The message count in UNE does not match the functional group.' },
  GW_ERR_UNG_UNE_REFERENCE: { severity: 'error', contrl: '28', title: 'The group reference in UNE does not match the one in UNG.' },
  GW_ERR_UNE_MISSING: { severity: 'error', contrl: '13', title: 'A functional group opened by UNG is not closed by UNE.' },
  GW_ERR_UNE_UNEXPECTED: { severity: 'error', contrl: '33', title: 'A UNE appears without an open functional group.' },
  GW_ERR_GROUPS_AND_MESSAGES_MIXED: { severity: 'error', contrl: '30', title: 'Functional groups and stand-alone messages are mixed in one interchange.' },
  GW_ERR_GROUP_MIXED_TYPES: { severity: 'warning', contrl: '31', title: 'A functional group holds more than one message type.' },
  GW_ERR_DUPLICATE_GROUP_REFERENCE: { severity: 'error', contrl: '26', title: 'Two functional groups in one interchange have the same reference.' },

  GW_ERR_UNT_COUNT: { severity: 'error', contrl: '29', title: 'The segment count in UNT does not match the number of segments in the message.' },
  GW_ERR_UNT_REFERENCE: { severity: 'error', contrl: '28', title: 'The message reference in UNT does not match the one in UNH.' },
  GW_ERR_UNT_MISSING: { severity: 'error', contrl: '13', title: 'A message opened by UNH is not closed by UNT.' },
  GW_ERR_UNT_UNEXPECTED: { severity: 'error', contrl: '33', title: 'A UNT appears without an open message.' },
  GW_ERR_DUPLICATE_MESSAGE_REFERENCE: { severity: 'error', contrl: '26', title: 'Two messages in one interchange have the same message reference number (UNH 0062).' },
  GW_ERR_SEGMENT_OUTSIDE_MESSAGE: { severity: 'error', contrl: '33', title: 'A segment appears outside any message (between UNB and UNH, between messages, or before UNZ).' },
  GW_ERR_EMPTY_INTERCHANGE: { severity: 'error', contrl: '32', title: 'The interchange (or a functional group) holds no message.' },
  GW_ERR_NESTED_ENVELOPE: { severity: 'error', contrl: '15', title: 'A service segment appears where it cannot (UNB inside an interchange, UNH inside a message).' },

  GW_ERR_SERVICE_ELEMENT_MISSING: { severity: 'error', contrl: '13', title: 'A mandatory service data element or component is missing.' },
  GW_ERR_SERVICE_TOO_MANY_ELEMENTS: { severity: 'error', contrl: '16', title: 'A service segment or composite has more data elements or components than its definition.' },
  GW_ERR_SERVICE_LATER_VERSION: { severity: 'warning', contrl: '16', title: 'A service segment carries components that only a later syntax version defines.' },
  GW_ERR_SERVICE_TOO_LONG: { severity: 'error', contrl: '39', title: 'A service data element is longer than its definition allows.' },
  GW_ERR_SERVICE_TOO_SHORT: { severity: 'error', contrl: '40', title: 'A service data element is shorter than its definition requires.' },
  GW_ERR_SERVICE_CHAR_TYPE: { severity: 'error', contrl: '37', title: 'A numeric service data element holds non-numeric characters (or an alphabetic one digits).' },
  GW_ERR_SERVICE_CODE_INVALID: { severity: 'error', contrl: '12', title: 'A coded service data element holds a value its code list does not have.' },
  GW_ERR_REPETITION_NOT_ALLOWED: { severity: 'error', contrl: '35', title: 'A data element is repeated (version 4 repetition separator) where its definition allows no repetition.' },
  GW_ERR_DATE_INVALID: { severity: 'error', contrl: '12', title: 'A date or time in a service segment is not a valid date or time.' },
  GW_ERR_DATE_FORMAT_VERSION: { severity: 'warning', contrl: '12', title: 'A service date uses the format of another syntax version (CCYYMMDD under versions 1-3, or YYMMDD under version 4).' },

  GW_ERR_VALUE_NOT_REPRESENTABLE: { severity: 'error', http: 422, title: 'A value cannot be written in the character set or service characters of the destination (for example Chinese text for a UNOA partner).' },

  GW_ERR_UNREADABLE: { severity: 'error', contrl: '18', http: 400, title: 'The interchange cannot be read at all; the CONTRL rejects it as a whole.' },
  GW_ERR_ACK_OF_ACK: { severity: 'info', title: 'The interchange holds CONTRL messages; acknowledgements are never acknowledged.' },
});
