import { copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';
import { MappingRegistry } from '../../src/mapping/registry.js';
import { repoRoot } from '../helpers/corpus.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A folder with the project's schema and shared files plus the given specs (each written as <id>.json). */
export function specDir(specs: readonly Record<string, unknown>[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'edigw-mappings-'));
  dirs.push(dir);
  copyFileSync(join(repoRoot, 'mappings', 'mapping.schema.json'), join(dir, 'mapping.schema.json'));
  cpSync(join(repoRoot, 'mappings', 'common'), join(dir, 'common'), { recursive: true });
  for (const s of specs) writeFileSync(join(dir, `${String(s.id)}.json`), JSON.stringify(s, null, 2));
  return dir;
}

export function registryWith(specs: readonly Record<string, unknown>[]): MappingRegistry {
  return new MappingRegistry({ dir: pathToFileURL(`${specDir(specs)}/`) });
}

/** A minimal spec for CODECO D95B with the given rules. */
export function codecoSpec(rules: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'CODECO-D95B.EquipmentInterchangeReceipt', format: 'edifact', message: 'CODECO', directories: ['D95B'],
    document: 'EquipmentInterchangeReceipt', include: ['edifact-segments', 'edifact-envelope'], rules, ...extra,
  };
}

/** An interchange around one message body (segments without terminators). */
export function interchange(body: readonly string[], options: { type?: string; directory?: string; syntax?: string } = {}): string {
  const [v, r] = [(options.directory ?? 'D95B').slice(0, 1), (options.directory ?? 'D95B').slice(1)];
  const syntax = options.syntax ?? 'UNOC:3';
  const date = syntax.endsWith(':4') ? '20250317' : '250317';
  const segs = [`UNH+1+${options.type ?? 'CODECO'}:${v}:${r}:UN`, ...body, `UNT+${body.length + 2}+1`];
  return `UNB+${syntax}+NBCT:ZZZ+COSCO:ZZZ+${date}:1426+77'${segs.join("'")}'UNZ+1+77'`;
}
