/**
 * parseCustomsXml: bytes or text in, a CustomsMessage and every finding out. Reading is safe first
 * (read.ts), then the envelope decides the message (envelope.ts), then the Declaration is checked
 * against the schema knowledge of its variant (structure.ts).
 *
 * The port platform wrapper (MFTMessage/MFTHead/MFTData) is unwrapped whether MFTData holds the
 * Manifest as elements (the platform's own files, Manifest without namespace), as escaped text or
 * CDATA, as base64 of the XML (the single-window BizData convention) or as base64 of gzip (the
 * platform's transport convention); decoded data go through the same safe reader, one level deep.
 */
import { gunzipSync } from 'node:zlib';
import { makeIssue, type Issue } from '../../errors/index.js';
import { namespaceMessageType, resolveType, readHead, readMftHead } from './envelope.js';
import { DEFAULT_LIMITS } from './input.js';
import { parseXmlTree, prepareXml, type ArrayRule, type XmlReadOptions } from './read.js';
import { messageSchema, repeatingPaths, sequenceOf, variantFor } from './schema.js';
import { checkElement } from './structure.js';
import { HEAD_FIELDS, TEXT_KEY, isMessageType, type CustomsHead, type CustomsMessage, type MessageType, type MftDataForm, type XmlContent, type XmlElement } from './types.js';

export interface CustomsParseOptions extends XmlReadOptions {
  /** Check the Declaration against the schema knowledge of its variant (default true). */
  checkStructure?: boolean;
}

export interface CustomsParseResult {
  /** Present when the document is readable XML holding a Manifest of a known type, even with errors in it. */
  message?: CustomsMessage;
  issues: Issue[];
}

const WRAPPED_PREFIX = 'MFTMessage.MFTData.Manifest.';
const PLAIN_PREFIX = 'Manifest.';

export function parseCustomsXml(input: Buffer | string, options: CustomsParseOptions = {}): CustomsParseResult {
  return parseDocument(input, options, true);
}

function hintType(namespace: string | undefined, messageTypeText: string | undefined): MessageType | undefined {
  const nsType = namespaceMessageType(namespace);
  if (nsType !== undefined && isMessageType(nsType)) return nsType;
  return messageTypeText !== undefined && isMessageType(messageTypeText) ? messageTypeText : undefined;
}

function arrayRule(type: MessageType | undefined): ArrayRule {
  if (type === undefined) return () => false;
  const repeating = repeatingPaths(type);
  return (path) => {
    const rel = path.startsWith(PLAIN_PREFIX) ? path.slice(PLAIN_PREFIX.length) : path.startsWith(WRAPPED_PREFIX) ? path.slice(WRAPPED_PREFIX.length) : undefined;
    return rel !== undefined && repeating.has(rel);
  };
}

function parseDocument(input: Buffer | string, options: CustomsParseOptions, allowWrapper: boolean): CustomsParseResult {
  const { prepared, issues } = prepareXml(input, options);
  if (!prepared) return { issues };
  const { scan } = prepared;
  const type = hintType(scan.manifestNamespace, scan.messageTypeText);
  const parsed = parseXmlTree(prepared, arrayRule(type), options.maxDepth ?? DEFAULT_LIMITS.maxDepth);
  if (!parsed.tree) return { issues: parsed.issues };
  const rootName = Object.keys(parsed.tree)[0] ?? '';
  const root = parsed.tree[rootName];
  if (rootName === 'Manifest') return readManifest(root, scan.manifestNamespace, '/Manifest', options);
  if (rootName === 'MFTMessage' && allowWrapper) return readWrapped(root, scan.manifestNamespace, options);
  return { issues: [makeIssue('GW_ERR_XML_ROOT_UNKNOWN', rootName === 'MFTMessage'
    ? 'The data inside MFTData is itself an MFTMessage wrapper.'
    : `The root element is <${rootName.slice(0, 60)}>; a customs message is a <Manifest>, possibly inside a port platform <MFTMessage>.`, { path: `/${rootName.slice(0, 60)}` })] };
}

function wrapperIssue(text: string): CustomsParseResult {
  return { issues: [makeIssue('GW_ERR_XML_WRAPPER_DATA_INVALID', text, { path: '/MFTMessage/MFTData' })] };
}

function readWrapped(root: XmlContent | undefined, namespace: string | undefined, options: CustomsParseOptions): CustomsParseResult {
  if (root === undefined || typeof root === 'string' || Array.isArray(root)) return wrapperIssue('MFTMessage holds neither MFTHead nor MFTData.');
  const headIssues: Issue[] = [];
  const head = readMftHead(root.MFTHead, '/MFTMessage/MFTHead', headIssues);
  const data = Object.hasOwn(root, 'MFTData') ? root.MFTData : undefined;
  if (data === undefined) return wrapperIssue('MFTMessage has no MFTData.');
  if (Array.isArray(data)) return wrapperIssue('MFTMessage has more than one MFTData.');
  let result: CustomsParseResult;
  let form: MftDataForm;
  if (typeof data === 'string' || !Object.hasOwn(data, 'Manifest')) {
    const text = typeof data === 'string' ? data : typeof data[TEXT_KEY] === 'string' ? data[TEXT_KEY] : '';
    const unpacked = unpackMftData(text, options.maxBytes ?? DEFAULT_LIMITS.maxBytes);
    if ('issue' in unpacked) return wrapperIssue(unpacked.issue);
    form = unpacked.form;
    const inner = parseDocument(unpacked.input, options, false);
    result = { ...inner, issues: inner.issues.map((i) => insideMftData(i, form)) };
  } else {
    const manifest = data.Manifest;
    if (Array.isArray(manifest)) return wrapperIssue('MFTData holds more than one Manifest.');
    form = 'elements';
    result = readManifest(manifest, namespace, '/MFTMessage/MFTData/Manifest', options);
  }
  if (result.message) result.message.wrapper = { head, dataForm: form };
  return { ...result, issues: [...headIssues, ...result.issues] };
}

function insideMftData(issue: Issue, form: MftDataForm): Issue {
  const path = issue.location?.path;
  return { ...issue, text: `In MFTData (${form}): ${issue.text}`, location: { ...issue.location, path: `/MFTMessage/MFTData${path ?? ''}` } };
}

const BASE64 = /^[A-Za-z0-9+/\r\n\t ]+={0,2}[\r\n\t ]*$/;

function unpackMftData(text: string, maxBytes: number): { input: Buffer | string; form: MftDataForm } | { issue: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { issue: 'MFTData is empty.' };
  if (trimmed.startsWith('<')) return { input: trimmed, form: 'text' };
  if (!BASE64.test(trimmed)) return { issue: 'MFTData holds text that is neither XML nor base64.' };
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      // maxOutputLength bounds a compression bomb the same way the body limit bounds a plain body.
      return { input: gunzipSync(bytes, { maxOutputLength: maxBytes }), form: 'gzip-base64' };
    } catch (err) {
      const tooBig = err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      return { issue: tooBig ? `MFTData inflates to more than ${maxBytes} bytes.` : 'MFTData is base64 of corrupt gzip data.' };
    }
  }
  return { input: bytes, form: 'base64' };
}

function emptyHead(): CustomsHead {
  return Object.fromEntries(HEAD_FIELDS.map((f) => [f, ''])) as unknown as CustomsHead;
}

function readManifest(value: XmlContent | undefined, namespace: string | undefined, path: string, options: CustomsParseOptions): CustomsParseResult {
  const issues: Issue[] = [];
  const manifest: XmlElement = value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : {};
  const headValue = Object.hasOwn(manifest, 'Head') ? manifest.Head : undefined;
  let head: CustomsHead;
  if (headValue === undefined || typeof headValue === 'string' || Array.isArray(headValue)) {
    issues.push(makeIssue('GW_ERR_XML_HEAD_MISSING', Array.isArray(headValue) ? 'The Manifest has more than one Head.' : 'The Manifest has no Head element with fields.', { path: `${path}/Head` }));
    head = emptyHead();
  } else {
    head = readHead(headValue, `${path}/Head`, issues);
  }
  const type = resolveType(namespace, head, path, issues);
  if (type === undefined) return { issues };

  const declValue = Object.hasOwn(manifest, 'Declaration') ? manifest.Declaration : undefined;
  let declaration: XmlElement = {};
  if (declValue === undefined) {
    issues.push(makeIssue('GW_ERR_XML_DECLARATION_MISSING', 'The Manifest has no Declaration element.', { path: `${path}/Declaration` }));
  } else if (Array.isArray(declValue)) {
    issues.push(makeIssue('GW_ERR_XML_ELEMENT_TOO_MANY', 'The Manifest has more than one Declaration; only the first is read.', { path: `${path}/Declaration` }));
    const first = declValue[0];
    declaration = typeof first === 'object' ? first : {};
  } else if (typeof declValue === 'object') {
    declaration = declValue;
  }
  for (const key of Object.keys(manifest)) {
    if (key !== 'Head' && key !== 'Declaration' && !key.startsWith('@')) {
      issues.push(makeIssue('GW_ERR_XML_ELEMENT_UNKNOWN', `Manifest/${key} is neither Head nor Declaration; it is not kept.`, { path: `${path}/${key}` }));
    }
  }
  if (options.checkStructure !== false && declValue !== undefined) {
    const variant = variantFor(messageSchema(type), head.FunctionCode);
    const declType = variant ? sequenceOf(variant, variant.root).find((d) => d.name === 'Declaration')?.type : undefined;
    if (variant && declType !== undefined) checkElement(declaration, declType, variant, `${path}/Declaration`, issues);
  }
  const message: CustomsMessage = { type, head, declaration };
  if (namespace !== undefined) message.namespace = namespace;
  return { message, issues };
}
