/**
 * Loads the gateway configuration once, at start-up: the file named by `EDIGW_CONFIG` (default: the
 * shipped demo configuration), checked against config/edigw.schema.json, then environment overrides
 * and defaults (see env.ts). Every finding names its JSON Pointer and its line and column in the file,
 * and all findings are reported together, so one edit-and-restart fixes them all.
 *
 * There is no module-level configuration object: the entry point calls `loadConfig` and passes the
 * result down (Medplum's `getConfig()` singleton is what the style guide says not to copy).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import type { ErrorCode } from '../errors/codes.js';
import { GatewayError, makeIssue } from '../errors/gateway-error.js';
import type { Issue } from '../errors/issue.js';
import { buildConfig } from './build.js';
import type { RawConfig } from './build.js';
import { checkConfig } from './checks.js';
import type { Env } from './env.js';
import { escapePointerToken, JsonSyntaxError, parseJsonWithPositions } from './json-positions.js';
import type { ParsedJson } from './json-positions.js';
import type { GatewayConfig } from './types.js';

/** The package root: two levels above this file both in src/config/ and in dist/config/. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEMO_CONFIG_PATH = resolve(PACKAGE_ROOT, 'config', 'demo.json');
export const CONFIG_SCHEMA_PATH = resolve(PACKAGE_ROOT, 'config', 'edigw.schema.json');

export interface LoadConfigOptions {
  /** The file to read; default `env.EDIGW_CONFIG`, else config/demo.json. Relative to `cwd`. */
  readonly path?: string;
  /** Default `process.env`; tests pass their own. */
  readonly env?: Env;
  /** Base of relative paths in the environment (`EDIGW_DATA_DIR`, `EDIGW_CONFIG`); default `process.cwd()`. */
  readonly cwd?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): GatewayConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const given = options.path ?? (env['EDIGW_CONFIG'] || undefined);
  const source = given === undefined ? DEMO_CONFIG_PATH : resolve(cwd, given);
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    const hint = given !== undefined && options.path === undefined ? ' (set by EDIGW_CONFIG)' : '';
    throw new GatewayError('GW_ERR_CONFIG_UNREADABLE', `cannot read the configuration ${source}${hint}: ${reason}`, { cause: err });
  }
  return parseConfig(text, { source, env, cwd });
}

export interface ParseConfigOptions {
  /** Absolute path the text came from: named in messages, base of relative paths inside the file. */
  readonly source: string;
  readonly env?: Env;
  readonly cwd?: string;
}

/** Validates and builds a configuration from its text; throws a `GatewayError` listing every finding. */
export function parseConfig(text: string, options: ParseConfigOptions): GatewayConfig {
  const { source } = options;
  const env = options.env ?? process.env;
  let parsed: ParsedJson;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    const { line, column, offset } = err.position;
    const issue = makeIssue('GW_ERR_CONFIG_JSON', err.message, { line, column, offset, ...(err.pointer !== undefined ? { path: err.pointer } : {}) });
    throw configError(source, [issue]);
  }

  const issues: Issue[] = [];
  const report = (code: ErrorCode, pointer: string, message: string, key = false): void => {
    const pos = parsed.locate(pointer, { key });
    issues.push(makeIssue(code, message, { path: pointer, line: pos.line, column: pos.column, offset: pos.offset }));
  };

  const validate = compiledSchema();
  if (!validate(parsed.value)) {
    for (const e of explainSchemaErrors(validate.errors ?? [])) report('GW_ERR_CONFIG_SCHEMA', e.pointer, e.text, e.atKey);
    throw configError(source, issues);
  }

  const raw = parsed.value as RawConfig;
  const demo = raw.demo === true || source === DEMO_CONFIG_PATH;
  const config = buildConfig(raw, { source, env, cwd: options.cwd ?? process.cwd(), demo, report });
  checkConfig(config, report);
  if (issues.length > 0) throw configError(source, issues);
  return config;
}

let validator: ReturnType<Ajv2020['compile']> | undefined;

/** Compiled once per process: the schema is a file of the package, not configuration state. */
function compiledSchema(): ReturnType<Ajv2020['compile']> {
  if (!validator) {
    const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, verbose: true, discriminator: true, allowUnionTypes: true, strict: true, strictRequired: false });
    validator = ajv.compile(schema);
  }
  return validator;
}

interface Explained {
  readonly pointer: string;
  readonly text: string;
  /** Point at the property name rather than its value. */
  readonly atKey: boolean;
}

/** Turns ajv's errors into one plain sentence each, at the most precise pointer. */
function explainSchemaErrors(errors: readonly ErrorObject[]): Explained[] {
  const out: Explained[] = [];
  const seen = new Set<string>();
  const push = (e: Explained): void => {
    const k = `${e.pointer}\u0000${e.text}`;
    if (!seen.has(k)) out.push(e);
    seen.add(k);
  };
  for (const e of errors) {
    // The inner failure of `propertyNames` repeats the outer one; keep the outer, which names the property.
    if ((e as { propertyName?: string }).propertyName !== undefined) continue;
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required':
        push({ pointer: e.instancePath, text: `missing required property "${String(p['missingProperty'])}"`, atKey: false });
        break;
      case 'additionalProperties': {
        const name = String(p['additionalProperty']);
        const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        const guess = closest(name, allowed);
        const hint = guess ? ` (did you mean "${guess}"?)` : allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : '';
        push({ pointer: `${e.instancePath}/${escapePointerToken(name)}`, text: `unknown property "${name}"${hint}`, atKey: true });
        break;
      }
      case 'propertyNames':
        push({ pointer: `${e.instancePath}/${escapePointerToken(String(p['propertyName']))}`, text: `property name "${String(p['propertyName'])}" is not allowed here${describeNames(e)}`, atKey: true });
        break;
      case 'enum':
        push({ pointer: e.instancePath, text: `must be one of: ${(p['allowedValues'] as unknown[]).map(show).join(', ')}`, atKey: false });
        break;
      case 'const':
        push({ pointer: e.instancePath, text: `must be ${show(p['allowedValue'])}`, atKey: false });
        break;
      case 'pattern': {
        const description = (e.parentSchema as { description?: string } | undefined)?.description;
        push({ pointer: e.instancePath, text: `${show(e.data)} is not of the expected form${description ? `: ${description}` : ` (pattern ${String(p['pattern'])})`}`, atKey: false });
        break;
      }
      case 'discriminator': {
        const branches = ((e.parentSchema as { oneOf?: { properties?: { type?: { const?: string } } }[] } | undefined)?.oneOf ?? [])
          .map((b) => b.properties?.type?.const)
          .filter((v): v is string => v !== undefined);
        push({ pointer: `${e.instancePath}/${String(p['tag'])}`, text: `must be one of: ${branches.join(', ')}`, atKey: false });
        break;
      }
      default:
        push({ pointer: e.instancePath, text: e.message ?? `fails the schema rule "${e.keyword}"`, atKey: false });
    }
  }
  return out;
}

function describeNames(e: ErrorObject): string {
  const names = e.parentSchema as { propertyNames?: { enum?: unknown[]; pattern?: string; $ref?: string } } | undefined;
  const rule = names?.propertyNames;
  if (rule?.enum) return ` (allowed: ${rule.enum.map(show).join(', ')})`;
  if (rule?.pattern) return ` (it must match ${rule.pattern})`;
  if (rule?.$ref === '#/$defs/documentType') return ' (it must be a document type such as EquipmentInterchangeReceipt)';
  if (rule?.$ref === '#/$defs/name') return ' (lower-case letters, digits, - and _)';
  return '';
}

function show(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
}

/** The allowed name within edit distance 2 of a misspelt one, if exactly that close. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

function configError(source: string, issues: readonly Issue[]): GatewayError {
  const sorted = [...issues].sort((a, b) => (a.location?.offset ?? 0) - (b.location?.offset ?? 0));
  const lines = sorted.map((i) => {
    const loc = i.location;
    const where = loc?.line !== undefined ? `${source}:${loc.line}:${loc.column ?? 1}` : source;
    const path = loc?.path !== undefined ? ` ${loc.path === '' ? '(root)' : loc.path}` : '';
    return `  ${where}${path}: ${i.text}`;
  });
  const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
  const first = sorted[0];
  return new GatewayError(first.code as ErrorCode, `invalid configuration ${source} (${count}):\n${lines.join('\n')}`, { issues: sorted });
}
