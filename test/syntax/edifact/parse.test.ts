/** Tokenizer and parser: UNA, release characters, syntax versions, BOM, line breaks, positions, inputs. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseInterchange } from '../../../src/syntax/edifact/parse.js';
import { Segment } from '../../../src/syntax/edifact/segment.js';
import { serializeInterchange } from '../../../src/syntax/edifact/serialize.js';
import { readEdifactStream, type StreamedMessage } from '../../../src/syntax/edifact/stream.js';

const codes = (ic: { issues: readonly { code: string; severity: string }[] }): string[] => ic.issues.filter((i) => i.severity !== 'info').map((i) => i.code);

const simple = "UNB+UNOA:3+SENDER:ZZZ+RECIPIENT:ZZZ+261128:0930+REF1'UNH+M1+CODECO:D:95B:UN'BGM+34+GATEIN1+9'EQD+CN+MSCU1234565+45G1:102:5'UNT+4+M1'UNZ+1+REF1'";

describe('parser: the interchange tree', () => {
  it('builds UNB, messages and UNZ with positions', () => {
    const ic = parseInterchange(simple);
    expect(codes(ic)).toEqual([]);
    expect(ic.header).toMatchObject({ syntaxId: 'UNOA', syntaxVersion: 3, sender: { id: 'SENDER', qualifier: 'ZZZ' }, controlRef: 'REF1' });
    expect(ic.segmentCount).toBe(6);
    expect(ic.unb?.tag).toBe('UNB');
    expect(ic.unz?.get(1)).toBe('1');
    const m = ic.messages[0];
    expect([m.ref, m.type, m.directory, m.segmentCount, m.firstSegment, m.lastSegment]).toEqual(['M1', 'CODECO', 'D95B', 4, 2, 5]);
    const eqd = m.segment(3);
    expect([eqd.tag, eqd.index, eqd.indexInMessage, eqd.offset, eqd.line]).toEqual(['EQD', 4, 3, simple.indexOf('EQD'), 1]);
    expect(eqd.elements).toEqual([[['CN']], [['MSCU1234565']], [['45G1', '102', '5']]]);
    expect(eqd.position(3, 2)).toEqual({ offset: simple.indexOf('102'), line: 1 });
    expect([...m.body()].map((s) => s.tag)).toEqual(['BGM', 'EQD']);
  });

  it('reads a string, a Buffer, a Uint8Array and a stream to the same tree', async () => {
    const a = parseInterchange(simple);
    const b = parseInterchange(Buffer.from(simple));
    const c = parseInterchange(new Uint8Array(Buffer.from(simple)));
    const seen: StreamedMessage[] = [];
    const d = await readEdifactStream(Readable.from([Buffer.from(simple.slice(0, 10)), Buffer.from(simple.slice(10))]), { collectMessages: true }, (m) => seen.push(m));
    for (const x of [b, c]) expect([...x.segments()].map((s) => s.elements)).toEqual([...a.segments()].map((s) => s.elements));
    expect(d.segmentCount).toBe(6);
    expect(seen[0].segments.map((s) => [s.tag, s.index, s.indexInMessage])).toEqual([['UNH', 2, 1], ['BGM', 3, 2], ['EQD', 4, 3], ['UNT', 5, 4]]);
  });

  it('keeps line numbers with CR/LF between segments and a UTF-8 BOM', () => {
    const text = `\uFEFFUNA:+.? '\r\n${simple.replaceAll("'", "'\r\n")}`;
    const ic = parseInterchange(Buffer.from(text, 'utf8'));
    expect(codes(ic)).toEqual([]);
    expect(ic.context.bom).toBe(true);
    expect([...ic.segments()].map((s) => s.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(serializeInterchange(ic).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it.each([
    ['default characters', "UNA:+.? '", simple],
    ['other separators', 'UNA|^,\\ ~', simple.replace(/\+/g, '^').replace(/:/g, '|').replace(/'/g, '~')],
    ['no release character (space)', "UNA:+.  '", simple],
    ['comma as decimal mark', "UNA:+,? '", simple],
  ])('honours a UNA with %s', (_name, una, body) => {
    const ic = parseInterchange(una + body);
    expect(codes(ic)).toEqual([]);
    expect(ic.messages[0].segment(3).components(3)).toEqual(['45G1', '102', '5']);
    expect(serializeInterchange(ic).toString('latin1')).toBe(una + body);
  });

  it('reads released separators and a released release character as data', () => {
    const ic = parseInterchange("UNA:+.? 'UNB+UNOA:3+S+R+261128:0930+1'UNH+1+IFTMIN:D:95B:UN'FTX+AAA+++A?+B?:C???'D??+E?''UNT+3+1'UNZ+1+1'");
    expect(codes(ic)).toEqual([]);
    expect(ic.messages[0].segment(2).elements).toEqual([[['AAA']], [['']], [['']], [["A+B:C?'D?"]], [["E'"]]]);
  });

  it('uses the repetition separator under syntax version 4 only', () => {
    const v4 = parseInterchange("UNA:+.?*'UNB+UNOC:4+S+R+20261128:0930+1'UNH+1+IFTSTA:D:01B:UN'RFF+BM:1*BN:2'UNT+3+1'UNZ+1+1'");
    expect(codes(v4)).toEqual([]);
    expect(v4.messages[0].segment(2).elements[0]).toEqual([['BM', '1'], ['BN', '2']]);
    const v3 = parseInterchange("UNA:+.?*'UNB+UNOC:3+S+R+261128:0930+1'UNH+1+IFTSTA:D:01B:UN'RFF+BM:1*BN:2'UNT+3+1'UNZ+1+1'");
    expect(v3.messages[0].segment(2).elements[0]).toEqual([['BM', '1*BN', '2']]);
  });

  it('uses the version 4 default repetition separator without UNA', () => {
    const ic = parseInterchange("UNB+UNOC:4+S+R+20261128:0930+1'UNH+1+IFTSTA:D:01B:UN'RFF+BM:1*BN:2'UNT+3+1'UNZ+1+1'");
    expect(ic.messages[0].segment(2).elements[0]).toEqual([['BM', '1'], ['BN', '2']]);
  });

  it('reads level B default separators (IS1/IS3/IS4) without UNA', () => {
    const text = simple.replace(/\+/g, '\x1d').replace(/:/g, '\x1f').replace(/'/g, '\x1c').replace('UNOA', 'UNOB');
    const ic = parseInterchange(text);
    expect(codes(ic)).toEqual([]);
    expect(ic.messages[0].segment(3).components(3)).toEqual(['45G1', '102', '5']);
  });

  it('reads groups (UNG/UNE)', () => {
    const ic = parseInterchange("UNB+UNOA:3+S+R+261128:0930+1'UNG+CODECO+S+R+261128:0930+G1+UN+D:95B'UNH+1+CODECO:D:95B:UN'BGM+34'UNT+3+1'UNH+2+CODECO:D:95B:UN'BGM+36'UNT+3+2'UNE+2+G1'UNZ+1+1'");
    expect(codes(ic)).toEqual([]);
    expect(ic.groups.map((g) => [g.ref, g.messages.map((m) => m.ref), g.une?.get(1)])).toEqual([['G1', ['1', '2'], '2']]);
    expect(ic.messages[1].group?.ref).toBe('G1');
  });

  it('makes Segment objects only when read, and does not keep them', () => {
    const ic = parseInterchange(simple);
    // Reading segment 4 makes a view over the source; the tree holds offsets, not values.
    expect(ic.segment(4).get(2)).toBe('MSCU1234565');
    expect(ic.segment(4)).not.toBe(ic.segment(4));
    expect(ic.segment(4).elements).toEqual(ic.segment(4).elements);
    // Service segments read while parsing are kept (the envelope needed them anyway).
    expect(ic.segment(1)).toBe(ic.segment(1));
  });

  it('release() drops a parsed segment\'s split values; reading it again gives the same', () => {
    const ic = parseInterchange("UNA:+.? 'UNB+UNOA:3+S+R+261128:0930+1'UNH+1+CODECO:D:95B:UN'FTX+AAA+++A?+B:C?:D?'E'UNT+3+1'UNZ+1+1'");
    const seg = ic.segment(3);
    const before = seg.elements;
    expect(before[3]).toEqual([['A+B', "C:D'E"]]);
    seg.release();
    expect(seg.elements).not.toBe(before);
    expect(seg.elements).toEqual(before);
    expect(seg.value(4, 2)).toBe("C:D'E");
    // A segment built in code has no source to split again: release() keeps its values.
    const built = Segment.fromValues('FTX', [[['AAA']]]);
    built.release();
    expect(built.value(1)).toBe('AAA');
  });
});
