/**
 * DTM values against their format qualifier (C507: 2005 qualifier, 2380 value, 2379 format).
 * Each UN format is written the way list 2379 names it (CCYYMMDDHHMM) and read by one parser:
 * the value must have the pattern's length and each field a possible value. Formats the table
 * does not know are left to the structure check of list 2379. Without a format qualifier a value
 * is accepted as CCYYMMDD, CCYYMMDDHHMM or CCYYMMDDHHMMSS, the forms port guides default to.
 */
import type { Segment } from '../../syntax/edifact/index.js';
import { qualifierOf, tagCode, type RuleContext } from './context.js';
import { field } from '../fields.js';

/** UNCL 2379 format codes this rule reads, as the list names them. */
export const DATE_FORMATS: Readonly<Record<string, string>> = {
  '2': 'DDMMYY', '3': 'MMDDYY', '4': 'DDMMCCYY', '5': 'DDMMCCYYHHMM', '10': 'CCYYMMDDTHHMM',
  '101': 'YYMMDD', '102': 'CCYYMMDD', '103': 'YYWWD', '105': 'YYDDD', '106': 'MMDD', '107': 'DDD', '108': 'WW', '109': 'MM', '110': 'DD',
  '201': 'YYMMDDHHMM', '202': 'YYMMDDHHMMSS', '203': 'CCYYMMDDHHMM', '204': 'CCYYMMDDHHMMSS', '205': 'CCYYMMDDHHMMZHHMM',
  '301': 'YYMMDDHHMMZZZ', '302': 'YYMMDDHHMMSSZZZ', '303': 'CCYYMMDDHHMMZZZ', '304': 'CCYYMMDDHHMMSSZZZ', '305': 'MMDDHHMM', '306': 'DDHHMM',
  '401': 'HHMM', '402': 'HHMMSS', '404': 'HHMMSSZZZ', '406': 'ZHHMM', '501': 'HHMMHHMM', '502': 'HHMMSS-HHMMSS', '503': 'HHMMSSZZZ-HHMMSSZZZ',
  '600': 'CC', '601': 'YY', '602': 'CCYY', '603': 'YYS', '604': 'CCYYS', '608': 'CCYYQ', '609': 'YYMM', '610': 'CCYYMM', '615': 'YYWW', '616': 'CCYYWW',
  '701': 'YY-YY', '702': 'CCYY-CCYY', '703': 'YYS-YYS', '704': 'CCYYS-CCYYS', '707': 'YYQ-YYQ', '708': 'CCYYQ-CCYYQ', '709': 'YYMM-YYMM', '710': 'CCYYMM-CCYYMM',
  '711': 'CCYYMMDD-CCYYMMDD', '713': 'YYMMDDHHMM-YYMMDDHHMM', '715': 'YYWW-YYWW', '716': 'CCYYWW-CCYYWW', '717': 'YYMMDD-YYMMDD', '718': 'CCYYMMDD-CCYYMMDD',
  '719': 'CCYYMMDDHHMM-CCYYMMDDHHMM', '720': 'DHHMM-DHHMM',
};

/** 801-814 are quantities of a unit (years, months ... working days), not dates. */
const QUANTITY_FORMATS: ReadonlySet<string> = new Set(Array.from({ length: 14 }, (_, i) => String(801 + i)));

type Field = 'CC' | 'YY' | 'MM' | 'DD' | 'HH' | 'MI' | 'SS' | 'ZZZ' | 'WW' | 'DDD' | 'D' | 'Q' | 'S' | 'B' | 'W' | 'P' | 'T' | 'Z' | '-';

/** Splits a 2379 name into fields; MM after HH is minutes, and the first DD of DDD-forms is a day of year. */
function fields(pattern: string): Field[] {
  const out: Field[] = [];
  let i = 0;
  while (i < pattern.length) {
    const rest = pattern.slice(i);
    const afterHour = out[out.length - 1] === 'HH';
    const take = (f: Field, n: number): void => { out.push(f); i += n; };
    if (rest.startsWith('ZZZ')) take('ZZZ', 3);
    else if (rest.startsWith('DDD')) take('DDD', 3);
    else if (rest.startsWith('CC')) take('CC', 2);
    else if (rest.startsWith('YY')) take('YY', 2);
    else if (rest.startsWith('MM')) take(afterHour ? 'MI' : 'MM', 2);
    else if (rest.startsWith('DD')) take('DD', 2);
    else if (rest.startsWith('HH')) take('HH', 2);
    else if (rest.startsWith('SS')) take('SS', 2);
    else if (rest.startsWith('WW')) take('WW', 2);
    else if (rest.startsWith('PP')) take('P', 2);
    else take(rest[0] as Field, 1);
  }
  return out;
}

const WIDTH: Readonly<Record<Field, number>> = { CC: 2, YY: 2, MM: 2, DD: 2, HH: 2, MI: 2, SS: 2, ZZZ: 3, WW: 2, DDD: 3, D: 1, Q: 1, S: 1, B: 1, W: 1, P: 2, T: 1, Z: 1, '-': 1 };

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

interface Compiled {
  readonly fields: readonly Field[];
  readonly width: number;
  /** A range (…-…, and HHMMHHMM): its two halves and whether a "-" separates them. */
  readonly halves?: readonly [Compiled, Compiled];
  readonly separator: number;
  /** Whether `possible` may decide values of this form: digits only, no field twice. */
  readonly quick: boolean;
  /** `fields` as numbers (KIND) and their widths, for `possible`. */
  readonly kinds: readonly number[];
  readonly widths: readonly number[];
}

/** Field kinds as `possible` switches on them; every other field is digits without limits. */
const KIND: Readonly<Partial<Record<Field, number>>> = { CC: 0, YY: 1, MM: 2, DD: 3, HH: 4, MI: 5, SS: 6, WW: 7, DDD: 8, D: 9, Q: 10, S: 11 };
const OTHER = 12;

const compiled = new Map<string, Compiled>();

/** A 2379 name read once into fields and widths (formats are few, values many). */
function compile(pattern: string): Compiled {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const dash = pattern === 'HHMMHHMM' ? 4 : pattern.indexOf('-');
  let c: Compiled;
  if (dash >= 0) {
    const separator = pattern[dash] === '-' ? 1 : 0;
    const a = compile(pattern.slice(0, dash));
    const b = compile(pattern.slice(dash + separator));
    c = { fields: [], width: a.width + separator + b.width, halves: [a, b], separator, quick: a.quick && b.quick, kinds: [], widths: [] };
  } else {
    const fs = fields(pattern);
    const quick = new Set(fs).size === fs.length && !fs.some((f) => f === 'ZZZ' || f === 'Z' || f === 'T');
    c = { fields: fs, width: fs.reduce((n, f) => n + WIDTH[f], 0), separator: 0, quick, kinds: fs.map((f) => KIND[f] ?? OTHER), widths: fs.map((f) => WIDTH[f]) };
  }
  compiled.set(pattern, c);
  return c;
}

/** Field limits, checked after the whole value is read (the day depends on month and year). */
const LIMITS: readonly (readonly [Field, number, number, string])[] = [
  ['MM', 1, 12, 'month'], ['HH', 0, 24, 'hour'], ['MI', 0, 59, 'minute'], ['SS', 0, 59, 'second'], ['WW', 1, 53, 'week'],
  ['DDD', 1, 366, 'day of the year'], ['D', 1, 7, 'day of the week'], ['Q', 1, 4, 'quarter'], ['S', 1, 2, 'semester'],
];

function problemOf(value: string, c: Compiled): string | undefined {
  if (value.length !== c.width) return `it has ${value.length} characters, the format has ${c.width}`;
  if (c.halves) {
    const [a, b] = c.halves;
    if (c.separator === 1 && value[a.width] !== '-') return 'the two parts of the range must be separated by "-"';
    return problemOf(value.slice(0, a.width), a) ?? problemOf(value.slice(a.width + c.separator), b);
  }
  const got: Partial<Record<Field, number>> = {};
  let pos = 0;
  for (const f of c.fields) {
    const part = value.slice(pos, pos + WIDTH[f]);
    pos += WIDTH[f];
    if (f === 'ZZZ') {
      if (!/^[0-9A-Z]{3}$/.test(part)) return `time zone "${part}" is not a 3-character code`;
    } else if (f === 'Z') {
      if (part !== '+' && part !== '-') return `"${part}" must be + or - before the UTC offset`;
    } else if (f === 'T') {
      if (part !== 'T') return `"${part}" must be T between date and time`;
    } else if (!/^[0-9]+$/.test(part)) {
      return `"${part}" is not numeric`;
    } else {
      got[f] = Number(part);
    }
  }
  for (const [f, min, max, name] of LIMITS) {
    const n = got[f];
    if (n !== undefined && (n < min || n > max)) return `${name} ${String(n).padStart(WIDTH[f], '0')} is impossible`;
  }
  const day = got.DD;
  if (day !== undefined) {
    const year = got.CC !== undefined ? got.CC * 100 + (got.YY ?? 0) : 2000 + (got.YY ?? 0);
    const month = got.MM;
    if (day < 1 || day > (month !== undefined ? daysIn(year, month) : 31)) return `day ${String(day).padStart(2, '0')} is impossible${month !== undefined ? ` in month ${month}` : ''}`;
  }
  if (got.HH === 24 && ((got.MI ?? 0) !== 0 || (got.SS ?? 0) !== 0)) return 'hour 24 is only possible as 2400';
  return undefined;
}

/**
 * Whether a value of a `quick` form is a possible date/time, reading digits as numbers without
 * slicing (DTM values are the most numerous the rules read, and nearly all are fine). True only
 * where `problemOf` finds nothing; false leaves the words, and the final say, to `problemOf`.
 */
function possible(value: string, at: number, c: Compiled): boolean {
  if (c.halves) {
    const [a, b] = c.halves;
    if (c.separator === 1 && value.charCodeAt(at + a.width) !== 0x2d) return false;
    return possible(value, at, a) && possible(value, at + a.width + c.separator, b);
  }
  let cc = -1;
  let yy = -1;
  let mm = -1;
  let dd = -1;
  let hh = -1;
  let mi = -1;
  let ss = -1;
  let pos = at;
  const { kinds, widths } = c;
  for (let k = 0; k < kinds.length; k++) {
    let n = 0;
    for (const end = pos + widths[k]; pos < end; pos++) {
      const digit = value.charCodeAt(pos) - 0x30;
      if (!(digit >= 0 && digit <= 9)) return false;
      n = n * 10 + digit;
    }
    switch (kinds[k]) {
      case 0: cc = n; break;
      case 1: yy = n; break;
      case 2: if (n < 1 || n > 12) return false; mm = n; break;
      case 3: dd = n; break;
      case 4: if (n > 24) return false; hh = n; break;
      case 5: if (n > 59) return false; mi = n; break;
      case 6: if (n > 59) return false; ss = n; break;
      case 7: if (n < 1 || n > 53) return false; break;
      case 8: if (n < 1 || n > 366) return false; break;
      case 9: if (n < 1 || n > 7) return false; break;
      case 10: if (n < 1 || n > 4) return false; break;
      case 11: if (n < 1 || n > 2) return false; break;
      // Digits without limits (B, P, W, -); `quick` forms have no ZZZ, Z or T.
      default: break;
    }
  }
  if (dd >= 0) {
    const year = cc >= 0 ? cc * 100 + Math.max(yy, 0) : 2000 + Math.max(yy, 0);
    if (dd < 1 || dd > (mm >= 0 ? daysIn(year, mm) : 31)) return false;
  }
  return !(hh === 24 && (mi > 0 || ss > 0));
}

function problemIn(value: string, c: Compiled): string | undefined {
  return c.quick && value.length === c.width && possible(value, 0, c) ? undefined : problemOf(value, c);
}

/** What is wrong with `value` read as `pattern` (a 2379 name), or undefined when it is a possible date/time. */
export function dateProblem(value: string, pattern: string): string | undefined {
  return problemIn(value, compile(pattern));
}

/** The 2379 name of a format code this rule reads, undefined for any other code. */
function patternOf(format: string): string | undefined {
  // An own property only: a code such as "toString" is no format.
  return Object.hasOwn(DATE_FORMATS, format) ? DATE_FORMATS[format] : undefined;
}

const DEFAULTS = ['102', '203', '204'];

function checkDtm(ctx: RuleContext, seg: Segment): void {
  const qualifier = qualifierOf(seg);
  const value = field(seg, 1, 2);
  const format = field(seg, 1, 3);
  if (value === '') {
    if (qualifier !== '') ctx.report('GW_ERR_DTM_VALUE_MISSING', `DTM+${qualifier} has no date/time value${format ? ` (format ${format} given)` : ''}`, seg, 1, 2);
    return;
  }
  if (format === '') {
    if (DEFAULTS.some((f) => dateProblem(value, DATE_FORMATS[f]) === undefined)) return;
    ctx.report('GW_ERR_DTM_INVALID', `DTM+${qualifier} "${value}" has no format qualifier (2379) and is not a date in the form CCYYMMDD, CCYYMMDDHHMM or CCYYMMDDHHMMSS`, seg, 1, 2);
    return;
  }
  if (QUANTITY_FORMATS.has(format)) {
    if (!/^[0-9]+$/.test(value)) ctx.report('GW_ERR_DTM_INVALID', `DTM+${qualifier} "${value}" must be a whole number for format ${format}`, seg, 1, 2);
    return;
  }
  const pattern = patternOf(format);
  if (pattern === undefined) return;
  const problem = dateProblem(value, pattern);
  if (problem !== undefined) ctx.report('GW_ERR_DTM_INVALID', `DTM+${qualifier} "${value}" does not match format ${format} (${pattern}): ${problem}`, seg, 1, 2);
}

const DTM = tagCode('DTM');

export function checkDates(ctx: RuleContext): void {
  const segments = ctx.message.segments;
  const tags = ctx.tags();
  for (let i = 0; i < segments.length; i++) if (tags[i] === DTM) checkDtm(ctx, segments[i]);
}

/** The message's document date (first DTM+137 in a known form) as CCYY-MM-DD, for rules that depend on it. */
export function documentDate(segments: readonly Segment[]): string | undefined {
  for (const seg of segments) {
    if (seg.tag !== 'DTM' || qualifierOf(seg) !== '137') continue;
    const value = field(seg, 1, 2);
    const pattern = patternOf(field(seg, 1, 3) || (value.length === 8 ? '102' : '203'));
    if (pattern === undefined || dateProblem(value, pattern) !== undefined) return undefined;
    if (pattern.startsWith('CCYYMMDD')) return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
    if (pattern.startsWith('YYMMDD')) return `20${value.slice(0, 2)}-${value.slice(2, 4)}-${value.slice(4, 6)}`;
    return undefined;
  }
  return undefined;
}
