/** Container gross weight and VGM plausibility within each equipment block. */
import { describe, expect, it } from 'vitest';
import { brief, message, registry, runRule } from './helpers.js';

const block = (eqd: string, meas: string[]): string => `EQD+CN+CSQU3054383+${eqd}'${meas.map((m) => `MEA+${m}'`).join('')}`;
const coprar = (...blocks: string[]): ReturnType<typeof message> => message('COPRAR', 'D95B', `BGM+45+L1+9'${blocks.join('')}CNT+16:${blocks.length}'`);

describe('container weights', () => {
  it('accepts gross and VGM within the limits of the size', () => {
    expect(runRule('weight', coprar(block('45G1:102:5', ['AAE+G+KGM:11740', 'AAE+VGM+KGM:11740']), block('22G1:102:5', ['AAE+T+KGM:2200', 'AAE+G+KGM:30000'])))).toEqual([]);
  });

  it('refuses zero and negative weights at MEA element 3 component 2', () => {
    const issues = runRule('weight', coprar(block('22G1', ['AAE+G+KGM:0', 'AAE+VGM+KGM:-1200'])));
    expect(brief(issues)).toEqual(['GW_ERR_WEIGHT_NOT_POSITIVE@4.3.2', 'GW_ERR_WEIGHT_NOT_POSITIVE@5.3.2']);
  });

  it('refuses more than the ISO 668 maximum gross mass of the size (36 000 kg, 10 160 kg for 10 ft)', () => {
    const issues = runRule('weight', coprar(block('45G1', ['AAE+VGM+KGM:36500']), block('12G1', ['AAE+G+KGM:12000']), block('22G1', ['AAE+G+TNE:37'])));
    expect(brief(issues)).toEqual(['GW_ERR_WEIGHT_ABOVE_MAX_GROSS@4.3.2', 'GW_ERR_WEIGHT_ABOVE_MAX_GROSS@6.3.2', 'GW_ERR_WEIGHT_ABOVE_MAX_GROSS@8.3.2']);
    expect(issues[1].text).toBe('gross weight 12000 KGM of container CSQU3054383 exceeds the ISO 668 maximum gross mass of a 10 ft container, 10,160 kg');
  });

  it('converts pounds and tonnes before judging', () => {
    expect(runRule('weight', coprar(block('42G1', ['AAE+G+LBR:66000']), block('42G1', ['AAE+G+TNE:25.5'])))).toEqual([]);
    expect(brief(runRule('weight', coprar(block('42G1', ['AAE+G+LBR:80000']))))).toEqual(['GW_ERR_WEIGHT_ABOVE_MAX_GROSS@4.3.2']);
  });

  it('warns when the gross weight is below the declared tare or below an empty container of the size', () => {
    const issues = runRule('weight', coprar(block('42G1', ['AAE+T+KGM:3800', 'AAE+G+KGM:3000']), block('45G1', ['AAE+G+KGM:900'])));
    expect(brief(issues)).toEqual(['GW_ERR_WEIGHT_BELOW_TARE@5.3.2:warning', 'GW_ERR_WEIGHT_BELOW_TARE@7.3.2:warning']);
    expect(issues[0].text).toContain('less than its declared tare weight 3800 KGM');
    expect(issues[1].text).toContain('less than an empty 40 ft container weighs (at least 2,800 kg)');
  });

  it('without a readable size still refuses what no container may weigh', () => {
    expect(brief(runRule('weight', coprar(block('XXXX', ['AAE+G+KGM:50000', 'AAE+G+KGM:500']))))).toEqual(['GW_ERR_WEIGHT_ABOVE_MAX_GROSS@4.3.2']);
  });

  it('reads the bay plan form: MEA+WT in the LOC+147 slot before its EQD, size from a 1984 code', () => {
    const baplie = message('BAPLIE', 'D95B', "BGM++B1+9'LOC+147+0780690::5'MEA+WT++KGM:41000'LOC+9+USLGB'EQD+CN+CSQU3054383+4200'LOC+147+0060886::5'MEA+WT++KGM:3983'EQD+CN+HLXU1000007+L5G1'");
    const issues = runRule('weight', baplie);
    expect(brief(issues)).toEqual(['GW_ERR_WEIGHT_ABOVE_MAX_GROSS@4.3.2']);
    expect(issues[0].text).toContain('of a 40 ft container');
  });

  it('ignores goods weights outside equipment blocks and units it cannot convert', () => {
    const cuscar = message('CUSCAR', 'D95B', "BGM+85+M1+9'EQD+CN+CSQU3054383+22G1'MEA+AAE+G+KGM:20000'CNI+1'GID+1'MEA+AAE+G+KGM:99000'MEA+AAE+G+GRM:99000000'");
    expect(runRule('weight', cuscar, registry.resolve({ messageType: 'CUSCAR', directory: 'D95B' }))).toEqual([]);
  });
});
