/**
 * The DTM check reads the common all-digit forms without slicing the value; whatever the path, a
 * value must be accepted exactly when it is a real calendar date and time. The oracle here is the
 * JavaScript calendar (Date), not the rule's own tables, on values built near every field's limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInterchange } from '../../../src/syntax/edifact/index.js';
import { validateInterchange } from '../../../src/validation/index.js';
import { profileValidation } from '../../../src/validation/profiles/index.js';
import { dateProblem } from '../../../src/validation/rules/index.js';
import { brief, interchange, message, runRule } from './helpers.js';

const two = (n: number): string => String(n).padStart(2, '0');

interface Parts { year: number; month: number; day: number; hour: number; minute: number; second: number }

function realDate({ year, month, day }: Parts): boolean {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const realTime = ({ hour, minute, second }: Parts): boolean => minute <= 59 && second <= 59 && (hour < 24 || (hour === 24 && minute === 0 && second === 0));

/** Fields around their limits: month 0-13, day 0-32, hour 0-25, minute and second 0-61. */
const parts = fc.record({
  year: fc.integer({ min: 1899, max: 2401 }),
  month: fc.integer({ min: 0, max: 13 }),
  day: fc.integer({ min: 0, max: 32 }),
  hour: fc.integer({ min: 0, max: 25 }),
  minute: fc.integer({ min: 0, max: 61 }),
  second: fc.integer({ min: 0, max: 61 }),
});

const FORMS: readonly { pattern: string; write: (p: Parts) => string; valid: (p: Parts) => boolean }[] = [
  { pattern: 'CCYYMMDD', write: (p) => `${p.year}${two(p.month)}${two(p.day)}`, valid: realDate },
  { pattern: 'CCYYMMDDHHMM', write: (p) => `${p.year}${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}`, valid: (p) => realDate(p) && realTime({ ...p, second: 0 }) },
  { pattern: 'CCYYMMDDHHMMSS', write: (p) => `${p.year}${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}${two(p.second)}`, valid: (p) => realDate(p) && realTime(p) },
  { pattern: 'YYMMDD', write: (p) => `${two(p.year % 100)}${two(p.month)}${two(p.day)}`, valid: (p) => realDate({ ...p, year: 2000 + (p.year % 100) }) },
  { pattern: 'HHMM', write: (p) => `${two(p.hour)}${two(p.minute)}`, valid: (p) => realTime({ ...p, second: 0 }) },
  { pattern: 'CCYYMM', write: (p) => `${p.year}${two(p.month)}`, valid: (p) => p.month >= 1 && p.month <= 12 },
  { pattern: 'CCYYMMDD-CCYYMMDD', write: (p) => `${p.year}${two(p.month)}${two(p.day)}-20261128`, valid: realDate },
];

describe('DTM values against the calendar', () => {
  it('accepts a value exactly when it is a real date and time', () => {
    fc.assert(fc.property(fc.constantFrom(...FORMS), parts, (form, p) => {
      expect(dateProblem(form.write(p), form.pattern) === undefined, `${form.write(p)} as ${form.pattern}`).toBe(form.valid(p));
    }), { numRuns: 3000 });
  });

  it('does not accept other characters where digits belong', () => {
    for (const value of ['2026112 ', '2026-128', '2026112A', '+2026112', '２０２６']) expect(dateProblem(value, 'CCYYMMDD'), value).toBeDefined();
  });
});

describe('codes that name properties of every object', () => {
  it('are no date format and no control count, not a crash', () => {
    const m = message('CODECO', 'D95B', "BGM+34+G1+9'DTM+137:2026:toString'DTM+7:2026:constructor'CNT+toString:5'CNT+16:0'");
    expect(runRule('dates', m)).toEqual([]);
    expect(runRule('counts', m)).toEqual([]);
    // Validating the whole message reports what the structure check sees: codes too long.
    const v = validateInterchange(parseInterchange(interchange('CODECO', 'D95B', "BGM+34+G1+9'DTM+137:2026:toString'CNT+toString:5'")), profileValidation());
    expect(brief(v.messages[0].issues).filter((i) => i.startsWith('GW_ERR_ELEMENT_TOO_LONG'))).toEqual(['GW_ERR_ELEMENT_TOO_LONG@3.1.3', 'GW_ERR_ELEMENT_TOO_LONG@4.1.1']);
  });
});
