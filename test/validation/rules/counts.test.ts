/** Control totals (CNT) against what the message holds. */
import { describe, expect, it } from 'vitest';
import { brief, message, runRule } from './helpers.js';

const eqd = "EQD+CN+CSQU3054383+22G1:102:5'";

describe('control counts', () => {
  it('accepts CNT+16 equal to the number of EQD segments', () => {
    expect(runRule('counts', message('COARRI', 'D95B', `BGM+46+R1+9'${eqd}${eqd.replace('CN+CSQU', 'CH+CHSS')}CNT+16:2'`))).toEqual([]);
  });

  it('refuses CNT+16:5 with 2 EQD, at CNT element 1 component 2', () => {
    const issues = runRule('counts', message('COPRAR', 'D95B', `BGM+45+L1+9'${eqd}${eqd}CNT+16:5'`));
    expect(brief(issues)).toEqual(['GW_ERR_CONTROL_COUNT_MISMATCH@5.1.2']);
    expect(issues[0].text).toBe('CNT+16 says 5, but the message has 2 EQD segments');
  });

  it('counts consignments and goods items where the profile maps CNT+10 and CNT+2', () => {
    const body = "BGM+85+M1+9'CNI+1'GID+1'GID+2'CNI+2'GID+1'CNT+10:2'CNT+2:4'CNT+11:99'";
    expect(brief(runRule('counts', message('CUSCAR', 'D95B', body)))).toEqual(['GW_ERR_CONTROL_COUNT_MISMATCH@9.1.2']);
  });

  it('does not recount qualifiers the profile does not map, nor non-numeric values', () => {
    expect(runRule('counts', message('CODECO', 'D95B', `BGM+34+G1+9'${eqd}CNT+7:25000'CNT+2:9'CNT+16:X'`))).toEqual([]);
  });
});
