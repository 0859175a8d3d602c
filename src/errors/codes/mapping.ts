import { defineErrors } from '../define.js';

/**
 * Mapping findings (src/mapping/): converting a message to a canonical document and back. Reading
 * findings point at the message (segment, element, component); writing findings name the canonical
 * field (`location.path`, a JSON Pointer). Data a mapping does not cover is a warning, never
 * dropped silently. No CONTRL code applies: these are not syntax errors.
 */
export const mappingErrors = defineErrors({
  GW_ERR_MAPPING_SPEC_INVALID: { severity: 'error', title: 'A mapping spec in mappings/ breaks the mapping schema or names a segment, element, table or field that does not exist.' },
  GW_ERR_MAPPING_NOT_FOUND: { severity: 'error', title: 'No mapping converts this message type and directory (or this document type) in the direction asked for.' },
  GW_ERR_MAPPING_UNMAPPED_SEGMENT: { severity: 'warning', title: 'A segment or segment group of the message is not covered by the mapping (or repeats a value already taken); its data is not in the canonical document.' },
  GW_ERR_MAPPING_UNMAPPED_ELEMENT: { severity: 'warning', title: 'A data element or component of a mapped segment is not covered by the mapping; its value is not in the canonical document.' },
  GW_ERR_MAPPING_UNMAPPED_FIELD: { severity: 'warning', title: 'A field of the canonical document has no place in the message being written; the recipient does not receive it.' },
  GW_ERR_MAPPING_CODE_UNKNOWN: { severity: 'warning', title: 'A code in the message is not in the mapping\'s translation table, so the canonical document cannot say what it means.' },
  GW_ERR_MAPPING_VALUE_NO_CODE: { severity: 'warning', title: 'A canonical value has no code in the target message\'s translation table, so it is not written.' },
  GW_ERR_MAPPING_DATE_INVALID: { severity: 'error', title: 'A date or time does not fit its format code (DTM 2379), is not a real date, or uses a format the gateway does not read; it is left out of the document.' },
  GW_ERR_MAPPING_DATE_FORMAT: { severity: 'warning', title: 'A date or time does not fit its format code but its length gives an unambiguous reading, which was used.' },
  GW_ERR_MAPPING_NUMBER_INVALID: { severity: 'error', title: 'A numeric value (quantity, weight, count) is not a number; it is left out of the document.' },
  GW_ERR_MAPPING_UNIT_UNKNOWN: { severity: 'warning', title: 'A measurement unit is not one the canonical documents know, or cannot be converted to the unit the mapping asks for.' },
  GW_ERR_MAPPING_VALUE_TOO_LONG: { severity: 'warning', title: 'A value is longer than the target element allows; it is written in full, and the recipient may refuse it.' },
  GW_ERR_MAPPING_VALUE_NOT_REPRESENTABLE: { severity: 'error', title: 'A value of the canonical document cannot be written in the recipient\'s character set (for example Chinese text under UNOA or UNOC); the message is not produced.' },
  GW_ERR_MAPPING_FORMAT_UNAVAILABLE: { severity: 'error', title: 'The format asked for has no adapter in this gateway build (or cannot be detected from the input).' },
  GW_ERR_MAPPING_INPUT_INVALID: { severity: 'error', title: 'The input cannot be converted: it is not a message of a known format, or a canonical document is not valid JSON.' },
});
