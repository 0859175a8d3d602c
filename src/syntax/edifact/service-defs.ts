/**
 * Service segment definitions and service code lists per syntax version, read from the files the
 * catalogue script generates from the reference directories (schemas/edifact/service/syntax-vN.json:
 * versions 1-3 from Service_V1..V3 and UNSL.95B, version 4 from Service_V4 and the D.00B version 4
 * service code list). The syntax layer reads the data files directly: it knows no catalogue code.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServiceComponentDef {
  readonly id: string;
  readonly name: string;
  readonly mandatory: boolean;
  readonly repr: string;
}

export interface ServiceElementDef {
  readonly id: string;
  readonly name: string;
  readonly mandatory: boolean;
  /** Simple element representation, e.g. `an..14`; absent for composites. */
  readonly repr?: string;
  readonly components?: readonly ServiceComponentDef[];
  /** Allowed repetitions (syntax version 4); 1 when absent. */
  readonly repeat?: number;
}

export interface ServiceSegmentDef {
  readonly name: string;
  readonly elements: readonly ServiceElementDef[];
}

export interface ServiceDefinitions {
  readonly syntaxVersion: number;
  readonly sources: readonly string[];
  readonly segments: Readonly<Record<string, ServiceSegmentDef>>;
  readonly codes: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface Representation {
  readonly type: 'a' | 'n' | 'an';
  readonly min: number;
  readonly max: number;
}

/** Parses a UN representation such as `an..35`, `n6`, `a3`. */
export function parseRepr(repr: string): Representation {
  const m = /^(an|a|n)(\.\.)?(\d+)$/.exec(repr);
  if (!m) throw new Error(`not a UN/EDIFACT representation: ${repr}`);
  const type = m[1] as Representation['type'];
  const n = Number(m[3]);
  return m[2] ? { type, min: 1, max: n } : { type, min: n, max: n };
}

const here = dirname(fileURLToPath(import.meta.url));
/** schemas/ relative to src/syntax/edifact (tsx) or dist/syntax/edifact (built): both are three levels down. */
export const defaultSchemasRoot = join(here, '..', '..', '..', 'schemas');

const cache = new Map<string, ServiceDefinitions>();
/** The default root's definitions by version: looked up for every service segment, without building a key. */
const defaults: (ServiceDefinitions | undefined)[] = [];

export function serviceDefinitions(version: number, schemasRoot = defaultSchemasRoot): ServiceDefinitions {
  const v = version >= 1 && version <= 4 ? version : 3;
  if (schemasRoot === defaultSchemasRoot) {
    const known = defaults[v];
    if (known) return known;
  }
  const key = `${schemasRoot}#${v}`;
  let defs = cache.get(key);
  if (!defs) {
    const raw = JSON.parse(readFileSync(join(schemasRoot, 'edifact', 'service', `syntax-v${v}.json`), 'utf8')) as ServiceDefinitions & { syntaxVersion: number };
    defs = raw;
    cache.set(key, defs);
  }
  if (schemasRoot === defaultSchemasRoot) defaults[v] = defs;
  return defs;
}
