/**
 * One validation benchmark variant in its own process. Prints one JSON line.
 *
 * The gateway's code is imported from dist/ (compiled by tsc), not from src/ through tsx: tsx's
 * esbuild transform wraps functions to keep their names, which makes closures several times
 * slower and would measure the loader instead of the validator.
 *
 *   worker.ts <variant> <file> <minSeconds>   variants: edifact-reader, edigw, edigw-profiles
 * (The catalogue's start-up is measured by startup.mjs, in a process without tsx.)
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../lib.js';

import type * as ValidationModule from '../../src/validation/index.js';
import type * as ProfilesModule from '../../src/validation/profiles/index.js';

// Types from src/, code from dist/.
type Validation = typeof ValidationModule;
type Profiles = typeof ProfilesModule;

const dist = (path: string): string => pathToFileURL(join(repoRoot, 'dist', path)).href;
const require = createRequire(import.meta.url);
const [variant, file, third] = process.argv.slice(2) as [string, string, string];

type Run = () => number | Promise<number>;

async function variantRun(): Promise<Run> {
  switch (variant) {
    case 'edifact-reader': {
      const text = readFileSync(file, 'latin1');
      // The Reader's built-in C401 requires components a valid TDT may leave empty ("TDT+20+031W+1+13+COS:172:20+++3ERX3…").
      (require('edifact/elements.js') as Record<string, { requires: number }>)['C401'].requires = 0;
      const Reader = require('edifact/reader.js') as new () => { parse(s: string): unknown[] };
      return () => new Reader().parse(text).length;
    }
    case 'edigw':
    case 'edigw-profiles': {
      const { validateStream } = (await import(dist('validation/index.js'))) as Validation;
      const extra = variant === 'edigw-profiles' ? ((await import(dist('validation/profiles/index.js'))) as Profiles).profileValidation() : {};
      // Each result is handed over and dropped, as the gateway hands it to the store: memory stays flat.
      const drop = (): void => undefined;
      return async () => {
        const r = await validateStream(createReadStream(file, { highWaterMark: 256 * 1024 }), { ...extra, onMessage: drop });
        if (r.errors > 0) throw new Error(`${file}: ${r.errors} errors; the benchmark files must be clean`);
        return r.segmentCount;
      };
    }
    default:
      throw new Error(`unknown variant ${variant}`);
  }
}

{
  const minSeconds = Number(third || '2');
  const bytes = statSync(file).size;
  const run = await variantRun();
  // Warm-up (small inputs only: a 100 MB run is its own warm-up).
  if (bytes < 20 * 1024 * 1024) {
    const until = performance.now() + 500;
    while (performance.now() < until) await run();
  }
  let iterations = 0;
  let segments = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  do {
    segments = await run();
    iterations++;
  } while ((performance.now() - started) / 1000 < minSeconds);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu0);
  process.stdout.write(`${JSON.stringify({ variant, bytes, iterations, seconds, cpuSeconds: (used.user + used.system) / 1e6, segments })}\n`);
}
