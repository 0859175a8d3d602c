import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonWithPositions } from '../../src/config/json-positions.js';

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseJsonWithPositions(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return err;
    throw err;
  }
  throw new Error('expected a syntax error');
}

describe('parseJsonWithPositions', () => {
  const text = [
    '{',
    '  "name": "x",',
    '  "list": [1, {"a/b": true, "t~": null}],',
    '  "nested": {',
    '    "deep": "value"',
    '  }',
    '}',
  ].join('\n');

  it('gives the line and column of values and property names by JSON Pointer', () => {
    const parsed = parseJsonWithPositions(text);
    expect(parsed.locate('/name')).toMatchObject({ line: 2, column: 11 });
    expect(parsed.locate('/name', { key: true })).toMatchObject({ line: 2, column: 3 });
    expect(parsed.locate('/list/0')).toMatchObject({ line: 3, column: 12 });
    expect(parsed.locate('/list/1/a~1b')).toMatchObject({ line: 3, column: 23 });
    expect(parsed.locate('/list/1/t~0')).toMatchObject({ line: 3, column: 35 });
    expect(parsed.locate('/nested/deep')).toMatchObject({ line: 5, column: 13 });
    expect(parsed.locate('')).toMatchObject({ line: 1, column: 1 });
  });

  it('falls back to the nearest existing ancestor for a pointer that does not exist', () => {
    const parsed = parseJsonWithPositions(text);
    expect(parsed.locate('/nested/missing')).toEqual(parsed.locate('/nested'));
    expect(parsed.locate('/nested/missing')).toMatchObject({ line: 4, column: 13 });
  });

  it('returns the same value as JSON.parse', () => {
    expect(parseJsonWithPositions(text).value).toEqual(JSON.parse(text));
  });

  it('agrees with JSON.parse on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        const s = JSON.stringify(value, null, indent);
        expect(parseJsonWithPositions(s).value).toEqual(JSON.parse(s));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects what JSON.parse rejects', () => {
    // An alphabet of JSON's own characters, so most inputs are near misses rather than noise.
    const unit = fc.constantFrom(...'{}[]":,0123-+.eEtrufalsn \\/\u00e9\n'.split(''));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 14 }), (s) => {
        let native = true;
        try {
          JSON.parse(s);
        } catch {
          native = false;
        }
        let ours = true;
        try {
          parseJsonWithPositions(s);
        } catch {
          ours = false;
        }
        expect(ours).toBe(native);
      }),
      { numRuns: 5000 },
    );
  });

  it('locates syntax errors by line and column', () => {
    const e = syntaxError('{\n  "a": 1,\n  "b": }');
    expect(e.message).toContain('expected a value');
    expect(e.position).toMatchObject({ line: 3, column: 8 });
    expect(syntaxError('{\n  "a": 1\n  "b": 2\n}').position).toMatchObject({ line: 3, column: 3 });
    expect(syntaxError('{"a": "x\ny"}').message).toMatch(/invalid character/);
    expect(syntaxError('{"a": 1,}').position.column).toBe(9);
    expect(syntaxError('').message).toBe('the file is empty');
    expect(syntaxError('{"a": 1} x').message).toMatch(/after the end/);
  });

  it('rejects a property repeated in one object, naming both place and pointer', () => {
    const e = syntaxError('{\n  "p": {"id": 1,\n         "id": 2}\n}');
    expect(e.message).toContain('"id" appears twice');
    expect(e.pointer).toBe('/p/id');
    expect(e.position).toMatchObject({ line: 3, column: 10 });
  });

  it('keeps "__proto__" as data, as JSON.parse does', () => {
    const parsed = parseJsonWithPositions('{"__proto__": {"polluted": true}}');
    const value = parsed.value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('skips a UTF-8 byte order mark and counts columns without it', () => {
    const parsed = parseJsonWithPositions('\uFEFF{"a": 1}');
    expect(parsed.value).toEqual({ a: 1 });
    expect(parsed.locate('/a')).toMatchObject({ line: 1, column: 7 });
  });

  it('refuses deep nesting without overflowing the stack', () => {
    expect(syntaxError('['.repeat(100_000)).message).toMatch(/nested more than/);
  });

  it('counts CRLF files by lines', () => {
    const parsed = parseJsonWithPositions('{\r\n  "a": 1,\r\n  "b": 2\r\n}');
    expect(parsed.locate('/b')).toMatchObject({ line: 3, column: 8 });
  });
});
