/**
 * Partner values that happen to be names of Object.prototype members ("toString", "constructor",
 * "__proto__" …) in every place a value is looked up in a table: syntax identifier, service code
 * values, message type and version, qualifiers, code values, units, date formats. Each must be
 * judged like any other unknown value: parsed, validated, acknowledged and mapped without a throw,
 * never taken for a known entry. (A syntax identifier "toString" made the parser crash once.)
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildAperak } from '../../../src/acks/aperak.js';
import { buildContrl } from '../../../src/acks/contrl.js';
import { convertUnit } from '../../../src/mapping/units.js';
import { readEdifactInterchange } from '../../../src/mapping/edifact/adapter.js';
import { MappingRegistry } from '../../../src/mapping/registry.js';
import { parseInterchange } from '../../../src/syntax/edifact/index.js';
import { allIssues, validateInterchange, validateStream } from '../../../src/validation/index.js';
import { profileValidation } from '../../../src/validation/profiles/index.js';

const NAMES = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'];

/** A gate-in CODECO with `name` in the place `where` says. */
function codeco(name: string, where: string): string {
  const at = (place: string, normal: string): string => (place === where ? name : normal);
  return [
    `UNB+${at('syntax', 'UNOC')}:3+NBCT:${at('qualifier', 'ZZZ')}+COSCO:ZZZ+261128:0930+77++++${at('ack', '1')}'`,
    `UNH+1+${at('type', 'CODECO')}:${at('version', 'D')}:${at('release', '95B')}:${at('agency', 'UN')}:ITG14'`,
    `BGM+${at('bgm', '34')}+GI1+9'`,
    `DTM+137:20261128:${at('format', '102')}'`,
    `NAD+CF+${at('carrier', 'COS')}:172:20'`,
    `EQD+${at('eqd', 'CN')}+CSQU3054383+${at('sizeType', '22G1')}:102:5++2+5'`,
    `LOC+${at('loc', '9')}+CNNGB:139:6'`,
    `MEA+AAE+G+${at('unit', 'KGM')}:12000'`,
    `CNT+16:1'`,
    `UNT+10+1'`,
    `UNZ+1+77'`,
  ].join('');
}

const PLACES = ['syntax', 'qualifier', 'ack', 'type', 'version', 'release', 'agency', 'bgm', 'format', 'carrier', 'eqd', 'sizeType', 'loc', 'unit'];

describe('values named like Object.prototype members', () => {
  const options = profileValidation();
  const registry = new MappingRegistry();

  it('are parsed, validated, acknowledged and mapped without a throw, in every place', async () => {
    for (const name of NAMES) {
      for (const place of PLACES) {
        const text = codeco(name, place);
        const what = `${name} as ${place}`;
        const ic = parseInterchange(Buffer.from(text, 'latin1'));
        const v = validateInterchange(ic, options);
        const issues = allIssues(v);
        expect(issues.length, what).toBeGreaterThan(0);
        expect(() => buildContrl(ic, issues, { controlRef: '1' }), what).not.toThrow();
        expect(() => buildAperak(ic, issues, { controlRef: '1' }), what).not.toThrow();
        expect(() => readEdifactInterchange(ic, registry, { timeZone: 'Asia/Shanghai' }), what).not.toThrow();
        const streamed = await validateStream(Readable.from([Buffer.from(text, 'latin1')]), options);
        expect(streamed.errors + streamed.warnings, what).toBeGreaterThan(0);
      }
    }
  });

  it('are unknown where a table lists the known ones', () => {
    const ic = parseInterchange(Buffer.from(codeco('toString', 'syntax'), 'latin1'));
    expect(ic.issues.map((i) => i.code)).toContain('GW_ERR_SYNTAX_ID_UNKNOWN');
    const type = validateInterchange(parseInterchange(Buffer.from(codeco('constructor', 'type'), 'latin1')));
    expect(type.messages[0].inCatalogue).toBe(false);
    expect(allIssues(type).map((i) => i.code)).toContain('GW_ERR_MESSAGE_NOT_IN_CATALOGUE');
    expect(convertUnit(1, 'constructor', 'KGM')).toBeUndefined();
    expect(convertUnit(1, 'KGM', 'toString')).toBeUndefined();
  });
});
