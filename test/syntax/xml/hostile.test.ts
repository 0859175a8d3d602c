import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCustomsXml, parseCustomsXml } from '../../../src/syntax/xml/index.js';
import { fixture } from './xsd.js';

const MANIFEST_OPEN = '<Manifest xmlns="urn:Declaration:datamodel:standard:CN:MT1101:1">';

function refusal(input: Buffer | string, options: Parameters<typeof parseCustomsXml>[1] = {}) {
  const result = parseCustomsXml(input, options);
  expect(result.message).toBeUndefined();
  expect(result.issues).toHaveLength(1);
  return result.issues[0];
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>`;

describe('entity expansion and external entities are refused before parsing', () => {
  it('refuses the billion laughs at its DOCTYPE, line 2 column 1', () => {
    const issue = refusal(BILLION_LAUGHS);
    expect(issue.code).toBe('GW_ERR_XML_DOCTYPE');
    expect(issue.location).toEqual({ line: 2, column: 1 }); // a string has no byte offsets
  });

  it('refuses a 100 MB billion-laughs body at its DOCTYPE without reading the rest', () => {
    const body = BILLION_LAUGHS.replace('<lolz>&lol9;</lolz>', `<lolz>${'&lol9;'.repeat(100 * 1024 * 1024 / 6)}</lolz>`);
    expect(body.length).toBeGreaterThan(100 * 1000 * 1000);
    const issue = refusal(Buffer.from(body), { maxBytes: 128 * 1024 * 1024 });
    expect(issue.code).toBe('GW_ERR_XML_DOCTYPE');
    expect(issue.location).toMatchObject({ line: 2, column: 1, offset: 22 });
    // With the default size limit the same body is refused even earlier, for its size.
    expect(refusal(Buffer.from(body)).code).toBe('GW_ERR_XML_TOO_LARGE');
  });

  describe('external entities never touch the file system', () => {
    let dir: string;
    let fifo: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'edigw-xxe-'));
      fifo = join(dir, 'secret.fifo');
      // Opening a FIFO for reading blocks until a writer appears: a parser that tried to read the
      // entity would hang this test instead of returning.
      execFileSync('mkfifo', [fifo]);
    });
    afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

    it.each([
      ['an external entity on /etc/passwd', (_: string) => `<?xml version="1.0"?>\n<!DOCTYPE Manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${MANIFEST_OPEN}<Head>&xxe;</Head></Manifest>`],
      ['an external entity on a FIFO', (f: string) => `<!DOCTYPE Manifest [<!ENTITY xxe SYSTEM "file://${f}">]>${MANIFEST_OPEN}<Head>&xxe;</Head></Manifest>`],
      ['a parameter entity', (f: string) => `<!DOCTYPE Manifest [<!ENTITY % p SYSTEM "file://${f}"> %p;]>${MANIFEST_OPEN}</Manifest>`],
      ['an external DTD', (f: string) => `<!DOCTYPE Manifest SYSTEM "file://${f}">${MANIFEST_OPEN}</Manifest>`],
      ['a public DTD', (_: string) => `<!DOCTYPE Manifest PUBLIC "-//X//DTD X//EN" "http://127.0.0.1:1/x.dtd">${MANIFEST_OPEN}</Manifest>`],
      ['an entity declaration without DOCTYPE', (f: string) => `<!ENTITY xxe SYSTEM "file://${f}">${MANIFEST_OPEN}</Manifest>`],
    ])('refuses %s with GW_ERR_XML_DOCTYPE', (_name, make) => {
      const result = parseCustomsXml(make(fifo));
      expect(result.issues.map((i) => i.code)).toEqual(['GW_ERR_XML_DOCTYPE']);
      expect(result.issues[0].location?.line).toBeGreaterThanOrEqual(1);
      expect(JSON.stringify(result)).not.toMatch(/root:|nologin/);
    });
  });

  it('refuses a reference to an entity nobody declared (there is no DTD to declare it)', () => {
    const issue = refusal(`${MANIFEST_OPEN}\n<Head>x &xxe; y</Head></Manifest>`);
    expect(issue.code).toBe('GW_ERR_XML_ENTITY_UNDEFINED');
    expect(issue.location).toMatchObject({ line: 2, column: 9 });
  });

  it('refuses processing instructions other than the declaration', () => {
    expect(refusal(`<?xml version="1.0"?><?xml-stylesheet href="x.xsl"?>${MANIFEST_OPEN}</Manifest>`).code).toBe('GW_ERR_XML_PI_FORBIDDEN');
    expect(refusal(`${MANIFEST_OPEN}<Head><?php system('id'); ?></Head></Manifest>`).code).toBe('GW_ERR_XML_PI_FORBIDDEN');
    expect(refusal(`${MANIFEST_OPEN}<?xml version="1.0"?></Manifest>`).text).toMatch(/very start/);
  });
});

describe('size and shape limits', () => {
  it('refuses 10,000-deep nesting at the first element past the limit', () => {
    const bomb = `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`;
    const issue = refusal(bomb);
    expect(issue.code).toBe('GW_ERR_XML_TOO_DEEP');
    expect(issue.location).toMatchObject({ line: 1, column: 64 * 3 + 1 });
    expect(refusal(`${'<a>'.repeat(9)}${'</a>'.repeat(9)}`, { maxDepth: 8 }).code).toBe('GW_ERR_XML_TOO_DEEP');
  });

  it('refuses a 50 MB attribute value, pointing at the attribute', () => {
    const body = `${MANIFEST_OPEN}\n<Head a="${'x'.repeat(50 * 1024 * 1024)}"/></Manifest>`;
    const issue = refusal(body);
    expect(issue.code).toBe('GW_ERR_XML_ATTRIBUTE_TOO_LONG');
    expect(issue.location).toMatchObject({ line: 2, column: 7 });
  });

  it('refuses over-long element and attribute names, too many attributes and too many elements', () => {
    expect(refusal(`<${'N'.repeat(300)}/>`).code).toBe('GW_ERR_XML_NAME_TOO_LONG');
    expect(refusal(`<Manifest ${'a'.repeat(300)}="1"/>`).code).toBe('GW_ERR_XML_NAME_TOO_LONG');
    const attrs = Array.from({ length: 40 }, (_, i) => `a${i}="${i}"`).join(' ');
    expect(refusal(`<Manifest ${attrs}/>`).code).toBe('GW_ERR_XML_TOO_MANY_ATTRIBUTES');
    expect(refusal(`<Manifest>${'<x/>'.repeat(100)}</Manifest>`, { maxElements: 50 }).code).toBe('GW_ERR_XML_TOO_MANY_ELEMENTS');
  });

  it('refuses a body over the size limit before decoding it', () => {
    const issue = refusal(fixture('mt1101-ningbo-first.xml'), { maxBytes: 1000 });
    expect(issue.code).toBe('GW_ERR_XML_TOO_LARGE');
  });

  it('accepts a 2,000-bill manifest with the default limits', () => {
    const text = fixture('mt1101-ningbo-first.xml').toString('utf8');
    const start = text.indexOf('    <Consignment>');
    const end = text.indexOf('    <AdditionalInformation>');
    const big = text.slice(0, start) + text.slice(start, end).repeat(1000) + text.slice(end);
    const result = parseCustomsXml(big);
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.message?.declaration.Consignment).toHaveLength(2000);
  });
});

describe('bodies that are not XML', () => {
  it.each([
    ['a JSON body', '{"Manifest":{"Head":{}}}', 'GW_ERR_XML_NOT_XML', /JSON/],
    ['a JSON array', ' [1,2]', 'GW_ERR_XML_NOT_XML', /JSON/],
    ['an EDIFACT interchange', readFileSync(new URL('../../../../shared/corpus/edifact/baplie_d95b_smdg20_lbct_phpedifact.edi', import.meta.url)), 'GW_ERR_XML_NOT_XML', /EDIFACT/],
    ['an EDIFACT interchange without UNA', "UNB+UNOA:2+SENDER+RECEIVER+240308:0930+1'", 'GW_ERR_XML_NOT_XML', /EDIFACT/],
    ['plain text', 'hello customs', 'GW_ERR_XML_NOT_XML', /does not start/],
    ['an empty buffer', Buffer.alloc(0), 'GW_ERR_XML_EMPTY', /empty/],
    ['an empty string', '', 'GW_ERR_XML_EMPTY', /empty/],
    ['white space only', ' \r\n\t ', 'GW_ERR_XML_EMPTY', /empty/],
    ['a byte order mark only', Buffer.from([0xef, 0xbb, 0xbf]), 'GW_ERR_XML_EMPTY', /empty/],
    ['gzip data', gzipSync(fixture('mt1101-ningbo-first.xml')), 'GW_ERR_XML_BINARY', /gzip/],
    ['a ZIP archive', Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1'), 'GW_ERR_XML_BINARY', /ZIP/],
    ['bytes with NULs', Buffer.from([0x01, 0x00, 0x02, 0xff, 0x10]), 'GW_ERR_XML_BINARY', /binary/],
  ])('refuses %s', (_name, body, code, text) => {
    const issue = refusal(body);
    expect(issue.code).toBe(code);
    expect(issue.text).toMatch(text);
  });

  it('refuses random bytes, whatever they are, with a coded finding and never throws', () => {
    // A fixed pseudo-random block (xorshift32) for a stable assertion…
    let x = 0x2545f491;
    const bytes = Buffer.from(Array.from({ length: 4096 }, () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x & 0xff; }));
    expect(bytes[0]).not.toBe(0x3c);
    expect(refusal(bytes).code).toBe('GW_ERR_XML_BINARY');
    // …and any bytes at all, including ones that start like XML.
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), fc.boolean(), (arr, lt) => {
      const buf = Buffer.from(arr);
      if (lt && buf.length > 0) buf[0] = 0x3c;
      const result = parseCustomsXml(buf);
      return result.message !== undefined || (result.issues.length > 0 && result.issues.every((i) => i.code.startsWith('GW_ERR_XML_')));
    }), { numRuns: 500 });
  });
});

describe('broken XML', () => {
  const good = fixture('mt1101-ningbo-first.xml').toString('utf8');

  it('refuses truncated XML at its end', () => {
    const cut = good.slice(0, good.indexOf('</Consignment>') + 5);
    const issue = refusal(cut);
    expect(issue.code).toBe('GW_ERR_XML_TRUNCATED');
    const lines = cut.split('\n');
    expect(issue.location).toMatchObject({ line: lines.length });
    expect(refusal(good.slice(0, good.length - 4)).code).toBe('GW_ERR_XML_TRUNCATED');
    expect(refusal(`${MANIFEST_OPEN}<Head a="x`).code).toBe('GW_ERR_XML_TRUNCATED');
    expect(refusal(`${MANIFEST_OPEN}<!-- never closed`).code).toBe('GW_ERR_XML_TRUNCATED');
  });

  it.each([
    ['mismatched tags', `${MANIFEST_OPEN}<Head></Declaration></Manifest>`, /does not match/],
    ['a stray closing tag', `${MANIFEST_OPEN}</Manifest></Manifest>`, /after the root|no matching/],
    ['a second root element', `${MANIFEST_OPEN}</Manifest><Manifest/>`, /second element/],
    ['text after the root', `${MANIFEST_OPEN}</Manifest>junk`, /after the root/],
    ['a bare ampersand', `${MANIFEST_OPEN}<Head>A & B</Head></Manifest>`, /bare "&"/],
    ['a "<" in an attribute', `${MANIFEST_OPEN}<Head a="<"/></Manifest>`, /contains "<"/],
    ['an unquoted attribute', `${MANIFEST_OPEN}<Head a=1/></Manifest>`, /quotes/],
    ['a duplicated attribute', `${MANIFEST_OPEN}<Head a="1" a="2"/></Manifest>`, /twice/],
  ])('refuses %s', (_name, body, text) => {
    const issue = refusal(body);
    expect(issue.code).toBe('GW_ERR_XML_MALFORMED');
    expect(issue.text).toMatch(text);
  });

  it('refuses characters XML forbids, also as character references', () => {
    expect(refusal(`${MANIFEST_OPEN}<Head>a\u0001b</Head></Manifest>`).code).toBe('GW_ERR_XML_CHAR_INVALID');
    expect(refusal(`${MANIFEST_OPEN}<Head>&#0;</Head></Manifest>`).code).toBe('GW_ERR_XML_CHAR_INVALID');
    expect(refusal(`${MANIFEST_OPEN}<Head>&#xD800;</Head></Manifest>`).code).toBe('GW_ERR_XML_CHAR_INVALID');
  });

  it('refuses names that would alter JavaScript objects, and leaves Object.prototype alone', () => {
    expect(refusal(`${MANIFEST_OPEN}<__proto__><polluted>yes</polluted></__proto__></Manifest>`).code).toBe('GW_ERR_XML_NAME_RESERVED');
    expect(refusal(`${MANIFEST_OPEN}<Head constructor="x"/></Manifest>`).code).toBe('GW_ERR_XML_NAME_RESERVED');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('encodings', () => {
  const text = fixture('mt1101-ningbo-first.xml').toString('utf8');

  it('refuses UTF-16, declared or detected', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(refusal(utf16).code).toBe('GW_ERR_XML_ENCODING_UNSUPPORTED');
    expect(refusal(Buffer.from(text, 'utf16le')).code).toBe('GW_ERR_XML_ENCODING_UNSUPPORTED');
  });

  it('refuses a declared encoding other than UTF-8, pointing at the declaration', () => {
    const latin1 = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const issue = refusal(Buffer.from(latin1, 'latin1'));
    expect(issue.code).toBe('GW_ERR_XML_ENCODING_UNSUPPORTED');
    expect(issue.location).toMatchObject({ line: 1, column: 31 });
  });

  it('refuses bytes that are not UTF-8, with the byte offset', () => {
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf(Buffer.from('宁波甬港', 'utf8'));
    bytes[at + 1] = 0x41; // breaks the three-byte sequence of 宁
    const issue = refusal(bytes);
    expect(issue.code).toBe('GW_ERR_XML_ENCODING_INVALID');
    expect(issue.location?.offset).toBe(at);
    expect(issue.location?.line).toBe(text.slice(0, text.indexOf('宁波甬港')).split('\n').length);
  });

  it('reads GB18030 only for a partner set up for it', () => {
    const gbText = text.replace('encoding="UTF-8"', 'encoding="GB18030"');
    const bytes = iconv.encode(gbText, 'gb18030');
    expect(refusal(bytes).code).toBe('GW_ERR_XML_ENCODING_UNSUPPORTED');
    const result = parseCustomsXml(bytes, { allowGb18030: true });
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const consignee = (result.message?.declaration.Consignment as Record<string, unknown>[])[0].Consignee as Record<string, unknown>;
    expect(consignee.Name).toBe('宁波甬港国际贸易有限公司');
    const gbk = iconv.encode(text.replace('encoding="UTF-8"', 'encoding="GBK"'), 'gbk');
    expect(parseCustomsXml(gbk, { allowGb18030: true }).message?.head.MessageType).toBe('MT1101');
  });

  it('refuses bytes that are not GB18030 under a GB18030 declaration', () => {
    const bytes = Buffer.concat([iconv.encode('<?xml version="1.0" encoding="GB18030"?><Manifest>', 'gb18030'), Buffer.from([0x81, 0x20]), Buffer.from('</Manifest>')]);
    expect(refusal(bytes, { allowGb18030: true }).code).toBe('GW_ERR_XML_ENCODING_INVALID');
  });
});

describe('the port platform wrapper does not open a way around the checks', () => {
  const wrap = (data: string) => `<MFTMessage><MFTHead><PlatId>0</PlatId></MFTHead><MFTData>${data}</MFTData></MFTMessage>`;

  it('refuses a DOCTYPE hidden in base64 MFTData, saying where it was', () => {
    const result = parseCustomsXml(wrap(Buffer.from(BILLION_LAUGHS).toString('base64')));
    expect(result.issues.map((i) => i.code)).toEqual(['GW_ERR_XML_DOCTYPE']);
    expect(result.issues[0].location?.path).toBe('/MFTMessage/MFTData');
    expect(result.issues[0].text).toMatch(/^In MFTData \(base64\)/);
  });

  it('refuses a DOCTYPE in escaped MFTData', () => {
    const escaped = BILLION_LAUGHS.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    expect(parseCustomsXml(wrap(escaped)).issues.map((i) => i.code)).toEqual(['GW_ERR_XML_DOCTYPE']);
  });

  it('bounds a gzip bomb in MFTData by the size limit', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)).toString('base64');
    const result = parseCustomsXml(wrap(bomb), { maxBytes: 8 * 1024 * 1024 });
    expect(result.issues.map((i) => i.code)).toEqual(['GW_ERR_XML_WRAPPER_DATA_INVALID']);
    expect(result.issues[0].text).toMatch(/inflates to more than/);
  });

  it('refuses MFTData that is neither XML nor base64, and a wrapper inside a wrapper', () => {
    expect(parseCustomsXml(wrap('not *base64* at all')).issues.map((i) => i.code)).toEqual(['GW_ERR_XML_WRAPPER_DATA_INVALID']);
    const inner = Buffer.from(wrap('<Manifest/>')).toString('base64');
    expect(parseCustomsXml(wrap(inner)).issues.map((i) => i.code)).toEqual(['GW_ERR_XML_ROOT_UNKNOWN']);
  });

  it('detection runs the same pre-scan', () => {
    expect(detectCustomsXml(BILLION_LAUGHS).issues.map((i) => i.code)).toEqual(['GW_ERR_XML_DOCTYPE']);
  });
});
