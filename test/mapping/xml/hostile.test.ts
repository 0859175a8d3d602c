/**
 * Hostile XML through the convert path (the `convert` function `edigw convert` runs): every class
 * the safe reader refuses is refused there too, with its code, exit code 1 and no output, because
 * the XML adapter reads only through parseCustomsXml. And a document value XML cannot carry is a
 * finding on the way out, never a broken message.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { convert } from '../../../src/cli/convert-command.js';
import { readCustomsXml, writeCustomsXml } from '../../../src/mapping/xml/index.js';
import { readFixture, registry } from './helpers.js';

const MANIFEST = '<Manifest xmlns="urn:Declaration:datamodel:standard:CN:MT3101:1">';
const laughs = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)].join('\n ');

const CASES: readonly [string, string | Buffer, string][] = [
  ['entity expansion (billion laughs)', `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n ${laughs}\n]>\n<lolz>&lol9;</lolz>`, 'GW_ERR_XML_DOCTYPE'],
  ['external entity (file)', '<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Manifest>&xxe;</Manifest>', 'GW_ERR_XML_DOCTYPE'],
  ['external entity (network)', '<!DOCTYPE m SYSTEM "http://127.0.0.1:1/evil.dtd"><Manifest/>', 'GW_ERR_XML_DOCTYPE'],
  ['entity reference without declaration', `${MANIFEST}<Head><MessageID>&xxe;</MessageID></Head></Manifest>`, 'GW_ERR_XML_ENTITY_UNDEFINED'],
  ['processing instruction', `<?xml version="1.0"?><?xml-stylesheet href="http://127.0.0.1:1/x.xsl"?>${MANIFEST}</Manifest>`, 'GW_ERR_XML_PI_FORBIDDEN'],
  ['deep nesting', `${MANIFEST}${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</Manifest>`, 'GW_ERR_XML_TOO_DEEP'],
  ['huge attribute', `${MANIFEST}<Head a="${'x'.repeat(5_000_000)}"/></Manifest>`, 'GW_ERR_XML_ATTRIBUTE_TOO_LONG'],
  ['non-XML body behind a "<"', Buffer.concat([Buffer.from('<'), gzipSync(Buffer.from('<Manifest/>'))]), 'GW_ERR_XML_ENCODING_INVALID'],
  ['DOCTYPE inside base64 MFTData', `<MFTMessage><MFTHead/><MFTData>${Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><Manifest/>').toString('base64')}</MFTData></MFTMessage>`, 'GW_ERR_XML_DOCTYPE'],
];

describe('hostile XML through the convert path', () => {
  it.each(CASES)('%s is refused with %#', (_name, input, code) => {
    const outcome = convert({ input: Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8'), to: 'json' });
    expect(outcome.code).toBe(1);
    expect(outcome.output).toBeUndefined();
    expect(outcome.findings.map((f) => f.issue.code)).toEqual([code]);
    expect(JSON.stringify(outcome.findings)).not.toContain('root:');
  });

  it('text that is not XML at all is refused by the reader with its own code, and by convert as no known format', () => {
    expect(readCustomsXml('just some text, no markup', registry).issues.map((i) => i.code)).toEqual(['GW_ERR_XML_NOT_XML']);
    expect(readCustomsXml('{"documentType":"Manifest"}', registry).issues.map((i) => i.code)).toEqual(['GW_ERR_XML_NOT_XML']);
    expect(readCustomsXml(gzipSync(Buffer.from('<Manifest/>')), registry).issues.map((i) => i.code)).toEqual(['GW_ERR_XML_BINARY']);
    const outcome = convert({ input: Buffer.from('just some text, no markup'), to: 'xml' });
    expect([outcome.code, outcome.findings.map((f) => f.issue.code)]).toEqual([1, ['GW_ERR_MAPPING_INPUT_INVALID']]);
  });

  it('a document value XML cannot carry (a control character) stops the message, naming the element', () => {
    const doc = readCustomsXml(readFixture('mt3101-ningbo-arrival.xml'), registry).documents[0].document;
    const out = writeCustomsXml({ ...doc, remarks: ['arrived\u0001'] }, registry);
    expect(out.output).toBeUndefined();
    expect(out.issues.map((i) => [i.code, i.text])).toEqual([['GW_ERR_XML_BUILD_INVALID', 'Cannot write /Manifest/Declaration/AdditionalInformation/Content: the value holds a character XML cannot carry (a control character or a lone surrogate).']]);
  });

  it('markup in a value is written as text, never as markup', () => {
    const doc = readCustomsXml(readFixture('mt3101-ningbo-arrival.xml'), registry).documents[0].document;
    const remark = '</Content></AdditionalInformation><Injected a="1">A&B & C</Injected><!-- x -->';
    const out = writeCustomsXml({ ...doc, remarks: [remark] }, registry);
    expect(out.issues).toEqual([]);
    const back = readCustomsXml(out.output!, registry);
    expect(back.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(back.documents[0].document.remarks).toEqual([remark]);
  });

  it('an entity-like value ("&xxe;", "&amp;", "&#65;") is data: written escaped and read back unchanged', () => {
    const doc = readCustomsXml(readFixture('mt3101-ningbo-arrival.xml'), registry).documents[0].document;
    const remark = 'see &xxe; and A&amp;B &#65;';
    const out = writeCustomsXml({ ...doc, remarks: [remark] }, registry, { messageId: 'CN&lt;1' });
    expect(out.issues).toEqual([]);
    const xml = out.output!.toString('utf8');
    expect(xml).toContain('see &amp;xxe; and A&amp;amp;B &amp;#65;');
    expect(xml).toContain('<MessageID>CN&amp;lt;1</MessageID>');
    const back = readCustomsXml(out.output!, registry);
    expect(back.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(back.documents[0].document.remarks).toEqual([remark]);
  });
});
