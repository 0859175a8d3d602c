/**
 * China customs manifest XML ⇄ canonical documents, through the declarative specs in mappings/
 * (format "xml") and the XML dialect of the mapping language. See docs/mapping-xml.md.
 */
export { readCustomsXml, writeCustomsXml, type CustomsReadOptions, type CustomsReadResult, type CustomsWriteOptions, type CustomsWriteResult } from './adapter.js';
export { createXmlAdapter } from './format.js';
export { compileXmlSpecs, xmlSpecForDocument, xmlSpecsForMessage } from './plans.js';
