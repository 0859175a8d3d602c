/** ISO 6346:1995 size and type codes in EQD C224, the 1984 four-digit form, and the table itself. */
import { describe, expect, it } from 'vitest';
import { sizeTypeVerdict } from '../../../src/validation/rules/index.js';
import { brief, data, message, runRule } from './helpers.js';

const eqds = (list: string[]): ReturnType<typeof message> => message('COPRAR', 'D95B', `BGM+45+L1+9'${list.map((c) => `EQD+CN+CSQU3054383+${c}'`).join('')}`);

describe('ISO 6346 size-type codes', () => {
  it.each(['22G1', '42G1', '45G1', '45R1', '22T6', 'L5G1', '22U1', '42P3', '20GP', '45RT', 'M5G1', '22V0', '2EG1'])('accepts %s', (code) => {
    expect(sizeTypeVerdict(code, data.sizeTypes).kind).toBe('valid');
  });

  it.each([
    ['22X1', 'type code X1'],
    ['Z2G1', 'length code Z'],
    ['27G1', 'height/width code 7'],
    ['22G7', 'type code G7'],
    ['45G', '4 characters'],
    ['CONTAINER', '4 characters'],
  ])('refuses %s (%s)', (code, why) => {
    const v = sizeTypeVerdict(code, data.sizeTypes);
    expect(v.kind).toBe('invalid');
    expect(v.kind === 'invalid' && v.problem).toContain(why);
  });

  it('reads the 1984 form: length from the first digit, height from the second', () => {
    expect(sizeTypeVerdict('2210', data.sizeTypes)).toMatchObject({ kind: 'old', meaning: '20 ft, 8 ft 6 in high' });
    expect(sizeTypeVerdict('4500', data.sizeTypes)).toMatchObject({ kind: 'old', meaning: '40 ft, 9 ft 6 in high' });
  });

  it('reports in EQD element 3: invalid codes as errors, 1984 codes as warnings, ISO codes not at all', () => {
    const issues = runRule('sizeType', eqds(['45G1:102:5', '4500', '22X1:102:5', 'L5G1']));
    expect(brief(issues)).toEqual(['GW_ERR_SIZE_TYPE_OLD_CODE@4.3.1:warning', 'GW_ERR_SIZE_TYPE_INVALID@5.3.1']);
    expect(issues[1].text).toBe('size and type "22X1" is not an ISO 6346:1995 code: type code X1 is neither a type nor a type group');
  });

  it('warns about a 1984 code written only in the description component (8154)', () => {
    const issues = runRule('sizeType', eqds([':::2210']));
    expect(brief(issues)).toEqual(['GW_ERR_SIZE_TYPE_OLD_CODE@3.3.4:warning']);
    expect(issues[0].text).toContain('given only as text (C224 component 4)');
  });

  it('leaves codes of another agency than ISO (3055 other than 5) to the partners', () => {
    expect(runRule('sizeType', eqds(['DV40:ZZZ:ZZZ', 'HC40::87']))).toEqual([]);
  });

  it('the table covers every length code ISO 6346 assigns, with mass limits', () => {
    expect(Object.keys(data.sizeTypes.length).sort()).toEqual(['1', '2', '3', '4', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'K', 'L', 'M', 'N', 'P']);
    for (const l of Object.values(data.sizeTypes.length)) expect(l.minTareKg).toBeLessThan(l.maxGrossKg);
    expect(data.sizeTypes.length['1'].maxGrossKg).toBe(10160);
  });
});
