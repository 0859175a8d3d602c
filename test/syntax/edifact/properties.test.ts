/**
 * Properties that must hold for any input:
 * - serialize-then-parse is the identity for generated interchanges whose data contain every
 *   service character (with any legal UNA);
 * - streaming gives the same segments whatever the chunk boundaries, including a chunk that ends
 *   right after a release character or inside the UNA header;
 * - random bytes and truncated interchanges give findings, never an exception or a hang.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildContrl } from '../../../src/acks/contrl.js';
import { buildInterchange, type SegmentInput } from '../../../src/syntax/edifact/build.js';
import type { ServiceChars } from '../../../src/syntax/edifact/context.js';
import { parseInterchange } from '../../../src/syntax/edifact/parse.js';
import type { Segment } from '../../../src/syntax/edifact/segment.js';
import { serializeInterchange } from '../../../src/syntax/edifact/serialize.js';
import { readEdifactStream, type StreamedMessage } from '../../../src/syntax/edifact/stream.js';
import { corpusFile, hasCorpus } from '../../helpers/corpus.js';

/** Printable punctuation that may serve as service characters. */
const PUNCT = `:+.?*'!"#$%&()-/;<=>@[\\]^_{|}~`.split('');

const serviceChars = fc.shuffledSubarray(PUNCT.filter((c) => c !== '.' && c !== ','), { minLength: 5, maxLength: 5 }).map(([component, element, release, repetition, segment]): ServiceChars => ({
  component: component.charCodeAt(0), element: element.charCodeAt(0), decimal: 0x2e, release: release.charCodeAt(0), repetition: repetition.charCodeAt(0), segment: segment.charCodeAt(0),
}));

/** Values built from letters, digits, spaces and every service character candidate. */
const value = fc.string({ unit: fc.constantFrom(...'AZ09 .,'.split(''), ...PUNCT), maxLength: 12 });
const element = fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 4 }));
const segment = fc.tuple(fc.constantFrom('FTX', 'NAD', 'RFF', 'LOC', 'EQD', 'DTM'), fc.array(element, { minLength: 1, maxLength: 6 })).map(([tag, els]): SegmentInput => [tag, ...els]);

function tree(segments: Iterable<Segment>): unknown[] {
  return [...segments].map((s) => [s.tag, s.index, s.offset, s.line, s.elements]);
}

describe('properties', () => {
  it('serialize then parse gives back every value, for any service characters', () => {
    fc.assert(fc.property(serviceChars, fc.constantFrom(3, 4), fc.array(fc.array(segment, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }), (chars, version, messages) => {
      const ic = buildInterchange({
        syntaxId: 'UNOB', syntaxVersion: version, chars: version === 4 ? chars : { ...chars, repetition: -1 }, una: true,
        sender: { id: 'S' }, recipient: { id: 'R' }, preparedAt: new Date('2026-11-28T00:00:00Z'), controlRef: '1',
        messages: messages.map((segments, k) => ({ ref: String(k + 1), id: { type: 'IFTMIN' }, segments })),
      });
      const bytes = serializeInterchange(ic);
      const back = parseInterchange(bytes);
      expect(back.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect([...back.segments()].map((s) => [s.tag, s.elements])).toEqual([...ic.segments()].map((s) => [s.tag, s.elements]));
      expect(serializeInterchange(back).equals(bytes)).toBe(true);
    }), { numRuns: 300 });
  });

  async function streamed(bytes: Buffer, cuts: number[], options: { charset?: string } = {}): Promise<{ segments: unknown[]; codes: string[] }> {
    const chunks: Buffer[] = [];
    let from = 0;
    for (const c of [...new Set(cuts)].sort((a, b) => a - b)) { chunks.push(bytes.subarray(from, c)); from = c; }
    chunks.push(bytes.subarray(from));
    const segs: Segment[] = [];
    const r = await readEdifactStream(Readable.from(chunks), { collectMessages: true, ...options }, (m: StreamedMessage) => { segs.push(...m.segments); });
    return { segments: tree(segs), codes: r.issues.map((i) => i.code) };
  }

  function inMessages(bytes: Buffer, options: { charset?: string } = {}): unknown[] {
    const ic = parseInterchange(bytes, options);
    return tree(ic.messages.flatMap((m) => m.segments));
  }

  const tricky = Buffer.from("UNA:+.? 'UNB+UNOC:3+S+R+261128:0930+1'UNH+1+IFTMIN:D:95B:UN'FTX+AAA+++A?+B?:C?'D??+E??'FTX+AAA+++?''UNT+4+1'UNZ+1+1'");

  it('streaming equals parsing for every single cut, including right after a release character and inside UNA', async () => {
    const expected = inMessages(tricky);
    const codes = parseInterchange(tricky).issues.map((i) => i.code);
    for (let cut = 0; cut <= tricky.length; cut++) {
      const r = await streamed(tricky, [cut]);
      expect(r.segments, `cut at ${cut}`).toEqual(expected);
      expect(r.codes).toEqual(codes);
    }
  });

  it('streaming equals parsing one byte at a time', async () => {
    const r = await streamed(tricky, Array.from({ length: tricky.length }, (_, i) => i));
    expect(r.segments).toEqual(inMessages(tricky));
  });

  it('streaming equals parsing for random chunkings of real traffic (UTF-8 and GB18030 included)', async () => {
    const samples: Buffer[] = [tricky, Buffer.from("UNB+UNOW:4+S+R+20261128:0930+1'UNH+1+IFTMIN:D:01B:UN'NAD+CN+++宁波港国际物流有限公司:北仑区'UNT+3+1'UNZ+1+1'", 'utf8')];
    if (hasCorpus) samples.push(corpusFile('edifact/coarri_d95b_itg13_genoa_phpedifact.edi'), corpusFile('edifact-odd/iftsta_d96a_newline_as_segment_terminator_no_una_edidom.edi'));
    for (const bytes of samples) {
      const expected = inMessages(bytes);
      await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 20 }), async (cuts) => {
        expect((await streamed(bytes, cuts)).segments).toEqual(expected);
      }), { numRuns: 60 });
    }
    // GB18030 with "|" as data element separator: 亅 (81 7C) and 皘 (B0 7C) carry a "|" trail byte,
    // and a cut may fall between lead and trail byte.
    const gb = Buffer.concat([Buffer.from("UNA:|.? 'UNB|UNOC:3|S|R|261128:0930|1'UNH|1|IFTMIN:D:95B:UN'NAD|CN|||"), iconv.encode('亅皘宁波港', 'gb18030'), Buffer.from("'UNT|3|1'UNZ|1|1'")]);
    const expected = inMessages(gb, { charset: 'GB18030' });
    expect(JSON.stringify(expected)).toContain('亅皘宁波港');
    for (let cut = 0; cut <= gb.length; cut++) {
      expect((await streamed(gb, [cut], { charset: 'GB18030' })).segments, `cut at ${cut}`).toEqual(expected);
    }
  });

  it('random bytes give findings, never an exception', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
      const buf = Buffer.from(bytes);
      const ic = parseInterchange(buf);
      expect(ic.issues.some((i) => i.severity === 'error')).toBe(true);
      for (const s of ic.segments()) expect(Array.isArray(s.elements)).toBe(true);
      buildContrl(ic, ic.issues, { controlRef: '1' });
      await readEdifactStream(Readable.from([buf.subarray(0, 3), buf.subarray(3)]));
    }), { numRuns: 500 });
  });

  it('random bytes after a valid header give findings, never an exception', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const buf = Buffer.concat([Buffer.from("UNA:+.? 'UNB+UNOC:3+S+R+261128:0930+1'UNH+1+X:D:95B:UN'"), Buffer.from(bytes)]);
      const ic = parseInterchange(buf);
      expect(ic.issues.length).toBeGreaterThan(0);
      serializeInterchange(ic);
    }), { numRuns: 500 });
  });

  it('every truncation of a valid interchange gives findings, never an exception', () => {
    const full = hasCorpus ? corpusFile('edifact/iftmbf_d99b_inttra20_highgoal_release_chars_edidom.edi') : tricky;
    expect(parseInterchange(full).issues.filter((i) => i.severity === 'error')).toEqual([]);
    for (let n = 0; n < full.length - 1; n++) {
      const ic = parseInterchange(full.subarray(0, n));
      expect(ic.issues.some((i) => i.severity === 'error'), `cut at ${n}`).toBe(true);
    }
  });
});
