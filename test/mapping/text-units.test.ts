import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTable } from '../../src/mapping/tables.js';
import { joinText, splitText } from '../../src/mapping/text.js';
import { convertUnit } from '../../src/mapping/units.js';

describe('text spread over components', () => {
  it('breaks at spaces, keeps Chinese names whole where they fit, and cuts only when it must', () => {
    expect(splitText('COSCO SHIPPING LINES CO LTD NINGBO BRANCH', 35, 5).pieces).toEqual(['COSCO SHIPPING LINES CO LTD NINGBO', 'BRANCH']);
    expect(splitText('宁波港国际物流有限公司', 35, 5).pieces).toEqual(['宁波港国际物流有限公司']);
    const long = '浙江省宁波市北仑区新碶街道明州路188号宁波家居用品进出口有限公司第三仓库';
    const { pieces } = splitText(long, 10, 5);
    expect(pieces.every((p) => Array.from(p).length <= 10)).toBe(true);
    expect(joinText(pieces, 10)).toBe(long);
  });

  it('says what did not fit', () => {
    const r = splitText('A'.repeat(12), 5, 2);
    expect(r.pieces).toEqual(['AAAAA', 'AAAAA']);
    expect(r.rest).toBe('AA');
  });

  it('joins what a partner split by hand with spaces, except between Chinese characters', () => {
    expect(joinText(['NINGBO HOMEWARE', 'IMPORT AND EXPORT CO'], 35)).toBe('NINGBO HOMEWARE IMPORT AND EXPORT CO');
    expect(joinText(['宁波家居用品', '进出口有限公司'], 35)).toBe('宁波家居用品进出口有限公司');
    expect(joinText(['A', '', 'B'], 35)).toBe('A B');
  });

  it('split then join gives back any text that fits (property)', () => {
    const chars = fc.constantFrom('A', 'b', ' ', '宁', '波', '港', '-', '1', '𠀋', 'é');
    fc.assert(fc.property(fc.array(chars, { maxLength: 60 }).map((a) => a.join('')), fc.integer({ min: 3, max: 12 }), (text, max) => {
      const t = text.trim().replace(/ {2,}/g, ' ');
      const { pieces, rest } = splitText(t, max, 100);
      expect(rest).toBe('');
      expect(pieces.every((p) => Array.from(p).length <= max)).toBe(true);
      expect(joinText(pieces, max)).toBe(t);
    }), { numRuns: 500 });
  });
});

describe('units', () => {
  it('converts mass, volume, length and temperature, and refuses mixing quantities', () => {
    expect(convertUnit(25.74, 'TNE', 'KGM')).toBe(25740);
    expect(convertUnit(1000, 'LBR', 'KGM')).toBe(453.59237);
    expect(convertUnit(25740, 'KGM', 'TNE')).toBe(25.74);
    expect(convertUnit(1, 'MTQ', 'LTR')).toBe(1000);
    expect(convertUnit(12, 'INH', 'CMT')).toBe(30.48);
    expect(convertUnit(-18, 'CEL', 'FAH')).toBe(-0.4);
    expect(convertUnit(212, 'FAH', 'CEL')).toBe(100);
    expect(convertUnit(1, 'KGM', 'MTQ')).toBeUndefined();
    expect(convertUnit(1, 'XYZ', 'KGM')).toBeUndefined();
  });
});

describe('code tables', () => {
  it('reads every listed code, writes the first code of a value unless told otherwise, knows which codes round-trip', () => {
    const t = compileTable('documentFunction', { codes: { 9: 'original', 5: 'replace', 4: 'replace', 1: 'cancel', 3: 'cancel' }, write: { replace: '5', cancel: '1' } });
    expect(['9', '5', '4', '1', '3', '7'].map((c) => t.read(c))).toEqual(['original', 'replace', 'replace', 'cancel', 'cancel', undefined]);
    expect(['original', 'replace', 'cancel', 'other'].map((v) => t.write(v))).toEqual(['9', '5', '1', undefined]);
    expect(t.exact('5')).toBe(true);
    expect(t.exact('4')).toBe(false);
    const roles = compileTable('partyRole', { codes: { CN: 'consignee' }, otherwise: 'other' });
    expect(roles.read('ZZZ')).toBe('other');
    expect(() => compileTable('bad', { codes: { 1: 'a', 2: 'b' }, write: { a: '2' } })).toThrow(/reads as b/);
    // Several codes for one value need an explicit choice (JSON keeps numeric keys sorted, not as written).
    expect(() => compileTable('ambiguous', { codes: { 5: 'full', 4: 'empty', 7: 'full' } })).toThrow(/codes 5 and 7 both read as full/);
  });
});
