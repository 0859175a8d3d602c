// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function, then inclusive time of the
// functions whose "name file:line" matches a pattern. For finding where validation spends its time:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/edigw validate --profile port big.edi
//   node bench/validation/cpuprofile.mjs /tmp/prof/*.cpuprofile [top=30] [pattern=validation]
/* eslint-disable @typescript-eslint/explicit-function-return-type -- plain JavaScript */
import { readFileSync } from 'node:fs';
import process from 'node:process';

const [file, top = '30', pattern = 'validation'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;

const selfByNode = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  selfByNode.set(profile.samples[i], (selfByNode.get(profile.samples[i]) ?? 0) + dt);
  total += dt;
}
const self = new Map();
const inclusive = new Map();
for (const [id, t] of selfByNode) {
  const k = name(byId.get(id));
  self.set(k, (self.get(k) ?? 0) + t);
  // Each function once per stack, however often it recurses.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const f = name(byId.get(cur));
    if (seen.has(f)) continue;
    seen.add(f);
    inclusive.set(f, (inclusive.get(f) ?? 0) + t);
  }
}
const line = ([k, t]) => `${((t / total) * 100).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(6)} ms  ${k}`;
const n = Number(top);
process.stdout.write(`total ${(total / 1000).toFixed(0)} ms\n\nself time\n`);
for (const e of [...self].sort((a, b) => b[1] - a[1]).slice(0, n)) process.stdout.write(`${line(e)}\n`);
const re = new RegExp(pattern);
process.stdout.write(`\ninclusive time, functions matching /${pattern}/ (inlined functions count in their caller)\n`);
for (const e of [...inclusive].filter(([k]) => re.test(k)).sort((a, b) => b[1] - a[1]).slice(0, n)) process.stdout.write(`${line(e)}\n`);
