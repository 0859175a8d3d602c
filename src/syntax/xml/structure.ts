/**
 * Checks a read Declaration (or any element) against the schema knowledge of its message variant:
 * required elements, occurrences, elements and attributes the schema does not know, text in elements
 * the XSD declares empty, and the facets of the gateway's own XSDs. Unknown elements are kept in
 * the tree and reported as warnings, so newer customs elements (AEO) are never dropped silently.
 */
import { makeIssue, type Issue } from '../../errors/index.js';
import { isRepeating, sequenceOf, type ElementDef, type VariantDef } from './schema.js';
import { ATTRIBUTE_PREFIX, TEXT_KEY, type XmlElement, type XmlValue } from './types.js';

const patternCache = new Map<string, RegExp>();

function pattern(source: string): RegExp {
  let re = patternCache.get(source);
  if (!re) {
    // XSD patterns are implicitly anchored.
    re = new RegExp(`^(?:${source})$`, 'u');
    patternCache.set(source, re);
  }
  return re;
}

function isNamespaceAttribute(key: string): boolean {
  return key === '@xmlns' || key.startsWith('@xmlns:') || key.startsWith('@xsi:');
}

function textOf(value: XmlValue): string {
  if (typeof value === 'string') return value;
  const text = value[TEXT_KEY];
  return typeof text === 'string' ? text : '';
}

function checkAttributes(value: XmlValue, allowed: readonly string[] | undefined, path: string, issues: Issue[]): void {
  if (typeof value === 'string') return;
  for (const key of Object.keys(value)) {
    if (!key.startsWith(ATTRIBUTE_PREFIX) || isNamespaceAttribute(key)) continue;
    const name = key.slice(ATTRIBUTE_PREFIX.length);
    if (!allowed?.includes(name)) {
      issues.push(makeIssue('GW_ERR_XML_ATTRIBUTE_UNKNOWN', `Attribute ${name} is not defined for this element.`, { path: `${path}/@${name}` }));
    }
  }
}

function checkNoChildren(value: XmlValue, path: string, issues: Issue[]): void {
  if (typeof value === 'string') return;
  for (const key of Object.keys(value)) {
    if (key.startsWith(ATTRIBUTE_PREFIX) || key === TEXT_KEY) continue;
    issues.push(makeIssue('GW_ERR_XML_ELEMENT_UNKNOWN', `Element ${key} is not defined inside this element, which holds text only.`, { path: `${path}/${key}` }));
  }
}

/** XSD lengths count characters (code points), not UTF-16 units: a rare CJK character is one. */
function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function checkFacets(def: ElementDef, text: string, path: string, issues: Issue[]): void {
  const length = codePointLength(text);
  if (def.maxLength !== undefined && length > def.maxLength) {
    issues.push(makeIssue('GW_ERR_XML_VALUE_TOO_LONG', `${def.name} has ${length} characters; at most ${def.maxLength} are allowed.`, { path }));
  }
  if (def.minLength !== undefined && length < def.minLength) {
    issues.push(makeIssue('GW_ERR_XML_VALUE_INVALID', `${def.name} has ${length} characters; at least ${def.minLength} are required.`, { path }));
  }
  if (def.pattern !== undefined && !pattern(def.pattern).test(text)) {
    issues.push(makeIssue('GW_ERR_XML_VALUE_INVALID', `${def.name} "${text.slice(0, 40)}" does not match the pattern ${def.pattern}.`, { path }));
  }
  if (def.enumeration !== undefined && !def.enumeration.includes(text)) {
    issues.push(makeIssue('GW_ERR_XML_VALUE_INVALID', `${def.name} "${text.slice(0, 40)}" is not one of ${def.enumeration.join(', ')}.`, { path }));
  }
}

function checkOccurrence(def: ElementDef, value: XmlValue, variant: VariantDef, path: string, issues: Issue[]): void {
  switch (def.content) {
    case 'any':
      return;
    case 'empty': {
      if (textOf(value).trim() !== '') {
        issues.push(makeIssue('GW_ERR_XML_TEXT_IN_EMPTY_ELEMENT', `${def.name} carries text, as customs practice has it, but ${variant.xsd} declares it empty (attributes only).`, { path }));
      }
      checkAttributes(value, def.attributes, path, issues);
      checkNoChildren(value, path, issues);
      return;
    }
    case 'simple':
      checkFacets(def, textOf(value), path, issues);
      checkAttributes(value, def.attributes, path, issues);
      checkNoChildren(value, path, issues);
      return;
    case 'complex': {
      if (textOf(value).trim() !== '') {
        issues.push(makeIssue('GW_ERR_XML_TEXT_NOT_ALLOWED', `${def.name} carries text, but the customs schema defines it as a group of elements.`, { path }));
      }
      checkAttributes(value, def.attributes, path, issues);
      checkElement(typeof value === 'string' ? {} : value, def.type ?? '', variant, path, issues);
      return;
    }
  }
}

/** Checks the children of `element` against complex type `typeName`; `path` is the element's own path. */
export function checkElement(element: XmlElement, typeName: string, variant: VariantDef, path: string, issues: Issue[]): void {
  const sequence = sequenceOf(variant, typeName);
  const known = new Set<string>();
  for (const def of sequence) {
    known.add(def.name);
    const raw = Object.hasOwn(element, def.name) ? element[def.name] : undefined;
    const values: XmlValue[] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const childPath = `${path}/${def.name}`;
    if (values.length < def.min) {
      issues.push(makeIssue('GW_ERR_XML_ELEMENT_MISSING', values.length === 0
        ? `Required element ${def.name} is missing.`
        : `${def.name} occurs ${values.length} times; at least ${def.min} are required.`, { path: childPath }));
    }
    if (def.max !== null && values.length > def.max) {
      issues.push(makeIssue('GW_ERR_XML_ELEMENT_TOO_MANY', def.max === 0
        ? `${def.name} is not allowed in a ${variant.name} message (${variant.xsd}).`
        : `${def.name} occurs ${values.length} times; at most ${def.max} are allowed.`, { path: childPath }));
    }
    const indexed = isRepeating(def) || values.length > 1;
    values.forEach((value, k) => {
      checkOccurrence(def, value, variant, indexed ? `${childPath}[${k + 1}]` : childPath, issues);
    });
  }
  for (const key of Object.keys(element)) {
    if (key.startsWith(ATTRIBUTE_PREFIX) || key === TEXT_KEY || known.has(key)) continue;
    issues.push(makeIssue('GW_ERR_XML_ELEMENT_UNKNOWN', `Element ${key} is not defined by the customs schema (${variant.xsd}); it is kept but not checked.`, { path: `${path}/${key}` }));
  }
}
