/**
 * Issue 3 benchmark: full validation (syntax, structure, and the port profiles' rules), streaming,
 * of a 10 MB gate CODECO and a 10 MB cargo manifest (CUSCAR), side by side with the `edifact`
 * package's validating Reader, each variant in its own process; the same at 100 MB to show that
 * memory does not grow with the file; and how long the catalogue takes to load at start-up.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { benchRoot, repoRoot, runChild, runWorker, table } from '../lib.js';
import { generated, type Kind } from './generate.js';

interface WorkerResult { variant: string; bytes: number; iterations: number; seconds: number; cpuSeconds: number; segments: number; peakRssMb: number }
interface CatalogueResult {
  startupMs: number; firstMessagesMs: number; everythingMs: number;
  startupCpuMs: number; firstMessagesCpuMs: number; everythingCpuMs: number; segments: number;
}

const MB = 1024 * 1024;
const worker = join(benchRoot, 'validation', 'worker.ts');

const VARIANTS: readonly { name: string; label: string; sizes: readonly number[] }[] = [
  { name: 'edifact-reader', label: '`edifact` Reader, validating (C401 relaxed)', sizes: [10] },
  { name: 'edigw', label: 'edigw syntax + structure, streaming', sizes: [10, 100] },
  { name: 'edigw-profiles', label: 'edigw syntax + structure + port profiles and business rules, streaming', sizes: [10, 100] },
];

const KIND_LABEL: Record<Kind, string> = { codeco: 'CODECO (gate)', cuscar: 'CUSCAR (manifest)' };

/** Compiles src/ to dist/ (the workers run compiled code); a type error elsewhere still emits. */
async function build(): Promise<void> {
  const r = await runChild(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(repoRoot, 'tsconfig.build.json')]);
  if (!existsSync(join(repoRoot, 'dist', 'validation', 'index.js'))) throw new Error(`build failed: ${r.stdout.slice(0, 2000)}`);
  if (r.code !== 0) process.stderr.write(`bench validation: tsc reported errors (dist/ was still written):\n${r.stdout.slice(0, 1000)}\n`);
}

export async function runValidationBench(): Promise<string> {
  await build();
  const files = new Map<string, string>();
  for (const kind of ['codeco', 'cuscar'] as const) for (const size of [10, 100]) files.set(`${kind}@${size}`, await generated(kind, size * MB));

  process.stderr.write('bench validation: catalogue load…\n');
  const startup = await runChild(process.execPath, [join(benchRoot, 'validation', 'startup.mjs'), files.get('codeco@10')!, files.get('cuscar@10')!]);
  if (startup.code !== 0) throw new Error(`startup.mjs failed: ${startup.stderr.slice(-2000)}`);
  const cat = JSON.parse(startup.stdout.trim()) as CatalogueResult;

  const rows: (string | number)[][] = [];
  for (const kind of ['codeco', 'cuscar'] as const) {
    const results = new Map<string, WorkerResult>();
    for (const size of [10, 100]) {
      for (const v of VARIANTS.filter((x) => x.sizes.includes(size))) {
        process.stderr.write(`bench validation: ${v.name} ${kind} ${size} MB…\n`);
        results.set(`${v.name}@${size}`, await runWorker<WorkerResult>(worker, [v.name, files.get(`${kind}@${size}`)!, size === 100 ? '0' : '3'], ['--max-old-space-size=8192']));
      }
    }
    const mbps = (r: WorkerResult): number => (r.bytes * r.iterations) / r.seconds / 1e6;
    const cpuMbps = (r: WorkerResult): number => (r.bytes * r.iterations) / r.cpuSeconds / 1e6;
    const reader = results.get('edifact-reader@10')!;
    for (const v of VARIANTS) {
      for (const size of v.sizes) {
        const r = results.get(`${v.name}@${size}`)!;
        const ratio = (f: (x: WorkerResult) => number): string => (v.name === 'edifact-reader' ? '1×' : `${(f(r) / f(reader)).toFixed(1)}×`);
        rows.push([v.label, `${KIND_LABEL[kind]} ${size} MB`, mbps(r), ratio(mbps), cpuMbps(r), ratio(cpuMbps), r.peakRssMb]);
      }
    }
  }
  return [
    '### EDIFACT validation (issue 3)',
    '',
    'Each variant in its own process after a warm-up (none at 100 MB). MB/s by wall clock, and by the',
    'process\'s CPU time (steadier when the machine is shared); peak RSS of that process.',
    '',
    table(['variant', 'input', 'MB/s', 'vs Reader', 'MB/s (CPU)', 'vs Reader (CPU)', 'peak RSS MB'], rows),
    '',
    table(['catalogue (fresh process)', 'wall ms', 'CPU ms'], [
      ['start-up: import the validator, read the index', cat.startupMs, cat.startupCpuMs],
      ['ready for the first CODECO and CUSCAR (D95B tables, segments, code lists)', cat.firstMessagesMs, cat.firstMessagesCpuMs],
      [`then every message of every directory compiled (${cat.segments} segment rules; code lists load when first needed)`, cat.everythingMs, cat.everythingCpuMs],
    ]),
  ].join('\n');
}
