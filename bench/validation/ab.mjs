// Same-process A/B of two builds of the validator: full validation (port profiles and business
// rules, streaming) of the 10 MB CODECO and CUSCAR benchmark files, the two builds taking turns
// run after run (the order flips every round), CPU time per run (process.cpuUsage). On a shared
// machine two separate processes differ by more than most single changes; taking turns in one
// process compares them under the same load.
//   node bench/validation/ab.mjs DIR_A DIR_B [rounds=12] [files…]
// DIR_A and DIR_B hold a dist/ each (a copy of a build, with node_modules, schemas, config and
// src linked next to it). The build loaded first measured 1-3 % faster in A/A runs: run it a
// second time with the two swapped before believing a difference of that size.
/* eslint-disable @typescript-eslint/explicit-function-return-type -- plain JavaScript */
import { statSync } from 'node:fs';
import process from 'node:process';
import { benchFiles, loadValidation } from './builds.mjs';

const [a, b, rounds = '12', ...given] = process.argv.slice(2);
if (!a || !b) {
  process.stderr.write('usage: node bench/validation/ab.mjs DIR_A DIR_B [rounds] [files…]\n');
  process.exit(2);
}
const files = benchFiles(given);

const runs = { A: await loadValidation(a), B: await loadValidation(b) };
const mbps = (bytes, seconds) => (bytes / seconds / 1e6).toFixed(1);
for (const file of files) {
  const bytes = statSync(file).size;
  const cpu = { A: [], B: [] };
  // Warm-up, both.
  for (const k of ['A', 'B']) for (let i = 0; i < 2; i++) await runs[k](file);
  for (let r = 0; r < Number(rounds); r++) {
    for (const k of r % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
      const c0 = process.cpuUsage();
      await runs[k](file);
      const used = process.cpuUsage(c0);
      cpu[k].push((used.user + used.system) / 1e6);
    }
  }
  const line = (k) => {
    const s = [...cpu[k]].sort((x, y) => x - y);
    return `${k} best ${mbps(bytes, s[0])} median ${mbps(bytes, s[s.length >> 1])} MB/s (CPU)`;
  };
  process.stdout.write(`${file}: ${line('A')} | ${line('B')}\n`);
}
