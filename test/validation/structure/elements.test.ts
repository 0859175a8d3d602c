/**
 * Data elements against the directory: counts of elements and components (16), mandatory
 * elements and components (13), representation (37, 39, 40, and 19/38 for the decimal mark),
 * repetitions (35), code lists (12) with other agencies' lists, open lists and the profile hook, and what the
 * catalogue cannot check (message not held, directory without code lists).
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildInterchange, parseInterchange } from '../../../src/syntax/edifact/index.js';
import { validateInterchange, validateStream, type CodeCheckContext, type ValidationOptions } from '../../../src/validation/index.js';
import { COARRI_BODY, interchange, summary } from './helpers.js';

/** COARRI D95B with segment `at` (index into COARRI_BODY) replaced, or `extra` inserted before CNT. */
function coarri(replace: Record<number, string>, options: ValidationOptions = {}, una = ''): string[] {
  const body = COARRI_BODY.map((s, i) => replace[i] ?? s).join('');
  return summary(validateInterchange(parseInterchange(interchange('COARRI:D:95B:UN', [body], 'UNOC:3', una)), options).messages[0].issues);
}

// Positions in the message (UNH = 1): BGM 2, TDT 3, LOC 4, DTM 5, NAD 6, EQD 7, DTM 8, LOC 9, MEA 10, CNT 11.
const BGM = 0;
const DTM = 3;
const EQD = 5;
const LOC = 7;
const MEA = 8;
const CNT = 9;

describe('data elements', () => {
  it('too many data elements (16) at the first extra one that holds data; empty extras are the syntax layer\'s', () => {
    expect(coarri({ [CNT]: "CNT+16:1+X'" })).toEqual(['GW_ERR_TOO_MANY_ELEMENTS@m11e2 [16]']);
    expect(coarri({ [CNT]: "CNT+16:1++X'" })).toEqual(['GW_ERR_TOO_MANY_ELEMENTS@m11e3 [16]']);
  });

  it('too many components (16), and components in a simple element', () => {
    expect(coarri({ [DTM]: "DTM+132:202611280600:203:X'" })).toEqual(['GW_ERR_TOO_MANY_COMPONENTS@m5e1c4 [16]']);
    expect(coarri({ [BGM]: "BGM+25+DIS1:X+9'" })).toEqual(['GW_ERR_TOO_MANY_COMPONENTS@m2e2c2 [16]']);
  });

  it('mandatory element or component missing (13); a mandatory component of an absent composite is not', () => {
    expect(coarri({ [EQD]: "EQD++MSCU1234566'" })).toEqual(['GW_ERR_ELEMENT_MISSING@m7e1 [13]']);
    expect(coarri({ [DTM]: "DTM+:202611280600:203'" })).toEqual(['GW_ERR_COMPONENT_MISSING@m5e1c1 [13]']);
    expect(coarri({ [MEA]: "MEA+AAE+G'" })).toEqual([]);
    expect(coarri({ [MEA]: "MEA+AAE+G+:24000'" })).toEqual(['GW_ERR_COMPONENT_MISSING@m10e3c1 [13]']);
  });

  it('too long (39) and too short for a fixed length (40)', () => {
    expect(coarri({ [EQD]: "EQD+CN+MSCU1234566123456789'" })).toEqual(['GW_ERR_ELEMENT_TOO_LONG@m7e2c1 [39]']);
    // 7124 UNDG number is n4; TMP 6246 temperature n3 (ISO 9735: a fixed length is filled, "-018").
    const tail = (tmp: string, undg: string): Record<number, string> => ({ [MEA]: `MEA+AAE+G+KGM:24000'TMP+2+${tmp}:CEL'DGS+IMD+3+${undg}'` });
    expect(coarri(tail('-18', '123'))).toEqual(['GW_ERR_ELEMENT_TOO_SHORT@m11e2c1 [40]', 'GW_ERR_ELEMENT_TOO_SHORT@m12e3c1 [40]']);
    expect(coarri(tail('-018', '1234'))).toEqual([]);
  });

  it('counts characters, not UTF-16 units, against the maximum', () => {
    const text = interchange('COARRI:D:95B:UN', [COARRI_BODY.map((s, i) => (i === EQD ? `EQD+CN+${'𝐀'.repeat(17)}'` : s)).join('')], 'UNOW:4');
    expect(summary(validateInterchange(parseInterchange(text)).messages[0].issues)).toEqual([]);
  });

  it('counts a released character as one character', () => {
    // 8260 is an..17: 15 characters and two released service characters fit, one more does not.
    expect(coarri({ [EQD]: "EQD+CN+ABC?+DEF?:GHIJKLMNO'" })).toEqual([]);
    expect(coarri({ [EQD]: "EQD+CN+ABC?+DEF?:GHIJKLMNOP'" })).toEqual(['GW_ERR_ELEMENT_TOO_LONG@m7e2c1 [39]']);
    const v = validateInterchange(parseInterchange(interchange('COARRI:D:95B:UN', [COARRI_BODY.map((x, i) => (i === EQD ? "EQD+CN+ABC?+DEF?:GHIJKLMNOP'" : x)).join('')])));
    expect(v.messages[0].issues[0].text).toBe('EQD 8260 (Equipment identification number) "ABC+DEF:GHIJKLMNOP" has 18 characters; an..17 allows at most 17');
  });

  it('counts characters of a GB 18030 partner (two or four bytes each)', () => {
    const nad = (n: number): string => `NAD+CF+COS:172:20+${'港'.repeat(n)}'`;
    const check = (n: number): string[] => {
      const text = interchange('COARRI:D:95B:UN', [COARRI_BODY.map((x, i) => (i === 4 ? nad(n) : x)).join('')], 'UNOC:3');
      const bytes = Buffer.concat(text.split(/(港+)/).map((part) => (part.startsWith('港') ? Buffer.from(Array.from({ length: part.length }, () => [0xb8, 0xdb]).flat()) : Buffer.from(part, 'latin1'))));
      return summary(validateInterchange(parseInterchange(bytes, { charset: 'GB18030' })).messages[0].issues);
    };
    // C080 party name 3036 is an..35.
    expect(check(35)).toEqual([]);
    expect(check(36)).toEqual(['GW_ERR_ELEMENT_TOO_LONG@m6e3c1 [39]']);
  });

  it('checks segments built in code (no bytes) the same way', () => {
    const ic = buildInterchange({
      syntaxVersion: 3,
      sender: { id: 'S' },
      recipient: { id: 'R' },
      preparedAt: new Date('2026-11-28T09:30:00Z'),
      controlRef: 'IC1',
      messages: [{ ref: 'M1', id: { type: 'COARRI', version: 'D', release: '95B', agency: 'UN' }, segments: [
        ['BGM', ['25'], 'DIS1', '9'], ['TDT', '20', '031W'], ['NAD', 'CF', ['COS', '172', '20']],
        ['EQD', 'XX', ['MSCU1234566']], ['MEA', 'AAE', 'G', ['KGM', '24,5']], ['FTX', 'AAA', undefined, undefined, ['CARGO+PARTS: 1\'2']],
      ] }],
    });
    expect(summary(validateInterchange(ic).messages[0].issues)).toEqual([
      'GW_ERR_CODE_VALUE_INVALID@m5e1 [12]',
      'GW_ERR_DECIMAL_NOTATION@m6e3c2 [19]',
      'GW_ERR_SEGMENT_MISSING@m7 [13]',
    ]);
  });

  it('numeric values: digits, a leading minus and the declared decimal mark (37, 19, 38)', () => {
    const mea = (v: string): string => `MEA+AAE+G+KGM:${v}'`;
    expect(coarri({ [MEA]: mea('-24000.5') })).toEqual([]);
    expect(coarri({ [MEA]: mea('24000A') })).toEqual(['GW_ERR_CHARACTER_TYPE@m10e3c2 [37]']);
    expect(coarri({ [MEA]: mea('-') })).toEqual(['GW_ERR_CHARACTER_TYPE@m10e3c2 [37]']);
    expect(coarri({ [MEA]: mea('24000,5') })).toEqual(['GW_ERR_DECIMAL_NOTATION@m10e3c2 [19]']);
    expect(coarri({ [MEA]: mea('1.2.3') })).toEqual(['GW_ERR_DECIMAL_NOTATION@m10e3c2 [19]']);
    expect(coarri({ [MEA]: mea('5.') })).toEqual(['GW_ERR_DECIMAL_NOTATION@m10e3c2 [19]']);
    expect(coarri({ [MEA]: mea('.5') })).toEqual(['GW_ERR_DECIMAL_DIGIT_MISSING@m10e3c2 [38]']);
    expect(coarri({ [MEA]: mea('-.5') })).toEqual(['GW_ERR_DECIMAL_DIGIT_MISSING@m10e3c2 [38]']);
    // n..18 counts digits only: 18 digits with a sign and a decimal mark fit.
    expect(coarri({ [MEA]: mea(`-${'9'.repeat(17)}.9`) })).toEqual([]);
    expect(coarri({ [MEA]: mea('9'.repeat(19)) })).toEqual(['GW_ERR_ELEMENT_TOO_LONG@m10e3c2 [39]']);
  });

  it('a UNA that declares the comma makes it the decimal mark', () => {
    const una = "UNA:+,? '";
    expect(coarri({ [MEA]: "MEA+AAE+G+KGM:24000,5'" }, {}, una)).toEqual([]);
    expect(coarri({ [MEA]: "MEA+AAE+G+KGM:24000.5'" }, {}, una)).toEqual(['GW_ERR_DECIMAL_NOTATION@m10e3c2 [19]']);
  });

  it('alphabetic values hold no digits (37)', () => {
    const v = validateInterchange(parseInterchange(interchange('CUSDEC:D:95B:UN', ["BGM+929+DEC1+9'UNS+1'UNS+S'"])));
    expect(summary(v.messages[0].issues)).toContain('GW_ERR_CHARACTER_TYPE@m3e1 [37]');
  });

  it('repetitions beyond what the directory allows (35); COM C076 may repeat 3 times from D.99B', () => {
    const head = "BGM+335+HGZW1+9'CTA+IC+:FANNYWEN'";
    const reps = (com: string): string[] => summary(validateInterchange(parseInterchange(interchange('IFTMBF:D:99B:UN', [`${head}${com}`], 'UNOC:4'))).messages[0].issues)
      .filter((x) => x.includes('REPEATED'));
    expect(reps("COM+1:TE*2:EM*3:FX'")).toEqual([]);
    expect(reps("COM+1:TE*2:EM*3:FX*4:AL'")).toEqual(['GW_ERR_ELEMENT_REPEATED_TOO_OFTEN@m4e1r4 [35]']);
    const dtm = summary(validateInterchange(parseInterchange(interchange('COARRI:D:95B:UN', [COARRI_BODY.map((s, i) => (i === DTM ? "DTM+132:202611280600:203*133:202611280600:203'" : s)).join('')], 'UNOC:4'))).messages[0].issues);
    expect(dtm).toEqual(['GW_ERR_ELEMENT_REPEATED_TOO_OFTEN@m5e1r2 [35]']);
  });

  it('code values outside the UN list (12); a composite naming another agency uses that agency\'s list', () => {
    expect(coarri({ [EQD]: "EQD+XX+MSCU1234566'" })).toEqual(['GW_ERR_CODE_VALUE_INVALID@m7e1 [12]']);
    // 44 (SMDG "discharge report") is no UN 1001 code: wrong with agency 6 or none, fine with another agency.
    expect(coarri({ [BGM]: "BGM+44+DIS1+9'" })).toEqual(['GW_ERR_CODE_VALUE_INVALID@m2e1c1 [12]']);
    expect(coarri({ [BGM]: "BGM+44::6+DIS1+9'" })).toEqual(['GW_ERR_CODE_VALUE_INVALID@m2e1c1 [12]']);
    expect(coarri({ [BGM]: "BGM+44::86+DIS1+9'" })).toEqual([]);
    // "ZZZ" mutually defined: neither the code nor its list qualifier (TER) is a UN code.
    expect(coarri({ 2: "LOC+11+ITGOA:139:6+VTE:TER:ZZZ'" })).toEqual([]);
    // The agency itself must be a 3055 code.
    expect(coarri({ [LOC]: "LOC+147+0180482::XX'" })).toEqual(['GW_ERR_CODE_VALUE_INVALID@m9e2c3 [12]']);
  });

  it('a list the directory leaves open to users and associations accepts their codes (8155: ISO 6346)', () => {
    expect(coarri({ [EQD]: "EQD+CN+MSCU1234566+45G1:102:5'" })).toEqual([]);
    expect(coarri({ [EQD]: "EQD+CN+MSCU1234566+4200'" })).toEqual([]);
    expect(coarri({ [EQD]: "EQD+CN+MSCU1234566+45G1++9'" })).toEqual(['GW_ERR_CODE_VALUE_INVALID@m7e5 [12]']);
    // A profile can close an open list.
    const iso = (c: { elementId: string; value: string }): boolean | undefined => (c.elementId === '8155' ? /^[1-9LM][0-9A-Z]{3}$/.test(c.value) : undefined);
    expect(coarri({ [EQD]: "EQD+CN+MSCU1234566+4200'" }, { codeCheck: iso })).toEqual([]);
    expect(coarri({ [EQD]: "EQD+CN+MSCU1234566+TANK'" }, { codeCheck: iso })).toEqual(['GW_ERR_CODE_VALUE_INVALID@m7e3c1 [12]']);
  });

  it('asks the code-list hook first: true accepts, false rejects, undefined leaves it to the UN list', () => {
    const seen: CodeCheckContext[] = [];
    const codeCheck = (ctx: CodeCheckContext): boolean | undefined => {
      seen.push(ctx);
      if (ctx.elementId === '1001' && ctx.value === '44') return true;
      if (ctx.elementId === '8053' && ctx.value === 'CN') return false;
      return undefined;
    };
    expect(coarri({ [BGM]: "BGM+44+DIS1+9'" }, { codeCheck })).toEqual(['GW_ERR_CODE_VALUE_INVALID@m7e1 [12]']);
    expect(seen).toContainEqual({ directory: 'D95B', messageType: 'COARRI', tag: 'BGM', elementId: '1001', segmentQualifier: '44', value: '44' });
    expect(seen).toContainEqual({ directory: 'D95B', messageType: 'COARRI', tag: 'DTM', elementId: '2379', segmentQualifier: '132', value: '203' });
    // Only coded elements are asked about in a directory with code lists.
    expect(seen.some((c) => c.elementId === '8260' || c.elementId === '1004')).toBe(false);
    const v = validateInterchange(parseInterchange(interchange('COARRI:D:95B:UN', [COARRI_BODY.join('')])), { codeCheck });
    expect(v.messages[0].issues[0].text).toBe('EQD 8053 (Equipment qualifier) "CN" is not a code the partner profile accepts here (the UN list has it, the profile excludes it)');
  });

  it('asks a hook for every value, and a deterministic one once per code, qualifier, message type and directory', () => {
    const text = interchange('COARRI:D:95B:UN', [COARRI_BODY.join(''), COARRI_BODY.join('')]);
    const asked = (deterministic: boolean): string[] => {
      const seen: string[] = [];
      const hook = (c: CodeCheckContext): boolean | undefined => {
        seen.push(`${c.tag} ${c.elementId} ${c.segmentQualifier ?? '-'} ${c.value}`);
        return c.elementId === '8053' && c.value === 'CN' ? false : undefined;
      };
      const codeCheck = deterministic ? Object.assign(hook, { deterministic: true }) : hook;
      const v = validateInterchange(parseInterchange(text), { codeCheck });
      expect(v.messages.map((m) => summary(m.issues))).toEqual([['GW_ERR_CODE_VALUE_INVALID@m7e1 [12]'], ['GW_ERR_CODE_VALUE_INVALID@m7e1 [12]']]);
      return seen;
    };
    const every = asked(false);
    const once = asked(true);
    expect(every.length).toBeGreaterThan(once.length);
    expect(new Set(once).size).toBe(once.length);
    expect(new Set(every)).toEqual(new Set(once));
  });

  it('a hook may itself validate something in the middle of a segment\'s check', () => {
    const inner = parseInterchange(interchange('COARRI:D:95B:UN', [COARRI_BODY.join('')]));
    const codeCheck = (c: CodeCheckContext): boolean | undefined => {
      if (c.tag === 'EQD' && c.elementId === '8053') expect(validateInterchange(inner).errors).toBe(0);
      return undefined;
    };
    expect(coarri({ [EQD]: "EQD+CN+MSCU1234566+45G1:102:5++9'" }, { codeCheck })).toEqual(['GW_ERR_CODE_VALUE_INVALID@m7e5 [12]']);
  });

  it('a directory without code lists (D01B) warns once and leaves every value to the hook', () => {
    const body = COARRI_BODY.map((s, i) => (i === BGM ? "BGM+44+DIS1+9'" : s)).join('');
    const text = interchange('COARRI:D:01B:UN', [body]);
    const plain = validateInterchange(parseInterchange(text));
    expect(summary(plain.messages[0].issues)).toEqual(['GW_ERR_CODE_LISTS_NOT_IN_CATALOGUE@m1e2 [-]']);
    expect(plain.messages[0]).toMatchObject({ inCatalogue: true, errors: 0, warnings: 1 });
    const asked = new Set<string>();
    const strict = validateInterchange(parseInterchange(text), { codeCheck: (c) => { asked.add(c.elementId); return c.elementId === '1001' ? ['43', '45'].includes(c.value) : undefined; } });
    expect(summary(strict.messages[0].issues)).toEqual(['GW_ERR_CODE_LISTS_NOT_IN_CATALOGUE@m1e2 [-]', 'GW_ERR_CODE_VALUE_INVALID@m2e1c1 [12]']);
    expect(asked).toContain('8260');
  });

  it('a message the catalogue does not hold is checked at the syntax level only, with a warning (CONTRL 3, or 14 in version 4)', async () => {
    const body = "BGM++1+9'EQD+CN+X'";
    for (const [syntax, contrl] of [['UNOC:3', '3'], ['UNOC:4', '14']] as const) {
      const text = interchange('BAPLIE:D:13B:UN', [body], syntax);
      const tree = validateInterchange(parseInterchange(text));
      expect(summary(tree.messages[0].issues)).toEqual([`GW_ERR_MESSAGE_NOT_IN_CATALOGUE@m1e2 [${contrl}]`]);
      expect(tree.messages[0]).toMatchObject({ type: 'BAPLIE', directory: 'D13B', inCatalogue: false, warnings: 1 });
      expect(tree.messages[0].issues[0].text).toBe('BAPLIE D13B: the catalogue holds no directory D13B, so the message was checked at the syntax level only');
      const stream = await validateStream(Readable.from([Buffer.from(text)]));
      expect(stream.messages[0].issues).toEqual(tree.messages[0].issues);
    }
    const desadv = validateInterchange(parseInterchange(interchange('DESADV:D:96A:UN', [body])));
    expect(desadv.messages[0].issues[0].text).toBe('DESADV D96A: the catalogue holds no DESADV table in D96A, so the message was checked at the syntax level only');
  });

  it('applies the partner\'s severities and caps repeated findings per message', () => {
    expect(coarri({ [EQD]: "EQD+XX+MSCU1234566'" }, { severity: { GW_ERR_CODE_VALUE_INVALID: 'warning' } })).toEqual(['GW_ERR_CODE_VALUE_INVALID@m7e1 [12]']);
    const body = [...COARRI_BODY.slice(0, 5), ...Array.from({ length: 5 }, () => "EQD+XX+MSCU1234566'"), COARRI_BODY[CNT]].join('');
    const v = validateInterchange(parseInterchange(interchange('COARRI:D:95B:UN', [body])), { maxIssuesPerCode: 2, severity: { GW_ERR_CODE_VALUE_INVALID: 'warning' } });
    const issues = v.messages[0].issues;
    expect(issues.map((i) => [i.code, i.severity])).toEqual([
      ['GW_ERR_CODE_VALUE_INVALID', 'warning'], ['GW_ERR_CODE_VALUE_INVALID', 'warning'], ['GW_ERR_STRUCTURE_FINDINGS_TRUNCATED', 'info'],
    ]);
    expect(issues[2].text).toBe('3 more GW_ERR_CODE_VALUE_INVALID findings in message M1 are not listed');
    expect(v.messages[0]).toMatchObject({ errors: 0, warnings: 2 });
  });
});
