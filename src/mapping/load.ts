/**
 * Loads the mapping specs of mappings/ (and the shared files of mappings/common/), checks each
 * against mappings/mapping.schema.json and merges what it includes. A broken spec is refused with
 * GW_ERR_MAPPING_SPEC_INVALID naming the file and the JSON Pointer of the problem.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { GatewayError, makeIssue } from '../errors/index.js';
import type { ResolvedSpec } from './compile.js';
import type { BindingSpec, CommonSpec, MappingSpec, RuleSpec, TableSpec } from './spec.js';

/** mappings/ seen from this module: src/mapping/ and dist/mapping/ sit at the same depth. */
export const MAPPINGS_DIR = new URL('../../mappings/', import.meta.url);

function invalid(file: string, text: string, path = ''): GatewayError {
  return new GatewayError('GW_ERR_MAPPING_SPEC_INVALID', `${file}${path ? ` ${path}` : ''}: ${text}`, {
    issues: [makeIssue('GW_ERR_MAPPING_SPEC_INVALID', `${file}${path ? ` ${path}` : ''}: ${text}`, { path })],
  });
}

function describeAjv(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'required') return `missing "${(e.params as { missingProperty: string }).missingProperty}"`;
  if (e.keyword === 'enum') return `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  return e.message ?? e.keyword;
}

function readJson(url: URL, name: string): unknown {
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as unknown;
  } catch (err) {
    throw invalid(name, `cannot be read as JSON: ${(err as Error).message}`);
  }
}

export interface LoadedSpecs {
  readonly specs: readonly ResolvedSpec[];
}

/** Reads, checks and resolves every spec in `dir`. Throws a GatewayError on the first broken file. */
export function loadSpecs(dir: URL = MAPPINGS_DIR): ResolvedSpec[] {
  const schema = readJson(new URL('mapping.schema.json', dir), 'mapping.schema.json') as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, validateSchema: false });
  ajv.addSchema(schema);
  const checkSpec = ajv.getSchema(String(schema.$id))!;
  const checkCommon = ajv.getSchema(`${String(schema.$id)}#/$defs/common`)!;
  const firstError = (errors: ErrorObject[] | null | undefined): ErrorObject | undefined => {
    // oneOf reports every branch; the deepest error names the actual mistake best.
    const list = errors ?? [];
    return [...list].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  };

  const commons = new Map<string, CommonSpec>();
  const commonDir = new URL('common/', dir);
  let commonFiles: string[] = [];
  try {
    commonFiles = readdirSync(commonDir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    commonFiles = [];
  }
  for (const f of commonFiles) {
    const json = readJson(new URL(f, commonDir), `common/${f}`);
    if (!checkCommon(json)) {
      const e = firstError(checkCommon.errors);
      throw invalid(`common/${f}`, e ? describeAjv(e) : 'invalid', e?.instancePath);
    }
    const c = json as CommonSpec;
    if (`${c.id}.json` !== f) throw invalid(`common/${f}`, `id "${c.id}" differs from the file name`, '/id');
    commons.set(c.id, c);
  }

  const out: ResolvedSpec[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'mapping.schema.json').sort();
  for (const f of files) {
    const json = readJson(new URL(f, dir), f);
    if (!checkSpec(json)) {
      const e = firstError(checkSpec.errors);
      throw invalid(f, e ? describeAjv(e) : 'invalid', e?.instancePath);
    }
    const spec = json as MappingSpec;
    if (`${spec.id}.json` !== f) throw invalid(f, `id "${spec.id}" differs from the file name`, '/id');
    if (!spec.id.endsWith(`.${spec.document}`) || !spec.id.startsWith(`${spec.message}-`)) throw invalid(f, `id must be ${spec.message}-<directory>.${spec.document}`, '/id');
    out.push(resolve(spec, commons, f));
  }
  return out;
}

function resolve(spec: MappingSpec, commons: ReadonlyMap<string, CommonSpec>, file: string): ResolvedSpec {
  const tables = new Map<string, TableSpec>();
  const fragments = new Map<string, readonly RuleSpec[]>();
  const fieldSets = new Map<string, readonly BindingSpec[]>();
  const defaults: Record<string, unknown> = {};
  const seen = new Set<string>();
  const add = (from: CommonSpec | MappingSpec): void => {
    for (const [k, v] of Object.entries(from.tables ?? {})) tables.set(k, v);
    for (const [k, v] of Object.entries(from.fragments ?? {})) fragments.set(k, v);
    for (const [k, v] of Object.entries(from.fieldSets ?? {})) fieldSets.set(k, v);
    Object.assign(defaults, from.defaults ?? {});
  };
  const include = (ids: readonly string[] | undefined): void => {
    for (const id of ids ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      const c = commons.get(id);
      if (!c) throw invalid(file, `includes "${id}", which is not in mappings/common/`, '/include');
      include(c.include);
      add(c);
    }
  };
  include(spec.include);
  // The spec's own definitions come last, so they override shared ones of the same name.
  add(spec);
  return { spec, tables, fragments, fieldSets, defaults };
}
