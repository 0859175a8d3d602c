/**
 * Code translation tables, compiled once per spec. Reading looks a code up; writing looks the
 * canonical value up in the reverse table. Where several codes read as one value (BGM 1225: 4 and
 * 5 both mean replace), the spec's `write` must say which one is written: JSON objects keep
 * numeric keys in numeric order, so "the first listed" would not be what the author wrote.
 */
import type { TableSpec } from './spec.js';

export interface CodeTable {
  readonly name: string;
  read(code: string): string | undefined;
  write(value: string): string | undefined;
  /** Canonical value for an unlisted code, if the table has one. */
  readonly otherwise: string | undefined;
  readonly unknown: 'warning' | 'error' | 'ignore';
  /** Whether reading `code` and writing the result gives `code` back. */
  exact(code: string): boolean;
}

export function compileTable(name: string, spec: TableSpec): CodeTable {
  const full = 'codes' in spec && typeof spec.codes === 'object' ? spec as Extract<TableSpec, { codes: unknown }> : undefined;
  const codes = new Map<string, string>(Object.entries(full ? full.codes : (spec as Readonly<Record<string, string>>)));
  const reverse = new Map<string, string>();
  const written = full?.write ?? {};
  for (const [value, code] of Object.entries(written)) {
    if (codes.get(code) !== value && codes.has(code)) throw new Error(`table ${name}: write ${value} → ${code}, but ${code} reads as ${codes.get(code)}`);
    reverse.set(value, code);
  }
  for (const [code, value] of codes) {
    if (value in written) continue;
    const other = reverse.get(value);
    if (other !== undefined) throw new Error(`table ${name}: codes ${other} and ${code} both read as ${value}; say which one to write ("write": {"${value}": "…"})`);
    reverse.set(value, code);
  }
  const otherwise = full?.otherwise;
  return {
    name,
    read: (code) => codes.get(code) ?? otherwise,
    write: (value) => reverse.get(value),
    otherwise,
    unknown: full?.unknown ?? 'warning',
    exact: (code) => {
      const v = codes.get(code);
      return v !== undefined && reverse.get(v) === code;
    },
  };
}
