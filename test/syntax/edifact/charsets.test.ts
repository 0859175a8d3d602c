/** Character sets: the syntax identifier decides decoding and the repertoire check, one case per level. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isGatewayError } from '../../../src/errors/index.js';
import { buildInterchange } from '../../../src/syntax/edifact/build.js';
import { parseInterchange } from '../../../src/syntax/edifact/parse.js';
import { serializeInterchange } from '../../../src/syntax/edifact/serialize.js';

const wrap = (syntax: string, data: string): string =>
  `UNB+${syntax}+SENDER+RECIPIENT+261128:0930+1'UNH+1+IFTMIN:D:95B:UN'NAD+CN+++${data}'UNT+3+1'UNZ+1+1'`;

const found = (ic: ReturnType<typeof parseInterchange>): string[] =>
  ic.issues.filter((i) => i.severity !== 'info').map((i) => `${i.severity} ${i.code}@${i.location?.segment}:${i.location?.element}:${i.location?.component} off ${i.location?.offset}`);

describe('character repertoires', () => {
  it('UNOA: upper case passes, lower case warns, other characters are errors with their position', () => {
    expect(found(parseInterchange(wrap('UNOA:3', 'NINGBO PORT (GROUP) CO., LTD. 50%')))).toEqual([]);
    const lower = wrap('UNOA:3', 'Ningbo Port');
    expect(found(parseInterchange(lower))).toEqual([`warning GW_ERR_LOWERCASE_UNDER_UNOA@3:4:1 off ${lower.indexOf('ingbo')}`]);
    const at = wrap('UNOA:3', 'INFO@NBPORT.COM');
    expect(found(parseInterchange(at))).toEqual([`error GW_ERR_INVALID_CHARACTER@3:4:1 off ${at.indexOf('@')}`]);
  });

  it('UNOB: lower case and the other ISO 646 graphic characters pass', () => {
    expect(found(parseInterchange(wrap('UNOB:3', 'info@nbport.com #12')))).toEqual([]);
    expect(found(parseInterchange(Buffer.from(wrap('UNOB:3', 'CAF\u00c9'), 'latin1')))[0]).toMatch(/^error GW_ERR_INVALID_CHARACTER@3:4:1/);
  });

  it('UNOC: ISO 8859-1; C1 control bytes are errors', () => {
    const ok = parseInterchange(Buffer.from(wrap('UNOC:3', 'Société Générale Müller'), 'latin1'));
    expect(found(ok)).toEqual([]);
    expect(ok.messages[0].segment(2).get(4)).toBe('Société Générale Müller');
    const bad = Buffer.from(wrap('UNOC:3', 'AB\u0085C'), 'latin1');
    expect(found(parseInterchange(bad))).toEqual([`error GW_ERR_INVALID_CHARACTER@3:4:1 off ${bad.indexOf(0x85)}`]);
  });

  it.each([
    ['UNOD', 'iso-8859-2', 'Łódź Gdańsk'],
    ['UNOE', 'iso-8859-5', 'Владивосток'],
    ['UNOF', 'iso-8859-7', 'Πειραιάς'],
  ])('%s decodes %s', (level, encoding, text) => {
    const bytes = iconv.encode(wrap(`${level}:3`, text), encoding);
    const ic = parseInterchange(bytes);
    expect(found(ic)).toEqual([]);
    expect(ic.messages[0].segment(2).get(4)).toBe(text);
    expect(serializeInterchange(ic).equals(bytes)).toBe(true);
  });

  it('UNOF: a position ISO 8859-7 leaves undefined is an error', () => {
    const bytes = Buffer.concat([Buffer.from("UNB+UNOF:3+S+R+261128:0930+1'UNH+1+IFTMIN:D:95B:UN'NAD+CN+++A"), Buffer.from([0xd2]), Buffer.from("'UNT+3+1'UNZ+1+1'")]);
    expect(found(parseInterchange(bytes))[0]).toMatch(/^error GW_ERR_INVALID_CHARACTER@3:4:1/);
  });

  it.each(['UNOW:4', 'UNOY:4'])('%s: Chinese text survives parse and serialize', (syntax) => {
    const text = '宁波港国际物流有限公司 浙江省宁波市北仑区明州路';
    const bytes = Buffer.from(wrap(syntax, text).replace('261128', '20261128'), 'utf8');
    const ic = parseInterchange(bytes);
    expect(found(ic)).toEqual([]);
    expect(ic.messages[0].segment(2).get(4)).toBe(text);
    expect(serializeInterchange(ic).equals(bytes)).toBe(true);
  });

  it('UNOY under syntax version 3 is read, with a warning that version 4 defines it', () => {
    const ic = parseInterchange(Buffer.from(wrap('UNOY:3', '中文'), 'utf8'));
    expect(found(ic)).toEqual([`warning GW_ERR_SYNTAX_ID_LATER_VERSION@1:1:1 off 4`]);
    expect(ic.messages[0].segment(2).get(4)).toBe('中文');
  });

  it('UNOW: an invalid UTF-8 byte is an error at its byte, not mojibake', () => {
    const bytes = Buffer.concat([Buffer.from("UNB+UNOW:4+S+R+20261128:0930+1'UNH+1+IFTMIN:D:95B:UN'NAD+CN+++\u5b81", 'utf8'), Buffer.from([0xe5, 0x41]), Buffer.from("'UNT+3+1'UNZ+1+1'")]);
    // 宁 (E5 AE 81) is valid; the E5 after it starts no valid sequence.
    const bad = bytes.indexOf(Buffer.from([0xe5, 0x41]));
    expect(found(parseInterchange(bytes))).toEqual([`error GW_ERR_INVALID_ENCODING@3:4:1 off ${bad}`]);
  });

  it('GB18030 by partner setting: Chinese text survives a round trip', () => {
    const text = '宁波舟山港股份有限公司';
    const bytes = iconv.encode(wrap('UNOC:3', text), 'gb18030');
    const ic = parseInterchange(bytes, { charset: 'GB18030' });
    expect(found(ic)).toEqual([]);
    expect(ic.messages[0].segment(2).get(4)).toBe(text);
    expect(serializeInterchange(ic).equals(bytes)).toBe(true);
  });

  it('GB18030 trail bytes that equal a UNA service character are not taken as separators', () => {
    // 0x7C ("|") is a valid second byte of many GB18030 characters: 亅 = 81 7C, 皘 = B0 7C.
    const text = '亅皘';
    const bytes = Buffer.concat([Buffer.from("UNA:|.? 'UNB|UNOC:3|S|R|261128:0930|1'UNH|1|IFTMIN:D:95B:UN'NAD|CN|||"), iconv.encode(text, 'gb18030'), Buffer.from("'UNT|3|1'UNZ|1|1'")]);
    expect(bytes.includes(Buffer.from([0x81, 0x7c]))).toBe(true);
    const ic = parseInterchange(bytes, { charset: 'GB18030' });
    expect(found(ic)).toEqual([]);
    expect(ic.messages[0].segment(2).get(4)).toBe(text);
  });

  it('flags UTF-8 text that a single-byte interchange carries as legal but doubly encoded', () => {
    const bytes = Buffer.from(wrap('UNOC:3', 'Ã©TOILE'), 'latin1');
    expect(found(parseInterchange(bytes))).toEqual([`warning GW_ERR_WRONG_ENCODING@3:4:1 off ${bytes.indexOf(0xc3)}`]);
  });
});

describe('writing values a character set cannot carry', () => {
  const spec = (syntaxId: string, name: string) => ({
    syntaxId, syntaxVersion: 4, sender: { id: 'EDIGW' }, recipient: { id: 'FWD1' }, preparedAt: new Date('2026-11-28T01:30:00Z'), controlRef: '7',
    messages: [{ ref: '1', id: { type: 'COREOR', release: '95B' }, segments: [['NAD', 'CN', undefined, undefined, name] as const] }],
  });

  it.each(['UNOA', 'UNOC'])('refuses Chinese for a %s partner, naming the field', (syntaxId) => {
    try {
      serializeInterchange(buildInterchange(spec(syntaxId, '宁波港')));
      expect.unreachable('serializing must fail');
    } catch (err) {
      expect(isGatewayError(err) && err.code).toBe('GW_ERR_VALUE_NOT_REPRESENTABLE');
      expect((err as Error).message).toMatch(/^NAD element 4: "宁" cannot be written in /);
    }
  });

  it('refuses lower case for a UNOA partner', () => {
    expect(() => serializeInterchange(buildInterchange(spec('UNOA', 'Ningbo')))).toThrow(/NAD element 4: "i" cannot be written in UNOA/);
  });

  it('writes Chinese for a UNOW partner and reads it back', () => {
    const out = serializeInterchange(buildInterchange(spec('UNOW', '宁波港 "甬"')));
    const back = parseInterchange(out);
    expect(found(back)).toEqual([]);
    expect(back.messages[0].segment(2).get(4)).toBe('宁波港 "甬"');
  });
});
