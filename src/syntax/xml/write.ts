/**
 * buildCustomsXml: a CustomsMessage to customs XML (UTF-8, namespace, root Manifest with Head and
 * Declaration, elements in the order of the XSD sequence of the message's variant).
 *
 * Built with xmlbuilder2, one fragment per bill (see xmlbuilderSink): bench/xml-build.ts measured
 * xmlbuilder2's ways on a 10 MB MT1101. Building a whole DOM with create() (chained calls or from a
 * plain object) and building a fragment per bill cost the same CPU time, about four times less than
 * the streaming createCB (which makes a DOM document per element); the whole DOM takes four to eight
 * times the memory of the fragments. docs/customs-xml.md has the numbers. Names and values are
 * checked before they reach the builder, which does not refuse control characters unless asked to
 * check everything.
 */
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { fragment } from 'xmlbuilder2';

type XMLBuilder = ReturnType<typeof fragment>;
import { GatewayError } from '../../errors/index.js';
import { FORBIDDEN_XML_CHAR } from './chars.js';
import { isValidSendTime } from './envelope.js';
import { messageSchema, variantFor } from './schema.js';
import { HEAD_FIELDS, MftDataForm, customsNamespace, isMessageType, type CustomsMessage } from './types.js';
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

/** Elements whose children are written as separate blocks: one bill, one Head field, one MFTHead field. */
const BLOCK_PARENTS = new Set(['Head', 'Declaration', 'MFTHead']);

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * xmlbuilder2 escapes "&" only when it does not start something that looks like an entity or
 * character reference, so "&amp;" in the data would arrive as "&" and "&xxe;" would be written as a
 * live entity reference. Escaping every "&" first makes all of them data; xmlbuilder2 leaves the
 * resulting "&amp;" alone and still escapes "<" and ">".
 */
function ampersands(value: string): string {
  return value.includes('&') ? value.replace(/&/g, '&amp;') : value;
}
function ampersandAttributes(attributes: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!attributes) return attributes;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) out[k] = ampersands(v);
  return out;
}

/**
 * Builds every child of Head, Declaration and MFTHead (a Consignment with all its containers and
 * items, say) as its own xmlbuilder2 fragment, serializes it and lets it go, so the DOM never holds
 * more than one bill. The few envelope tags above the blocks (Manifest, Head, Declaration and the
 * wrapper's) are written as text; their names are fixed and their only attribute is the namespace.
 */
function xmlbuilderSink(): { sink: XmlSink; finish: () => string } {
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const names: string[] = [];
  let blockDepth = 0;
  let block: XMLBuilder | undefined;
  let node: XMLBuilder | undefined;
  const sink: XmlSink = {
    open: (name, attributes) => {
      const parent = names.length > 0 ? names[names.length - 1] : undefined;
      names.push(name);
      if (node) {
        node = node.ele(name, ampersandAttributes(attributes));
      } else if (parent !== undefined && BLOCK_PARENTS.has(parent)) {
        block = fragment();
        node = block.ele(name, ampersandAttributes(attributes));
        blockDepth = names.length;
      } else {
        const attrs = attributes ? Object.entries(attributes).map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('') : '';
        parts.push(`<${name}${attrs}>`);
      }
    },
    text: (value) => {
      if (node) node = node.txt(ampersands(value));
      else parts.push(escapeText(value));
    },
    close: () => {
      const depth = names.length;
      const name = names.pop() ?? '';
      if (!node || !block) {
        parts.push(`</${name}>`);
      } else if (depth === blockDepth) {
        parts.push(block.end({ prettyPrint: false }));
        block = undefined;
        node = undefined;
      } else {
        node = node.up();
      }
    },
  };
  return { sink, finish: () => parts.join('') };
}

/**
 * The Head the writer puts out must be one customs accepts: every field present, MessageType equal to
 * the message type, a FunctionCode the type defines and a valid 17-digit SendTime. A message read
 * with Head errors is refused here rather than passed on.
 */
function checkHead(message: CustomsMessage): void {
  const fail = (field: string, reason: string): never => {
    throw new GatewayError('GW_ERR_XML_BUILD_INVALID', `Cannot write /Manifest/Head/${field}: ${reason}.`, { statusCode: 500 });
  };
  if (!isMessageType(message.type)) throw new GatewayError('GW_ERR_XML_BUILD_INVALID', `Unknown customs message type ${String(message.type).slice(0, 20)}.`, { statusCode: 500 });
  for (const field of HEAD_FIELDS) {
    if (typeof message.head[field] !== 'string' || message.head[field].trim() === '') fail(field, 'it is missing or empty');
  }
  if (message.head.MessageType !== message.type) fail('MessageType', `it says ${message.head.MessageType.slice(0, 20)} but the message is ${message.type}`);
  if (variantFor(messageSchema(message.type), message.head.FunctionCode) === undefined) fail('FunctionCode', `${message.head.FunctionCode.slice(0, 20)} is not defined for ${message.type}`);
  if (!isValidSendTime(message.head.SendTime)) fail('SendTime', 'it is not 17 digits yyyyMMddHHmmssSSS forming a valid time');
}

function manifestOnly(message: CustomsMessage): string {
  const { sink, finish } = xmlbuilderSink();
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
 * Throws GatewayError GW_ERR_XML_BUILD_INVALID naming the element when the Head is not one customs
 * accepts, or a name or value cannot be written.
 */
export function buildCustomsXml(message: CustomsMessage): string {
  checkHead(message);
  const { sink, finish } = xmlbuilderSink();
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
