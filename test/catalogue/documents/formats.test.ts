import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isImoNumber, isIso6346, isIsoDateTime, isUnLocode, iso6346CheckDigit, iso6346Problem,
} from '../../../src/catalogue/documents/formats.js';

describe('ISO 6346 check digit', () => {
  it('gives the check digit of the standard\'s worked example and of real containers', () => {
    // CSQU 305438 3 is the example of ISO 6346 Annex A.
    expect(iso6346CheckDigit('CSQU305438')).toBe(3);
    expect(iso6346CheckDigit('MSCU123456')).toBe(6);
    expect(iso6346CheckDigit('TGHU460382')).toBe(2);
  });

  it('writes a remainder of 10 as 0', () => {
    // 'FCIU973015': weighted sum mod 11 is 10, so the check digit is 0.
    expect(iso6346CheckDigit('FCIU973015')).toBe(0);
    expect(isIso6346('FCIU9730150')).toBe(true);
  });

  it('refuses input that is not 4 letters and 6 digits', () => {
    for (const bad of ['', 'CSQU30543', 'CSQU3054388', 'csqu305438', 'CSQ1305438', 'CSQU 05438']) {
      expect(iso6346CheckDigit(bad)).toBeUndefined();
    }
  });

  it('accepts exactly one check digit for every owner code and serial number', () => {
    const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
    fc.assert(
      fc.property(fc.tuple(letter, letter, letter), fc.constantFrom('U', 'J', 'Z'), fc.integer({ min: 0, max: 999_999 }), (owner, category, serial) => {
        const stem = `${owner.join('')}${category}${String(serial).padStart(6, '0')}`;
        const valid = '0123456789'.split('').filter((d) => isIso6346(stem + d));
        expect(valid).toEqual([String(iso6346CheckDigit(stem))]);
      }),
    );
  });

  it('requires equipment category U, J or Z, upper case and no spaces', () => {
    expect(isIso6346('CSQU3054383')).toBe(true);
    expect(isIso6346('CSQR3054383')).toBe(false);
    expect(isIso6346('csqu3054383')).toBe(false);
    expect(isIso6346('CSQU 305438 3')).toBe(false);
    expect(isIso6346('CSQU30543833')).toBe(false);
  });

  it('explains what is wrong with a container number', () => {
    expect(iso6346Problem('CSQU3054383')).toBeUndefined();
    expect(iso6346Problem('CSQU3054384')).toBe('check digit is 4, ISO 6346 gives 3');
    expect(iso6346Problem('CSQU 3054383')).toBe('must be written without spaces');
    expect(iso6346Problem('csqu3054383')).toBe('must be in upper case');
    expect(iso6346Problem('CSQX3054383')).toBe('the 4th letter (equipment category) must be U, J or Z');
    expect(iso6346Problem('CSQU305438')).toBe('must be 4 letters (owner code and equipment category) followed by 7 digits');
  });
});

describe('UN/LOCODE format', () => {
  it('is a 2-letter country code and 3 letters or digits 2-9', () => {
    for (const good of ['CNNGB', 'CNSHA', 'NLRTM', 'USNYC', 'GB2LO', 'DE9AB']) expect(isUnLocode(good), good).toBe(true);
    for (const bad of ['CNNG', 'CNNGBX', 'cnngb', 'CN NGB', 'CNNG1', 'CNNG0', '1NNGB', 'CN-NGB']) expect(isUnLocode(bad), bad).toBe(false);
  });
});

describe('IMO number', () => {
  it('checks the last digit against the weighted sum of the first six', () => {
    // 9074729: 9×7 + 0×6 + 7×5 + 4×4 + 7×3 + 2×2 = 139, last digit 9.
    expect(isImoNumber('9074729')).toBe(true);
    expect(isImoNumber('9074728')).toBe(false);
    expect(isImoNumber('907472')).toBe(false);
    expect(isImoNumber('IMO9074729')).toBe(false);
  });
});

describe('ISO 8601 dates of the canonical documents', () => {
  it('accepts calendar dates and date-times with an offset', () => {
    for (const good of [
      '2025-03-14', '2024-02-29', '2000-02-29', '2025-03-14T08:30:00+08:00', '2025-03-14T08:30+08:00', '2025-03-14T00:30:00Z',
      '2025-03-14T08:30:00.125+08:00', '2025-12-31T23:59:59-05:00', '2025-03-14T08:30:00+14:00',
    ]) expect(isIsoDateTime(good), good).toBe(true);
  });

  it('refuses date-times without offset, impossible dates and other forms', () => {
    for (const bad of [
      '2025-03-14T08:30:00', '2025-02-29', '1900-02-29', '2025-13-01', '2025-04-31', '2025-03-14T24:00:00Z', '2025-03-14T08:60:00Z',
      '2025-03-14T08:30:60Z', '2025-03-14 08:30:00+08:00', '20250314', '202503140830', '2025-03-14T08:30:00+0800', '2025-03-14T08:30:00+15:00',
      '2025-03-14t08:30:00z', '',
    ]) expect(isIsoDateTime(bad), bad).toBe(false);
  });
});
