/**
 * Conditions in specs. Message-side (`where`, `when`): address → value or list; `!X` excludes X,
 * `""` stands for an absent value. Document-side (`if`, writing only): path → value, `*` for any
 * value, `!X` for anything but X (absent included).
 */
import { getSteps, parseLeaf, parseTarget, type Obj } from './paths.js';

/** Tests a message value (undefined when absent) against a condition's listed values. */
export function valueTest(values: string | readonly string[]): (v: string | undefined) => boolean {
  const list = typeof values === 'string' ? [values] : values;
  const plain = list.filter((v) => !v.startsWith('!'));
  const negated = list.filter((v) => v.startsWith('!')).map((v) => v.slice(1));
  if (negated.length === 0 && plain.length === 1) {
    const only = plain[0];
    return (v) => (v ?? '') === only;
  }
  return (v) => {
    const x = v ?? '';
    return (plain.length === 0 || plain.includes(x)) && !negated.includes(x);
  };
}

/** The value a message-side condition writes: the first plain value, none for "absent" or negations. */
export function writeValueOf(values: string | readonly string[]): string | undefined {
  const list = typeof values === 'string' ? [values] : values;
  const v = list.find((x) => !x.startsWith('!'));
  return v === '' ? undefined : v;
}

/** Compiles document-side conditions into one test of (item, document root). */
export function docTest(conds: Readonly<Record<string, string>> | undefined, where: string): ((item: unknown, root: Obj) => boolean) | undefined {
  if (!conds) return undefined;
  const tests = Object.entries(conds).map(([path, expected]) => {
    const absolute = path.startsWith('/');
    const steps = absolute ? [...parseTarget(path, where).prefix, { name: parseTarget(path, where).last }] : parseLeaf(path, where).steps;
    return (item: unknown, root: Obj): boolean => {
      const found = getSteps(absolute ? root : item, steps);
      if (expected === '*') return found !== undefined;
      const v = typeof found === 'string' || typeof found === 'number' || typeof found === 'boolean' ? String(found) : undefined;
      if (expected.startsWith('!')) return v !== expected.slice(1);
      return v === expected;
    };
  });
  return (item, root) => tests.every((t) => t(item, root));
}
