/** A profile's segment rules: required and limited segments per message and per equipment block, required elements. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProfile, loadProfiles, type Profile } from '../../../src/validation/profiles/index.js';
import { brief, data, message, registry } from '../rules/helpers.js';
import { profile, tempProfiles, type TempProfiles } from './helpers.js';

let temp: TempProfiles;
let guide: Profile;
beforeAll(() => {
  temp = tempProfiles({
    'guide.json': profile('guide', {
      message: 'COREOR',
      segments: [
        { tag: 'RFF', qualifier: 'RE', min: 1, require: ['1.2'], note: 'the terminal checks it' },
        { tag: 'DTM', qualifier: '36', min: 1, severity: 'warning' },
        { tag: 'FTX', max: 1 },
        { tag: 'NAD', qualifier: ['CA', 'CF'], min: 1, require: ['2'] },
        { tag: 'LOC', qualifier: '9', scope: 'equipment', min: 1 },
        { tag: 'SEL', scope: 'equipment', max: 0 },
      ],
      equipment: { start: 'EQD', end: ['CNT'] },
    }),
  });
  guide = loadProfiles({ dir: temp.dir }).profiles.get('guide')!;
});
afterAll(() => { temp.remove(); });

const run = (body: string): ReturnType<typeof checkProfile> => checkProfile(message('COREOR', 'D95B', body), guide, data);

describe('segment rules', () => {
  it('a message that meets every rule has no findings', () => {
    expect(run("BGM+129+R1+9'RFF+RE:REL123'DTM+36:20261231:102'FTX+AAI+++OK'NAD+CF+MSK:160:20'EQD+CN+CSQU3054383'LOC+9+CNNGB'EQD+CN+HLXU1000007'LOC+9+CNSHA'CNT+16:2'")).toEqual([]);
  });

  it('missing segments are reported at UNH, with the guide\'s reason and the rule\'s severity', () => {
    const issues = run("BGM+129+R1+9'NAD+CA+MSK:160:20'");
    expect(brief(issues)).toEqual(['GW_ERR_PROFILE_SEGMENT_MISSING@1', 'GW_ERR_PROFILE_SEGMENT_MISSING@1:warning']);
    expect(issues[0].text).toBe('message 1 (COREOR) has no RFF+RE, which profile guide requires (the terminal checks it)');
  });

  it('a qualifier list matches any of its codes, and a required element is checked in each match', () => {
    const issues = run("BGM+129+R1+9'RFF+RE'DTM+36:20261231:102'NAD+CA'NAD+CF+MSK:160:20'");
    expect(brief(issues)).toEqual(['GW_ERR_PROFILE_ELEMENT_MISSING@3.1.2', 'GW_ERR_PROFILE_ELEMENT_MISSING@5.2']);
    expect(issues[1].text).toBe('NAD+CA/CF has no value in element 2, which profile guide requires');
  });

  it('too many segments are reported at the first one over the limit', () => {
    const issues = run("BGM+129+R1+9'RFF+RE:R'DTM+36:20261231:102'FTX+AAI+++A'FTX+AAI+++B'FTX+AAI+++C'NAD+CA+MSK:160:20'");
    expect(brief(issues)).toEqual(['GW_ERR_PROFILE_SEGMENT_REPEATED@6']);
    expect(issues[0].text).toBe('message 1 (COREOR) has 3 FTX, profile guide allows at most 1');
  });

  it('equipment-scoped rules hold in each block, reported at the block\'s first segment', () => {
    const issues = run("BGM+129+R1+9'RFF+RE:R'DTM+36:20261231:102'NAD+CA+MSK:160:20'EQD+CN+CSQU3054383'LOC+9+CNNGB'EQD+CN+HLXU1000007'SEL+123+CA'CNT+16:2'LOC+12+AFTERCNT'");
    expect(brief(issues)).toEqual(['GW_ERR_PROFILE_SEGMENT_MISSING@8', 'GW_ERR_PROFILE_SEGMENT_REPEATED@9']);
    expect(issues[0].text).toBe('the equipment block at segment 8 (EQD, container HLXU1000007) has no LOC+9, which profile guide requires');
    expect(issues[1].text).toBe('the equipment block at segment 8 (EQD, container HLXU1000007) has 1 SEL, profile guide allows none');
  });

  it('the port CODECO guide: an EQD+CN without container number or size-type', () => {
    const m = message('CODECO', 'D95B', "BGM+34+G1+9'NAD+CF+MSK:160:20'EQD+CN++22G1:102:5'EQD+CN+CSQU3054383'CNT+16:2'");
    const p = registry.resolve({ messageType: 'CODECO', directory: 'D95B' })!;
    expect(brief(checkProfile(m, p, data))).toEqual(['GW_ERR_PROFILE_ELEMENT_MISSING@4.2.1', 'GW_ERR_PROFILE_ELEMENT_MISSING@5.3.1']);
  });

  it('a profile severity override applies to findings whose rule sets none', () => {
    const strict = { ...registry.resolve({ messageType: 'CODECO', directory: 'D95B' })!, severity: { GW_ERR_CARRIER_UNKNOWN: 'error', GW_ERR_PROFILE_SEGMENT_MISSING: 'info' } } as const;
    const m = message('CODECO', 'D95B', "BGM+34+G1+9'EQD+CN+CSQU3054383+22G1:102:5'NAD+CA+QQQ:172:20'CNT+16:1'");
    // NAD+CF is missing (the guide's rule says warning, which wins); the unknown carrier becomes an error.
    expect(brief(checkProfile(m, strict, data))).toEqual(['GW_ERR_PROFILE_SEGMENT_MISSING@1:warning', 'GW_ERR_CARRIER_UNKNOWN@4.2.1']);
  });
});
