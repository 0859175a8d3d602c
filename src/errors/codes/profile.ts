import { defineErrors } from '../define.js';

/**
 * Implementation guide (profile) and business-rule findings (src/validation/profiles,
 * src/validation/rules): what a port's guide demands on top of the UN/EDIFACT directory, and
 * whether the values make sense (container numbers, size-type codes, locations, carriers, dates,
 * counts, weights). These are application-level findings, answered with an APERAK, so most
 * carry no CONTRL code; a date that does not match its own format qualifier breaks the directory
 * itself (2379 defines how 2380 is written) and is reported in CONTRL as 12.
 * A profile may raise or lower each severity (`severity` in schemas/profiles/<name>.json).
 */
export const profileErrors = defineErrors({
  GW_ERR_PROFILE_INVALID: { severity: 'error', title: 'A profile file in schemas/profiles does not follow profile.schema.json, extends a profile that does not exist, or extends itself in a cycle.' },
  GW_ERR_PROFILE_UNKNOWN: { severity: 'error', http: 400, title: 'The profile named in the partner configuration or on the command line is neither a profile nor a suite of profiles.' },

  GW_ERR_PROFILE_SEGMENT_MISSING: { severity: 'error', title: 'The implementation guide requires a segment (with this qualifier) that the message, or one of its equipment blocks, does not have.' },
  GW_ERR_PROFILE_SEGMENT_REPEATED: { severity: 'error', title: 'The message, or one of its equipment blocks, has more segments with this qualifier than the implementation guide allows.' },
  GW_ERR_PROFILE_ELEMENT_MISSING: { severity: 'error', title: 'A data element or component that the implementation guide requires is missing or empty.' },

  GW_ERR_CONTAINER_NUMBER_INVALID: { severity: 'error', title: 'A container number (EQD+CN) is not a valid ISO 6346 number: owner code, category U, J or Z, six-digit serial number and check digit.' },
  GW_ERR_CONTAINER_DUPLICATE: { severity: 'warning', title: 'The same container number appears in more than one equipment block of one message.' },
  GW_ERR_SIZE_TYPE_INVALID: { severity: 'error', title: 'An equipment size and type code (EQD C224) is not an ISO 6346:1995 code: length, height/width and type codes such as 22G1, 45R1, L5G1.' },
  GW_ERR_SIZE_TYPE_OLD_CODE: { severity: 'warning', title: 'An equipment size and type is given in the four-digit form of ISO 6346:1984 (such as 2210 or 4500), which the 1995 edition replaced.' },
  GW_ERR_LOCATION_NOT_UNLOCODE: { severity: 'error', title: 'A location that must be a UN/LOCODE (port or place, code list 139 or agency 6) is not five characters of country code and location code.' },
  GW_ERR_CARRIER_CODE_INVALID: { severity: 'error', title: 'A carrier given as an SMDG liner code (code list 172 or 160, agency 20) is not three letters or digits.' },
  GW_ERR_CARRIER_UNKNOWN: { severity: 'warning', title: 'A carrier given as an SMDG liner code is not on the SMDG liner code list the gateway holds.' },
  GW_ERR_CARRIER_CODE_INACTIVE: { severity: 'warning', title: 'A carrier given as an SMDG liner code was expired or marked for deletion on the SMDG list at the message date.' },
  GW_ERR_DTM_INVALID: { severity: 'error', contrl: '12', title: 'A date/time/period (DTM 2380) does not match its format qualifier (2379), or names an impossible date or time.' },
  GW_ERR_DTM_VALUE_MISSING: { severity: 'warning', title: 'A DTM segment has a qualifier but no date/time value.' },
  GW_ERR_CONTROL_COUNT_MISMATCH: { severity: 'error', title: 'A control total (CNT) disagrees with what the message holds, for example CNT+16 against the number of EQD segments.' },
  GW_ERR_WEIGHT_NOT_POSITIVE: { severity: 'error', title: 'A container gross weight or verified gross mass is zero or negative.' },
  GW_ERR_WEIGHT_ABOVE_MAX_GROSS: { severity: 'error', title: 'A container gross weight or verified gross mass exceeds the ISO 668 maximum gross mass for its size.' },
  GW_ERR_WEIGHT_BELOW_TARE: { severity: 'warning', title: 'A container gross weight is below the declared tare weight, or below what an empty container of its size weighs.' },
});
