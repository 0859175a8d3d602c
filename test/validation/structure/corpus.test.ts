/**
 * Real traffic (../shared/corpus): the structure-level verdict on every EDIFACT file, as a person
 * reading the UN directory would give it. The syntax-level findings are in
 * test/syntax/edifact/corpus.test.ts; this names only what the structure check adds, per message.
 * Where port practice (SMDG, ITIGG, INTTRA) uses codes the UN list of the message's directory lacks,
 * the UN reading stands here and the port profiles accept them (see docs/validation.md).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../src/errors/index.js';
import { parseInterchange } from '../../../src/syntax/edifact/index.js';
import { validateInterchange, validateStream, type MessageValidation } from '../../../src/validation/index.js';
import { corpusDir, corpusFile, hasCorpus } from '../../helpers/corpus.js';

/** `m<message> CODE@s<segment>e<element>c<component> [0085]` for errors and warnings. */
function verdict(messages: readonly MessageValidation[]): string[] {
  return messages.flatMap((m) => m.issues.filter((i: Issue) => i.severity !== 'info').map((i) => {
    const l = i.location ?? {};
    const at = `${l.segment !== undefined ? `s${l.segment}` : ''}${l.element !== undefined ? `e${l.element}` : ''}${l.component !== undefined ? `c${l.component}` : ''}`;
    return `m${m.index} ${i.code}@${at} [${i.contrl ?? '-'}]`;
  }));
}

interface Expected {
  readonly messages: readonly string[];
  readonly findings: readonly string[];
  readonly why: string;
}

const expected: Record<string, Expected> = {
  'edifact/baplie_d95b_smdg20_lbct_phpedifact.edi': {
    messages: ['BAPLIE D95B'],
    why: 'SMDG BAPLIE 2.0 fits the D.95B table. "RFF+042" puts the voyage number where the reference qualifier (1153) belongs. ISO size-type codes without 1131/3055 in EQD 8155 are fine: 8155 is "user or association defined".',
    findings: ['m1 GW_ERR_CODE_VALUE_INVALID@s9e1c1 [12]'],
  },
  'edifact/coarri_d95b_itg13_genoa_phpedifact.edi': {
    messages: ['COARRI D95B', 'COARRI D95B'],
    why: 'Both messages fit the table. SMDG\'s BGM 44 (discharge) and 46 (loading) and MEA 6313 EGW are not in the D.95B lists (the COARRI profile adds them); the packing group (DGS 8339) "CN" is no packing group at all.',
    findings: [
      'm1 GW_ERR_CODE_VALUE_INVALID@s3e1c1 [12]',
      ...[15, 27].map((s) => `m1 GW_ERR_CODE_VALUE_INVALID@s${s}e2c1 [12]`),
      'm2 GW_ERR_CODE_VALUE_INVALID@s36e1c1 [12]',
      ...[50, 62, 74, 86, 98, 110, 122].map((s) => `m2 GW_ERR_CODE_VALUE_INVALID@s${s}e2c1 [12]`),
      'm2 GW_ERR_CODE_VALUE_INVALID@s126e5 [12]',
      ...[135, 147, 159, 171, 183, 195, 207, 219, 231, 242, 254, 266].map((s) => `m2 GW_ERR_CODE_VALUE_INVALID@s${s}e2c1 [12]`),
    ],
  },
  'edifact/iftmbf_d99b_inttra20_highgoal_release_chars_edidom.edi': {
    messages: ['IFTMBF D99B'],
    why: 'INTTRA\'s haulage arrangement "MM" (merchant to merchant) is not in the D.99B list 8341, which has 1 and 2 only.',
    findings: ['m1 GW_ERR_CODE_VALUE_INVALID@s34e3 [12]'],
  },
  'edifact/iftsta_d96a_obfuscated_multi_msg_edidom.edi': {
    messages: ['IFTSTA D96A', 'IFTSTA D96A', 'IFTSTA D96A', 'IFTSTA D96A', 'IFTSTA D96A'],
    why: 'Five messages, each with one or more consignments (CNI groups), all as the D.96A table has them.',
    findings: [],
  },
  'edifact-odd/baplie_d04b_placeholder_values_apimeister.edi': {
    messages: ['BAPLIE D04B'],
    why: 'D.04B is not in the catalogue: syntax level only, said once.',
    findings: ['m1 GW_ERR_MESSAGE_NOT_IN_CATALOGUE@s2e2 [3]'],
  },
  'edifact-odd/coprar_d95b_no_unb_bad_unt_apimeister.edi': {
    messages: ['COPRAR D95B'],
    why: 'Fits the table (the CNT/EQD mismatch is a business rule). BGM 45 and MEA VGM are port practice the D.95B lists lack; "RFF+XXX" is a placeholder qualifier.',
    findings: ['m1 GW_ERR_CODE_VALUE_INVALID@s2e1c1 [12]', 'm1 GW_ERR_CODE_VALUE_INVALID@s4e1c1 [12]', 'm1 GW_ERR_CODE_VALUE_INVALID@s15e2c1 [12]', 'm1 GW_ERR_CODE_VALUE_INVALID@s24e2c1 [12]'],
  },
  'edifact-odd/desadv_unoc_utf8_phpedifact.edi': {
    messages: ['DESADV 096A'],
    why: 'UNH says version "0", release 96A: no such directory.',
    findings: ['m1 GW_ERR_MESSAGE_NOT_IN_CATALOGUE@s2e2 [3]'],
  },
  'edifact-odd/iftmbc_d00b_unob_multiline_badcount_phpedifact.edi': {
    messages: ['IFTMBC D00B'],
    why: 'IFTMBC is not among the catalogued messages (none was requested).',
    findings: ['m1 GW_ERR_MESSAGE_NOT_IN_CATALOGUE@s2e2 [3]'],
  },
  'edifact-odd/iftsta_d00b_unoc_unz_ref_mismatch_apimeister.edi': {
    messages: ['IFTSTA D00B'],
    why: 'Reference qualifier "4F" is not in the D.00B list 1153; STS names agency "HS", which is no 3055 code (its status code P is then not the UN\'s to judge).',
    findings: ['m1 GW_ERR_CODE_VALUE_INVALID@s6e1c1 [12]', 'm1 GW_ERR_CODE_VALUE_INVALID@s14e2c3 [12]'],
  },
  'edifact-odd/iftsta_d96a_newline_as_segment_terminator_no_una_edidom.edi': {
    messages: ['IFTSTA D96A', 'IFTSTA D96A', 'IFTSTA D96A', 'IFTSTA D96A', 'IFTSTA D96A'],
    why: 'Once read (line feeds as terminators), the messages fit the D.96A table.',
    findings: [],
  },
  'edifact-odd/orders_unoc_latin1_phpedifact.edi': {
    messages: ['ORDERS D01B'],
    why: 'ORDERS is not a catalogued message (it could be added on request).',
    findings: ['m1 GW_ERR_MESSAGE_NOT_IN_CATALOGUE@s2e2 [3]'],
  },
  'edifact-odd/paores_release_character_phpedifact.edi': {
    messages: ['PAORES 931'],
    why: 'An IATA message (version 93, release 1): not a UN directory.',
    findings: ['m1 GW_ERR_MESSAGE_NOT_IN_CATALOGUE@s2e2 [3]'],
  },
  'edifact-odd/paores_una_single_line_phpedifact.edi': {
    messages: ['PAORES 931'],
    why: 'The same IATA message on one line.',
    findings: ['m1 GW_ERR_MESSAGE_NOT_IN_CATALOGUE@s2e2 [3]'],
  },
};

describe.skipIf(!hasCorpus)('corpus: structure verdicts', () => {
  it('names every EDIFACT file of the corpus', () => {
    const files = ['edifact', 'edifact-odd'].flatMap((d) => readdirSync(join(corpusDir, d)).map((f) => `${d}/${f}`));
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s', async (file, e) => {
    const raw = corpusFile(file);
    const tree = validateInterchange(parseInterchange(raw));
    expect(tree.messages.map((m) => `${m.type} ${m.directory}`)).toEqual(e.messages);
    expect(verdict(tree.messages), e.why).toEqual(e.findings);
    const chunks = [raw.subarray(0, 50), raw.subarray(50, 333), raw.subarray(333)];
    const stream = await validateStream(Readable.from(chunks));
    expect(verdict(stream.messages)).toEqual(e.findings);
  });
});
