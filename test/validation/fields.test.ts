/**
 * The byte readers the profile and business rules use instead of `seg.value()` must give exactly
 * what the syntax layer's split gives, for any segment: service characters anywhere (released,
 * doubled, at the very end), repetitions, missing positions, bytes above 0x7F in every encoding,
 * parsed as a tree (no decoded text) and streamed (Latin-1 chunks decoded once).
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseInterchange, readEdifactStream, type Segment } from '../../src/syntax/edifact/index.js';
import { elementHasValue, field, fieldFilled, fieldIs, qualifierOf } from '../../src/validation/fields.js';
import { validateStream } from '../../src/validation/index.js';
import { profileValidation } from '../../src/validation/profiles/index.js';

/** What the split says; `seg` is a fresh segment, so the readers above never see a split one. */
function split(seg: Segment, e: number, c: number): { value: string; hasValue: boolean } {
  return { value: seg.value(e, c), hasValue: seg.elements[e - 1]?.[0]?.some((v) => v !== '') ?? false };
}

function sameAsSplit(read: readonly Segment[], again: readonly Segment[]): void {
  expect(read.length).toBe(again.length);
  for (let i = 0; i < read.length; i++) {
    const seg = read[i];
    for (let e = 1; e <= 6; e++) {
      for (let c = 1; c <= 4; c++) {
        const got = { value: field(seg, e, c), hasValue: elementHasValue(seg, e) };
        const want = split(again[i], e, c);
        expect(got, `${again[i].raw()?.toString('latin1')} ${e}.${c}`).toEqual(want);
        expect(fieldIs(seg, e, c, want.value)).toBe(true);
        expect(fieldFilled(seg, e, c)).toBe(want.value !== '');
        expect(fieldIs(seg, e, c, `${want.value}X`)).toBe(false);
      }
    }
    expect(qualifierOf(seg)).toBe(again[i].value(1, 1));
  }
}

async function streamed(bytes: Buffer, size: number, charset?: 'GB18030'): Promise<Segment[]> {
  const out: Segment[] = [];
  const parts = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
  await readEdifactStream(Readable.from(parts), { collectMessages: true, ...(charset ? { charset } : {}) }, ({ segments }) => { out.push(...segments); });
  return out;
}

const body = (seg: Segment): boolean => seg.tag !== 'UNB' && seg.tag !== 'UNZ';

/** Raw segment text over the default service characters, with nothing escaped on purpose. */
const raw = fc.array(fc.constantFrom('+', ':', '*', '?', 'A', 'B', '1', '23', 'CN', 'é', '中', ' ', ''), { maxLength: 24 }).map((parts) => parts.join(''));

const interchange = (syntax: string, segments: readonly string[]): string =>
  `UNA:+.?*'UNB+${syntax}:4+S+R+20261128:0930+1'UNH+1+CODECO:D:95B:UN'${segments.map((s) => `FTX+${s}'`).join('')}UNT+${segments.length + 2}+1'UNZ+1+1'`;

describe('field readers', () => {
  it('read what the split reads, in Latin-1 (tree and stream), UTF-8 and GB 18030', async () => {
    await fc.assert(fc.asyncProperty(fc.array(raw, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 64 }), async (segments, size) => {
      const latin1 = Buffer.from(interchange('UNOC', segments).replace(/中/g, 'Z'), 'latin1');
      sameAsSplit([...parseInterchange(latin1).segments()].filter(body), [...parseInterchange(latin1).segments()].filter(body));
      sameAsSplit((await streamed(latin1, size)), (await streamed(latin1, size)));
      const utf8 = Buffer.from(interchange('UNOW', segments), 'utf8');
      sameAsSplit((await streamed(utf8, size)), (await streamed(utf8, size)));
      const gb = iconv.encode(interchange('UNOC', segments), 'gb18030');
      sameAsSplit([...parseInterchange(gb, { charset: 'GB18030' }).segments()].filter(body), [...parseInterchange(gb, { charset: 'GB18030' }).segments()].filter(body));
    }), { numRuns: 150 });
  });

  it('read a release character at the very end as the split does: it releases nothing', () => {
    // Only the last, unterminated segment of an input can end in one ("?'" releases the terminator).
    const text = "UNA:+.?*'UNB+UNOC:4+S+R+20261128:0930+1'UNH+1+CODECO:D:95B:UN'FTX+A:?";
    const ftx = (): Segment => [...parseInterchange(Buffer.from(text, 'latin1')).segments()].find((s) => s.tag === 'FTX')!;
    expect(ftx().value(1, 2)).toBe('');
    expect([field(ftx(), 1, 2), fieldIs(ftx(), 1, 2, ''), elementHasValue(ftx(), 1)]).toEqual(['', true, true]);
  });

  it('read generated segments (no bytes) through their values', () => {
    const ic = parseInterchange("UNB+UNOA:3+S+R+261128:0930+1'UNH+1+CODECO:D:95B:UN'EQD+CN+MSCU1234565+45G1:102:5'UNT+3+1'UNZ+1+1'");
    const eqd = [...ic.segments()].find((s) => s.tag === 'EQD')!;
    expect([field(eqd, 2), field(eqd, 3, 3), field(eqd, 3, 4), field(eqd, 9)]).toEqual(['MSCU1234565', '5', '', '']);
    expect([fieldIs(eqd, 1, 1, 'CN'), elementHasValue(eqd, 3), elementHasValue(eqd, 4)]).toEqual([true, true, false]);
  });
});

describe('positions noted by the structure check', () => {
  it('answer the passes as the split does, in any order across the message', async () => {
    await fc.assert(fc.asyncProperty(fc.array(raw, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 64 }), async (segments, size) => {
      const text = interchange('UNOC', segments).replace(/中/g, 'Z').replace(/FTX\+/g, (m, at: number) => (at % 3 === 0 ? 'LOC+' : m));
      const bytes = Buffer.from(text, 'latin1');
      const again = [...parseInterchange(bytes).segments()].filter(body);
      const seen: string[] = [];
      const pass = (m: { segments: readonly Segment[] }): [] => {
        // Backwards and interleaved: every read after the first of a segment comes from its noted positions.
        for (let c = 4; c >= 1; c--) {
          for (let i = m.segments.length - 1; i >= 0; i--) {
            for (let e = 1; e <= 6; e++) {
              const seg = m.segments[i];
              const want = split(again[i], e, c);
              const got = { value: field(seg, e, c), hasValue: elementHasValue(seg, e) };
              if (got.value !== want.value || got.hasValue !== want.hasValue || !fieldIs(seg, e, c, want.value) || fieldFilled(seg, e, c) !== (want.value !== '') || qualifierOf(seg) !== again[i].value(1, 1)) seen.push(`${seg.tag} ${e}.${c}: ${JSON.stringify(got)} ${JSON.stringify(want)}`);
            }
          }
        }
        return [];
      };
      const parts = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
      await validateStream(Readable.from(parts), { passes: [pass] });
      expect(seen).toEqual([]);
    }), { numRuns: 100 });
  });
});

describe('streaming in slices', () => {
  it('gives the same findings for one big chunk as for small ones (Latin-1 chunks are decoded in slices)', async () => {
    const containers = Array.from({ length: 3000 }, (_, i) => `EQD+CN+MSCU${String(100000 + i)}0+45G1:102:5++2+5'DTM+7:2026112806${String(i % 60).padStart(2, '0')}:203'FTX+AAA+++CAF?+ É?'S'`).join('');
    const text = `UNA:+.? 'UNB+UNOC:3+S+R+261128:0930+1'UNH+1+CODECO:D:95B:UN'BGM+34+G1+9'${containers}CNT+16:3000'UNT+${3 * 3000 + 4}+1'UNZ+1+1'`;
    const bytes = Buffer.from(text, 'latin1');
    expect(bytes.length).toBeGreaterThan(3 * 64 * 1024);
    const options = profileValidation();
    const big = await validateStream(Readable.from([bytes]), options);
    const small = await validateStream(Readable.from(Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) => bytes.subarray(i * 1000, (i + 1) * 1000))), options);
    expect(big.messages[0].issues.length).toBeGreaterThan(0);
    expect(big).toEqual(small);
  });
});
