import { defineErrors } from '../define.js';

/**
 * Canonical document findings (schemas/documents/): a JSON document posted to the hub, or produced
 * by a mapping, checked against its JSON Schema. Every finding's `location.path` is the JSON Pointer
 * of the offending value (for a missing field, where it belongs). No CONTRL code applies: these are
 * JSON, not EDIFACT; a mapping that builds a document from EDIFACT reports against the message.
 */
export const documentErrors = defineErrors({
  GW_ERR_DOCUMENT_NOT_OBJECT: { severity: 'error', http: 400, title: 'The canonical document is not a JSON object.' },
  GW_ERR_DOCUMENT_TYPE_UNKNOWN: { severity: 'error', http: 400, title: 'The documentType is missing or is not one of the canonical document types (Manifest, BillOfLading, DeliveryOrder, EquipmentInterchangeReceipt, ContainerList, TallyReport, CustomsNotice, Acknowledgement).' },
  GW_ERR_DOCUMENT_TYPE_MISMATCH: { severity: 'error', http: 400, title: 'The documentType differs from the type the document was posted or mapped as.' },
  GW_ERR_DOCUMENT_FIELD_MISSING: { severity: 'error', http: 422, title: 'A required field of the canonical document is missing (or none of a set of alternatives is given).' },
  GW_ERR_DOCUMENT_FIELD_UNKNOWN: { severity: 'error', http: 422, title: 'The canonical document has a field its schema does not define (often a misspelt field name).' },
  GW_ERR_DOCUMENT_FIELD_TYPE: { severity: 'error', http: 422, title: 'A field of the canonical document has the wrong JSON type (text where a number belongs, an object where a list belongs).' },
  GW_ERR_DOCUMENT_VALUE_INVALID: { severity: 'error', http: 422, title: 'A value of the canonical document is outside what its field allows: not in the code list, wrong form, too long, out of range, or a list with too few or too many entries.' },
  GW_ERR_DOCUMENT_CONTAINER_NUMBER: { severity: 'error', http: 422, title: 'A container number is not a valid ISO 6346 number (owner code, category U/J/Z, serial number, check digit).' },
  GW_ERR_DOCUMENT_UNLOCODE: { severity: 'error', http: 422, title: 'A location code is not in UN/LOCODE form (country code and three letters or digits 2-9).' },
  GW_ERR_DOCUMENT_DATE: { severity: 'error', http: 422, title: 'A date is not an ISO 8601 date, or a date-time without its UTC offset or with impossible values.' },
  GW_ERR_DOCUMENT_SCHEMA: { severity: 'error', http: 422, title: 'The canonical document breaks a rule of its schema that no more specific code describes.' },
  GW_ERR_DOCUMENT_ISSUES_TRUNCATED: { severity: 'warning', title: 'The canonical document has more findings than are listed; the count of the rest is given.' },
});
