/**
 * Values in a partner's message that happen to be names of Object.prototype members ("toString",
 * "constructor", "__proto__" …) where the mapping looks a value up in one of its own tables: the
 * date/time format (DTM 2379) and the unit of a measure. Each must get the verdict any other
 * unknown value gets; "toString" once passed for a date format and "constructor" for a unit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEdifact, writeEdifact, type EdifactReadResult } from '../../src/mapping/edifact/adapter.js';
import { writeCustomsXml } from '../../src/mapping/xml/adapter.js';
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

describe('objects with fields named like Object.prototype members in a document to be written', () => {
  /** Every path to a scalar in `v`. */
  function leafPaths(v: unknown, path: readonly (string | number)[] = []): (string | number)[][] {
    if (Array.isArray(v)) return v.flatMap((x: unknown, i) => leafPaths(x, [...path, i]));
    if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...path, k]));
    return [[...path]];
  }

  function replaced(doc: Record<string, unknown>, path: readonly (string | number)[], value: unknown): Record<string, unknown> {
    const copy = structuredClone(doc);
    let cur = copy as Record<string | number, unknown>;
    for (const step of path.slice(0, -1)) cur = cur[step] as Record<string | number, unknown>;
    cur[path[path.length - 1]] = value;
    return copy;
  }

  const verdict = (write: () => { output?: Buffer; issues: readonly { code: string; location?: { path?: string } }[] }): string[] => {
    const r = write();
    return [r.output === undefined ? 'no output' : 'output', ...r.issues.map((i) => `${i.code} ${i.location?.path ?? ''}`)];
  };

  it('are written like any other object in that place, as customs XML and as EDIFACT (a selector or a text line once threw)', () => {
    const example = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../../schemas/documents/examples/${name}.example.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
    const cases = [['Manifest', 'xml'], ['CustomsNotice', 'xml'], ['Manifest', 'edifact'], ['EquipmentInterchangeReceipt', 'edifact']] as const;
    for (const [type, format] of cases) {
      const doc = example(type);
      const write = (d: Record<string, unknown>) => (): ReturnType<Parameters<typeof verdict>[0]> => (format === 'xml' ? writeCustomsXml(d, registry) : writeEdifact([d], registry, { controlRef: '1' }));
      for (const path of leafPaths(doc)) {
        if (path[0] === 'documentType') continue;
        const plain = verdict(write(replaced(doc, path, { qqqqqqqq: 1 })));
        for (const name of ['toString', 'valueOf']) {
          const odd = JSON.parse(`{"${name}":1}`) as unknown;
          expect(verdict(write(replaced(doc, path, odd))).map((s) => s.replace(name, 'qqqqqqqq')), `${type} as ${format}, ${path.join('/')} with ${name}`).toEqual(plain);
        }
      }
    }
  });
});
