/**
 * One linear pass over the decoded text that refuses hostile or broken XML before fast-xml-parser
 * builds anything: DOCTYPE and every other markup declaration (so no entity expansion and no
 * external entity can exist), processing instructions, undefined entity references, characters XML
 * forbids, nesting, name, attribute and element-count limits, and well-formedness that the parser
 * itself would let through silently (mismatched or unclosed tags, text or a second element after
 * the root). It jumps from '<' to '<' with indexOf and never allocates more than the element stack,
 * so a 100 MB billion-laughs document or a deep-nesting bomb is refused in microseconds, at the
 * first offending character, and a normal manifest costs a small fraction of the parse.
 *
 * On the way it notes the root name, the namespace of the first Manifest element and the text of
 * the first MessageType element, which decide the parser's array rules before parsing.
 */
import type { ErrorCode, Issue } from '../../errors/index.js';
import { FORBIDDEN_CONTROL_CHAR, FORBIDDEN_XML_CHAR } from './chars.js';
import { issueAt, type SourceText, type XmlLimits } from './source.js';

export interface ScanResult {
  /** Empty, or exactly one refusal. */
  issues: Issue[];
  rootName?: string;
  /** Namespace URI of the first element whose local name is Manifest. */
  manifestNamespace?: string;
  /** Trimmed text of the first element whose local name is MessageType (at most 32 characters). */
  messageTypeText?: string;
  elements: number;
}

const MARKUP_DECLARATIONS = ['<!DOCTYPE', '<!ENTITY', '<!ELEMENT', '<!ATTLIST', '<!NOTATION'];
const PREDEFINED_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
function isNameEnd(c: number): boolean {
  return isSpace(c) || c === 0x3e /* > */ || c === 0x2f /* / */ || c === 0x3d /* = */;
}
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Thrown inside the scan loop to stop at the first problem; never leaves this module. */
class Refusal extends Error {
  readonly code: ErrorCode;
  readonly index: number;
  constructor(code: ErrorCode, text: string, index: number) {
    super(text);
    this.code = code;
    this.index = index;
  }
}

export function scanXml(src: SourceText, limits: XmlLimits): ScanResult {
  const result: ScanResult = { issues: [], elements: 0 };
  try {
    scan(src.text, src.start, limits, result, false);
    // Text decoded from valid UTF-8 or GB18030 cannot hold lone surrogates; only strings can.
    const bad = (src.bytes ? FORBIDDEN_CONTROL_CHAR : FORBIDDEN_XML_CHAR).exec(src.text);
    if (bad) {
      const cp = bad[0].charCodeAt(0);
      throw new Refusal('GW_ERR_XML_CHAR_INVALID', `Character U+${cp.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML.`, bad.index);
    }
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    result.issues.push(issueAt(src, err.code, err.message, err.index));
  }
  return result;
}

/**
 * Looks only at the prolog (what precedes the root element) of the first bytes, before the body is
 * decoded at all: a DOCTYPE or processing instruction there is refused at once, however large the
 * body behind it. `head` is the start of the body read as latin1 (one character per byte), so the
 * index returned is a byte offset. A prolog longer than `head` is left to the full scan.
 */
export function scanProlog(head: string, limits: XmlLimits): { code: ErrorCode; text: string; index: number } | undefined {
  try {
    scan(head, 0, limits, { issues: [], elements: 0 }, true);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    if (err.code !== 'GW_ERR_XML_TRUNCATED') return { code: err.code, text: err.message, index: err.index };
  }
  return undefined;
}

function sameName(s: string, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) {
    if (s.charCodeAt(a + k) !== s.charCodeAt(b + k)) return false;
  }
  return true;
}

/** Whether the name s[from, to) has the local part `local` (after an optional prefix). */
function hasLocalName(s: string, from: number, to: number, local: string): boolean {
  const start = to - local.length;
  return start >= from && s.startsWith(local, start) && (start === from || s.charCodeAt(start - 1) === 0x3a /* : */);
}

function isReservedName(s: string, from: number, to: number): boolean {
  return to - from >= 9 && (hasLocalName(s, from, to, '__proto__') || hasLocalName(s, from, to, 'constructor') || hasLocalName(s, from, to, 'prototype'));
}

function scan(s: string, start: number, limits: XmlLimits, out: ScanResult, prologOnly: boolean): void {
  const n = s.length;
  let pos = start;
  while (pos < n && isSpace(s.charCodeAt(pos))) pos++;
  if (s.startsWith('<?xml', pos) && isSpace(s.charCodeAt(pos + 5))) {
    const end = s.indexOf('?>', pos);
    if (end === -1) throw new Refusal('GW_ERR_XML_TRUNCATED', 'The XML declaration is not closed with "?>".', pos);
    pos = end + 2;
  }

  // Open elements as (start, length) of their names in `s`: no string is made per element.
  const nameStart = new Int32Array(limits.maxDepth + 1);
  const nameLength = new Int32Array(limits.maxDepth + 1);
  let depth = 0;
  let rootClosed = false;
  let captureMessageType = false;
  // Position of the next '&' at or after the scan position, -1 when there is none left; kept across
  // text runs so that the search stays linear however many runs the document has.
  let nextAmp = s.indexOf('&', pos);

  const checkReferences = (from: number, to: number): void => {
    if (nextAmp !== -1 && nextAmp < from) nextAmp = s.indexOf('&', from);
    while (nextAmp !== -1 && nextAmp < to) {
      checkReference(s, nextAmp, to);
      nextAmp = s.indexOf('&', nextAmp + 1);
    }
  };

  while (true) {
    const lt = s.indexOf('<', pos);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > pos) {
      if (depth === 0) {
        for (let k = pos; k < textEnd; k++) {
          if (!isSpace(s.charCodeAt(k))) throw new Refusal('GW_ERR_XML_MALFORMED', out.rootName === undefined ? 'Text before the root element.' : 'Text after the root element.', k);
        }
      } else {
        checkReferences(pos, textEnd);
        if (captureMessageType) out.messageTypeText = s.slice(pos, Math.min(textEnd, pos + 64)).trim().slice(0, 32);
      }
    }
    captureMessageType = false;
    if (lt === -1) break;
    const c = s.charCodeAt(lt + 1);

    if (c === 0x2f /* </ */) {
      let i = lt + 2;
      while (i < n && !isNameEnd(s.charCodeAt(i))) {
        i++;
        if (i - lt - 2 > limits.maxNameLength) throw new Refusal('GW_ERR_XML_NAME_TOO_LONG', `An element name is longer than ${limits.maxNameLength} characters.`, lt + 2);
      }
      const nameEnd = i;
      while (i < n && isSpace(s.charCodeAt(i))) i++;
      if (i >= n) throw new Refusal('GW_ERR_XML_TRUNCATED', 'The document ends inside a closing tag.', lt);
      if (s.charCodeAt(i) !== 0x3e) throw new Refusal('GW_ERR_XML_MALFORMED', 'A closing tag must end with ">".', i);
      if (depth === 0) throw new Refusal('GW_ERR_XML_MALFORMED', `Closing tag </${s.slice(lt + 2, nameEnd)}> has no matching start tag.`, lt);
      depth--;
      const length = nameEnd - lt - 2;
      if (length !== nameLength[depth] || !sameName(s, lt + 2, nameStart[depth], length)) {
        const open = s.slice(nameStart[depth], nameStart[depth] + nameLength[depth]);
        throw new Refusal('GW_ERR_XML_MALFORMED', `Closing tag </${s.slice(lt + 2, nameEnd)}> does not match the open element <${open}>.`, lt);
      }
      if (depth === 0) rootClosed = true;
      pos = i + 1;
      continue;
    }

    if (c === 0x21 /* <! */) {
      if (s.startsWith('<!--', lt)) {
        const end = s.indexOf('-->', lt + 4);
        if (end === -1) throw new Refusal('GW_ERR_XML_TRUNCATED', 'The document ends inside a comment.', lt);
        pos = end + 3;
        continue;
      }
      if (s.startsWith('<![CDATA[', lt)) {
        if (depth === 0) throw new Refusal('GW_ERR_XML_MALFORMED', 'A CDATA section outside the root element.', lt);
        const end = s.indexOf(']]>', lt + 9);
        if (end === -1) throw new Refusal('GW_ERR_XML_TRUNCATED', 'The document ends inside a CDATA section.', lt);
        pos = end + 3;
        continue;
      }
      const decl = MARKUP_DECLARATIONS.find((d) => s.startsWith(d, lt));
      if (decl !== undefined) {
        throw new Refusal('GW_ERR_XML_DOCTYPE', `${decl.slice(1)} is not accepted: customs XML has no document type declaration, and the gateway expands no entities and reads no external ones.`, lt);
      }
      throw new Refusal('GW_ERR_XML_MALFORMED', '"<!" starts neither a comment nor a CDATA section.', lt);
    }

    if (c === 0x3f /* <? */) {
      let i = lt + 2;
      while (i < n && i < lt + 66 && !isSpace(s.charCodeAt(i)) && s.charCodeAt(i) !== 0x3f) i++;
      const target = s.slice(lt + 2, i);
      throw new Refusal('GW_ERR_XML_PI_FORBIDDEN', target.toLowerCase() === 'xml'
        ? 'An XML declaration is only allowed at the very start of the document.'
        : `Processing instruction <?${target}?> is not accepted.`, lt);
    }

    // Start tag.
    let i = lt + 1;
    while (i < n && !isNameEnd(s.charCodeAt(i))) {
      const ch = s.charCodeAt(i);
      if (ch === 0x3c || ch === 0x22 || ch === 0x27 || ch === 0x26) throw new Refusal('GW_ERR_XML_MALFORMED', 'A character that cannot appear in an element name.', i);
      i++;
      if (i - lt - 1 > limits.maxNameLength) throw new Refusal('GW_ERR_XML_NAME_TOO_LONG', `An element name is longer than ${limits.maxNameLength} characters.`, lt + 1);
    }
    if (i >= n) throw new Refusal('GW_ERR_XML_TRUNCATED', 'The document ends inside a start tag.', lt);
    if (i === lt + 1) throw new Refusal('GW_ERR_XML_MALFORMED', '"<" is not followed by an element name (write &lt; for a literal "<").', lt);
    if (prologOnly) return;
    const first = s.charCodeAt(lt + 1);
    if ((first >= 0x30 && first <= 0x39) || first === 0x2d || first === 0x2e) throw new Refusal('GW_ERR_XML_MALFORMED', 'An element name cannot start with a digit, "-" or ".".', lt + 1);
    const tagEnd = i;
    if (isReservedName(s, lt + 1, tagEnd)) throw new Refusal('GW_ERR_XML_NAME_RESERVED', `Element name "${s.slice(lt + 1, tagEnd)}" is not accepted.`, lt + 1);
    if (rootClosed) throw new Refusal('GW_ERR_XML_MALFORMED', 'A second element after the root element has closed.', lt);
    if (++out.elements > limits.maxElements) throw new Refusal('GW_ERR_XML_TOO_MANY_ELEMENTS', `The document holds more than ${limits.maxElements} elements.`, lt);
    out.rootName ??= s.slice(lt + 1, tagEnd);
    const isManifest = out.manifestNamespace === undefined && hasLocalName(s, lt + 1, tagEnd, 'Manifest');
    const prefix = isManifest ? s.slice(lt + 1, Math.max(lt + 1, tagEnd - 9)) : '';

    const attrNames: string[] = [];
    let selfClosing = false;
    while (true) {
      const before = i;
      while (i < n && isSpace(s.charCodeAt(i))) i++;
      if (i >= n) throw new Refusal('GW_ERR_XML_TRUNCATED', 'The document ends inside a start tag.', lt);
      const ch = s.charCodeAt(i);
      if (ch === 0x3e) { i++; break; }
      if (ch === 0x2f) {
        if (s.charCodeAt(i + 1) !== 0x3e) throw new Refusal(i + 1 >= n ? 'GW_ERR_XML_TRUNCATED' : 'GW_ERR_XML_MALFORMED', 'Expected "/>" to close an empty element.', i);
        selfClosing = true;
        i += 2;
        break;
      }
      if (i === before) throw new Refusal('GW_ERR_XML_MALFORMED', 'Attributes must be separated by white space.', i);
      const attrStart = i;
      while (i < n && !isNameEnd(s.charCodeAt(i))) {
        const a = s.charCodeAt(i);
        if (a === 0x3c || a === 0x22 || a === 0x27 || a === 0x26) throw new Refusal('GW_ERR_XML_MALFORMED', 'A character that cannot appear in an attribute name.', i);
        i++;
        if (i - attrStart > limits.maxNameLength) throw new Refusal('GW_ERR_XML_NAME_TOO_LONG', `An attribute name is longer than ${limits.maxNameLength} characters.`, attrStart);
      }
      if (i === attrStart) throw new Refusal('GW_ERR_XML_MALFORMED', 'An attribute name is missing.', i);
      const attrName = s.slice(attrStart, i);
      if (isReservedName(s, attrStart, i)) throw new Refusal('GW_ERR_XML_NAME_RESERVED', `Attribute name "${attrName}" is not accepted.`, attrStart);
      while (i < n && isSpace(s.charCodeAt(i))) i++;
      if (i >= n) throw new Refusal('GW_ERR_XML_TRUNCATED', 'The document ends inside a start tag.', lt);
      if (s.charCodeAt(i) !== 0x3d) throw new Refusal('GW_ERR_XML_MALFORMED', `Attribute "${attrName}" has no "=" and value.`, i);
      i++;
      while (i < n && isSpace(s.charCodeAt(i))) i++;
      const q = s.charCodeAt(i);
      if (i >= n) throw new Refusal('GW_ERR_XML_TRUNCATED', 'The document ends inside a start tag.', lt);
      if (q !== 0x22 && q !== 0x27) throw new Refusal('GW_ERR_XML_MALFORMED', `The value of attribute "${attrName}" must be in quotes.`, i);
      const close = s.indexOf(q === 0x22 ? '"' : "'", i + 1);
      if (close === -1) throw new Refusal('GW_ERR_XML_TRUNCATED', 'The document ends inside an attribute value.', i);
      if (close - i - 1 > limits.maxAttributeLength) {
        throw new Refusal('GW_ERR_XML_ATTRIBUTE_TOO_LONG', `The value of attribute "${attrName}" has ${close - i - 1} characters; the limit is ${limits.maxAttributeLength}.`, attrStart);
      }
      for (let k = i + 1; k < close; k++) {
        if (s.charCodeAt(k) === 0x3c) throw new Refusal('GW_ERR_XML_MALFORMED', `The value of attribute "${attrName}" contains "<" (write &lt;).`, k);
      }
      checkReferences(i + 1, close);
      if (attrNames.length >= limits.maxAttributes) throw new Refusal('GW_ERR_XML_TOO_MANY_ATTRIBUTES', `Element <${s.slice(lt + 1, tagEnd)}> has more than ${limits.maxAttributes} attributes.`, attrStart);
      if (attrNames.includes(attrName)) throw new Refusal('GW_ERR_XML_MALFORMED', `Attribute "${attrName}" appears twice on <${s.slice(lt + 1, tagEnd)}>.`, attrStart);
      attrNames.push(attrName);
      if (isManifest && (attrName === 'xmlns' ? prefix === '' : attrName === `xmlns:${prefix}` && prefix !== '')) {
        out.manifestNamespace = s.slice(i + 1, close);
      }
      i = close + 1;
    }
    if (selfClosing) {
      if (depth === 0) rootClosed = true;
    } else {
      if (depth >= limits.maxDepth) throw new Refusal('GW_ERR_XML_TOO_DEEP', `Elements are nested more than ${limits.maxDepth} deep.`, lt);
      nameStart[depth] = lt + 1;
      nameLength[depth] = tagEnd - lt - 1;
      depth++;
      if (out.messageTypeText === undefined && hasLocalName(s, lt + 1, tagEnd, 'MessageType')) captureMessageType = true;
    }
    pos = i;
  }

  if (prologOnly) return;
  if (depth > 0) throw new Refusal('GW_ERR_XML_TRUNCATED', `The document ends before <${s.slice(nameStart[depth - 1], nameStart[depth - 1] + nameLength[depth - 1])}> is closed.`, n);
  if (out.rootName === undefined) throw new Refusal('GW_ERR_XML_MALFORMED', 'The document has no root element.', n);
}

/** Checks the reference starting with '&' at `amp`; only XML's five predefined entities and character references exist without a DTD. */
function checkReference(s: string, amp: number, limit: number): void {
  let i = amp + 1;
  const end = Math.min(limit, amp + 66);
  while (i < end && s.charCodeAt(i) !== 0x3b /* ; */) i++;
  if (i >= end) throw new Refusal('GW_ERR_XML_MALFORMED', 'A bare "&" must be written &amp;.', amp);
  const body = s.slice(amp + 1, i);
  if (body.startsWith('#')) {
    const cp = /^#x[0-9a-fA-F]{1,6}$/.test(body) ? parseInt(body.slice(2), 16) : /^#[0-9]{1,7}$/.test(body) ? parseInt(body.slice(1), 10) : NaN;
    if (Number.isNaN(cp)) throw new Refusal('GW_ERR_XML_MALFORMED', `"&${body};" is not a valid character reference.`, amp);
    if (!isXmlChar(cp)) throw new Refusal('GW_ERR_XML_CHAR_INVALID', `Character reference &${body}; points to a character XML does not allow.`, amp);
    return;
  }
  if (PREDEFINED_ENTITIES.has(body)) return;
  if (/^[A-Za-z_:][\w.:-]*$/.test(body)) throw new Refusal('GW_ERR_XML_ENTITY_UNDEFINED', `Entity &${body}; is not defined (documents carry no DTD, so only &amp; &lt; &gt; &quot; &apos; exist).`, amp);
  throw new Refusal('GW_ERR_XML_MALFORMED', 'A bare "&" must be written &amp;.', amp);
}
