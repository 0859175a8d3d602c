import { describe, expect, it } from 'vitest';
import { envelopeDateTime, envelopeParts, formatEdifactDate, isTimeZone, parseEdifactDate } from '../../src/mapping/dates.js';

const SH = 'Asia/Shanghai';

describe('EDIFACT dates → ISO 8601 with the partner time zone', () => {
  it.each([
    ['20250317', '102', '2025-03-17'],
    ['250317', '101', '2025-03-17'],
    ['990317', '101', '1999-03-17'],
    ['202503171405', '203', '2025-03-17T14:05:00+08:00'],
    ['2503171405', '201', '2025-03-17T14:05:00+08:00'],
    ['20250317140559', '204', '2025-03-17T14:05:59+08:00'],
    ['250317140559', '202', '2025-03-17T14:05:59+08:00'],
    ['202503171405UTC', '303', '2025-03-17T14:05:00+00:00'],
    ['202503171405+0530', '303', '2025-03-17T14:05:00+05:30'],
    ['20250317140530-05', '304', '2025-03-17T14:05:30-05:00'],
    ['202503172400', '203', '2025-03-18T00:00:00+08:00'],
  ])('%s in format %s', (value, format, iso) => {
    expect(parseEdifactDate(value, format, SH)).toEqual({ start: iso });
  });

  it('reads periods (718, 719) with or without the hyphen', () => {
    expect(parseEdifactDate('20250318-20250320', '718', SH)).toEqual({ start: '2025-03-18', end: '2025-03-20' });
    expect(parseEdifactDate('2025031820250320', '718', SH)).toEqual({ start: '2025-03-18', end: '2025-03-20' });
    expect(parseEdifactDate('202503180800-202503201800', '719', SH)).toEqual({ start: '2025-03-18T08:00:00+08:00', end: '2025-03-20T18:00:00+08:00' });
  });

  it('uses the length when 2379 is absent, and reads a value that does not fit its format by its length with a note', () => {
    expect(parseEdifactDate('202503171405', undefined, SH)).toEqual({ start: '2025-03-17T14:05:00+08:00' });
    const r = parseEdifactDate('20121124', '203', SH);
    expect(r).toMatchObject({ start: '2012-11-24' });
    expect('lenient' in r && r.lenient).toContain('does not fit format 203');
  });

  it('refuses impossible dates, wrong lengths and unknown formats with a reason', () => {
    expect(parseEdifactDate('20250230', '102', SH)).toEqual({ error: expect.stringContaining('not a real date') });
    expect(parseEdifactDate('202503171465', '203', SH)).toEqual({ error: expect.stringContaining('not a real date') });
    expect(parseEdifactDate('2025031', '102', SH)).toEqual({ error: expect.stringContaining('does not fit format 102') });
    expect(parseEdifactDate('2025W11', '616', SH)).toEqual({ error: expect.stringContaining('616 is not supported') });
    expect(parseEdifactDate('ABCDEFGH', undefined, SH)).toEqual({ error: expect.any(String) });
  });

  it('applies daylight saving time of zones that have it', () => {
    expect(parseEdifactDate('202507011200', '203', 'Europe/Amsterdam')).toEqual({ start: '2025-07-01T12:00:00+02:00' });
    expect(parseEdifactDate('202501011200', '203', 'Europe/Amsterdam')).toEqual({ start: '2025-01-01T12:00:00+01:00' });
    expect(parseEdifactDate('202503171405', '203', 'UTC')).toEqual({ start: '2025-03-17T14:05:00+00:00' });
    expect(parseEdifactDate('202503171405', '203', '-03:30')).toEqual({ start: '2025-03-17T14:05:00-03:30' });
  });
});

describe('ISO 8601 → EDIFACT in the partner time zone', () => {
  it('chooses 102 for dates, 203 on the minute and 204 with seconds', () => {
    expect(formatEdifactDate('2025-03-17', SH)).toEqual({ value: '20250317', format: '102' });
    expect(formatEdifactDate('2025-03-17T14:05:00+08:00', SH)).toEqual({ value: '202503171405', format: '203' });
    expect(formatEdifactDate('2025-03-17T14:05:09+08:00', SH)).toEqual({ value: '20250317140509', format: '204' });
  });

  it('converts times given in another offset to the partner zone', () => {
    expect(formatEdifactDate('2025-03-17T06:05:00Z', SH)).toEqual({ value: '202503171405', format: '203' });
    expect(formatEdifactDate('2025-03-17T23:30:00-02:00', SH)).toEqual({ value: '202503180930', format: '203' });
    expect(formatEdifactDate('2025-07-01T12:00:00+08:00', 'Europe/Amsterdam')).toEqual({ value: '202507010600', format: '203' });
  });

  it('writes a fixed format, a period, and refuses values without offset', () => {
    expect(formatEdifactDate('2025-03-17T14:05:00+08:00', SH, '201')).toEqual({ value: '2503171405', format: '201' });
    expect(formatEdifactDate('2025-03-17T14:05:00+08:00', SH, '303')).toEqual({ value: '202503171405+0800', format: '303' });
    expect(formatEdifactDate('2025-03-18', SH, undefined, '2025-03-20')).toEqual({ value: '20250318-20250320', format: '718' });
    expect(formatEdifactDate('2025-03-18', SH, undefined, '2025-03-20', false)).toEqual({ value: '2025031820250320', format: '718' });
    expect(formatEdifactDate('2025-03-18T08:00:00+08:00', SH, undefined, '2025-03-20T18:00:00+08:00')).toEqual({ value: '202503180800-202503201800', format: '719' });
    expect(formatEdifactDate('2025-03-17T14:05:00', SH)).toEqual({ error: expect.stringContaining('not an ISO 8601') });
  });

  it('round-trips every minute of a day across a DST change', () => {
    const tz = 'America/New_York';
    for (let m = 0; m < 24 * 60; m += 7) {
      const hh = String(Math.floor(m / 60)).padStart(2, '0');
      const mm = String(m % 60).padStart(2, '0');
      const value = `20251102${hh}${mm}`;
      const iso = parseEdifactDate(value, '203', tz);
      if (!('start' in iso)) throw new Error(iso.error);
      // 01:00-01:59 happens twice on that day; the first (daylight) reading is the one kept.
      expect(formatEdifactDate(iso.start, tz)).toEqual({ value, format: '203' });
    }
  });

  it('handles the interchange envelope time and zone names', () => {
    expect(envelopeDateTime('250317', '1426', SH)).toBe('2025-03-17T14:26:00+08:00');
    expect(envelopeDateTime('20250317', '1426', SH)).toBe('2025-03-17T14:26:00+08:00');
    expect(envelopeParts('2025-03-17T06:26:00Z', SH, 3)).toEqual({ date: '250317', time: '1426' });
    expect(envelopeParts('2025-03-17T06:26:00Z', SH, 4)).toEqual({ date: '20250317', time: '1426' });
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('+08:00')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
