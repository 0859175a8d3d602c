/**
 * One benchmark variant in its own process. Prints one JSON line:
 * { variant, bytes, iterations, seconds, cpuSeconds, segments }. `cpuSeconds` is the process's CPU
 * time over the timed loop (user + system, GC threads included): on a shared machine it is steadier
 * than the wall clock, which also counts the time other processes held the cores.
 *
 * In-memory variants get their input already loaded (the EDIFACT string for the `edifact` package
 * and the bare split, the bytes for edigw); streaming variants read the file each iteration.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Parse from '../../src/syntax/edifact/parse.js';
import type * as Stream from '../../src/syntax/edifact/stream.js';
import { distModule } from '../lib.js';

// The gateway's code comes from dist/ (what users run): tsx's transform wraps closures in
// keepNames helpers that make them several times slower.
const { parseInterchange } = await distModule<typeof Parse>('syntax/edifact/parse.js');
const { readEdifactStream } = await distModule<typeof Stream>('syntax/edifact/stream.js');

const require = createRequire(import.meta.url);
const [variant, file, minSecondsArg] = process.argv.slice(2) as [string, string, string?];
const minSeconds = Number(minSecondsArg ?? '2');
const bytes = statSync(file).size;

type Run = () => number | Promise<number>;

interface EdifactParser {
  onopensegment: (name: string) => void;
  write(s: string): void;
  end(): void;
}

function variantRun(): Run {
  switch (variant) {
    case 'split': {
      const text = readFileSync(file, 'latin1');
      return () => text.split("'").length - 1;
    }
    case 'edifact-parser': {
      const text = readFileSync(file, 'latin1');
      const Parser = require('edifact/parser.js') as new () => EdifactParser;
      return () => {
        let n = 0;
        const p = new Parser();
        p.onopensegment = () => { n++; };
        p.write(text);
        p.end();
        return n;
      };
    }
    case 'edifact-reader': {
      const text = readFileSync(file, 'latin1');
      // The Reader's built-in C401 requires components a valid TDT may leave empty ("TDT+20+031W+1+13+COS:172:20+++3ERX3…").
      (require('edifact/elements.js') as Record<string, { requires: number }>)['C401'].requires = 0;
      const Reader = require('edifact/reader.js') as new () => { parse(s: string): unknown[] };
      return () => new Reader().parse(text).length;
    }
    case 'edigw-tree': {
      const buf = readFileSync(file);
      return () => parseInterchange(buf).segmentCount;
    }
    case 'edigw-tree-values': {
      const buf = readFileSync(file);
      return () => {
        const ic = parseInterchange(buf);
        let n = 0;
        for (const s of ic.segments()) n += s.elements.length > 0 ? 1 : 1;
        return n;
      };
    }
    case 'edigw-stream':
      return async () => (await readEdifactStream(createReadStream(file, { highWaterMark: 256 * 1024 }))).segmentCount;
    case 'edigw-stream-split':
      return async () => (await readEdifactStream(createReadStream(file, { highWaterMark: 256 * 1024 }), { splitElements: true })).segmentCount;
    default:
      throw new Error(`unknown variant ${variant}`);
  }
}

const run = variantRun();
// Warm-up (small inputs only: a 100 MB run is its own warm-up).
if (bytes < 20 * 1024 * 1024) {
  const until = performance.now() + 500;
  while (performance.now() < until) await run();
}
let iterations = 0;
let segments = 0;
const started = performance.now();
const cpuStart = process.cpuUsage();
do {
  segments = await run();
  iterations++;
} while ((performance.now() - started) / 1000 < minSeconds);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(`${JSON.stringify({ variant, bytes, iterations, seconds, cpuSeconds, segments })}\n`);
