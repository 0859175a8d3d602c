/** CONTRL: action codes per syntax version, UCM per message, UCS/UCD positions, no ack of an ack. */
import { describe, expect, it } from 'vitest';
import { buildContrl } from '../../src/acks/contrl.js';
import { parseInterchange } from '../../src/syntax/edifact/parse.js';
import { serializeInterchange } from '../../src/syntax/edifact/serialize.js';

const now = new Date('2026-11-28T01:30:00Z');

function contrl(text: string, timeZone = 'Asia/Shanghai'): { lines: string[]; action: string } {
  const ic = parseInterchange(text);
  const r = buildContrl(ic, ic.issues, { controlRef: 'C42', now, timeZone });
  if (!r) throw new Error('no CONTRL');
  const out = serializeInterchange(r.interchange, { newlines: true }).toString('latin1');
  // The CONTRL we send must itself be a clean interchange.
  expect(parseInterchange(out).issues.filter((i) => i.severity !== 'info')).toEqual([]);
  return { lines: out.trim().split('\n'), action: r.action };
}

const v3 = (body: string, unz = 1): string => `UNB+UNOA:3+AGENT:ZZZ:RR1+EDIGW:ZZZ+261128:0930+IC1+++++1'${body}UNZ+${unz}+IC1'`;
const ok = (ref: string): string => `UNH+${ref}+CUSCAR:D:95B:UN'BGM+85+M${ref}+9'UNT+3+${ref}'`;

describe('CONTRL for syntax versions 1-3 (CONTRL:D:3:UN)', () => {
  it('accepts a clean interchange: sender and recipient swapped, fresh reference, one UCM per message', () => {
    expect(contrl(v3(ok('1') + ok('2'), 2))).toEqual({
      action: 'accepted',
      lines: [
        "UNB+UNOA:3+EDIGW:ZZZ+AGENT:ZZZ:RR1+261128:0930+C42'",
        "UNH+1+CONTRL:D:3:UN'",
        "UCI+IC1+AGENT:ZZZ:RR1+EDIGW:ZZZ+7'",
        "UCM+1+CUSCAR:D:95B:UN+7'",
        "UCM+2+CUSCAR:D:95B:UN+7'",
        "UNT+5+1'",
        "UNZ+1+C42'",
      ],
    });
  });

  it('rejects one message with UCS/UCD positions (0098 counts the tag as 1) and accepts the other', () => {
    const bad = "UNH+2+CUSCAR:D:95B:UN'BGM+85+MX+9'FTX+AAA+++A@B'UNT+4+2'";
    const r = contrl(v3(ok('1') + bad, 2));
    expect(r.action).toBe('accepted-with-errors');
    expect(r.lines.slice(2, 7)).toEqual([
      "UCI+IC1+AGENT:ZZZ:RR1+EDIGW:ZZZ+2'",
      "UCM+1+CUSCAR:D:95B:UN+7'",
      "UCM+2+CUSCAR:D:95B:UN+4'",
      "UCS+3'",
      "UCD+21+5:1'",
    ]);
  });

  it('reports a trailer error in UCM with the service segment tag', () => {
    const r = contrl(v3("UNH+1+CUSCAR:D:95B:UN'BGM+85'UNT+7+1'"));
    expect(r.action).toBe('rejected');
    expect(r.lines.slice(2, 4)).toEqual(["UCI+IC1+AGENT:ZZZ:RR1+EDIGW:ZZZ+4'", "UCM+1+CUSCAR:D:95B:UN+4+29+UNT+2'"]);
  });

  it('rejects the interchange for a UNZ error in UCI', () => {
    const r = contrl(v3(ok('1'), 3));
    expect(r.action).toBe('rejected');
    expect(r.lines[2]).toBe("UCI+IC1+AGENT:ZZZ:RR1+EDIGW:ZZZ+4+29+UNZ+2'");
  });

  it('reports warnings as "acknowledged, errors detected and reported" (action 2)', () => {
    const r = contrl(v3("UNH+1+CUSCAR:D:95B:UN'FTX+AAA+++Lower case'UNT+3+1'"));
    expect(r.action).toBe('accepted-with-errors');
    expect(r.lines.slice(2, 6)).toEqual(["UCI+IC1+AGENT:ZZZ:RR1+EDIGW:ZZZ+2'", "UCM+1+CUSCAR:D:95B:UN+2'", "UCS+2'", "UCD+21+5:1'"]);
  });

  it('answers groups with UCF', () => {
    const g = "UNG+CUSCAR+AGENT:ZZZ+EDIGW:ZZZ+261128:0930+G1+UN+D:95B'" + ok('1') + "UNE+1+G1'";
    const r = contrl(v3(g));
    expect(r.lines.slice(2, 5)).toEqual(["UCI+IC1+AGENT:ZZZ:RR1+EDIGW:ZZZ+7'", "UCF+G1+AGENT:ZZZ+EDIGW:ZZZ+7'", "UCM+1+CUSCAR:D:95B:UN+7'"]);
  });

  it('writes the preparation time in the given time zone', () => {
    expect(contrl(v3(ok('1')), 'UTC').lines[0]).toBe("UNB+UNOA:3+EDIGW:ZZZ+AGENT:ZZZ:RR1+261128:0130+C42'");
  });
});

describe('CONTRL for syntax version 4 (CONTRL:4:1:UN)', () => {
  const v4 = (body: string): string => `UNA:+.?*'UNB+UNOC:4+AGENT:ZZZ+EDIGW:ZZZ+20261128:0930+IC4'${body}UNZ+1+IC4'`;

  it('uses only the version 4 action codes 4, 7 and 8', () => {
    const accepted = contrl(v4(ok('1')));
    expect(accepted.lines.slice(0, 4)).toEqual(["UNA:+.?*'", "UNB+UNOC:4+EDIGW:ZZZ+AGENT:ZZZ+20261128:0930+C42'", "UNH+1+CONTRL:4:1:UN'", "UCI+IC4+AGENT:ZZZ+EDIGW:ZZZ+7'"]);
    const warned = contrl(v4("UNH+1+CUSCAR:D:01B:UN'FTX+AAA+++A'UNT+3+1'").replace('A\'UNT', "A\x85'UNT"));
    expect(warned.lines.find((l) => l.startsWith('UCM'))).toBe("UCM+1+CUSCAR:D:01B:UN+4'");
    for (const l of [...accepted.lines, ...warned.lines].filter((x) => /^UC[IM]/.test(x))) {
      expect(['4', '7', '8']).toContain(l.split('+')[l.startsWith('UCI') ? 4 : 3].replace("'", ''));
    }
  });
});

describe('special cases', () => {
  it('an input that cannot be read still gets a CONTRL that rejects it', () => {
    const ic = parseInterchange(Buffer.from([0x00, 0xff, 0x13, 0x37]));
    const r = buildContrl(ic, ic.issues, { controlRef: '9', now, partner: { id: 'AGENT', qualifier: 'ZZZ' }, gateway: { id: 'EDIGW', qualifier: 'ZZZ' } })!;
    expect(r.action).toBe('rejected');
    const text = serializeInterchange(r.interchange, { newlines: true }).toString();
    expect(text).toContain("UNB+UNOA:3+EDIGW:ZZZ+AGENT:ZZZ+");
    expect(text).toMatch(/UCI\+0\+AGENT:ZZZ\+EDIGW:ZZZ\+4\+12'/);
  });

  it('never acknowledges an inbound CONTRL', () => {
    const ic = parseInterchange("UNB+UNOA:3+EDIGW+AGENT+261128:0930+C1'UNH+1+CONTRL:D:3:UN'UCI+IC1+AGENT+EDIGW+7'UNT+3+1'UNZ+1+C1'");
    expect(ic.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(buildContrl(ic, ic.issues, { controlRef: '2' })).toBeUndefined();
  });

  it('notes (info) do not turn an acceptance into "with errors"', () => {
    const r = contrl("UNB+UNOA:3+AGENT:ZZ+EDIGW:01+261128:0930+IC1'" + ok('1') + "UNZ+1+IC1'");
    expect(r.action).toBe('accepted');
  });
});
