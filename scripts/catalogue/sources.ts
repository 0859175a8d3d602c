/**
 * Where the catalogue's input lives and how to read it. Every generated file names its inputs with
 * `provenance()`, so a reader can trace each table back to the published text it came from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { XMLParser } from 'fast-xml-parser';

export const GENERATED_BY = 'scripts/catalogue/generate.ts';

/** Default: the shared reference folder next to the repository checkout. */
export function defaultReferenceRoot(repoRoot: string): string {
  return resolve(repoRoot, '..', 'shared', 'reference');
}

export function referenceAvailable(root: string): boolean {
  return existsSync(join(root, 'untdid-official')) && existsSync(join(root, 'edifact-directories'));
}

/** A file below the reference root, by its path relative to that root (forward slashes). */
export class Reference {
  readonly root: string;
  private readonly memo = new Map<string, unknown>();

  constructor(root: string) {
    this.root = root;
  }

  /** Parsed results used by several directories (a neighbour's code lists) are read once per run. */
  cached<T>(key: string, make: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as T;
  }

  path(rel: string): string {
    return join(this.root, ...rel.split('/'));
  }

  exists(rel: string): boolean {
    return existsSync(this.path(rel));
  }

  /**
   * The UN directory files were written on DOS: the message texts draw their segment tables with
   * code page 437 box characters, and D.93A to D.97A are code page 437 throughout (README.TXT says
   * so). From D.99B on, the few accented code names are Latin-1 (windows-1252 for the odd 0x92).
   */
  officialText(rel: string): string[] {
    // DOS files end with a Ctrl-Z end-of-file byte.
    let bytes = readFileSync(this.path(rel));
    while (bytes.length > 0 && bytes[bytes.length - 1] === 0x1a) bytes = bytes.subarray(0, -1);
    const cp437 = rel.includes('/messages/') || /^untdid-official\/d9[3-7]/.test(rel);
    return iconv.decode(bytes, cp437 ? 'cp437' : 'win1252').split(/\r?\n/);
  }

  text(rel: string): string[] {
    return readFileSync(this.path(rel), 'utf8').split(/\r?\n/);
  }

  xml(rel: string): XmlNode {
    return parseXml(readFileSync(this.path(rel), 'utf8'));
  }
}

/** Where each reference folder came from, and under which licence; quoted in every `sources` entry. */
export function provenance(rel: string): string {
  const top = rel.split('/')[0];
  const dir = /^untdid-official\/d(\d\d)([ab])\//i.exec(rel);
  switch (top) {
    case 'untdid-official':
      return `${rel} (UN/ECE UNTDID${dir ? ` D.${dir[1]}${dir[2].toUpperCase()}` : ''}, UN/EDIFACT directory licence; copy from nick-manasys/edi-parser@2d15af9)`;
    case 'edifact-directories':
      return `${rel} (machine-readable directory from php-edifact/edifact-mapping@c875cda, LGPL-3.0)`;
    case 'untdid-message-texts':
      return `${rel} (UNTDID message text from apimeister/edifact-types@6aeb9ac, MIT / Apache-2.0)`;
    default:
      return rel;
  }
}

export interface XmlNode {
  tag: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}

type OrderedEntry = Record<string, unknown>;

/** Document order matters (the element order of a segment), so the parser keeps it. */
export function parseXml(source: string): XmlNode {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, parseAttributeValue: false });
  const entries = parser.parse(source) as OrderedEntry[];
  const nodes = entries.map(toNode).filter((n): n is XmlNode => n !== undefined && !n.tag.startsWith('?'));
  if (nodes.length !== 1) throw new Error(`expected one XML root element, found ${nodes.length}`);
  return nodes[0];
}

function toNode(entry: OrderedEntry): XmlNode | undefined {
  const tag = Object.keys(entry).find((k) => k !== ':@' && k !== '#text');
  if (tag === undefined) return undefined;
  const attrs = (entry[':@'] ?? {}) as Record<string, string>;
  const children = (entry[tag] as OrderedEntry[]).map(toNode).filter((n): n is XmlNode => n !== undefined);
  return { tag, attrs, children };
}
