import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIdGenerator, idFloor, idTime, isId } from '../../src/store/ids.js';

describe('sortable ids', () => {
  it('encodes the creation time in the first ten characters', () => {
    const next = createIdGenerator();
    const t = Date.parse('2025-03-01T08:00:00.123Z');
    const id = next(t);
    expect(isId(id)).toBe(true);
    expect(idTime(id)).toBe(t);
    expect(id.startsWith(idFloor(t).slice(0, 10))).toBe(true);
  });

  it('stays strictly increasing within a millisecond and when the clock steps back', () => {
    const next = createIdGenerator();
    const ids = [...Array.from({ length: 1000 }, () => next(1_000_000)), next(999_000), next(999_999), next(1_000_001)];
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
    expect(idTime(ids[1001])).toBe(1_000_000);
    expect(idTime(ids[1002])).toBe(1_000_001);
  });

  it('sorts as strings in time order, between the floors of its millisecond', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 48 - 2 }), fc.integer({ min: 0, max: 2 ** 48 - 2 }), (a, b) => {
      const ia = createIdGenerator()(a);
      const ib = createIdGenerator()(b);
      if (a < b) expect(ia < ib).toBe(true);
      expect(idFloor(a) <= ia && ia < idFloor(a + 1)).toBe(true);
      expect(idTime(ia)).toBe(a);
    }));
  });

  it('tells ids from other strings', () => {
    expect(isId('01JN8BG900PC2QR0HW0VD6KTE9')).toBe(true);
    for (const bad of ['', '01JN8BG900PC2QR0HW0VD6KTE', '01JN8BG900PC2QR0HW0VD6KTEI', '01jn8bg900pc2qr0hw0vd6kte9', '01JN8BG900PC2QR0HW0VD6KTEU']) {
      expect(isId(bad)).toBe(false);
    }
    expect(() => idTime('I1JN8BG900PC2QR0HW0VD6KTE9')).toThrow(RangeError);
  });
});
