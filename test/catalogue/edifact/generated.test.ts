/**
 * The committed schemas/edifact must be exactly what `npm run catalogue` produces from
 * ../shared/reference: regenerate into a temporary folder and compare every file byte for byte.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, generate, readRequests } from '../../../scripts/catalogue/generate.js';
import { defaultReferenceRoot, referenceAvailable } from '../../../scripts/catalogue/sources.js';

const referenceRoot = defaultReferenceRoot(REPO_ROOT);
const committed = join(REPO_ROOT, 'schemas', 'edifact');
const hasReference = referenceAvailable(referenceRoot);

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((p) => p.endsWith('.json') && statSync(join(dir, p)).isFile())
    .map((p) => relative(dir, join(dir, p)).split(sep).join('/'))
    .sort();
}

describe.skipIf(!hasReference)('generated catalogue (skipped when ../shared/reference is absent)', () => {
  const out = mkdtempSync(join(tmpdir(), 'edigw-catalogue-'));
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
  });

  it('equals what scripts/catalogue/generate.ts writes from the reference', { timeout: 180_000 }, () => {
    const warnings: string[] = [];
    const written = generate({ referenceRoot, outDir: out, requests: readRequests(), log: (line) => warnings.push(line) });
    expect(warnings).toEqual([]);
    expect(jsonFiles(out)).toEqual(written);
    expect(jsonFiles(committed)).toEqual(written);
    const stale = written.filter((f) => readFileSync(join(out, f), 'utf8') !== readFileSync(join(committed, f), 'utf8'));
    expect(stale, 'run `npm run catalogue` and commit schemas/edifact').toEqual([]);
  });

  it('stays well under 20 MB', () => {
    const bytes = jsonFiles(committed).reduce((sum, f) => sum + statSync(join(committed, f)).size, 0);
    process.stdout.write(`schemas/edifact: ${jsonFiles(committed).length} files, ${(bytes / 1e6).toFixed(2)} MB\n`);
    expect(bytes).toBeLessThan(20e6);
  });
});
