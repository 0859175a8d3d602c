/**
 * Turns ajv's errors into the gateway's findings: one `Issue` per problem, a stable
 * GW_ERR_DOCUMENT_* code, `location.path` the JSON Pointer of the offending value (of the missing or
 * unknown field itself, not of its parent), and a sentence a partner's staff can act on. ajv runs
 * with `verbose`, so each error carries the value and the schema it failed.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { makeIssue } from '../../errors/gateway-error.js';
import type { ErrorCode } from '../../errors/codes.js';
import type { Issue } from '../../errors/issue.js';
import { iso6346Problem } from './formats.js';
import type { JsonSchema } from './schema-files.js';

/** RFC 6901 escaping of one reference token. */
export function pointerToken(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

function where(path: string): string {
  return path === '' ? 'document' : path;
}

/** The value quoted for a message, cut short: findings never carry more payload than this. */
export function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return typeof value === 'object' ? 'an object' : typeof value;
}

const EXPECTED_TYPE: Readonly<Record<string, string>> = {
  object: 'an object',
  array: 'a list',
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'null',
};

function firstSentence(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

export interface TranslateContext {
  /** Resolves a `$ref` found in a schema ajv reports, to offer "did you mean" for unknown fields. */
  readonly resolveRef: (ref: string) => JsonSchema | undefined;
}

function allowedProperties(schema: JsonSchema | undefined, ctx: TranslateContext, depth = 0): string[] {
  if (schema === undefined || depth > 4) return [];
  const own = Object.keys(schema.properties ?? {});
  const base = schema.allOf?.[0]?.$ref;
  return base === undefined ? own : [...own, ...allowedProperties(ctx.resolveRef(base), ctx, depth + 1)];
}

function suggestion(name: string, schema: JsonSchema | undefined, ctx: TranslateContext): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowedProperties(schema, ctx)) {
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean "${best}"?)` : '';
}

function formatIssue(error: ErrorObject, path: string): [ErrorCode, string] {
  const value: unknown = error.data;
  const text = typeof value === 'string' ? value : '';
  switch (error.params.format as string) {
    case 'iso6346':
      return ['GW_ERR_DOCUMENT_CONTAINER_NUMBER', `${where(path)}: ${show(value)} is not a valid ISO 6346 container number: ${iso6346Problem(text) ?? 'invalid'}`];
    case 'unlocode':
      return ['GW_ERR_DOCUMENT_UNLOCODE', `${where(path)}: ${show(value)} is not a UN/LOCODE: expected a 2-letter country code and 3 letters or digits 2-9, such as CNNGB`];
    case 'iso-date-time':
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) {
        return ['GW_ERR_DOCUMENT_DATE', `${where(path)}: ${show(value)} has no UTC offset: write it as 2025-03-14T08:30:00+08:00 (or Z for UTC)`];
      }
      return ['GW_ERR_DOCUMENT_DATE', `${where(path)}: ${show(value)} is not an ISO 8601 date-time with offset (2025-03-14T08:30:00+08:00) or a date (2025-03-14)`];
    case 'imo':
      return ['GW_ERR_DOCUMENT_VALUE_INVALID', `${where(path)}: ${show(value)} is not an IMO number: 7 digits, the last a check digit`];
    default:
      return ['GW_ERR_DOCUMENT_VALUE_INVALID', `${where(path)}: ${show(value)} is not a valid ${String(error.params.format)}`];
  }
}

function asSchema(value: unknown): JsonSchema | undefined {
  return typeof value === 'object' && value !== null ? (value as JsonSchema) : undefined;
}

/** One ajv error as code, path and text; undefined for errors that only echo another one. */
function translate(error: ErrorObject, ctx: TranslateContext): [ErrorCode, string, string] | undefined {
  const path = error.instancePath;
  const parent = asSchema(error.parentSchema);
  const value: unknown = error.data;
  const limit = error.params.limit as number;
  switch (error.keyword) {
    case 'if':
      return undefined; // the failing then/else branch reports the actual problem
    case 'required': {
      const missing = `${path}/${pointerToken(error.params.missingProperty as string)}`;
      return ['GW_ERR_DOCUMENT_FIELD_MISSING', missing, `${missing}: required field is missing`];
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = (error.params.additionalProperty ?? error.params.unevaluatedProperty) as string;
      const unknown = `${path}/${pointerToken(name)}`;
      return ['GW_ERR_DOCUMENT_FIELD_UNKNOWN', unknown, `${unknown}: unknown field ${show(name)}${suggestion(name, parent, ctx)}`];
    }
    case 'type': {
      const expected = String(error.params.type).split(',').map((t) => EXPECTED_TYPE[t] ?? t).join(' or ');
      return ['GW_ERR_DOCUMENT_FIELD_TYPE', path, `${where(path)}: must be ${expected}, not ${jsonType(value)}`];
    }
    case 'anyOf': {
      const branches = (error.schema as JsonSchema[] | undefined) ?? [];
      const names = branches.map((b) => (Object.keys(b).length === 1 && b.required?.length === 1 ? b.required[0] : undefined));
      if (names.every((n) => n !== undefined)) {
        return ['GW_ERR_DOCUMENT_FIELD_MISSING', path, `${where(path)}: needs at least one of ${names.join(', ')}`];
      }
      return ['GW_ERR_DOCUMENT_SCHEMA', path, `${where(path)}: matches none of the allowed forms`];
    }
    case 'format': {
      const [code, text] = formatIssue(error, path);
      return [code, path, text];
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map((v) => String(v)).join(', ');
      return ['GW_ERR_DOCUMENT_VALUE_INVALID', path, `${where(path)}: ${show(value)} is not allowed; use one of: ${allowed}`];
    }
    case 'const':
      return ['GW_ERR_DOCUMENT_VALUE_INVALID', path, `${where(path)}: must be ${show(error.params.allowedValue)}, not ${show(value)}`];
    case 'pattern': {
      const form = firstSentence(parent?.description);
      return ['GW_ERR_DOCUMENT_VALUE_INVALID', path, `${where(path)}: ${show(value)} is not in the expected form${form !== undefined ? `: ${form}` : ''}`];
    }
    case 'minLength':
      return ['GW_ERR_DOCUMENT_VALUE_INVALID', path, limit === 1 ? `${where(path)}: must not be empty` : `${where(path)}: must be at least ${limit} characters long`];
    case 'maxLength':
      return ['GW_ERR_DOCUMENT_VALUE_INVALID', path, `${where(path)}: is too long; at most ${limit} characters allowed`];
    case 'minItems':
      return ['GW_ERR_DOCUMENT_VALUE_INVALID', path, limit === 1 ? `${where(path)}: must not be an empty list` : `${where(path)}: must have at least ${limit} entries`];
    case 'maxItems':
      return ['GW_ERR_DOCUMENT_VALUE_INVALID', path, `${where(path)}: has ${Array.isArray(value) ? value.length : '?'} entries; at most ${limit} allowed`];
    case 'minProperties':
      return ['GW_ERR_DOCUMENT_VALUE_INVALID', path, `${where(path)}: must not be an empty object`];
    case 'uniqueItems':
      return ['GW_ERR_DOCUMENT_VALUE_INVALID', path, `${where(path)}: entries ${Number(error.params.j) + 1} and ${Number(error.params.i) + 1} are the same; each may appear once`];
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return ['GW_ERR_DOCUMENT_VALUE_INVALID', path, `${where(path)}: ${show(value)} is out of range: ${error.message ?? 'out of range'}`];
    default:
      return ['GW_ERR_DOCUMENT_SCHEMA', path, `${where(path)}: ${error.message ?? `fails the ${error.keyword} rule`}`];
  }
}

/**
 * The findings for ajv's errors, at most `maxIssues` of them; when there are more, a last warning
 * gives the count of the rest. The alternatives of an `anyOf` that failed as a whole are folded
 * into that one finding.
 */
export function ajvErrorsToIssues(errors: readonly ErrorObject[], ctx: TranslateContext, maxIssues: number): Issue[] {
  const folded = errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  const issues: Issue[] = [];
  const seen = new Set<string>();
  let omitted = 0;
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && folded.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    const found = translate(error, ctx);
    if (found === undefined) continue;
    const [code, path, text] = found;
    const key = `${code}\u0000${path}\u0000${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (issues.length >= maxIssues) {
      omitted++;
      continue;
    }
    issues.push(makeIssue(code, text, { path }));
  }
  if (omitted > 0) {
    issues.push(makeIssue('GW_ERR_DOCUMENT_ISSUES_TRUNCATED', `document: ${omitted} more findings not listed`, { path: '' }));
  }
  return issues;
}
