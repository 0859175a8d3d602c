/**
 * The code-list hook the structure validator consults (ValidationOptions.codeCheck): a profile's
 * additions, closed lists, narrowed lists and accepted patterns decide a code value before the
 * UN list does. A value is valid when the UN list or the profile's additions hold it, unless the
 * profile closed the list (then only its additions count) or narrowed it (then only the listed
 * values count).
 */
import type { CodeCheck, CodeCheckContext } from '../types.js';
import type { ProfileRegistry } from './load.js';
import type { CodeRule, Profile } from './types.js';

interface CompiledRule {
  readonly rule: CodeRule;
  readonly pattern: RegExp | undefined;
  readonly specificity: number;
}

/** Rules by element, most specific first (segment and qualifier, segment, qualifier, none). */
function compile(profile: Profile): ReadonlyMap<string, readonly CompiledRule[]> {
  const byElement = new Map<string, CompiledRule[]>();
  for (const rule of profile.codes) {
    const list = byElement.get(rule.element) ?? [];
    list.push({
      rule,
      pattern: rule.pattern !== undefined ? new RegExp(rule.pattern, 'u') : undefined,
      specificity: (rule.segment !== undefined ? 2 : 0) + (rule.qualifier !== undefined ? 1 : 0),
    });
    byElement.set(rule.element, list);
  }
  for (const list of byElement.values()) list.sort((a, b) => b.specificity - a.specificity);
  return byElement;
}

function decide(c: CompiledRule, value: string): boolean | undefined {
  const { rule } = c;
  if (c.pattern?.test(value)) return true;
  if (rule.only !== undefined && rule.only !== null) return rule.only.includes(value);
  const added = rule.add !== undefined && Object.hasOwn(rule.add, value);
  if (rule.closed === true) return added;
  return added ? true : undefined;
}

/** The verdict of one profile on one coded value; undefined leaves it to the UN list. */
export function profileCodeCheck(profile: Profile): (ctx: CodeCheckContext) => boolean | undefined {
  const rules = compile(profile);
  return (ctx) => {
    const list = rules.get(ctx.elementId);
    if (list === undefined) return undefined;
    for (const c of list) {
      if (c.rule.segment !== undefined && c.rule.segment !== ctx.tag) continue;
      if (c.rule.qualifier !== undefined && c.rule.qualifier !== ctx.segmentQualifier) continue;
      return decide(c, ctx.value);
    }
    return undefined;
  };
}

/** The meaning a profile gives a code it added, for findings and documentation. */
export function addedMeaning(profile: Profile, elementId: string, value: string, tag?: string): string | undefined {
  for (const r of profile.codes) {
    if (r.element === elementId && (r.segment === undefined || r.segment === tag) && r.add && Object.hasOwn(r.add, value)) return r.add[value];
  }
  return undefined;
}

/**
 * One hook for every message: resolves the message's profile (cached by the registry) and asks
 * it. `profile` is the partner's profile or suite name.
 */
export function registryCodeCheck(registry: ProfileRegistry, profile?: string): CodeCheck {
  const checks = new Map<Profile, (ctx: CodeCheckContext) => boolean | undefined>();
  // The hook is asked for every coded value, message after message of one type and directory:
  // the last resolution is kept so the common case costs two string comparisons.
  let lastType: string | undefined;
  let lastDirectory: string | undefined;
  let last: ((ctx: CodeCheckContext) => boolean | undefined) | undefined;
  // Only elements some profile has a code rule for can get an answer.
  const elements = new Set<string>();
  for (const p of registry.profiles.values()) for (const r of p.codes) elements.add(r.element);
  const check = (ctx: CodeCheckContext): boolean | undefined => {
    if (ctx.messageType !== lastType || ctx.directory !== lastDirectory) {
      const p = registry.resolve({ ...(profile !== undefined ? { profile } : {}), messageType: ctx.messageType, directory: ctx.directory });
      let check = p ? checks.get(p) : undefined;
      if (p && !check) checks.set(p, (check = profileCodeCheck(p)));
      lastType = ctx.messageType;
      lastDirectory = ctx.directory;
      last = check;
    }
    return last?.(ctx);
  };
  // A profile's verdict depends on the question alone, and resolution on type and directory.
  return Object.assign(check, { elements, deterministic: true });
}
