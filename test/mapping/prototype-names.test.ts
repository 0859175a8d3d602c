/**
 * Values in a partner's message that happen to be names of Object.prototype members ("toString",
 * "constructor", "__proto__" …) where the mapping looks a value up in one of its own tables: the
 * date/time format (DTM 2379) and the unit of a measure. Each must get the verdict any other
 * unknown value gets; "toString" once passed for a date format and "constructor" for a unit.
 */
import { describe, expect, it } from 'vitest';
import { readEdifact, type EdifactReadResult } from '../../src/mapping/edifact/adapter.js';
import { parseEdifactDate } from '../../src/mapping/dates.js';
import { convertUnit, isKnownUnit } from '../../src/mapping/units.js';
import { MappingRegistry } from '../../src/mapping/registry.js';
import { interchange } from './helpers.js';

const NAMES = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'];
const SH = 'Asia/Shanghai';
const registry = new MappingRegistry();

/** A gate-in CODECO whose container has a gate date in `format` and a gross weight in `unit`. */
function codeco(format: string, unit: string): EdifactReadResult {
  return readEdifact(interchange([
    'BGM+34+GI1+9',
    'NAD+CF+COS:172:20',
    'EQD+CN+CSQU3054383+22G1:102:5++2+5',
    `DTM+7:20261127:${format}`,
    `MEA+AAE+G+${unit}:12000`,
    'CNT+16:1',
  ]), registry, { timeZone: SH });
}

/** The finding codes of a read, the message's and its documents'. */
function codes(r: EdifactReadResult): string[] {
  return [...r.issues, ...r.documents.flatMap((d) => d.issues)].map((i) => i.code);
}

function equipment(r: EdifactReadResult): Record<string, unknown> {
  const list = r.documents[0]?.document.equipment;
  expect(Array.isArray(list)).toBe(true);
  return (list as Record<string, unknown>[])[0];
}

describe('date/time formats named like Object.prototype members', () => {
  it('are unsupported formats, as an unknown code is', () => {
    const unknown = parseEdifactDate('20261127', '999', SH);
    expect(unknown).toEqual({ error: expect.stringContaining('format 999 is not supported') as unknown });
    for (const name of NAMES) {
      expect(parseEdifactDate('20261127', name, SH), name).toEqual({ error: expect.stringContaining(`format ${name} is not supported`) as unknown });
    }
  });

  it('leave the date out of the document with the finding an unknown format gets', () => {
    const known = codeco('102', 'KGM');
    expect(equipment(known).gateAt).toBe('2026-11-27');
    const unknown = codeco('999', 'KGM');
    expect(equipment(unknown).gateAt).toBeUndefined();
    expect(codes(unknown)).toContain('GW_ERR_MAPPING_DATE_INVALID');
    for (const name of NAMES) {
      const r = codeco(name, 'KGM');
      expect(equipment(r).gateAt, name).toBeUndefined();
      expect(codes(r), name).toEqual(codes(unknown));
    }
  });
});

describe('units named like Object.prototype members', () => {
  it('are unknown units, as an unlisted code is', () => {
    for (const name of NAMES) {
      expect(isKnownUnit(name), name).toBe(false);
      expect(convertUnit(1, name, 'KGM'), name).toBeUndefined();
    }
  });

  it('get the finding an unlisted unit gets when a measure is read', () => {
    const known = codeco('102', 'KGM');
    expect(codes(known)).not.toContain('GW_ERR_MAPPING_UNIT_UNKNOWN');
    const unknown = codeco('102', 'XXX');
    expect(codes(unknown)).toContain('GW_ERR_MAPPING_UNIT_UNKNOWN');
    for (const name of NAMES) {
      const r = codeco('102', name);
      expect(equipment(r).grossWeight, name).toEqual({ value: 12000, unit: name });
      expect(codes(r), name).toEqual(codes(unknown));
    }
  });
});
