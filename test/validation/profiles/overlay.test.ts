/**
 * Code lists as a profile changes them: add (with meaning), close, narrow, accept by pattern, and
 * what `extends` does to each; then the same through the structure validator's hook on real
 * D.95B messages, where the UN list alone would decide otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInterchange } from '../../../src/syntax/edifact/index.js';
import { validateInterchange } from '../../../src/validation/index.js';
import { addedMeaning, loadProfiles, profileCodeCheck, profileValidation, type ProfileRegistry } from '../../../src/validation/profiles/index.js';
import type { CodeCheckContext } from '../../../src/validation/types.js';
import { interchange } from '../rules/helpers.js';
import { profile, tempProfiles, type TempProfiles } from './helpers.js';

const ctx = (value: string, over: Partial<CodeCheckContext> = {}): CodeCheckContext => ({ directory: 'D95B', messageType: 'CODECO', tag: 'BGM', elementId: '1001', value, ...over });

let temp: TempProfiles;
let reg: ProfileRegistry;
beforeAll(() => {
  temp = tempProfiles({
    'base.json': profile('base', { suite: 'port', codes: [
      { element: '1001', segment: 'BGM', add: { '34': 'Gate-in report', '36': 'Gate-out report' } },
      { element: '8053', add: { ZZ: 'Mutually defined equipment' } },
    ] }),
    'closed.json': profile('closed', { extends: 'base', codes: [{ element: '1001', segment: 'BGM', closed: true }] }),
    'narrow.json': profile('narrow', { extends: 'base', codes: [{ element: '1001', segment: 'BGM', only: ['34', '85'] }] }),
    'reopened.json': profile('reopened', { extends: 'narrow', codes: [{ element: '1001', segment: 'BGM', only: null, add: { '44': 'Discharge report' } }] }),
    'unclosed.json': profile('unclosed', { extends: 'closed', codes: [{ element: '1001', segment: 'BGM', closed: false }] }),
    'specific.json': profile('specific', { codes: [
      { element: '2005', only: ['137'] },
      { element: '2005', segment: 'DTM', qualifier: '132', add: { X1: 'partner code' } },
      { element: '8155', segment: 'EQD', pattern: '^[0-9A-Z]{4}$' },
    ] }),
  });
  reg = loadProfiles({ dir: temp.dir });
});
afterAll(() => { temp.remove(); });

const check = (name: string): ((c: CodeCheckContext) => boolean | undefined) => profileCodeCheck(reg.profiles.get(name)!);

describe('code list overlay semantics', () => {
  it('add: the UN list or the additions hold a valid value; anything else is left to the UN list', () => {
    const c = check('base');
    expect(c(ctx('34'))).toBe(true);
    expect(c(ctx('36'))).toBe(true);
    expect(c(ctx('85'))).toBeUndefined();
    expect(c(ctx('999'))).toBeUndefined();
    expect(addedMeaning(reg.profiles.get('base')!, '1001', '36', 'BGM')).toBe('Gate-out report');
  });

  it('add applies only where the rule says: 1001 in BGM, not in DOC', () => {
    expect(check('base')(ctx('36', { tag: 'DOC' }))).toBeUndefined();
    expect(check('base')(ctx('ZZ', { tag: 'EQD', elementId: '8053' }))).toBe(true);
  });

  it('closed: only the additions count, the UN list no longer does', () => {
    const c = check('closed');
    expect(c(ctx('34'))).toBe(true);
    expect(c(ctx('85'))).toBe(false);
  });

  it('narrow: only the listed values, whether the UN list or the additions hold them', () => {
    const c = check('narrow');
    expect(c(ctx('34'))).toBe(true);
    expect(c(ctx('85'))).toBe(true);
    expect(c(ctx('36'))).toBe(false);
    expect(c(ctx('785'))).toBe(false);
  });

  it('extend: additions accumulate, only: null lifts a narrowing, closed: false reopens the UN list', () => {
    const reopened = check('reopened');
    expect(reopened(ctx('44'))).toBe(true);
    expect(reopened(ctx('36'))).toBe(true);
    expect(reopened(ctx('785'))).toBeUndefined();
    expect(reg.profiles.get('reopened')!.codes.find((r) => r.element === '1001')?.add).toEqual({ '34': 'Gate-in report', '36': 'Gate-out report', '44': 'Discharge report' });
    const unclosed = check('unclosed');
    expect(unclosed(ctx('85'))).toBeUndefined();
    expect(unclosed(ctx('36'))).toBe(true);
  });

  it('the most specific rule decides: segment and qualifier over the element alone; patterns accept', () => {
    const c = check('specific');
    const dtm = (value: string, segmentQualifier: string): CodeCheckContext => ctx(value, { tag: 'DTM', elementId: '2005', segmentQualifier });
    expect(c(dtm('X1', '132'))).toBe(true);
    expect(c(dtm('133', '132'))).toBeUndefined();
    expect(c(dtm('133', '133'))).toBe(false);
    expect(c(dtm('137', '137'))).toBe(true);
    expect(c(ctx('45G1', { tag: 'EQD', elementId: '8155' }))).toBe(true);
    expect(c(ctx('45G', { tag: 'EQD', elementId: '8155' }))).toBeUndefined();
  });
});

describe('the port profiles through the structure validator (D.95B)', () => {
  const codeErrors = (type: string, body: string, withProfile: boolean): string[] => {
    const ic = parseInterchange(interchange(type, 'D95B', body));
    const v = validateInterchange(ic, withProfile ? { ...profileValidation() } : {});
    return v.messages[0].issues.filter((i) => i.code === 'GW_ERR_CODE_VALUE_INVALID').map((i) => `${i.location?.tag}:${i.text.match(/"([^"]*)"/)?.[1] ?? ''}`);
  };

  it('CODECO: gate-out 36 is no D.95B code but the guide adds it; 85 is a D.95B code the guide narrows away', () => {
    const gateOut = "BGM+36+GO1+9'EQD+CN+CSQU3054383+22G1:102:5'CNT+16:1'";
    expect(codeErrors('CODECO', gateOut, false)).toEqual(['BGM:36']);
    expect(codeErrors('CODECO', gateOut, true)).toEqual([]);
    const manifest = "BGM+85+GO1+9'EQD+CN+CSQU3054383+22G1:102:5'CNT+16:1'";
    expect(codeErrors('CODECO', manifest, false)).toEqual([]);
    expect(codeErrors('CODECO', manifest, true)).toEqual(['BGM:85']);
  });

  it('COPRAR: SMDG 45 and MEA VGM pass under the guide', () => {
    const body = "BGM+45+L1+9'TDT+20+123W+1'EQD+CN+CSQU3054383+45G1:102:5'MEA+AAE+VGM+KGM:11740'CNT+16:1'";
    expect(codeErrors('COPRAR', body, false)).toEqual(['BGM:45', 'MEA:VGM']);
    expect(codeErrors('COPRAR', body, true)).toEqual([]);
  });

  it('every message result names the profile that applied', () => {
    const ic = parseInterchange(interchange('COARRI', 'D95B', "BGM+44+D1+9'TDT+20+1W'EQD+CN+CSQU3054383+22G1:102:5'CNT+16:1'"));
    const v = validateInterchange(ic, { ...profileValidation({ profile: 'port' }) });
    expect(v.messages.map((m) => m.profile)).toEqual(['coarri']);
  });

  it('an unknown partner profile is refused when the options are made, not on the first message', () => {
    expect(() => profileValidation({ profile: 'nosuchprofile' })).toThrow(/no profile or suite "nosuchprofile"/);
  });
});
