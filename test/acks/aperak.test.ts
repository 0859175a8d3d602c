/**
 * APERAK: one answer per message with profile or business-rule findings, in the message's own
 * directory, with RFF+ACW to the message, ERC + FTX per finding at its position; the generated
 * APERAK is itself a valid APERAK to the structure validator.
 */
import { describe, expect, it } from 'vitest';
import { APERAK_ERROR_CODES, aperakIssues, buildAperak, type AperakOptions } from '../../src/acks/aperak.js';
import { profileErrors } from '../../src/errors/codes/profile.js';
import { parseInterchange, serializeInterchange, type Interchange } from '../../src/syntax/edifact/index.js';
import { allIssues, validateInterchange } from '../../src/validation/index.js';
import { profileValidation } from '../../src/validation/profiles/index.js';
import { corpusFile, hasCorpus } from '../helpers/corpus.js';

const options = profileValidation();
const now = new Date('2026-11-28T01:30:00Z');

function answer(input: string | Buffer, extra: Partial<AperakOptions> = {}): { ic: Interchange; lines: string[]; result: NonNullable<ReturnType<typeof buildAperak>> } | undefined {
  const ic = parseInterchange(input);
  const result = buildAperak(ic, allIssues(validateInterchange(ic, { ...options })), { controlRef: 'AP7', now, ...extra });
  if (!result) return undefined;
  const text = serializeInterchange(result.interchange, { newlines: true }).toString('latin1');
  return { ic: parseInterchange(text), lines: text.trim().split('\n'), result };
}

const unb = (body: string, n = 1, syntax = 'UNOA:3'): string => `UNB+${syntax}+TERMINAL:ZZZ+EDIGW:ZZZ+261128:0930+IC9'${body}UNZ+${n}+IC9'`;
const codeco = (ref: string, dir: string, eqd: string): string => {
  const body = `BGM+34+GATE${ref}+9'NAD+CF+MSK:160:20'EQD+CN+${eqd}+22G1:102:5'CNT+16:1'`;
  return `UNH+${ref}+CODECO:${dir[0]}:${dir.slice(1)}:UN'${body}UNT+6+${ref}'`;
};

describe('APERAK content', () => {
  it('answers a CODECO with a bad container number: swapped parties, BGM, DTM, RFF+ACW/AGO, ERC + FTX at the position', () => {
    const r = answer(unb(codeco('M1', 'D95B', 'CSQU3054384')), { timeZone: 'Asia/Shanghai' })!;
    expect(r.lines).toEqual([
      "UNB+UNOA:3+EDIGW:ZZZ+TERMINAL:ZZZ+261128:0930+AP7'",
      "UNH+1+APERAK:D:95B:UN'",
      "BGM++AP7-1+9+RE'",
      "DTM+137:202611280930:203'",
      "RFF+ACW:M1'",
      "RFF+AGO:GATEM1'",
      "ERC+201::ZZZ'",
      'FTX+AAO+++SEGMENT 4 (EQD), ELEMENT 2, COMPONENT 1?: EQD?+CN CONTAINER NUMBER:"CSQU3054384" IS NOT AN ISO 6346 CONTAINER NUMBER?: CHECK DIGIT IS 4,:ISO 6346 GIVES 3 (GW-ERR-CONTAINER-NUMBER-INVALID)\'',
      "UNT+8+1'",
      "UNZ+1+AP7'",
    ]);
    expect(r.result.messages).toEqual([{ messageIndex: 1, messageRef: 'M1', aperakRef: '1', status: 'rejected', reported: 1 }]);
  });

  it('writes D.00B answers in D.00B with BGM 313, and D.95B ones without a document code D.95B lacks', () => {
    const r = answer(unb(codeco('A', 'D00B', 'CSQU3054384') + codeco('B', 'D95B', 'HLXU1000008'), 2))!;
    expect(r.lines.filter((l) => /^(UNH|BGM|RFF\+ACW)/.test(l))).toEqual([
      "UNH+1+APERAK:D:00B:UN'", "BGM+313+AP7-1+9+RE'", "RFF+ACW:A'",
      "UNH+2+APERAK:D:95B:UN'", "BGM++AP7-2+9+RE'", "RFF+ACW:B'",
    ]);
  });

  it('answers D.93A, which has no APERAK, in the next directory that has one; a directory the catalogue lacks in its own', () => {
    const cuscar = "UNH+1+CUSCAR:D:93A:UN'BGM+785+M1+9'EQD+CN+CSQU3054384'UNT+4+1'";
    expect(answer(unb(cuscar))!.lines[1]).toBe("UNH+1+APERAK:D:95B:UN'");
    const baplie = "UNH+1+BAPLIE:D:13B:UN'BGM++B1+9'LOC+147+0010082::5'MEA+WT++KGM:0'LOC+9+NLRTM'LOC+11+CNNGB'EQD+CN+CSQU3054383+22G1'UNT+9+1'";
    const r = answer(unb(baplie))!;
    expect(r.lines[1]).toBe("UNH+1+APERAK:D:13B:UN'");
    expect(r.lines).toContain("ERC+221::ZZZ'");
  });

  it('says accepted with warnings (CA) when only warnings are reported, and nothing for a clean message unless asked', () => {
    const warnOnly = unb(codeco('W', 'D95B', 'CSQU3054383').replace('MSK:160:20', 'QQQ:160:20'));
    const r = answer(warnOnly)!;
    expect(r.lines[2]).toBe("BGM++AP7-1+9+CA'");
    expect(r.lines).toContain("ERC+402::ZZZ'");
    expect(r.result.messages[0].status).toBe('accepted-with-warnings');
    const clean = unb(codeco('C', 'D95B', 'CSQU3054383'));
    expect(answer(clean)).toBeUndefined();
    const positive = answer(clean, { positive: true })!;
    expect(positive.lines.slice(2, 5)).toEqual(["BGM++AP7-1+9+AP'", "DTM+137:202611280130:203'", "RFF+ACW:C'"]);
    expect(positive.lines.some((l) => l.startsWith('ERC'))).toBe(false);
  });

  it('leaves CONTRL-level findings (a DTM against its own format: 0085 code 12) to the CONTRL', () => {
    const ic = parseInterchange(unb("UNH+1+CODECO:D:95B:UN'BGM+34+G+9'DTM+137:20121124:203'NAD+CF+MSK:160:20'EQD+CN+CSQU3054383+22G1:102:5'CNT+16:1'UNT+7+1'"));
    const issues = allIssues(validateInterchange(ic, { ...options }));
    expect(issues.map((i) => i.code)).toContain('GW_ERR_DTM_INVALID');
    expect(aperakIssues(issues)).toEqual([]);
    expect(buildAperak(ic, issues, { controlRef: 'X', now })).toBeUndefined();
  });

  it('never answers acknowledgements (CONTRL, APERAK)', () => {
    const aperak = "UNH+1+APERAK:D:95B:UN'BGM+313+A1+9'UNT+3+1'";
    const ic = parseInterchange(unb(aperak));
    const issues = allIssues(validateInterchange(ic, { ...options }));
    expect(issues.some((i) => i.code === 'GW_ERR_PROFILE_SEGMENT_MISSING')).toBe(true);
    expect(buildAperak(ic, issues, { controlRef: 'X', now, positive: true })).toBeUndefined();
  });

  it('writes what the syntax level can carry: upper case under UNOA, lower case and _ under UNOC; long texts in 70-character components', () => {
    const a = answer(unb(codeco('U', 'D95B', 'CSQU3054384'), 1, 'UNOC:3'))!;
    const ftx = a.lines.find((l) => l.startsWith('FTX'))!;
    expect(ftx).toContain('segment 4 (EQD), element 2, component 1?: EQD?+CN container number');
    expect(ftx).toContain('(GW_ERR_CONTAINER_NUMBER_INVALID)');
    const components = a.ic.messages[0].segments.find((s) => s.tag === 'FTX')!.components(4);
    expect(components.length).toBeGreaterThan(1);
    expect(components.length).toBeLessThanOrEqual(5);
    for (const c of components) expect(c.length).toBeLessThanOrEqual(70);
  });

  it('gives every profile and rule finding that can reach an APERAK its own stable ERC code', () => {
    const reachable = Object.entries(profileErrors).filter(([code, spec]) => !('contrl' in spec) && code !== 'GW_ERR_PROFILE_INVALID' && code !== 'GW_ERR_PROFILE_UNKNOWN').map(([code]) => code);
    expect(Object.keys(APERAK_ERROR_CODES).sort()).toEqual(reachable.sort());
    const values = Object.values(APERAK_ERROR_CODES);
    expect(new Set(values).size).toBe(values.length);
    for (const v of values) expect(v).toMatch(/^[0-9A-Z]{1,8}$/);
  });
});

describe('the generated APERAK is a valid APERAK', () => {
  it.each(['D95B', 'D96A', 'D00B', 'D03A'])('in %s: structure and the APERAK profile find nothing', (dir) => {
    const r = answer(unb(codeco('M', dir, 'CSQU3054384').replace('MSK:160:20', 'QQQ:160:20')))!;
    const v = validateInterchange(r.ic, { ...options });
    expect(r.ic.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(v.messages.map((m) => [m.type, m.directory, m.profile, m.inCatalogue])).toEqual([['APERAK', dir, 'aperak', true]]);
    expect(v.messages[0].issues).toEqual([]);
  });

  it('D.95B: valid to the plain UN structure too, without the gateway\'s profiles', () => {
    const r = answer(unb(codeco('M', 'D95B', 'CSQU3054384')))!;
    expect(validateInterchange(r.ic).messages[0].issues).toEqual([]);
  });
});

describe.skipIf(!hasCorpus)('APERAK for the corpus', () => {
  it('COPRAR without UNB: sent by the gateway to UNKNOWN, four findings, the count among them', () => {
    const r = answer(corpusFile('edifact-odd/coprar_d95b_no_unb_bad_unt_apimeister.edi'))!;
    expect(r.lines[0]).toMatch(/^UNB\+UNOA:3\+EDIGW\+UNKNOWN\+/);
    expect(r.lines.filter((l) => l.startsWith('ERC'))).toEqual(["ERC+201::ZZZ'", "ERC+201::ZZZ'", "ERC+202::ZZZ'", "ERC+601::ZZZ'"]);
    expect(r.lines).toContain("RFF+ACW:638'");
    expect(r.lines.at(-3)).toBe("FTX+AAO+++SEGMENT 28 (CNT), ELEMENT 1, COMPONENT 2?: CNT?+16 SAYS 5, BUT THE:MESSAGE HAS 2 EQD SEGMENTS (GW-ERR-CONTROL-COUNT-MISMATCH)'");
  });

  it('BAPLIE from Long Beach: to OOCLIES from LBCTI, accepted with warnings', () => {
    const r = answer(corpusFile('edifact/baplie_d95b_smdg20_lbct_phpedifact.edi'))!;
    expect(r.lines[0]).toMatch(/^UNB\+UNOA:2\+OOCLIES:ZZ\+LBCTI:01\+261128:0130\+AP7'$/);
    expect(r.lines.slice(2, 6)).toEqual(["BGM++AP7-1+9+CA'", "DTM+137:202611280130:203'", "RFF+ACW:1907'", "RFF+AGO:391651645'"]);
    expect(r.result.messages).toEqual([{ messageIndex: 1, messageRef: '1907', aperakRef: '1', status: 'accepted-with-warnings', reported: 5 }]);
  });

  it('COARRI from Genoa: nothing to answer at the application level', () => {
    expect(answer(corpusFile('edifact/coarri_d95b_itg13_genoa_phpedifact.edi'))).toBeUndefined();
  });
});
