/**
 * The separators the scanner notes for each segment (option `separators`, what the validator reads
 * values from instead of walking the bytes again): for any input and any chunk boundaries, a
 * segment that comes with them gets exactly the offsets of its element, component and repetition
 * separators that a walk over its bytes finds, and its release characters as ~offset (released
 * characters being data).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SegmentScanner } from '../../../src/syntax/edifact/scanner.js';

/** Separator offsets of `buf[start, end)` by walking it, release characters as `~offset`. */
function walk(buf: Buffer, start: number, end: number, seps: readonly number[], release: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) {
    if (buf[i] === release) { out.push(~i); i++; continue; }
    if (seps.includes(buf[i])) out.push(i);
  }
  return out;
}

function scan(chunks: readonly Buffer[], check: (buf: Buffer, start: number, end: number, flags: number, seps: Int32Array | undefined, from: number, to: number) => void): number {
  let segments = 0;
  const scanner = new SegmentScanner((buf, start, end, _offset, _line, flags, seps, from, to) => {
    segments++;
    check(buf, start, end, flags, seps, from, to);
  }, undefined, { separators: true });
  for (const c of chunks) scanner.push(c);
  scanner.end();
  return segments;
}

function cut(buf: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (let k = 0; at < buf.length; k++) {
    const size = sizes.length > 0 ? Math.max(1, sizes[k % sizes.length]) : buf.length;
    out.push(buf.subarray(at, at + size));
    at += size;
  }
  return out;
}

describe('separators noted by the scanner', () => {
  it('are the separators a walk over the segment finds, whatever the chunks', () => {
    const body = fc.array(fc.constantFrom(...'AB09 :+?*.'.split('')), { maxLength: 40 }).map((cs) => cs.join(''));
    fc.assert(fc.property(fc.boolean(), fc.array(body, { minLength: 1, maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 6 }), (v4, bodies, sizes) => {
      const una = v4 ? "UNA:+.?*'" : "UNA:+.? '";
      const text = `${una}UNB+UNOA:${v4 ? 4 : 3}+S+R'${bodies.map((b) => `FTX+${b}'`).join('\r\n')}UNZ+0+1'`;
      const buf = Buffer.from(text, 'latin1');
      const sepBytes = v4 ? [0x2b, 0x3a, 0x2a] : [0x2b, 0x3a];
      let given = 0;
      const n = scan(cut(buf, sizes), (b, start, end, _flags, seps, from, to) => {
        if (seps === undefined) return;
        given++;
        expect(Array.from(seps.subarray(from, to))).toEqual(walk(b, start, end, sepBytes, 0x3f));
      });
      // Without chunk boundaries inside segments every segment gets them.
      if (sizes.length === 0) expect(given).toBe(n);
    }), { numRuns: 300 });
  });

  it('stay right when a segment outgrows the array they are noted in', () => {
    // More separators than one array holds (16384), in one segment and spread over many.
    const long = `FTX+${'A:'.repeat(20000)}B'`;
    const many = Array.from({ length: 5000 }, (_, i) => `LOC+${i}+CNNGB:139:6'`).join('');
    const buf = Buffer.from(`UNA:+.? 'UNB+UNOA:3+S+R'${many}${long}${many}UNZ+0+1'`, 'latin1');
    let checked = 0;
    scan([buf], (b, start, end, _flags, seps, from, to) => {
      expect(seps).toBeDefined();
      expect(Array.from(seps!.subarray(from, to))).toEqual(walk(b, start, end, [0x2b, 0x3a], 0x3f));
      checked++;
    });
    expect(checked).toBe(10003);
  });

  it('are not noted unless asked for', () => {
    const scanner = new SegmentScanner((_b, _s, _e, _o, _l, _f, seps) => { expect(seps).toBeUndefined(); });
    scanner.push(Buffer.from("UNA:+.? 'UNB+UNOA:3+S+R'UNZ+0+1'", 'latin1'));
    scanner.end();
  });
});
