/** Generated interchanges: counts and references by construction, escaping, UNA, layout. */
import { describe, expect, it } from 'vitest';
import { buildInterchange, type InterchangeInput } from '../../../src/syntax/edifact/build.js';
import { parseInterchange } from '../../../src/syntax/edifact/parse.js';
import { serializeInterchange } from '../../../src/syntax/edifact/serialize.js';

const base: InterchangeInput = {
  syntaxId: 'UNOC', syntaxVersion: 3,
  sender: { id: 'NBCT', qualifier: 'ZZZ' }, recipient: { id: 'COSCO', qualifier: 'ZZZ' },
  preparedAt: new Date('2026-11-28T06:05:00Z'), controlRef: '100001',
  messages: [
    { ref: '1', id: { type: 'CODECO', release: '95B', association: 'ITG14' }, segments: [['BGM', '34', 'GI0001', '9'], ['EQD', 'CN', 'MSCU1234565', ['45G1', '102', '5'], undefined, '3', '5']] },
    { ref: '2', id: { type: 'CODECO', release: '95B' }, segments: [['BGM', '36', 'GO0001', '9'], ['CNT', ['16', 1]]] },
  ],
};

const clean = (bytes: Buffer): string[] => parseInterchange(bytes).issues.filter((i) => i.severity !== 'info').map((i) => i.code);

describe('buildInterchange', () => {
  it('writes UNB/UNH/UNT/UNZ with correct counts and references', () => {
    const out = serializeInterchange(buildInterchange(base), { newlines: true }).toString();
    expect(out).toBe([
      "UNB+UNOC:3+NBCT:ZZZ+COSCO:ZZZ+261128:0605+100001'",
      "UNH+1+CODECO:D:95B:UN:ITG14'",
      "BGM+34+GI0001+9'",
      "EQD+CN+MSCU1234565+45G1:102:5++3+5'",
      "UNT+4+1'",
      "UNH+2+CODECO:D:95B:UN'",
      "BGM+36+GO0001+9'",
      "CNT+16:1'",
      "UNT+4+2'",
      "UNZ+2+100001'",
      '',
    ].join('\n'));
    expect(clean(Buffer.from(out))).toEqual([]);
  });

  it('counts functional groups in UNZ and messages in UNE', () => {
    const { messages, ...rest } = base;
    const ic = buildInterchange({ ...rest, groups: [{ ref: 'G1', sender: { id: 'NBCT' }, recipient: { id: 'COSCO' }, messages: messages! }] });
    const out = serializeInterchange(ic);
    expect(clean(out)).toEqual([]);
    expect(out.toString()).toContain("UNE+2+G1'UNZ+1+100001'");
    expect(ic.groups[0].messages.map((m) => m.ref)).toEqual(['1', '2']);
  });

  it('releases service characters in the data and reads them back', () => {
    const value = "A+B:C'D?E";
    const ic = buildInterchange({ ...base, messages: [{ ref: '1', id: { type: 'IFTMIN' }, segments: [['FTX', 'AAA', undefined, undefined, [value, 'x*y']]] }] });
    const out = serializeInterchange(ic);
    expect(out.toString()).toContain("FTX+AAA+++A?+B?:C?'D??E:x*y'");
    expect(parseInterchange(out).messages[0].segment(2).components(4)).toEqual([value, 'x*y']);
  });

  it('writes a UNA for other service characters and syntax 4 repetitions', () => {
    const ic = buildInterchange({
      ...base, syntaxVersion: 4, chars: { component: 0x3a, element: 0x2b, decimal: 0x2c, release: 0x3f, repetition: 0x2a, segment: 0x27 },
      preparedAt: { date: '20261128', time: '1405' },
      messages: [{ ref: '1', id: { type: 'IFTSTA', release: '01B' }, segments: [['RFF', { repeat: [['BM', 'B1'], ['BN', 'K2']] }]] }],
    });
    const out = serializeInterchange(ic).toString();
    expect(out.startsWith("UNA:+,?*'UNB+UNOC:4+")).toBe(true);
    const back = parseInterchange(out);
    expect(back.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(back.messages[0].segment(2).elements[0]).toEqual([['BM', 'B1'], ['BN', 'K2']]);
  });

  it('refuses a repetition under syntax version 3 and a service character without release character', () => {
    const rep = buildInterchange({ ...base, messages: [{ ref: '1', id: { type: 'IFTSTA' }, segments: [['RFF', { repeat: [['BM', '1'], ['BN', '2']] }]] }] });
    expect(() => serializeInterchange(rep)).toThrow(/repetition needs syntax version 4/);
    const norelease = buildInterchange({ ...base, chars: { component: 0x3a, element: 0x2b, decimal: 0x2e, release: -1, repetition: -1, segment: 0x27 }, messages: [{ ref: '1', id: { type: 'IFTMIN' }, segments: [['FTX', 'AAA', undefined, undefined, 'A+B']] }] });
    expect(() => serializeInterchange(norelease)).toThrow(/FTX element 4: the value holds the service character "\+"/);
  });

  it('formats a parsed interchange one segment per line', () => {
    const ic = parseInterchange("UNA:+.? 'UNB+UNOA:3+S+R+261128:0930+1'UNH+1+X:D:95B:UN'UNT+2+1'UNZ+1+1'");
    expect(serializeInterchange(ic, { newlines: true }).toString()).toBe("UNA:+.? '\nUNB+UNOA:3+S+R+261128:0930+1'\nUNH+1+X:D:95B:UN'\nUNT+2+1'\nUNZ+1+1'\n");
  });
});
