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

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

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
 */
export function isIsoDateTime(value: string): boolean {
  const d = DATE.exec(value);
  if (d) return isCalendarDate(Number(d[1]), Number(d[2]), Number(d[3]));
  const t = DATE_TIME.exec(value);
  if (!t) return false;
  if (!isCalendarDate(Number(t[1]), Number(t[2]), Number(t[3]))) return false;
  if (Number(t[4]) > 23 || Number(t[5]) > 59 || (t[6] !== undefined && Number(t[6]) > 59)) return false;
  if (t[7] !== undefined && (Number(t[8]) > 14 || Number(t[9]) > 59)) return false;
  return true;
}
