/**
 * Reader for the machine-readable directories (edifact-directories/D95B, D96A, D00B): message
 * tables from messages/<type>.xml, segment definitions with their composites and elements inlined
 * from segments.xml, code lists from codes.xml.
 */
import { readdirSync } from 'node:fs';
import { camelToWords } from './official-text.js';
import type { CompositeSpec, ElementRef, ElementSpec, MessageSpec, ParsedDirectory, SegmentSpec } from './model.js';
import { codeListsFromXml, reprFromXml, structureFromXml } from './xml-read.js';
import type { Reference, XmlNode } from './sources.js';

export function xmlMessageRel(dir: string, type: string): string {
  return `edifact-directories/${dir}/messages/${type.toLowerCase()}.xml`;
}

export function xmlMessageTypes(ref: Reference, dir: string): string[] {
  return readdirSync(ref.path(`edifact-directories/${dir}/messages`))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => f.slice(0, -4).toUpperCase())
    .sort();
}

export function readXmlMessage(ref: Reference, dir: string, type: string): MessageSpec {
  const rel = xmlMessageRel(dir, type);
  return { name: `${type} message`, structure: structureFromXml(ref.xml(rel)), source: rel };
}

/**
 * The whole machine-readable directory. Service segments (UNB, UNH, UNT, UNZ) in segments.xml use
 * private ids and are left to the syntax-version service definitions.
 */
export function readXmlDirectory(ref: Reference, dir: string, messageTypes: readonly string[]): ParsedDirectory {
  const segmentsRel = `edifact-directories/${dir}/segments.xml`;
  const codesRel = `edifact-directories/${dir}/codes.xml`;
  const segments = new Map<string, SegmentSpec>();
  const composites = new Map<string, CompositeSpec>();
  const elements = new Map<string, ElementSpec>();
  const addElement = (node: XmlNode): ElementRef => {
    const id = node.attrs.id;
    elements.set(id, { name: camelToWords(node.attrs.name), repr: reprFromXml(node) });
    return { id, mandatory: node.attrs.required === 'true' };
  };
  for (const seg of ref.xml(segmentsRel).children) {
    const tag = seg.attrs.id;
    if (tag.startsWith('UN')) continue;
    const refs = seg.children.map((node) => {
      if (node.tag !== 'composite_data_element') return addElement(node);
      composites.set(node.attrs.id, { name: camelToWords(node.attrs.name), components: node.children.map(addElement) });
      return { id: node.attrs.id, mandatory: node.attrs.required === 'true' };
    });
    segments.set(tag, { name: camelToWords(seg.attrs.name), elements: refs });
  }
  const messages = new Map<string, MessageSpec>();
  for (const type of messageTypes) messages.set(type, readXmlMessage(ref, dir, type));
  return {
    id: dir,
    segments,
    composites,
    elements,
    codeLists: codeListsFromXml(ref.xml(codesRel)),
    messages,
    sources: { segments: [segmentsRel], composites: [segmentsRel], elements: [segmentsRel], codes: [codesRel] },
  };
}
