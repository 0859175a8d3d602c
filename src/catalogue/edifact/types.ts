/**
 * The UN/EDIFACT message catalogue as the validator sees it: message segment tables, segment
 * definitions with their elements resolved, and code lists, per directory (D95B, D00B, ...) and
 * per syntax version for the service segments (UNB, UNH, UCI, ...).
 */
import type { ReprType } from './repr.js';

export interface ElementDef {
  readonly id: string;
  readonly name: string;
  /** UN notation, e.g. an..35, n6. */
  readonly repr: string;
  readonly type: ReprType;
  readonly min: number;
  readonly max: number;
  /** True when the catalogue holds a code list for this element (see `codes()`). */
  readonly codeList: boolean;
}

export interface ComponentUse {
  readonly element: ElementDef;
  readonly mandatory: boolean;
}

/** A stand-alone or composite data element at one position of a segment (position = index + 1). */
export interface ElementUse {
  readonly id: string;
  readonly name: string;
  readonly mandatory: boolean;
  /** Repetitions allowed (syntax version 4 repetition separator); 1 when the element does not repeat. */
  readonly repeat: number;
  /** Set for a stand-alone data element. */
  readonly element?: ElementDef;
  /** Set for a composite, in component order (component position = index + 1). */
  readonly components?: readonly ComponentUse[];
}

export interface SegmentDef {
  readonly tag: string;
  readonly name: string;
  readonly elements: readonly ElementUse[];
}

export type StructureNode =
  | { readonly kind: 'segment'; readonly tag: string; readonly mandatory: boolean; readonly max: number }
  | { readonly kind: 'group'; readonly id: string; readonly mandatory: boolean; readonly max: number; readonly children: readonly StructureNode[] };

export interface MessageDef {
  /** 'D95B', or 'service' for CONTRL. */
  readonly directory: string;
  readonly type: string;
  readonly name: string;
  /** UNH S009 version:release where the directory alone does not say it (CONTRL: 'D:3' or '4:1'). */
  readonly version?: string;
  readonly structure: readonly StructureNode[];
  /** Where the generated table came from (reference file and licence). */
  readonly sources: readonly string[];
}

export interface DirectoryInfo {
  readonly id: string;
  readonly messages: readonly string[];
  /** False when the directory publishes no code lists (D98B, D01B): code values cannot be checked. */
  readonly codeLists: boolean;
}

export type SyntaxVersion = 1 | 2 | 3 | 4;

export interface ServiceDefinitions {
  readonly syntaxVersion: SyntaxVersion;
  segment(tag: string): SegmentDef | undefined;
  codes(elementId: string): ReadonlyMap<string, string> | undefined;
  /** CONTRL (versions 1-3 share the version 3 table). */
  message(type: string): MessageDef | undefined;
  /** Corrections and caveats recorded by the generator (for example snapshot code lists). */
  readonly notes: readonly string[];
}

export interface EdifactCatalogue {
  /** Directory ids held, oldest first. */
  directories(): readonly string[];
  directory(directory: string): DirectoryInfo | undefined;
  /** undefined when the catalogue does not hold this message in this directory. */
  message(directory: string, type: string): MessageDef | undefined;
  /** User segments of the directory; service segments come from `service()`. */
  segment(directory: string, tag: string): SegmentDef | undefined;
  /** Code → name, undefined when the directory has no list for the element. */
  codes(directory: string, elementId: string): ReadonlyMap<string, string> | undefined;
  service(syntaxVersion: SyntaxVersion): ServiceDefinitions;
}
