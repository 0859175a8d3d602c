/**
 * Every real interchange of the shared corpus: it parses, the envelope-consistent ones round-trip
 * byte for byte, and each odd file's defect (as ../shared/corpus/SOURCES.md describes it) is
 * reported with the right code at the right place.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../src/errors/index.js';
import { parseInterchange } from '../../../src/syntax/edifact/parse.js';
import { serializeInterchange } from '../../../src/syntax/edifact/serialize.js';
import { readEdifactStream } from '../../../src/syntax/edifact/stream.js';
import { corpusDir, corpusFile, hasCorpus } from '../../helpers/corpus.js';

/** The findings that matter: errors and warnings, as code@segment/element/component [0085]. */
function summary(issues: readonly Issue[]): string[] {
  return issues
    .filter((i) => i.severity !== 'info')
    .map((i) => {
      const l = i.location ?? {};
      const where = [l.segment !== undefined ? `s${l.segment}` : '', l.element !== undefined ? `e${l.element}` : '', l.component !== undefined ? `c${l.component}` : ''].join('');
      return `${i.severity} ${i.code}@${where || '-'} [${i.contrl ?? '-'}]`;
    });
}

describe.skipIf(!hasCorpus)('corpus: envelope-consistent interchanges', () => {
  const files = hasCorpus ? readdirSync(join(corpusDir, 'edifact')) : [];
  it.each(files)('%s parses without errors and round-trips byte for byte', (file) => {
    const raw = corpusFile(`edifact/${file}`);
    const ic = parseInterchange(raw);
    expect(summary(ic.issues)).toEqual([]);
    expect(ic.messages.length).toBeGreaterThan(0);
    expect(serializeInterchange(ic).equals(raw)).toBe(true);
  });

  it('reads every segment of the COARRI with its position', () => {
    const ic = parseInterchange(corpusFile('edifact/coarri_d95b_itg13_genoa_phpedifact.edi'));
    expect(ic.messages.map((m) => [m.ref, m.type, m.directory, m.segmentCount])).toEqual([
      ['1452515553811', 'COARRI', 'D95B', 33],
      ['1452515553819', 'COARRI', 'D95B', 237],
    ]);
    const m = ic.messages[0];
    const eqd = m.segment(8);
    expect(eqd.tag).toBe('EQD');
    expect(eqd.index).toBe(9);
    expect(eqd.indexInMessage).toBe(8);
    expect(eqd.line).toBe(9);
    expect(eqd.get(2)).toBe('FCIU9908030');
    expect(eqd.components(3)).toEqual(['45G1', '102', '5']);
    expect(eqd.position(2)?.offset).toBe(eqd.offset + 7);
  });

  it('keeps released characters as data in the INTTRA booking', () => {
    const ic = parseInterchange(corpusFile('edifact/iftmbf_d99b_inttra20_highgoal_release_chars_edidom.edi'));
    const seg = [...ic.segments()].find((s) => s.tag === 'TDT')!;
    expect(seg.get(8, 4)).toBe("VILLE D' ORION ");
    const ftx = [...ic.segments()].find((s) => s.tag === 'FTX')!;
    expect(ftx.get(4)).toBe('DOC FANNYWEN,WUCHONG LAOD;CNTR STUFF ON SEP,24;EQC:UG');
  });
});

/** Expected findings per odd file: the defect SOURCES.md names, at its place, with its code. */
const odd: Record<string, { expect: string[]; roundTrip: boolean; note: string }> = {
  'paores_release_character_phpedifact.edi': {
    note: 'IATB is IATA\'s syntax identifier, not a UN/ECE level; UNT says 14 for 23 segments',
    expect: ['error GW_ERR_SYNTAX_ID_UNKNOWN@s1e1c1 [2]', 'error GW_ERR_UNT_COUNT@s24e1 [29]'],
    roundTrip: true,
  },
  'paores_una_single_line_phpedifact.edi': {
    note: 'one line after UNA: reads fine; only the IATA syntax identifier is foreign',
    expect: ['error GW_ERR_SYNTAX_ID_UNKNOWN@s1e1c1 [2]'],
    roundTrip: true,
  },
  'iftmbc_d00b_unob_multiline_badcount_phpedifact.edi': {
    note: 'UNB date 999818 and time 999; a line break inside FTX; UNT 10 for 7',
    expect: ['error GW_ERR_DATE_INVALID@s1e4c1 [12]', 'error GW_ERR_DATE_INVALID@s1e4c2 [12]', 'error GW_ERR_INVALID_CHARACTER@s7e4c1 [21]', 'error GW_ERR_UNT_COUNT@s8e1 [29]'],
    roundTrip: true,
  },
  'desadv_unoc_utf8_phpedifact.edi': {
    note: 'UTF-8 "Ë" (C3 8B) under UNOC: 0x8B is no ISO 8859-1 character',
    expect: ['error GW_ERR_WRONG_ENCODING@s12e3c4 [21]'],
    roundTrip: true,
  },
  'orders_unoc_latin1_phpedifact.edi': {
    note: 'U+FFFD (EF BF BD) read as Latin-1: legal bytes, lost characters; once per message',
    expect: ['warning GW_ERR_REPLACEMENT_CHARACTER@s7e4c1 [-]'],
    roundTrip: true,
  },
  'baplie_d04b_placeholder_values_apimeister.edi': {
    note: '8-digit date under syntax 2 and version 4 components in UNH: both warnings',
    expect: ['warning GW_ERR_DATE_FORMAT_VERSION@s1e4c1 [12]', 'warning GW_ERR_SERVICE_LATER_VERSION@s2e2c6 [16]'],
    roundTrip: true,
  },
  'coprar_d95b_no_unb_bad_unt_apimeister.edi': {
    note: 'no UNB/UNZ; UNT 56 for 29 (CNT 5 vs 2 EQD is a business rule, not syntax)',
    expect: ['error GW_ERR_UNB_MISSING@s1 [13]', 'error GW_ERR_UNT_COUNT@s29e1 [29]'],
    roundTrip: true,
  },
  'iftsta_d00b_unoc_unz_ref_mismatch_apimeister.edi': {
    note: 'UNZ reference 2805570 against UNB 2803570',
    expect: ['error GW_ERR_UNZ_REFERENCE@s33e2 [28]'],
    roundTrip: true,
  },
  'iftsta_d96a_newline_as_segment_terminator_no_una_edidom.edi': {
    note: 'line feeds as terminators without UNA: reported once, the interchange is still read',
    expect: ['error GW_ERR_NEWLINE_TERMINATOR@s1 [22]'],
    roundTrip: true,
  },
};

describe.skipIf(!hasCorpus)('corpus: odd interchanges', () => {
  it('covers every file of edifact-odd/', () => {
    expect(readdirSync(join(corpusDir, 'edifact-odd')).sort()).toEqual(Object.keys(odd).sort());
  });

  it.each(Object.entries(odd))('%s', (file, expected) => {
    const raw = corpusFile(`edifact-odd/${file}`);
    const ic = parseInterchange(raw);
    expect(summary(ic.issues), expected.note).toEqual(expected.expect);
    if (expected.roundTrip) expect(serializeInterchange(ic).equals(raw)).toBe(true);
  });

  it.each(Object.keys(odd))('%s: the streaming reader finds the same', async (file) => {
    const raw = corpusFile(`edifact-odd/${file}`);
    const chunks = [raw.subarray(0, 7), raw.subarray(7, 100), raw.subarray(100)];
    const r = await readEdifactStream(Readable.from(chunks));
    expect(summary(r.issues)).toEqual(odd[file].expect);
  });

  it('the newline-terminated IFTSTA still yields its five messages and their data', () => {
    const ic = parseInterchange(corpusFile('edifact-odd/iftsta_d96a_newline_as_segment_terminator_no_una_edidom.edi'));
    expect(ic.messages).toHaveLength(5);
    expect(ic.messages[0].segment(2).get(2)).toBe('313959431000');
  });

  it('a partner allowed newline terminators gets a warning instead', () => {
    const ic = parseInterchange(corpusFile('edifact-odd/iftsta_d96a_newline_as_segment_terminator_no_una_edidom.edi'), { severity: { GW_ERR_NEWLINE_TERMINATOR: 'warning' } });
    expect(summary(ic.issues)).toEqual(['warning GW_ERR_NEWLINE_TERMINATOR@s1 [22]']);
  });
});
