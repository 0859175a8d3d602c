/**
 * The in-memory shape of one parsed directory, the same whether it was read from the official text
 * files or from the machine-readable XML, so the two can be compared and written alike.
 */
import type { CodeList } from './official-codes.js';

export type StructureJson =
  | { kind: 'segment'; tag: string; mandatory: boolean; max: number }
  | { kind: 'group'; id: string; mandatory: boolean; max: number; children: StructureJson[] };

/** Messages added on request (`--message X --directory D`), per directory; scripts/catalogue/requests.json. */
export type Requests = Record<string, string[]>;

export interface MessageFile {
  generatedBy: string;
  sources: string[];
  directory: string;
  type: string;
  name: string;
  /** UNH S009 0052:0054 where it is not simply the directory (CONTRL). */
  version?: string;
  structure: StructureJson[];
}

export interface ElementRef {
  id: string;
  mandatory: boolean;
  /** Only when more than 1 (repeating data elements of syntax version 4, from D.99B on). */
  repeat?: number;
}

export interface SegmentSpec {
  name: string;
  elements: ElementRef[];
}

export interface CompositeSpec {
  name: string;
  components: ElementRef[];
}

export interface ElementSpec {
  name: string;
  repr: string;
}

export interface MessageSpec {
  name: string;
  structure: StructureJson[];
  /** Path of the file the table was read from, relative to the reference root. */
  source: string;
}

export interface ParsedDirectory {
  /** e.g. D95B */
  id: string;
  segments: Map<string, SegmentSpec>;
  composites: Map<string, CompositeSpec>;
  elements: Map<string, ElementSpec>;
  /** undefined when the directory publishes no code lists. */
  codeLists: Map<string, CodeList> | undefined;
  messages: Map<string, MessageSpec>;
  sources: { segments: string[]; composites: string[]; elements: string[]; codes: string[] };
}

export function structureTags(nodes: readonly StructureJson[], into = new Set<string>()): Set<string> {
  for (const n of nodes) {
    if (n.kind === 'segment') into.add(n.tag);
    else structureTags(n.children, into);
  }
  return into;
}
