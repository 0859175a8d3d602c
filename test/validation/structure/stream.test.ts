/**
 * The streaming entry point: the syntax version read from the first bytes (so CONTRL codes are
 * those of the interchange's version while it is still streaming), and results handed to
 * `onMessage` instead of kept.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseInterchange } from '../../../src/syntax/edifact/index.js';
import { sniffSyntaxVersion, validateInterchange, validateStream, type MessageValidation } from '../../../src/validation/index.js';
import { profileValidation } from '../../../src/validation/profiles/index.js';
import { COARRI_BODY, interchange, summary } from './helpers.js';

function chunks(text: string, size: number): Readable {
  const buf = Buffer.from(text, 'latin1');
  return Readable.from(Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size)));
}

describe('validateStream', () => {
  it('reads the syntax version from UNB, with or without UNA, BOM and level B separators', () => {
    const b = (s: string): Buffer => Buffer.from(s, 'latin1');
    expect(sniffSyntaxVersion(b("UNB+UNOC:4+S+R+20261128:0930+1'"))).toBe(4);
    expect(sniffSyntaxVersion(b("UNA:+.? '\r\nUNB+UNOA:2+S+R"))).toBe(2);
    expect(sniffSyntaxVersion(Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), b("UNA|*.? 'UNB*UNOY|4*S")]))).toBe(4);
    expect(sniffSyntaxVersion(b('UNB\x1dUNOB\x1f3\x1dS'))).toBe(3);
    expect(sniffSyntaxVersion(b("UNB+XXXX:9+S'"))).toBe(3);
    // Not (yet) readable: no UNB, or cut before the version.
    expect(sniffSyntaxVersion(b("UNH+1+COPRAR:D:95B:UN'"))).toBeUndefined();
    expect(sniffSyntaxVersion(b('UNB+UNOC:'))).toBeUndefined();
    expect(sniffSyntaxVersion(b('UNA:+.'))).toBeUndefined();
  });

  it('gives version 4 CONTRL codes to findings made while streaming a version 4 interchange in small chunks', async () => {
    const text = interchange('BAPLIE:D:13B:UN', ["BGM++1+9'"], 'UNOC:4');
    const r = await validateStream(chunks(text, 3));
    expect(summary(r.messages[0].issues)).toEqual(['GW_ERR_MESSAGE_NOT_IN_CATALOGUE@m1e2 [14]']);
    const v3 = await validateStream(chunks(interchange('BAPLIE:D:13B:UN', ["BGM++1+9'"], 'UNOC:3'), 3));
    expect(summary(v3.messages[0].issues)).toEqual(['GW_ERR_MESSAGE_NOT_IN_CATALOGUE@m1e2 [3]']);
  });

  it('hands each result to onMessage as its message completes and keeps none', async () => {
    const seen: MessageValidation[] = [];
    const text = interchange('COARRI:D:95B:UN', [COARRI_BODY.join(''), COARRI_BODY.slice(1).join(''), COARRI_BODY.join('')]);
    const r = await validateStream(chunks(text, 64), { onMessage: (m) => { seen.push(m); } });
    expect(r.messages).toEqual([]);
    expect(seen.map((m) => [m.index, m.ref, m.errors])).toEqual([[1, 'M1', 0], [2, 'M2', 1], [3, 'M3', 0]]);
    expect(r).toMatchObject({ messageCount: 3, errors: 1, warnings: 0 });
  });

  it('finds what the tree validation finds, whatever the chunks, with values read from the separators the scanner noted', async () => {
    // Enough segments that the scanner's separator arrays fill up several times; release
    // characters, repetitions, a version 4 interchange without UNA (its repetition separator
    // comes with UNB, after the scanner started) and one with findings in every message.
    const odd = ["FTX+AAI+++RELEASED?: CHARACTERS?+HERE'", "RFF+BN:1*BM:2'", "LOC+9+CNNGB:139:6*DEHAM'", "MEA+AAE+G+KGM:12,5'", "EQD+CN+MSCU1234567+45G1:102:5++3+5'"];
    const bodies = Array.from({ length: 400 }, (_, i) => [...COARRI_BODY.slice(0, 5), odd[i % odd.length], ...COARRI_BODY.slice(5)].join(''));
    const options = profileValidation();
    for (const [syntax, una] of [['UNOC:3', "UNA:+.? '"], ['UNOC:4', "UNA:+.?*'"], ['UNOC:4', ''], ['UNOC:3', '']]) {
      const text = interchange('COARRI:D:95B:UN', bodies, syntax, una);
      const tree = validateInterchange(parseInterchange(Buffer.from(text, 'latin1')), options);
      expect(tree.errors).toBeGreaterThan(0);
      for (const size of [7, 4096, 100_000]) {
        const streamed = await validateStream(chunks(text, size), options);
        expect(JSON.stringify(streamed.messages)).toBe(JSON.stringify(tree.messages));
      }
    }
  });
});
