/**
 * What the mapping engine needs from a syntax. The engine (compile.ts, read.ts, write.ts) knows
 * rules, bindings, tables, dates, units and document paths; a dialect knows what a node is and how
 * to read or write a value in it. EDIFACT's dialect (edifact/dialect.ts) has message → segment
 * groups → segments → elements/components; an XML dialect has elements → child elements →
 * text/attributes, with the same rule language (`element` instead of `segment`/`group`, element
 * paths as addresses).
 *
 * `N` is a node of a parsed message, `B` a node being built.
 */
import type { Location } from '../errors/index.js';
import type { RuleSpec } from './spec.js';

/** A value inside a node, resolved from a spec address at compile time. */
export interface LeafAccessor<N, B> {
  /** Coverage ids of the positions this accessor reads (used to find values no binding reads). */
  readonly ids: readonly number[];
  /** The address as written in the spec, for findings. */
  readonly label: string;
  /** Maximum characters of one position, when the syntax defines one (an..35 → 35). */
  readonly maxLength: number | undefined;
  /** Number of positions (5 for `C080.3036*`, otherwise 1). */
  readonly count: number;
  /** Value at position `k` (0-based, for repeated addresses); undefined when absent or empty. */
  get(node: N, k?: number): string | undefined;
  set(node: B, value: string, origin: string, k?: number): void;
  /** Whether a value was already written there (the first binding to write an address wins). */
  has(node: B, k?: number): boolean;
  /** The value already written there, if any. */
  peek(node: B, k?: number): string | undefined;
  /** Read-only addresses (values of another node, such as a message-level segment). */
  readonly readOnly?: boolean;
}

/** A rule resolved against the syntax's structure. */
export interface NodeRef {
  /** What children are matched on when reading: segment tag, group id, element name. */
  readonly key: string;
  /** Position among the parent's possible children; rules must be written in this order. */
  readonly order: number;
  /** Whether the rule may have child rules (groups, XML elements). */
  readonly container: boolean;
  /** Whether the rule may have fields (segments, XML elements). */
  readonly leaves: boolean;
  /** Human name for findings: "segment DTM", "group SG5 (EQD …)". */
  readonly label: string;
  /** Key of the child that carries a container's qualifiers (an EDIFACT group's first segment). */
  readonly qualifiersOn?: string;
}

export interface Dialect<N, B, R extends NodeRef = NodeRef> {
  readonly format: 'edifact' | 'xml';
  /** The message level. */
  root(): R;
  /** Resolves a rule under a parent; throws an Error naming what is wrong. */
  child(parent: R, rule: RuleSpec): R;
  /** Resolves an address of a node (or, for a group, of its first segment: `NAD.3035`). */
  address(node: R, address: string): LeafAccessor<N, B>;

  keyOf(node: N): string;
  children(node: N): readonly N[];
  /** Where a node (or one of its values) sits, for findings. */
  locate(node: N, accessor?: LeafAccessor<N, B>, k?: number): Location;
  /** Values present in a node that none of `covered` reads: label and location of each. */
  uncovered(node: N, covered: ReadonlySet<number>): readonly { label: string; value: string; location: Location }[];
  /** A short description of a node for findings (`FTX+AAI`, `group SG2 starting NAD+ZZZ`). */
  describe(node: N): string;

  /**
   * Optional: the reader is done with a node of the message level (and everything inside it), so
   * what reading it cached may go. Reading it again must still give the same values.
   */
  release?(node: N): void;

  create(ref: R): B;
  attach(parent: B, child: B): void;
}
