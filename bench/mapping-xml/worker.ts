/**
 * One variant of the customs XML mapping benchmark, in its own process. Prints one JSON line:
 * { variant, inputBytes, outputBytes, iterations, wallSeconds, cpuSeconds }.
 *
 *   manifest-to-xml        Manifest JSON text → MT1101 XML bytes (JSON.parse, mapping, checks, xmlbuilder2)
 *   xmlbuilder2            the same XML from its element tree with xmlbuilder2 alone, no mapping (reference)
 *   xml-to-manifest        MT1101 XML bytes → Manifest JSON text (safe reader, mapping, JSON.stringify)
 *   fast-xml-parser        the same XML bytes parsed by fast-xml-parser alone, no mapping (reference)
 *
 * The gateway's code comes from dist/ (what users run): tsx's transform wraps closures in keepNames
 * helpers that make them several times slower.
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { fragment } from 'xmlbuilder2';
import type * as Mapping from '../../src/mapping/xml/index.js';
import type * as Registry from '../../src/mapping/registry.js';
import type { XmlContent, XmlElement } from '../../src/syntax/xml/index.js';
import { distModule } from '../lib.js';

const { readCustomsXml, writeCustomsXml } = await distModule<typeof Mapping>('mapping/xml/index.js');
const { MappingRegistry } = await distModule<typeof Registry>('mapping/registry.js');

const [variant, xmlFile, jsonFile, minSecondsArg] = process.argv.slice(2) as [string, string, string, string?];
const minSeconds = Number(minSecondsArg ?? '3');
const xml = readFileSync(xmlFile);
const json = readFileSync(jsonFile, 'utf8');

type XB = ReturnType<typeof fragment>;

/** Adds one element (text, attributes, children, in tree order) below an xmlbuilder2 node. */
function add(parent: XB, name: string, content: XmlContent): void {
  if (Array.isArray(content)) {
    for (const item of content) add(parent, name, item);
    return;
  }
  if (typeof content === 'string') {
    parent.ele(name).txt(content);
    return;
  }
  let attrs: Record<string, string> | undefined;
  for (const k in content) if (k.startsWith('@')) (attrs ??= {})[k.slice(1)] = content[k] as string;
  const node = parent.ele(name, attrs);
  for (const k in content) {
    if (k === '#text') node.txt(content[k] as string);
    else if (!k.startsWith('@')) add(node, k, content[k]);
  }
}

function run(): () => number {
  switch (variant) {
    case 'manifest-to-xml': {
      const registry = new MappingRegistry();
      const options = { messageId: 'CN_MT1101_1p0_3100NB00001_20240308093000123', senderId: '3100NB00001', receiverId: 'EPORT' };
      return () => {
        const out = writeCustomsXml(JSON.parse(json) as unknown, registry, options);
        if (!out.output) throw new Error(JSON.stringify(out.issues.slice(0, 3)));
        return out.output.length;
      };
    }
    case 'xmlbuilder2': {
      // The element tree of the same message, read once beforehand: the build alone is measured,
      // one xmlbuilder2 fragment per child of Declaration (its fastest way, docs/customs-xml.md).
      const tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', parseTagValue: false, ignoreDeclaration: true }).parse(xml) as { Manifest: XmlElement };
      const manifest = tree.Manifest;
      const head = manifest.Head as XmlElement;
      const declaration = manifest.Declaration as XmlElement;
      return () => {
        const parts = ['<?xml version="1.0" encoding="UTF-8"?><Manifest xmlns="urn:Declaration:datamodel:standard:CN:MT1101:1">'];
        const h = fragment();
        add(h, 'Head', head);
        parts.push(h.end(), '<Declaration>');
        for (const [name, content] of Object.entries(declaration)) {
          if (name.startsWith('@')) continue;
          for (const item of Array.isArray(content) ? content : [content]) {
            const f = fragment();
            add(f, name, item);
            parts.push(f.end());
          }
        }
        parts.push('</Declaration></Manifest>');
        return Buffer.from(parts.join(''), 'utf8').length;
      };
    }
    case 'xml-to-manifest': {
      const registry = new MappingRegistry();
      return () => {
        const r = readCustomsXml(xml, registry);
        if (r.documents.length !== 1) throw new Error(JSON.stringify(r.issues.slice(0, 3)));
        return Buffer.byteLength(JSON.stringify(r.documents[0].document));
      };
    }
    case 'fast-xml-parser': {
      return () => {
        const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', parseTagValue: false, ignoreDeclaration: true });
        const tree = parser.parse(xml) as Record<string, unknown>;
        return Object.keys(tree).length;
      };
    }
    default:
      throw new Error(`unknown variant ${variant}`);
  }
}

const once = run();
const warmUntil = performance.now() + 1500;
let outputBytes = 0;
while (performance.now() < warmUntil) outputBytes = once();
let iterations = 0;
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
do {
  outputBytes = once();
  iterations++;
} while ((performance.now() - wall0) / 1000 < minSeconds);
const wallSeconds = (performance.now() - wall0) / 1000;
const cpu = process.cpuUsage(cpu0);
const inputBytes = variant === 'manifest-to-xml' ? Buffer.byteLength(json) : xml.length;
process.stdout.write(`${JSON.stringify({ variant, inputBytes, outputBytes, iterations, wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
