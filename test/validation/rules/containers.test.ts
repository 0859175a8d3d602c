/** ISO 6346 container numbers in EQD+CN, and the same container twice in one message. */
import { describe, expect, it } from 'vitest';
import { brief, message, runRule } from './helpers.js';

const codeco = (eqds: string): ReturnType<typeof message> => message('CODECO', 'D95B', `BGM+34+GATE1+9'${eqds}CNT+16:1'`);

describe('container numbers (EQD+CN)', () => {
  it('accepts the ISO 6346 example CSQU3054383 and numbers with check digit 0 from remainder 10', () => {
    // CSQU3054383 is the example of ISO 6346 itself; HLXU1000007 is a Hapag-Lloyd number.
    expect(runRule('containerNumber', codeco("EQD+CN+CSQU3054383+22G1:102:5++2+5'EQD+CN+HLXU1000007+45G1:102:5'"))).toEqual([]);
  });

  it('refuses a wrong check digit at EQD element 2 component 1, naming the right digit', () => {
    const issues = runRule('containerNumber', codeco("EQD+CN+CSQU3054384+22G1:102:5'"));
    expect(brief(issues)).toEqual(['GW_ERR_CONTAINER_NUMBER_INVALID@3.2.1']);
    expect(issues[0].text).toContain('check digit is 4, ISO 6346 gives 3');
    expect(issues[0].location).toMatchObject({ tag: 'EQD', segment: 4, messageRef: '1', messageIndex: 1 });
  });

  it('refuses placeholders, a wrong category letter, lower case and spaces', () => {
    const issues = runRule('containerNumber', codeco("EQD+CN+CONTAINER'EQD+CN+MSTI6415664'EQD+CN+csqu3054383'EQD+CN+CSQU 305438 3'"));
    expect(brief(issues)).toEqual([
      'GW_ERR_CONTAINER_NUMBER_INVALID@3.2.1',
      'GW_ERR_CONTAINER_NUMBER_INVALID@4.2.1',
      'GW_ERR_CONTAINER_NUMBER_INVALID@5.2.1',
      'GW_ERR_CONTAINER_NUMBER_INVALID@6.2.1',
    ]);
    expect(issues[1].text).toContain('equipment category) must be U, J or Z');
    expect(issues[2].text).toContain('upper case');
    expect(issues[3].text).toContain('without spaces');
  });

  it('leaves EQD without a number and equipment other than containers to the profile', () => {
    expect(runRule('containerNumber', codeco("EQD+CN++42G1:102:5'EQD+CH+CHASSIS1'EQD+TE+TRAILER 7'"))).toEqual([]);
  });

  it('warns when a container appears twice, pointing at the first', () => {
    const issues = runRule('duplicateContainer', codeco("EQD+CN+CSQU3054383'EQD+CN+HLXU1000007'EQD+CN+CSQU3054383'"));
    expect(brief(issues)).toEqual(['GW_ERR_CONTAINER_DUPLICATE@5.2.1:warning']);
    expect(issues[0].text).toContain('first appears in the EQD at segment 3');
    expect(runRule('duplicateContainer', codeco("EQD+CN+CSQU3054383'EQD+CN+HLXU1000007'"))).toEqual([]);
  });
});
