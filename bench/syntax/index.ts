/**
 * Issue 2 benchmark: parse throughput (MB/s, segments/s) and peak RSS on generated port
 * interchanges of 1 KB, 100 KB, 10 MB and 100 MB, each variant in its own process, side by side
 * with the `edifact` npm package (tokenizing Parser; validating Reader) and a bare split of the
 * text into segments; plus `edigw validate` on the files as users run it.
 */
import { join } from 'node:path';
import { benchRoot, repoRoot, runChild, runWorker, table } from '../lib.js';
import { generated, SIZES, type SizeName } from './generate.js';

interface WorkerResult { variant: string; bytes: number; iterations: number; seconds: number; cpuSeconds: number; segments: number; peakRssMb: number }

const VARIANTS: readonly { name: string; label: string; sizes: readonly SizeName[] }[] = [
  { name: 'split', label: 'bare split into segments (String.split)', sizes: ['1KB', '100KB', '10MB', '100MB'] },
  { name: 'edifact-parser', label: '`edifact` Parser, tokenize only', sizes: ['1KB', '100KB', '10MB', '100MB'] },
  { name: 'edifact-reader', label: '`edifact` Reader, with validation', sizes: ['1KB', '100KB', '10MB', '100MB'] },
  { name: 'edigw-tree', label: 'edigw positioned tree + envelope checks', sizes: ['1KB', '100KB', '10MB', '100MB'] },
  { name: 'edigw-tree-values', label: 'edigw tree, every element read', sizes: ['1KB', '100KB', '10MB'] },
  { name: 'edigw-stream', label: 'edigw streaming + envelope checks', sizes: ['100KB', '10MB', '100MB'] },
  { name: 'edigw-stream-split', label: 'edigw streaming, every segment split', sizes: ['10MB', '100MB'] },
];

export async function runSyntaxBench(only?: readonly SizeName[]): Promise<string> {
  const sizes = (Object.keys(SIZES) as SizeName[]).filter((s) => !only || only.includes(s));
  const files = new Map<SizeName, string>();
  for (const s of sizes) files.set(s, await generated(s));
  const results = new Map<string, WorkerResult>();
  for (const size of sizes) {
    for (const v of VARIANTS.filter((x) => x.sizes.includes(size))) {
      process.stderr.write(`bench syntax: ${v.name} ${size}…\n`);
      const r = await runWorker<WorkerResult>(join(benchRoot, 'syntax', 'worker.ts'), [v.name, files.get(size)!, size === '100MB' ? '0' : '2'], ['--max-old-space-size=8192']);
      results.set(`${v.name}@${size}`, r);
    }
  }
  // Throughput over the process's CPU time, for every variant alike: the machine may be shared, and
  // the wall clock would also count the time other processes held the cores.
  const mbps = (r: WorkerResult): number => (r.bytes * r.iterations) / r.cpuSeconds / 1e6;
  const rows: (string | number)[][] = [];
  for (const v of VARIANTS) {
    for (const size of sizes) {
      const r = results.get(`${v.name}@${size}`);
      if (!r) continue;
      const parser = results.get(`edifact-parser@${size}`);
      const reader = results.get(`edifact-reader@${size}`);
      rows.push([v.label, size, mbps(r), (r.segments * r.iterations) / r.cpuSeconds / 1e6, r.peakRssMb,
        parser ? `${(mbps(r) / mbps(parser)).toFixed(2)}×` : '–', reader ? `${(mbps(r) / mbps(reader)).toFixed(1)}×` : '–']);
    }
  }
  // edigw validate as users run it: the real CLI, streaming, peak RSS of the process.
  const cli: (string | number)[][] = [];
  for (const size of sizes.filter((s) => s !== '1KB')) {
    const file = files.get(size)!;
    const r = await runChild(process.execPath, [join(repoRoot, 'bin', 'edigw'), 'validate', file]);
    if (r.code !== 0) throw new Error(`edigw validate ${file} exited ${r.code}: ${r.stdout.slice(0, 500)}${r.stderr.slice(0, 500)}`);
    cli.push(['`edigw validate`', size, SIZES[size] / 1e6 / (r.wallMs / 1000), r.peakRssMb]);
  }
  return [
    '### EDIFACT parsing (issue 2)',
    '',
    table(['variant', 'input', 'MB/s (CPU time)', 'M segments/s', 'peak RSS MB', 'vs `edifact` Parser', 'vs `edifact` Reader'], rows),
    '',
    table(['command', 'input', 'MB/s (whole process)', 'peak RSS MB'], cli),
  ].join('\n');
}
