/**
 * The mapping specs a process uses, found by message (reading) or by document (writing), each
 * compiled once per EDIFACT directory on first use and kept.
 */
import { loadEdifactCatalogue, type EdifactCatalogue } from '../catalogue/edifact/index.js';
import { compilePlan, type CompiledPlan, type ResolvedSpec } from './compile.js';
import { EdifactDialect, type EdiBuilder, type EdiNode } from './edifact/dialect.js';
import { levelOf, type LevelDef } from './edifact/structure.js';
import { loadSpecs, MAPPINGS_DIR } from './load.js';
import { docTest } from './conditions.js';
import type { Obj } from './paths.js';
import type { MappingSpec } from './spec.js';

export interface EdifactPlan {
  readonly spec: ResolvedSpec;
  readonly directory: string;
  readonly plan: CompiledPlan<EdiNode, EdiBuilder>;
  readonly dialect: EdifactDialect;
  readonly level: LevelDef;
}

export interface RegistryOptions {
  /** Folder of the specs (default: the project's mappings/). */
  readonly dir?: URL;
  /** Specs already loaded (tests, tools); `dir` is then not read. */
  readonly specs?: readonly ResolvedSpec[];
  readonly catalogue?: EdifactCatalogue;
}

/** D93A < D95B < D00B < D03A: directories in the order they were published. */
function directoryYear(spec: MappingSpec): number {
  const d = spec.directories?.[0] ?? '';
  const yy = Number(d.slice(1, 3));
  return Number.isNaN(yy) ? 9999 : yy >= 90 ? 1900 + yy : 2000 + yy;
}

function serves(spec: MappingSpec, direction: 'read' | 'write'): boolean {
  const d = spec.direction ?? 'both';
  return d === 'both' || d === direction;
}

export class MappingRegistry {
  readonly specs: readonly ResolvedSpec[];
  private readonly catalogue: EdifactCatalogue;
  private readonly plans = new Map<string, EdifactPlan>();
  private readonly readers = new Map<string, ResolvedSpec[]>();

  constructor(options: RegistryOptions = {}) {
    this.specs = options.specs ?? loadSpecs(options.dir ?? MAPPINGS_DIR);
    this.catalogue = options.catalogue ?? loadEdifactCatalogue();
  }

  /** Specs that read an EDIFACT message of this type and directory (optionally into one document type). */
  forMessage(type: string, directory: string, document?: string): ResolvedSpec[] {
    // Asked once per message read: the answer is kept per type, directory and document type (a copy
    // is handed out, so a caller changing its list changes nothing here).
    const key = `${type}\u0000${directory}\u0000${document ?? ''}`;
    let found = this.readers.get(key);
    if (!found) {
      found = this.specs.filter((r) => r.spec.format === 'edifact' && r.spec.message === type && (r.spec.directories ?? []).includes(directory) && serves(r.spec, 'read') && (document === undefined || r.spec.document === document));
      // Message types and directories come from the interchanges read; a bounded cache for odd ones.
      if (this.readers.size < 1000) this.readers.set(key, found);
    }
    return found.slice();
  }

  /**
   * Specs that write a document type as EDIFACT, optionally as one message type and directory.
   * Without a message type, a spec's `if` picks the documents it is for (IFTMIN for instructions).
   */
  forDocument(document: string, type?: string, directory?: string, doc?: Obj): ResolvedSpec[] {
    // The oldest directory first: D.95B is what most port partners still exchange.
    const all = this.specs.filter((r) => r.spec.format === 'edifact' && r.spec.document === document && serves(r.spec, 'write') && (type === undefined || r.spec.message === type) && (directory === undefined || (r.spec.directories ?? []).includes(directory)))
      .sort((a, b) => directoryYear(a.spec) - directoryYear(b.spec));
    if (type !== undefined || doc === undefined || all.length < 2) return all;
    const fitting = all.filter((r) => docTest(r.spec.if, r.spec.id)?.(doc, doc) ?? true);
    return fitting.length > 0 ? fitting : all;
  }

  /** The compiled plan of a spec for one of its directories. Throws GW_ERR_MAPPING_SPEC_INVALID-worthy errors on a broken spec. */
  edifact(spec: ResolvedSpec, directory: string): EdifactPlan {
    const key = `${spec.spec.id}@${directory}`;
    let p = this.plans.get(key);
    if (p) return p;
    const def = this.catalogue.message(directory, spec.spec.message);
    if (!def) throw new Error(`${spec.spec.id}: the catalogue has no ${spec.spec.message} in ${directory}`);
    const level = levelOf(def);
    const dialect = new EdifactDialect(this.catalogue, directory, spec.spec.message, level);
    p = { spec, directory, plan: compilePlan(spec, dialect), dialect, level };
    this.plans.set(key, p);
    return p;
  }

  /** Compiles every spec for every directory it names (start-up check; tests). */
  compileAll(): void {
    for (const step of this.warmUp()) step();
  }

  /** The same as steps, one per spec and directory, for a worker to take between messages. */
  warmUp(): (() => void)[] {
    const steps: (() => void)[] = [];
    for (const s of this.specs) if (s.spec.format === 'edifact') for (const d of s.spec.directories ?? []) steps.push(() => { this.edifact(s, d); });
    return steps;
  }
}
