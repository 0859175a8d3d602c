/**
 * Identifier and date checks shared by the canonical documents (as ajv formats) and the EDIFACT
 * business rules (as plain functions). Each is pure and total: any string in, a verdict out.
 */

// ISO 6346 letter values run from A = 10 to Z = 38 and skip the multiples of 11 (11, 22, 33),
// because those would weaken the modulo-11 check.
const LETTER_VALUES: Readonly<Record<string, number>> = (() => {
  const values: Record<string, number> = {};
  let value = 10;
  for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (value % 11 === 0) value++;
    values[letter] = value++;
  }
  return values;
})();

const CONTAINER_NUMBER = /^[A-Z]{3}[UJZ][0-9]{7}$/;

/** LETTER_VALUES by character code (A = 65 at index 0), for the check digit's inner loop. */
const LETTER_BY_CODE: readonly number[] = Array.from({ length: 26 }, (_, i) => LETTER_VALUES[String.fromCharCode(0x41 + i)]);

/**
 * ISO 6346 check digit of an owner code with its equipment category letter and a 6-digit serial
 * number ("CSQU305438" gives 3). Returns undefined when the input is not 4 letters and 6 digits.
 * A remainder of 10 gives check digit 0, as ISO 6346 prescribes (it also advises owners not to
 * issue such serial numbers, but some exist).
 */
export function iso6346CheckDigit(ownerAndSerial: string): number | undefined {
  // Character codes rather than a regular expression: business rules check every container
  // number of every message, and this is the whole of the work for a valid one.
  if (ownerAndSerial.length !== 10) return undefined;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const c = ownerAndSerial.charCodeAt(i);
    let value: number;
    if (i < 4) {
      if (c < 0x41 || c > 0x5a) return undefined;
      value = LETTER_BY_CODE[c - 0x41];
    } else {
      if (c < 0x30 || c > 0x39) return undefined;
      value = c - 0x30;
    }
    // Position weights are 2^i.
    sum += value << i;
  }
  return (sum % 11) % 10;
}

/**
 * True for an ISO 6346 container number: 3-letter owner code, equipment category U, J or Z,
 * 6-digit serial number and the right check digit, upper case, without spaces.
 */
export function isIso6346(containerNumber: string): boolean {
  if (!CONTAINER_NUMBER.test(containerNumber)) return false;
  return iso6346CheckDigit(containerNumber.slice(0, 10)) === Number(containerNumber[10]);
}

/** What is wrong with a container number, in words, or undefined when it is valid. */
export function iso6346Problem(containerNumber: string): string | undefined {
  if (/\s/.test(containerNumber)) return 'must be written without spaces';
  if (/[a-z]/.test(containerNumber)) return 'must be in upper case';
  if (!/^[A-Z]{4}[0-9]{7}$/.test(containerNumber)) {
    return 'must be 4 letters (owner code and equipment category) followed by 7 digits';
  }
  if (!/^[A-Z]{3}[UJZ]/.test(containerNumber)) return 'the 4th letter (equipment category) must be U, J or Z';
  const expected = iso6346CheckDigit(containerNumber.slice(0, 10));
  if (expected !== Number(containerNumber[10])) {
    return `check digit is ${containerNumber[10]}, ISO 6346 gives ${expected}`;
  }
  return undefined;
}

/**
 * True for a string in UN/LOCODE form: ISO 3166-1 alpha-2 country code and three letters or digits
 * 2-9 (CNNGB, NLRTM). Whether the code is on the UN/LOCODE list is not checked here.
 */
export function isUnLocode(code: string): boolean {
  return /^[A-Z]{2}[A-Z2-9]{3}$/.test(code);
}

/** True for an IMO ship identification number: 7 digits whose last is the check digit. */
export function isImoNumber(imo: string): boolean {
  if (!/^[0-9]{7}$/.test(imo)) return false;
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(imo[i]) * (7 - i);
  return sum % 10 === Number(imo[6]);
}

/** Value of two ASCII digits at `i`, or -1 when either is not a digit. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 0x30;
  const b = s.charCodeAt(i + 1) - 0x30;
  // charCodeAt past the end is NaN, which fails both comparisons
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

/**
 * True for the canonical documents' date form: a calendar date (2025-03-14), or an ISO 8601
 * date-time with an explicit offset (2025-03-14T08:30+08:00, seconds and fractions optional, Z for
 * UTC). A date-time without offset is refused: it is ambiguous once it leaves the sender's time zone.
 *
 * Read by character codes, not with a regular expression and its captures: every date of every
 * document is checked (a 20-container gate report has 22), and this is the whole of the check.
 * Accepts exactly what /^\d{4}-\d{2}-\d{2}$/ and
 * /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/ accept, within the ranges below.
 */
export function isIsoDateTime(value: string): boolean {
  const n = value.length;
  if (n < 10) return false;
  const century = twoDigits(value, 0);
  const yy = twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  if (century < 0 || yy < 0 || month < 0 || day < 0 || value.charCodeAt(4) !== 0x2d || value.charCodeAt(7) !== 0x2d) return false;
  if (!isCalendarDate(century * 100 + yy, month, day)) return false;
  if (n === 10) return true;
  // T, hours, a colon and minutes
  if (n < 17 || value.charCodeAt(10) !== 0x54 || value.charCodeAt(13) !== 0x3a) return false;
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  if (hour < 0 || minute < 0 || hour > 23 || minute > 59) return false;
  let i = 16;
  if (value.charCodeAt(i) === 0x3a) {
    const second = twoDigits(value, i + 1);
    if (second < 0 || second > 59) return false;
    i += 3;
    if (value.charCodeAt(i) === 0x2e) {
      let k = i + 1;
      while (k < n && value.charCodeAt(k) >= 0x30 && value.charCodeAt(k) <= 0x39) k++;
      const fraction = k - i - 1;
      if (fraction < 1 || fraction > 9) return false;
      i = k;
    }
  }
  const zone = value.charCodeAt(i);
  if (zone === 0x5a) return i + 1 === n;
  if (zone !== 0x2b && zone !== 0x2d) return false;
  if (i + 6 !== n || value.charCodeAt(i + 3) !== 0x3a) return false;
  const offsetHours = twoDigits(value, i + 1);
  const offsetMinutes = twoDigits(value, i + 4);
  return offsetHours >= 0 && offsetMinutes >= 0 && offsetHours <= 14 && offsetMinutes <= 59;
}
