/**
 * Real traffic at the profile level: every EDIFACT file of the shared corpus, validated with the
 * port profiles, gets the profile and the implementation guide / business-rule findings a person
 * reading the standard and the SMDG guides would name. (Syntax and structure verdicts on the same
 * files are in test/syntax and test/validation/structure.)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileErrors } from '../../../src/errors/codes/profile.js';
import { parseInterchange } from '../../../src/syntax/edifact/index.js';
import { validateInterchange, type InterchangeValidation } from '../../../src/validation/index.js';
import { profileValidation } from '../../../src/validation/profiles/index.js';
import { corpusDir, corpusFile, hasCorpus } from '../../helpers/corpus.js';
import { brief } from '../rules/helpers.js';

const options = hasCorpus ? profileValidation() : undefined;

function validate(file: string): InterchangeValidation {
  return validateInterchange(parseInterchange(corpusFile(file)), { ...options });
}

/** Per message: the profile applied and its profile-level findings (code@segment.element.component). */
const EXPECTED: Readonly<Record<string, readonly (readonly [string, readonly string[]])[]>> = {
  // SMDG BAPLIE 2.0 from Long Beach: old 1984 size-type codes, MOL (gone from the SMDG list since
  // ONE), a document date without a value, and no next port of call (LOC+61).
  'edifact/baplie_d95b_smdg20_lbct_phpedifact.edi': [
    ['baplie', ['GW_ERR_PROFILE_SEGMENT_MISSING@1:warning', 'GW_ERR_SIZE_TYPE_OLD_CODE@14.3.1:warning', 'GW_ERR_SIZE_TYPE_OLD_CODE@28.3.1:warning', 'GW_ERR_CARRIER_UNKNOWN@22.2.1:warning', 'GW_ERR_DTM_VALUE_MISSING@3.1.2:warning']],
  ],
  // ITIGG COARRI from Genoa, discharge (44) and loading (46): clean at the guide level (its EGW
  // weight code is a structure finding, not a profile one).
  'edifact/coarri_d95b_itg13_genoa_phpedifact.edi': [['coarri', []], ['coarri', []]],
  'edifact/iftmbf_d99b_inttra20_highgoal_release_chars_edidom.edi': [['port', []]],
  // Obfuscated IFTSTA: the obfuscation broke container numbers and one date.
  'edifact/iftsta_d96a_obfuscated_multi_msg_edidom.edi': [
    ['port', ['GW_ERR_CONTAINER_NUMBER_INVALID@24.2.1']],
    ['port', ['GW_ERR_CONTAINER_NUMBER_INVALID@24.2.1', 'GW_ERR_CONTAINER_NUMBER_INVALID@44.2.1']],
    ['port', ['GW_ERR_CONTAINER_NUMBER_INVALID@24.2.1', 'GW_ERR_CONTAINER_NUMBER_INVALID@44.2.1', 'GW_ERR_CONTAINER_NUMBER_INVALID@64.2.1']],
    ['port', ['GW_ERR_DTM_INVALID@23.1.2']],
    ['port', ['GW_ERR_CONTAINER_NUMBER_INVALID@44.2.1']],
  ],
  // Placeholders everywhere: DEPARTPLACE, NEXTPORTOFCALL, PORTOFDISCHARGE, PLACEOFDELIVERY are no
  // UN/LOCODEs, CONTAINER is no container number, 2210 is a 1984 size-type written as text, and
  // the slot has no port of loading or discharge (LOC+9, LOC+11) as SMDG BAPLIE requires.
  'edifact-odd/baplie_d04b_placeholder_values_apimeister.edi': [
    ['baplie', ['GW_ERR_PROFILE_SEGMENT_MISSING@11', 'GW_ERR_PROFILE_SEGMENT_MISSING@11', 'GW_ERR_CONTAINER_NUMBER_INVALID@17.2.1', 'GW_ERR_SIZE_TYPE_OLD_CODE@17.3.4:warning', 'GW_ERR_LOCATION_NOT_UNLOCODE@5.2.1', 'GW_ERR_LOCATION_NOT_UNLOCODE@6.2.1', 'GW_ERR_LOCATION_NOT_UNLOCODE@14.2.1', 'GW_ERR_LOCATION_NOT_UNLOCODE@15.2.1']],
  ],
  // One container listed twice with category letter I (ISO 6346 has U, J, Z), dates in CCYYMMDD
  // under format 203, and CNT+16 saying 5 where the message has 2 EQD.
  'edifact-odd/coprar_d95b_no_unb_bad_unt_apimeister.edi': [
    ['coprar', ['GW_ERR_CONTAINER_NUMBER_INVALID@10.2.1', 'GW_ERR_CONTAINER_NUMBER_INVALID@19.2.1', 'GW_ERR_CONTAINER_DUPLICATE@19.2.1:warning', 'GW_ERR_DTM_INVALID@7.1.2', 'GW_ERR_DTM_INVALID@8.1.2', 'GW_ERR_CONTROL_COUNT_MISMATCH@28.1.2']],
  ],
  'edifact-odd/desadv_unoc_utf8_phpedifact.edi': [['port', []]],
  'edifact-odd/iftmbc_d00b_unob_multiline_badcount_phpedifact.edi': [['port', []]],
  // TRHU4561222: the check digit of TRHU456122 is 5.
  'edifact-odd/iftsta_d00b_unoc_unz_ref_mismatch_apimeister.edi': [['port', ['GW_ERR_CONTAINER_NUMBER_INVALID@30.2.1']]],
  'edifact-odd/iftsta_d96a_newline_as_segment_terminator_no_una_edidom.edi': [
    ['port', ['GW_ERR_CONTAINER_NUMBER_INVALID@24.2.1']],
    ['port', ['GW_ERR_CONTAINER_NUMBER_INVALID@24.2.1']],
    ['port', ['GW_ERR_CONTAINER_NUMBER_INVALID@24.2.1', 'GW_ERR_CONTAINER_NUMBER_INVALID@44.2.1', 'GW_ERR_CONTAINER_NUMBER_INVALID@64.2.1']],
    ['port', ['GW_ERR_CONTAINER_NUMBER_INVALID@24.2.1', 'GW_ERR_CONTAINER_NUMBER_INVALID@44.2.1']],
    ['port', ['GW_ERR_CONTAINER_NUMBER_INVALID@44.2.1']],
  ],
  'edifact-odd/orders_unoc_latin1_phpedifact.edi': [['port', []]],
  'edifact-odd/paores_release_character_phpedifact.edi': [['port', []]],
  'edifact-odd/paores_una_single_line_phpedifact.edi': [['port', []]],
};

describe.skipIf(!hasCorpus)('shared corpus at the profile level', () => {
  it('names an expectation for every EDIFACT file of the corpus', () => {
    const files = ['edifact', 'edifact-odd'].flatMap((d) => readdirSync(join(corpusDir, d)).map((f) => `${d}/${f}`));
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    const v = validate(file);
    expect(v.messages.map((m) => [m.profile, brief(m.issues.filter((i) => i.code in profileErrors))])).toEqual(expected);
  });

  it('COPRAR: the control total says in words what is wrong', () => {
    const issue = validate('edifact-odd/coprar_d95b_no_unb_bad_unt_apimeister.edi').messages[0].issues.find((i) => i.code === 'GW_ERR_CONTROL_COUNT_MISMATCH');
    expect(issue?.text).toBe('CNT+16 says 5, but the message has 2 EQD segments');
  });

  it('BAPLIE D04B: placeholders are called placeholders, and the 2210 size-type is read as 20 ft, 8 ft 6 in', () => {
    const issues = validate('edifact-odd/baplie_d04b_placeholder_values_apimeister.edi').messages[0].issues;
    expect(issues.find((i) => i.code === 'GW_ERR_LOCATION_NOT_UNLOCODE')?.text).toMatch(/^LOC\+5 location "DEPARTPLACE" is not a UN\/LOCODE \(it looks like a placeholder\)/);
    expect(issues.find((i) => i.code === 'GW_ERR_SIZE_TYPE_OLD_CODE')?.text).toContain('(20 ft, 8 ft 6 in high)');
    expect(issues.find((i) => i.code === 'GW_ERR_CONTAINER_NUMBER_INVALID')?.text).toContain('"CONTAINER"');
  });
});
