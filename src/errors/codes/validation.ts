import { defineErrors } from '../define.js';

/**
 * Structure findings: a message checked against its segment table and the segment, composite and
 * data element definitions of the UN/EDIFACT directory its UNH names (src/validation/structure).
 * The CONTRL codes (0085) exist in both the D.95B service code list (syntax versions 1-3) and the
 * version 4 list. A missing segment or group is located, as UCS 0096 requires, at the last segment
 * processed before the place where it was expected.
 */
export const validationErrors = defineErrors({
  GW_ERR_SEGMENT_UNEXPECTED: { severity: 'error', contrl: '15', title: 'A segment appears where the message\'s segment table does not allow it (out of order, or not part of this message).' },
  GW_ERR_SEGMENT_MISSING: { severity: 'error', contrl: '13', title: 'A mandatory segment of the message\'s segment table is missing.' },
  GW_ERR_GROUP_MISSING: { severity: 'error', contrl: '13', title: 'A mandatory segment group of the message\'s segment table is missing.' },
  GW_ERR_SEGMENT_REPEATED_TOO_OFTEN: { severity: 'error', contrl: '35', title: 'A segment occurs more often in a row than the segment table allows at its position.' },
  GW_ERR_GROUP_REPEATED_TOO_OFTEN: { severity: 'error', contrl: '36', title: 'A segment group occurs more often than the segment table allows.' },
  GW_ERR_TOO_MANY_ELEMENTS: { severity: 'error', contrl: '16', title: 'A segment has more data elements than its definition in the directory.' },
  GW_ERR_TOO_MANY_COMPONENTS: { severity: 'error', contrl: '16', title: 'A composite has more components than its definition, or a simple data element has components.' },
  GW_ERR_ELEMENT_REPEATED_TOO_OFTEN: { severity: 'error', contrl: '35', title: 'A data element is repeated (syntax version 4 repetition separator) more often than its definition allows.' },
  GW_ERR_ELEMENT_MISSING: { severity: 'error', contrl: '13', title: 'A mandatory data element of a segment is missing or empty.' },
  GW_ERR_COMPONENT_MISSING: { severity: 'error', contrl: '13', title: 'A mandatory component of a composite that is present is missing or empty.' },
  GW_ERR_ELEMENT_TOO_LONG: { severity: 'error', contrl: '39', title: 'A data element value is longer than its representation allows (for example 36 characters in an..35).' },
  GW_ERR_ELEMENT_TOO_SHORT: { severity: 'error', contrl: '40', title: 'A data element value is shorter than its fixed-length representation requires (for example 2 characters in an3).' },
  GW_ERR_CHARACTER_TYPE: { severity: 'error', contrl: '37', title: 'A numeric data element holds characters other than digits, a minus sign and the decimal mark, or an alphabetic one holds digits.' },
  GW_ERR_DECIMAL_NOTATION: { severity: 'error', contrl: '19', title: 'A numeric value uses another decimal mark than the interchange declares (UNA, full stop by default), or more than one, or ends with it.' },
  GW_ERR_DECIMAL_DIGIT_MISSING: { severity: 'error', contrl: '38', title: 'A numeric value has no digit in front of its decimal mark (".5" instead of "0.5").' },
  GW_ERR_CODE_VALUE_INVALID: { severity: 'error', contrl: '12', title: 'A coded data element holds a value that its code list (the directory\'s, as the partner profile adds to, closes or narrows it) does not have.' },
  GW_ERR_CODE_LISTS_NOT_IN_CATALOGUE: { severity: 'warning', title: 'The message\'s directory publishes no code lists in the reference (D98B, D01B): its structure was checked, its code values were not.' },
  GW_ERR_STRUCTURE_FINDINGS_TRUNCATED: { severity: 'info', title: 'A message has more structure findings of one kind than are listed; the count of the others is given.' },
});
