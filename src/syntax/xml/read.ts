/**
 * Safe XML reading: decode and sniff (input.ts), refuse hostile structure (prescan.ts), then let
 * fast-xml-parser build the plain object tree described in types.ts. The parser only ever sees a
 * document without DTD, processing instructions or undefined entities, within the limits.
 */
import { XMLParser } from 'fast-xml-parser';
import { makeIssue, type Issue } from '../../errors/index.js';
import { xmlEntityDecoder } from './entities.js';
import { DEFAULT_LIMITS, decodeXmlInput, type SourceText, type XmlLimits } from './input.js';
import { scanXml, type ScanResult } from './prescan.js';
import { ATTRIBUTE_PREFIX, TEXT_KEY, type XmlElement } from './types.js';

export interface XmlReadOptions extends Partial<XmlLimits> {
  /** Partner setting: accept documents that declare GB18030, GBK or GB2312 (all decoded as GB18030). */
  allowGb18030?: boolean;
}

export interface PreparedXml {
  src: SourceText;
  scan: ScanResult;
}

/** Decodes and pre-scans; `issues` holds the one refusal when the input is not safe, well-formed XML. */
export function prepareXml(input: Buffer | string, options: XmlReadOptions = {}): { prepared?: PreparedXml; issues: Issue[] } {
  const limits: XmlLimits = { ...DEFAULT_LIMITS, ...definedLimits(options) };
  const decoded = decodeXmlInput(input, { ...(options.allowGb18030 !== undefined ? { allowGb18030: options.allowGb18030 } : {}), limits });
  if (decoded.issues.length > 0) return { issues: decoded.issues };
  const scan = scanXml(decoded.src, limits);
  if (scan.issues.length > 0) return { issues: scan.issues };
  return { prepared: { src: decoded.src, scan }, issues: [] };
}

function definedLimits(options: XmlReadOptions): Partial<XmlLimits> {
  const out: Partial<XmlLimits> = {};
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof XmlLimits)[]) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Decides from the dotted element path (names without prefixes) whether an element is always an array. */
export type ArrayRule = (path: string) => boolean;

function stripPrefix(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/**
 * Parses a prepared document into the tree. Element names lose their namespace prefix (customs
 * documents use one default namespace; the URI itself was noted by the pre-scan); attributes keep
 * theirs. All values stay strings.
 */
export function parseXmlTree(prepared: PreparedXml, isArray: ArrayRule, maxDepth = DEFAULT_LIMITS.maxDepth): { tree?: XmlElement; issues: Issue[] } {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    textNodeName: TEXT_KEY,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: true,
    entityDecoder: xmlEntityDecoder,
    transformTagName: stripPrefix,
    maxNestedTags: maxDepth + 1,
    isArray: (_name, jPath, _isLeaf, isAttribute) => !isAttribute && typeof jPath === 'string' && isArray(jPath),
  });
  try {
    const tree = parser.parse(prepared.src.text.slice(prepared.src.start)) as XmlElement;
    return { tree, issues: [] };
  } catch (err) {
    // The pre-scan catches what we know of; anything else the parser refuses is still malformed XML.
    const reason = err instanceof Error ? err.message.slice(0, 200) : 'unknown reason';
    return { issues: [makeIssue('GW_ERR_XML_MALFORMED', `The XML parser refused the document: ${reason}`)] };
  }
}
