/**
 * Loads the profiles in schemas/profiles/*.json, checks each against profile.schema.json with ajv,
 * merges every profile with what it extends, and answers which profile applies to a message.
 * A broken profile set stops the gateway at start-up (GatewayError GW_ERR_PROFILE_INVALID listing
 * every finding with its file and JSON Pointer) instead of validating traffic with half a guide.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { GatewayError, makeIssue, type Issue } from '../../errors/index.js';
import { explainSchemaErrors } from './schema-errors.js';
import { RULE_IDS, type CodeRule, type Profile, type ProfileFile, type RuleId, type SegmentRule } from './types.js';

export const SCHEMA_FILE = 'profile.schema.json';
/** The suite partners get when their configuration names none. */
export const DEFAULT_SUITE = 'port';

/** schemas/profiles of the installation: the nearest ancestor of this module that holds it. */
export function defaultProfilesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'schemas', 'profiles', SCHEMA_FILE))) return join(dir, 'schemas', 'profiles');
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'schemas', 'profiles');
}

export interface ProfileQuery {
  /** The partner's profile or suite name; absent: the port defaults. */
  readonly profile?: string;
  /** UNH 0065. */
  readonly messageType: string;
  /** As UNH S009 names it: 'D95B'. */
  readonly directory: string;
}

export interface ProfileRegistry {
  readonly dir: string;
  /** Every profile, merged with its ancestors, by name. */
  readonly profiles: ReadonlyMap<string, Profile>;
  readonly suites: ReadonlySet<string>;
  /** Whether `name` is a profile or a suite. */
  has(name: string): boolean;
  /**
   * The profile for one message: a profile named `profile` when it covers the message, else the
   * best profile of its suite (or of the suite `profile` names), else the port defaults. A profile
   * for the exact message beats the suite's `*` fallback, one listing the directory beats one for
   * every directory. Throws GW_ERR_PROFILE_UNKNOWN when `profile` is neither a profile nor a suite.
   */
  resolve(query: ProfileQuery): Profile | undefined;
}

function covers(p: Profile, type: string, directory: string): boolean {
  return (p.message === type || p.message === '*') && (p.directories === undefined || p.directories.includes(directory));
}

/** Higher is a better fit: exact message over `*`, a listed directory over every directory. */
function fit(p: Profile): number {
  return (p.message === '*' ? 0 : 2) + (p.directories === undefined ? 0 : 1);
}

const codeKey = (r: CodeRule): string => `${r.element}|${r.segment ?? ''}|${r.qualifier ?? ''}`;
const segmentKey = (r: SegmentRule): string => `${r.scope ?? 'message'}|${r.tag}|${[r.qualifier ?? ''].flat().join(',')}`;

function mergeCodes(parent: readonly CodeRule[], own: readonly CodeRule[]): CodeRule[] {
  const byKey = new Map<string, CodeRule>(parent.map((r) => [codeKey(r), r]));
  for (const r of own) {
    const base = byKey.get(codeKey(r));
    if (!base) {
      byKey.set(codeKey(r), r);
      continue;
    }
    const add = base.add || r.add ? { ...base.add, ...r.add } : undefined;
    byKey.set(codeKey(r), { ...base, ...r, ...(add ? { add } : {}) });
  }
  return [...byKey.values()];
}

function mergeSegments(parent: readonly SegmentRule[], own: readonly SegmentRule[]): SegmentRule[] {
  const byKey = new Map<string, SegmentRule>(parent.map((r) => [segmentKey(r), r]));
  for (const r of own) byKey.set(segmentKey(r), r);
  return [...byKey.values()];
}

const NO_RULES = Object.fromEntries(RULE_IDS.map((id) => [id, false])) as Record<RuleId, boolean>;

function mergeProfile(file: ProfileFile, parent: Profile | undefined): Profile {
  const counts = new Map(Object.entries(parent?.counts ?? {}));
  for (const [q, target] of Object.entries(file.counts ?? {})) {
    if (target === null) counts.delete(q);
    else counts.set(q, target);
  }
  return {
    name: file.name,
    suite: file.suite,
    title: file.title,
    description: file.description,
    source: file.source,
    message: file.message,
    directories: file.directories,
    chain: [file.name, ...(parent?.chain ?? [])],
    rules: { ...(parent?.rules ?? NO_RULES), ...file.rules },
    severity: { ...parent?.severity, ...file.severity },
    codes: mergeCodes(parent?.codes ?? [], file.codes ?? []),
    segments: mergeSegments(parent?.segments ?? [], file.segments ?? []),
    equipment: file.equipment ?? parent?.equipment ?? { start: 'EQD', end: ['CNT'] },
    counts: Object.fromEntries(counts),
    locationQualifiers: file.locations ? new Set(file.locations.qualifiers) : parent?.locationQualifiers ?? new Set(),
    weights: file.weights ? { gross: file.weights.gross, tare: file.weights.tare ?? {} } : parent?.weights ?? { gross: {}, tare: {} },
  };
}

function compileSchema(dir: string): ReturnType<Ajv2020['compile']> {
  const schema = JSON.parse(readFileSync(join(dir, SCHEMA_FILE), 'utf8')) as object;
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
  return ajv.compile(schema);
}

/** Reads, checks and merges every profile in `dir` (default: the installation's schemas/profiles). */
export function loadProfiles(options: { dir?: string } = {}): ProfileRegistry {
  const dir = options.dir ?? defaultProfilesDir();
  const issues: Issue[] = [];
  const fail = (file: string, pointer: string, text: string): void => {
    issues.push(makeIssue('GW_ERR_PROFILE_INVALID', `${file}${pointer ? ` ${pointer}` : ''}: ${text}`, { path: `${file}#${pointer}` }));
  };
  if (!existsSync(join(dir, SCHEMA_FILE))) {
    throw new GatewayError('GW_ERR_PROFILE_INVALID', `no profiles: ${join(dir, SCHEMA_FILE)} does not exist`);
  }
  const validate = compileSchema(dir);
  const files = new Map<string, ProfileFile>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== SCHEMA_FILE).sort()) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      fail(file, '', `not valid JSON (${(err as Error).message})`);
      continue;
    }
    if (!validate(raw)) {
      for (const f of explainSchemaErrors(validate.errors ?? [])) fail(file, f.pointer, f.text);
      continue;
    }
    const p = raw as ProfileFile;
    if (p.name !== file.slice(0, -'.json'.length)) {
      fail(file, '/name', `"${p.name}" must equal the file name "${file.slice(0, -5)}"`);
      continue;
    }
    for (const [i, rule] of (p.codes ?? []).entries()) {
      if (rule.pattern === undefined) continue;
      try {
        new RegExp(rule.pattern, 'u');
      } catch {
        fail(file, `/codes/${i}/pattern`, `"${rule.pattern}" is not a regular expression`);
      }
    }
    files.set(p.name, p);
  }

  const merged = new Map<string, Profile>();
  const visiting = new Set<string>();
  const failed = new Set<string>();
  const build = (name: string): Profile | undefined => {
    const done = merged.get(name);
    if (done) return done;
    const file = files.get(name);
    if (!file || failed.has(name)) return undefined;
    if (visiting.has(name)) {
      const cycle = [...visiting].slice([...visiting].indexOf(name));
      fail(`${name}.json`, '/extends', `extends itself through ${[...cycle, name].join(' -> ')}`);
      for (const n of cycle) failed.add(n);
      return undefined;
    }
    visiting.add(name);
    let parent: Profile | undefined;
    if (file.extends !== undefined) {
      parent = build(file.extends);
      if (!parent && !files.has(file.extends)) fail(`${name}.json`, '/extends', `extends "${file.extends}", which is not a profile in ${dir}`);
      if (parent && parent.message !== '*' && parent.message !== file.message) {
        fail(`${name}.json`, '/message', `is ${file.message} but extends ${parent.name}, a profile for ${parent.message}`);
      }
    }
    visiting.delete(name);
    if (file.extends !== undefined && !parent) return undefined;
    const profile = mergeProfile(file, parent);
    merged.set(name, profile);
    return profile;
  };
  for (const name of files.keys()) build(name);

  const suites = new Set<string>();
  for (const p of merged.values()) if (p.suite !== undefined) suites.add(p.suite);
  for (const s of suites) {
    const named = merged.get(s);
    if (named && named.suite !== s) fail(`${s}.json`, '/name', `"${s}" is also a suite name, so a partner naming it would be ambiguous`);
  }
  if (issues.length > 0) {
    throw new GatewayError('GW_ERR_PROFILE_INVALID', `${issues.length} problem${issues.length === 1 ? '' : 's'} in the profiles in ${dir}:\n${issues.map((i) => `  ${i.text}`).join('\n')}`, { issues });
  }
  return makeRegistry(dir, merged, suites);
}

function makeRegistry(dir: string, profiles: ReadonlyMap<string, Profile>, suites: ReadonlySet<string>): ProfileRegistry {
  const cache = new Map<string, Profile | undefined>();
  const bestOfSuite = (suite: string, type: string, directory: string): Profile | undefined => {
    let best: Profile | undefined;
    for (const p of profiles.values()) {
      if (p.suite === suite && covers(p, type, directory) && (!best || fit(p) > fit(best))) best = p;
    }
    return best;
  };
  const has = (name: string): boolean => profiles.has(name) || suites.has(name);
  return {
    dir,
    profiles,
    suites,
    has,
    resolve(query) {
      const name = query.profile ?? DEFAULT_SUITE;
      const key = `${name}|${query.messageType}|${query.directory}`;
      if (cache.has(key)) return cache.get(key);
      if (!has(name)) {
        const known = [...suites, ...[...profiles.keys()].filter((n) => !suites.has(n))].join(', ');
        throw new GatewayError('GW_ERR_PROFILE_UNKNOWN', `no profile or suite "${name}" in ${dir} (known: ${known})`);
      }
      // A suite name picks within the suite; a profile name picks that profile when it covers the
      // message, and otherwise its suite, as a partner on a stricter CODECO still sends COPRARs.
      const own = suites.has(name) ? undefined : profiles.get(name);
      const found = (own && covers(own, query.messageType, query.directory) ? own : undefined)
        ?? bestOfSuite(own ? own.suite ?? DEFAULT_SUITE : name, query.messageType, query.directory)
        ?? bestOfSuite(DEFAULT_SUITE, query.messageType, query.directory);
      cache.set(key, found);
      return found;
    },
  };
}
