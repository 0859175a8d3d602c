/**
 * buildCustomsXml: a CustomsMessage to customs XML (UTF-8, namespace, root Manifest with Head and
 * Declaration, elements in the order of the XSD sequence of the message's variant).
 *
 * Built with xmlbuilder2's callback API (createCB): it serializes each element as it is added and
 * never builds a DOM, which bench/xml-build.ts measured as xmlbuilder2's fastest and leanest way
 * (docs/customs-xml.md has the numbers). Values are checked for characters XML cannot carry before
 * they reach the builder, because createCB without `wellFormed` writes whatever it is given.
 */
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { createCB } from 'xmlbuilder2';
import { GatewayError } from '../../errors/index.js';
import { FORBIDDEN_XML_CHAR } from './chars.js';
import { MftDataForm, customsNamespace, type CustomsMessage } from './types.js';
import { walkManifest, walkWrapper, type XmlSink } from './walk.js';

// XML Name, restricted to what customs messages and the platform wrapper can use (no prefixes).
const NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

class CheckedSink implements XmlSink {
  private readonly path: string[] = [];
  private readonly inner: XmlSink;
  constructor(inner: XmlSink) {
    this.inner = inner;
  }

  open(name: string, attributes: Record<string, string> | undefined): void {
    this.path.push(name);
    if (!NAME.test(name)) this.fail(`"${name.slice(0, 40)}" is not an element name customs XML can carry`);
    if (attributes) {
      for (const [key, value] of Object.entries(attributes)) {
        if (!NAME.test(key)) this.fail(`"${key.slice(0, 40)}" is not an attribute name customs XML can carry`);
        if (FORBIDDEN_XML_CHAR.test(value)) this.fail(`attribute ${key} holds a character XML cannot carry`);
      }
    }
    this.inner.open(name, attributes);
  }

  text(value: string): void {
    if (FORBIDDEN_XML_CHAR.test(value)) this.fail('the value holds a character XML cannot carry (a control character or a lone surrogate)');
    this.inner.text(value);
  }

  close(): void {
    this.path.pop();
    this.inner.close();
  }

  private fail(reason: string): never {
    const path = `/${this.path.join('/')}`;
    throw new GatewayError('GW_ERR_XML_BUILD_INVALID', `Cannot write ${path}: ${reason}.`, { statusCode: 500 });
  }
}

/** A sink that feeds xmlbuilder2's callback builder and collects the serialized chunks. */
function xmlbuilderSink(declaration: boolean): { sink: XmlSink; finish: () => string } {
  const chunks: string[] = [];
  const builder = createCB({ data: (chunk: string) => { chunks.push(chunk); }, prettyPrint: false });
  if (declaration) builder.dec({ version: '1.0', encoding: 'UTF-8' });
  const sink: XmlSink = {
    open: (name, attributes) => { builder.ele(name, attributes); },
    text: (value) => { builder.txt(value); },
    close: () => { builder.up(); },
  };
  return { sink, finish: () => { builder.end(); return chunks.join(''); } };
}

function manifestOnly(message: CustomsMessage): string {
  const { sink, finish } = xmlbuilderSink(true);
  walkManifest(message, new CheckedSink(sink), message.namespace);
  return finish();
}

function encodeData(inner: string, form: MftDataForm): string {
  switch (form) {
    case MftDataForm.elements:
    case MftDataForm.text:
      return inner;
    case MftDataForm.base64:
      return Buffer.from(inner, 'utf8').toString('base64');
    case MftDataForm.gzipBase64:
      return gzipSync(Buffer.from(inner, 'utf8')).toString('base64');
  }
}

/**
 * Writes the message as customs XML: the Manifest with its namespace, or the port platform wrapper
 * when the message came in one. Inside the wrapper the Manifest keeps the namespace only if it had
 * one (the platform writes none), and MFTData takes the form the message arrived in (elements,
 * escaped text, base64, base64 of gzip), so a round trip keeps both.
 * Throws GatewayError GW_ERR_XML_BUILD_INVALID naming the element when a name or value cannot be written.
 */
export function buildCustomsXml(message: CustomsMessage): string {
  const { sink, finish } = xmlbuilderSink(true);
  const checked = new CheckedSink(sink);
  const wrapper = message.wrapper;
  if (!wrapper) {
    walkManifest(message, checked, message.namespace ?? customsNamespace(message.type));
  } else {
    walkWrapper(wrapper.head, checked, () => {
      if (wrapper.dataForm === MftDataForm.elements) walkManifest(message, checked, message.namespace);
      else checked.text(encodeData(manifestOnly(message), wrapper.dataForm));
    });
  }
  return finish();
}

/** The same document as bytes: UTF-8, or GB18030 (declaration and bytes) for a partner set up for it. */
export function encodeCustomsXml(message: CustomsMessage, encoding: 'utf-8' | 'gb18030' = 'utf-8'): Buffer {
  const xml = buildCustomsXml(message);
  if (encoding === 'utf-8') return Buffer.from(xml, 'utf8');
  return iconv.encode(xml.replace(/^<\?xml version="1.0" encoding="UTF-8"\?>/, '<?xml version="1.0" encoding="GB18030"?>'), 'gb18030');
}
