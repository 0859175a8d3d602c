/**
 * One variant of the mapping benchmark in its own process. Prints one JSON line:
 * { variant, bytes, iterations, medianMs, medianCpuMs, minCpuMs, outputBytes }. CPU time (all threads of
 * the process, GC included) is what the ratios use: on a shared machine wall time mostly measures
 * the other processes.
 *
 * - reference: the gateway's parser (parseInterchange) reading every element of every segment
 *   into an equivalent plain object (each message's segments with their values, as `edigw parse`
 *   prints them), and JSON.stringify of it: converting the same data to JSON with no mapping.
 * - convert: CODECO → EquipmentInterchangeReceipt documents → JSON text (readEdifact + stringify).
 * - convert+validate: the same with every document checked against its JSON Schema, as
 *   `edigw convert` does.
 */
import { readFileSync } from 'node:fs';
import type * as Adapter from '../../src/mapping/edifact/adapter.js';
import type * as Registry from '../../src/mapping/registry.js';
import type * as Parse from '../../src/syntax/edifact/parse.js';
import type * as Documents from '../../src/catalogue/documents/index.js';
import { distModule } from '../lib.js';

// The gateway's code comes from dist/ (what users run): tsx's transform wraps closures in
// keepNames helpers that make them several times slower.
const { readEdifact } = await distModule<typeof Adapter>('mapping/edifact/adapter.js');
const { MappingRegistry } = await distModule<typeof Registry>('mapping/registry.js');
const { parseInterchange } = await distModule<typeof Parse>('syntax/edifact/parse.js');
const { validateDocument } = await distModule<typeof Documents>('catalogue/documents/index.js');

const [variant, file, minSecondsArg] = process.argv.slice(2) as [string, string, string?];
const minSeconds = Number(minSecondsArg ?? '3');
const input = readFileSync(file);
const registry = new MappingRegistry();

function documents(): Record<string, unknown>[] {
  const r = readEdifact(input, registry);
  if (r.issues.length > 0 || r.documents.some((d) => d.issues.length > 0)) throw new Error(`the benchmark input maps with findings: ${JSON.stringify([...r.issues, ...r.documents.flatMap((d) => d.issues)].slice(0, 3))}`);
  return r.documents.map((d) => d.document);
}

function run(): () => number {
  switch (variant) {
    case 'reference':
      return () => {
        const ic = parseInterchange(input);
        const messages = ic.messages.map((m) => {
          const segments: { tag: string; elements: (string | string[])[] }[] = [];
          for (const seg of m.body()) {
            const elements: (string | string[])[] = [];
            for (const reps of seg.elements) {
              const comps = reps[0];
              elements.push(comps.length === 1 ? comps[0] : [...comps]);
            }
            segments.push({ tag: seg.tag, elements });
          }
          return { type: m.type, directory: m.directory, ref: m.ref, segments };
        });
        return JSON.stringify({ header: ic.header, messages }).length;
      };
    case 'convert':
      return () => JSON.stringify(documents()).length;
    case 'convert+validate':
      return () => {
        const docs = documents();
        for (const d of docs) if (!validateDocument(d).ok) throw new Error('invalid document');
        return JSON.stringify(docs).length;
      };
    default:
      throw new Error(`unknown variant ${variant}`);
  }
}

const once = run();
let outputBytes = 0;
// Warm-up: compile the specs and schemas, let the JIT settle.
for (let i = 0; i < 3; i++) outputBytes = once();
const times: number[] = [];
const cpu: number[] = [];
const until = performance.now() + minSeconds * 1000;
while (performance.now() < until || times.length < 5) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  once();
  const c = process.cpuUsage(c0);
  times.push(performance.now() - t0);
  cpu.push((c.user + c.system) / 1000);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
process.stdout.write(`${JSON.stringify({ variant, bytes: input.length, iterations: times.length, medianMs: median(times), medianCpuMs: median(cpu), minCpuMs: Math.min(...cpu), outputBytes })}\n`);
