/**
 * EDIFACT date/time values (DTM C507 2380 with format 2379) ⇄ ISO 8601 with offset.
 *
 * EDIFACT times carry no offset, so a partner's time zone (default Asia/Shanghai) gives them one
 * when read, and a canonical time is converted to that zone when written. Values with the day only
 * (format 102, 101) stay calendar dates, so writing them back gives 102 again, not an invented time.
 *
 * Offsets come from Intl once per zone and local hour and are cached: a 5,000-container message
 * repeats a handful of hours, and Intl formatting costs microseconds per call.
 */

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface ParsedDate {
  /** ISO 8601: `2025-03-17` or `2025-03-17T14:05:00+08:00`. */
  readonly start: string;
  /** End of a period (formats 718, 719). */
  readonly end?: string;
  /** Set when the value did not fit its format but was read by its length (a warning). */
  readonly lenient?: string;
}

export interface DateProblem {
  readonly error: string;
}

interface Fields { y: number; mo: number; d: number; h?: number; mi?: number; s?: number; offset?: number }

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number): string => String(n).padStart(4, '0');

const fixedZone = /^(?:UTC|GMT|Z|([+-])(\d{2}):?(\d{2}))$/;

interface Zone {
  /** Offset in minutes east of UTC at a UTC instant. */
  offsetAt(utcMs: number): number;
}

const zones = new Map<string, Zone>();

/** Whether a time zone name is usable (IANA name, UTC, or a fixed offset like +08:00). */
export function isTimeZone(tz: string): boolean {
  try {
    zoneOf(tz);
    return true;
  } catch {
    return false;
  }
}

function zoneOf(tz: string): Zone {
  let z = zones.get(tz);
  if (z) return z;
  const m = fixedZone.exec(tz);
  if (m) {
    const off = m[1] === undefined ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
    z = { offsetAt: () => off };
  } else {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    const cache = new Map<number, number>();
    z = {
      offsetAt(utcMs: number): number {
        // Offsets change on whole quarter hours at most; cache per UTC quarter hour.
        const bucket = Math.floor(utcMs / 900_000);
        let off = cache.get(bucket);
        if (off === undefined) {
          const at = bucket * 900_000;
          const p: Record<string, number> = {};
          for (const part of fmt.formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
          off = Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at) / 60_000);
          if (cache.size > 100_000) cache.clear();
          cache.set(bucket, off);
        }
        return off;
      },
    };
  }
  zones.set(tz, z);
  return z;
}

/** Offset (minutes east of UTC) of a local wall-clock time in a zone. */
function localOffset(zone: Zone, localMs: number): number {
  // Two passes settle the offset except inside a DST gap, where the earlier offset is used.
  const first = zone.offsetAt(localMs);
  const second = zone.offsetAt(localMs - first * 60_000);
  return first === second ? first : zone.offsetAt(localMs - second * 60_000);
}

function formatOffset(min: number): string {
  if (min === 0) return '+00:00';
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month, as `new Date(Date.UTC(y, mo, 0)).getUTCDate()` gives them without a Date per value (years 0-99 are 1900-1999 there). */
function daysInMonth(y: number, mo: number): number {
  if (mo !== 2) return DAYS_IN_MONTH[mo - 1];
  const year = y >= 0 && y <= 99 ? 1900 + y : y;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

function valid(f: Fields): boolean {
  if (f.mo < 1 || f.mo > 12 || f.d < 1) return false;
  if (f.d > daysInMonth(f.y, f.mo)) return false;
  if (f.h !== undefined && (f.h > 24 || f.mi! > 59 || (f.s ?? 0) > 59)) return false;
  // 2400 is the end of the day in EDIFACT practice; only 24:00:00 is accepted.
  if (f.h === 24 && (f.mi !== 0 || (f.s ?? 0) !== 0)) return false;
  return true;
}

function toIso(f: Fields, tz: string): string {
  if (f.h === undefined) return `${pad4(f.y)}-${pad2(f.mo)}-${pad2(f.d)}`;
  let { y, mo, d, h } = f;
  if (h === 24) {
    const next = new Date(Date.UTC(y, mo - 1, d + 1));
    [y, mo, d, h] = [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0];
  }
  const local = Date.UTC(y, mo - 1, d, h, f.mi ?? 0, f.s ?? 0);
  const off = f.offset ?? localOffset(zoneOf(tz), local);
  return `${pad4(y)}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(f.mi ?? 0)}:${pad2(f.s ?? 0)}${formatOffset(off)}`;
}

const digits = /^[0-9]+$/;

function century(yy: number): number {
  // YYMMDD (101, 201): years 00-69 are 20xx, 70-99 are 19xx, as most port systems read them.
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

function fieldsOf(v: string, layout: 'CCYYMMDD' | 'YYMMDD' | 'CCYYMMDDHHMM' | 'YYMMDDHHMM' | 'CCYYMMDDHHMMSS' | 'YYMMDDHHMMSS'): Fields | undefined {
  if (v.length !== layout.length || !digits.test(v)) return undefined;
  const short = layout.startsWith('YY');
  const o = short ? -2 : 0;
  const y = short ? century(Number(v.slice(0, 2))) : Number(v.slice(0, 4));
  const f: Fields = { y, mo: Number(v.slice(4 + o, 6 + o)), d: Number(v.slice(6 + o, 8 + o)) };
  if (layout.length - (short ? 6 : 8) >= 4) {
    f.h = Number(v.slice(8 + o, 10 + o));
    f.mi = Number(v.slice(10 + o, 12 + o));
  }
  if (layout.endsWith('SS')) f.s = Number(v.slice(12 + o, 14 + o));
  return f;
}

/** Time zone part of 303/304 (ZZZ): UTC, GMT or a signed offset such as +08 or +0800. */
function zoneSuffix(z: string): number | undefined {
  if (z === 'UTC' || z === 'GMT' || z === 'Z') return 0;
  const m = /^([+-])(\d{2})(\d{2})?$/.exec(z);
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? '0'));
}

const LAYOUTS = {
  '101': 'YYMMDD',
  '102': 'CCYYMMDD',
  '201': 'YYMMDDHHMM',
  '202': 'YYMMDDHHMMSS',
  '203': 'CCYYMMDDHHMM',
  '204': 'CCYYMMDDHHMMSS',
} as const;

/** The format a value's length suggests when 2379 is absent or does not fit. */
function byLength(v: string): keyof typeof LAYOUTS | undefined {
  switch (v.length) {
    case 8: return '102';
    case 12: return '203';
    case 14: return '204';
    case 6: return '101';
    case 10: return '201';
    default: return undefined;
  }
}

export const SUPPORTED_DATE_FORMATS = ['101', '102', '201', '202', '203', '204', '303', '304', '718', '719'] as const;

function checked(f: Fields, value: string, tz: string): ParsedDate | DateProblem {
  return valid(f) ? { start: toIso(f, tz) } : { error: `"${value}" is not a real date or time` };
}

/** Reads DTM 2380 in format 2379 (absent: by length) in the partner's time zone. */
export function parseEdifactDate(value: string, format: string | undefined, tz: string): ParsedDate | DateProblem {
  // Hot path (thousands of DTM per message): no closures, one Fields object per value.
  const v = value.length > 0 && value.charCodeAt(value.length - 1) === 0x20 ? value.trim() : value;
  if (format === undefined || format === '') {
    const fmt = byLength(v);
    const f = fmt ? fieldsOf(v, LAYOUTS[fmt]) : undefined;
    return f ? checked(f, value, tz) : { error: `"${value}" is not a date${fmt ? '' : ', and no format code says how to read it'}` };
  }
  // An own property only: 2379 comes from the partner's DTM, and "toString" is no format.
  if (Object.hasOwn(LAYOUTS, format)) {
    const fmt = format as keyof typeof LAYOUTS;
    const f = fieldsOf(v, LAYOUTS[fmt]);
    if (f) return checked(f, value, tz);
    // Real traffic writes 8 digits with 203 and the like: read by length, and say so.
    const alt = byLength(v);
    const g = alt && alt !== fmt ? fieldsOf(v, LAYOUTS[alt]) : undefined;
    if (alt && g) {
      const r = checked(g, value, tz);
      return 'start' in r ? { ...r, lenient: `"${value}" does not fit format ${format} (${LAYOUTS[fmt]}); read as ${alt} (${LAYOUTS[alt]})` } : r;
    }
    return { error: `"${value}" does not fit format ${format} (${LAYOUTS[fmt]})` };
  }
  if (format === '303' || format === '304') {
    const n = format === '303' ? 12 : 14;
    const f = fieldsOf(v.slice(0, n), LAYOUTS[format === '303' ? '203' : '204']);
    const off = zoneSuffix(v.slice(n));
    if (!f || off === undefined) return { error: `"${value}" does not fit format ${format} (${format === '303' ? 'CCYYMMDDHHMMZZZ' : 'CCYYMMDDHHMMSSZZZ'})` };
    f.offset = off;
    return checked(f, value, tz);
  }
  if (format === '718' || format === '719') {
    const n = format === '718' ? 8 : 12;
    const layout = LAYOUTS[format === '718' ? '102' : '203'];
    const compact = v.replace('-', '');
    const a = fieldsOf(compact.slice(0, n), layout);
    const b = fieldsOf(compact.slice(n), layout);
    if (!a || !b || compact.length !== 2 * n) return { error: `"${value}" does not fit format ${format} (${format === '718' ? 'CCYYMMDD-CCYYMMDD' : 'CCYYMMDDHHMM-CCYYMMDDHHMM'})` };
    if (!valid(a) || !valid(b)) return { error: `"${value}" is not a real period` };
    return { start: toIso(a, tz), end: toIso(b, tz) };
  }
  return { error: `date/time format ${format} is not supported (supported: ${SUPPORTED_DATE_FORMATS.join(', ')})` };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

interface LocalTime { y: number; mo: number; d: number; h: number; mi: number; s: number; dateOnly: boolean }

/** A canonical date or date-time as wall-clock time in the partner's zone. */
function localOf(iso: string, tz: string): LocalTime | undefined {
  const m = ISO.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (m[4] === undefined) return { y, mo, d, h: 0, mi: 0, s: 0, dateOnly: true };
  const zone = m[7];
  const off = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const utc = Date.UTC(y, mo - 1, d, Number(m[4]), Number(m[5]), Number(m[6] ?? '0')) - off * 60_000;
  const local = new Date(utc + zoneOf(tz).offsetAt(utc) * 60_000);
  return { y: local.getUTCFullYear(), mo: local.getUTCMonth() + 1, d: local.getUTCDate(), h: local.getUTCHours(), mi: local.getUTCMinutes(), s: local.getUTCSeconds(), dateOnly: false };
}

function compactDate(t: LocalTime): string {
  return `${pad4(t.y)}${pad2(t.mo)}${pad2(t.d)}`;
}

/**
 * Writes a canonical date or date-time for DTM in the partner's zone: 102 for a date, 203 for a
 * time on the minute, 204 with seconds, or the format `fixed` asks for. `end` makes a period (718/719).
 */
export function formatEdifactDate(iso: string, tz: string, fixed?: string, end?: string, hyphenatedPeriod = true): { value: string; format: string } | DateProblem {
  const t = localOf(iso, tz);
  if (!t) return { error: `"${iso}" is not an ISO 8601 date or date-time with offset` };
  if (end !== undefined) {
    const e = localOf(end, tz);
    if (!e) return { error: `"${end}" is not an ISO 8601 date or date-time with offset` };
    const timed = !(t.dateOnly && e.dateOnly);
    const part = (x: LocalTime): string => compactDate(x) + (timed ? `${pad2(x.h)}${pad2(x.mi)}` : '');
    return { value: `${part(t)}${hyphenatedPeriod ? '-' : ''}${part(e)}`, format: timed ? '719' : '718' };
  }
  const format = fixed ?? (t.dateOnly ? '102' : t.s === 0 ? '203' : '204');
  const date = compactDate(t);
  const hm = `${pad2(t.h)}${pad2(t.mi)}`;
  switch (format) {
    case '102': return { value: date, format };
    case '101': return { value: date.slice(2), format };
    case '203': return { value: date + hm, format };
    case '201': return { value: date.slice(2) + hm, format };
    case '204': return { value: date + hm + pad2(t.s), format };
    case '202': return { value: date.slice(2) + hm + pad2(t.s), format };
    case '303': return { value: `${date}${hm}${tzSuffix(iso, tz)}`, format };
    default: return { error: `date/time format ${format} cannot be written (use 101, 102, 201-204 or 303)` };
  }
}

function tzSuffix(iso: string, tz: string): string {
  const m = ISO.exec(iso);
  if (!m || m[4] === undefined) return '';
  const utc = Date.parse(iso);
  const off = zoneOf(tz).offsetAt(utc);
  if (off === 0) return 'UTC';
  const a = Math.abs(off);
  return `${off < 0 ? '-' : '+'}${pad2(Math.floor(a / 60))}${pad2(a % 60)}`;
}

/** Interchange preparation date and time (UNB S004) as ISO 8601 in the partner's zone. */
export function envelopeDateTime(date: string, time: string, tz: string): string | undefined {
  const fmt = date.length === 8 ? '203' : '201';
  const r = parseEdifactDate(date + time, fmt, tz);
  return 'start' in r && r.lenient === undefined ? r.start : undefined;
}

/** ISO date-time → UNB S004 date (YYMMDD or CCYYMMDD) and time (HHMM) in the partner's zone. */
export function envelopeParts(iso: string, tz: string, syntaxVersion: number): { date: string; time: string } | undefined {
  const t = localOf(iso, tz);
  if (!t) return undefined;
  const date = compactDate(t);
  return { date: syntaxVersion >= 4 ? date : date.slice(2), time: `${pad2(t.h)}${pad2(t.mi)}` };
}
