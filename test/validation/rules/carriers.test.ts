/** SMDG liner codes in NAD+CA/CF and TDT, and the generated code list. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLinerCodes, DEFAULT_REFERENCE, OUTPUT_FILE } from '../../../scripts/profiles/smdg-liner-codes.js';
import { hasCorpus } from '../../helpers/corpus.js';
import { brief, data, message, runRule } from './helpers.js';

const at = (date: string, body: string): ReturnType<typeof message> => message('COARRI', 'D95B', `BGM+46+R1+9'DTM+137:${date}:102'${body}`);

describe('SMDG carrier codes', () => {
  it('accepts active codes in NAD+CA, NAD+CF and TDT with list 172/160 and agency 20', () => {
    expect(runRule('carrier', at('20260101', "TDT+20+031W+1+13+COS:172:20'NAD+CA+MSK:160:20'NAD+CF+OOL:172:20'"))).toEqual([]);
  });

  it('refuses a code that is not three letters or digits at NAD element 2', () => {
    const issues = runRule('carrier', at('20260101', "NAD+CA+MAEU:160:20'"));
    expect(brief(issues)).toEqual(['GW_ERR_CARRIER_CODE_INVALID@4.2.1']);
  });

  it('warns about a code not on the list (MOL left it when ONE took over)', () => {
    const issues = runRule('carrier', at('20160414', "NAD+CA+MOL:172:20'TDT+20+1W+1++QQQ:172:20'"));
    expect(brief(issues)).toEqual(['GW_ERR_CARRIER_UNKNOWN@4.2.1:warning', 'GW_ERR_CARRIER_UNKNOWN@5.5.1:warning']);
    expect(issues[0].text).toBe('NAD+CA carrier "MOL" is not on the SMDG liner code list (SMDG liner codes, smdg-org/code-lists@1383b17)');
  });

  it('judges validity at the message date: CAV expired at the end of 2014', () => {
    expect(runRule('carrier', at('20140601', "NAD+CA+CAV:172:20'"))).toEqual([]);
    const issues = runRule('carrier', at('20160601', "NAD+CA+CAV:172:20'"));
    expect(brief(issues)).toEqual(['GW_ERR_CARRIER_CODE_INACTIVE@4.2.1:warning']);
    expect(issues[0].text).toContain('expired on the SMDG liner code list since 2014-12-31');
  });

  it('does not doubt a revised code before its latest validFrom (COE was COSCO Europe before Diamond Line)', () => {
    expect(data.carriers.get('COE')).toMatchObject({ revised: true, validFrom: '2026-05-29' });
    expect(runRule('carrier', at('20160204', "NAD+CF+COE:172:20'"))).toEqual([]);
  });

  it('warns about an unrevised code used before it was listed', () => {
    expect(data.carriers.get('ONE')).toMatchObject({ validFrom: '2018-01-01' });
    expect(brief(runRule('carrier', at('20170101', "NAD+CA+ONE:172:20'")))).toEqual(['GW_ERR_CARRIER_CODE_INACTIVE@4.2.1:warning']);
  });

  it('leaves other code lists and agencies alone (SCAC, carrier-assigned, mutually defined)', () => {
    expect(runRule('carrier', at('20260101', "NAD+CA+MMEC:160:87'TDT+20+1W+1++MAEU:172:182'NAD+CA+GEK:172:ZZZ'NAD+MS+XYZW:160:20'"))).toEqual([]);
  });
});

describe.skipIf(!hasCorpus)('generated SMDG liner code list', () => {
  it('is what scripts/profiles/smdg-liner-codes.ts makes of the reference (regenerate and commit when it differs)', () => {
    expect(readFileSync(OUTPUT_FILE, 'utf8')).toBe(buildLinerCodes(DEFAULT_REFERENCE));
  });

  it('holds every code of the reference once, with its status', () => {
    const ref = JSON.parse(readFileSync(join(DEFAULT_REFERENCE, 'smdg-code-lists', 'liner-codes_combined.json'), 'utf8')) as { linerSMDGCode: string; codeStatus: string }[];
    expect(data.carriers.size).toBe(ref.length);
    expect(data.carriers.get('CAV')?.status).toBe('expired');
    expect(data.carriers.get('MOL')).toBeUndefined();
  });
});
