// Full validation (syntax, structure, port profiles and business rules, streaming) of the bench
// files side by side with the `edifact` package's validating Reader IN ONE PROCESS, taking turns
// run after run, CPU time per run (process.cpuUsage): the ratio to the Reader under the same load.
// `npm run bench validation` runs each variant in its own process, at different moments; on a
// shared machine the load then differs between the Reader's run and ours, and so does the ratio
// (3.8x and 2.3x for the same build on one afternoon). Any number of builds can take part:
//   node --max-old-space-size=4096 bench/validation/ratio.mjs [rounds=5] DIR… [-- files…]
// Each DIR holds a dist/ (the checkout itself, or a copy of a build with node_modules, schemas,
// config and src linked next to it); files default to the 10 MB CODECO and CUSCAR bench files.
// Memory is not measured here (the Reader holds its whole result): see the bench's peak RSS.
/* eslint-disable @typescript-eslint/explicit-function-return-type -- plain JavaScript */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import process from 'node:process';
import { benchFiles, loadValidation } from './builds.mjs';

const args = process.argv.slice(2);
const cut = args.indexOf('--');
const [rounds = '5', ...dirs] = cut >= 0 ? args.slice(0, cut) : args;
const given = cut >= 0 ? args.slice(cut + 1) : [];
if (dirs.length === 0) {
  process.stderr.write('usage: node bench/validation/ratio.mjs [rounds] DIR… [-- files…]\n');
  process.exit(2);
}
const files = benchFiles(given);

const require = createRequire(resolve(dirs[0], 'package.json'));
// As in worker.ts: the Reader's built-in C401 requires components a valid TDT may leave empty.
require('edifact/elements.js').C401.requires = 0;
const Reader = require('edifact/reader.js');

const runs = new Map();
for (const dir of dirs) runs.set(dir, await loadValidation(dir));
const mbps = (bytes, seconds) => bytes / seconds / 1e6;
for (const file of files) {
  const bytes = statSync(file).size;
  const text = readFileSync(file, 'latin1');
  const variants = new Map([['Reader', async () => { new Reader().parse(text); }]]);
  for (const [dir, run] of runs) variants.set(dir, () => run(file));
  const cpu = new Map([...variants.keys()].map((k) => [k, []]));
  for (const run of variants.values()) await run();
  const order = [...variants.keys()];
  for (let r = 0; r < Number(rounds); r++) {
    for (const k of r % 2 === 0 ? order : [...order].reverse()) {
      const c0 = process.cpuUsage();
      await variants.get(k)();
      const used = process.cpuUsage(c0);
      cpu.get(k).push((used.user + used.system) / 1e6);
    }
  }
  const stat = (k) => {
    const s = [...cpu.get(k)].sort((x, y) => x - y);
    return { best: mbps(bytes, s[0]), median: mbps(bytes, s[s.length >> 1]) };
  };
  const reader = stat('Reader');
  process.stdout.write(`${file} (${(bytes / 1e6).toFixed(1)} MB), CPU MB/s best / median, ratio to the Reader's best / median:\n`);
  for (const k of order) {
    const s = stat(k);
    process.stdout.write(`  ${k.padEnd(30)} ${s.best.toFixed(1).padStart(6)} / ${s.median.toFixed(1).padStart(6)}   ${(s.best / reader.best).toFixed(2)}x / ${(s.median / reader.median).toFixed(2)}x\n`);
  }
}
