/**
 * `npm run bench [suite…]`: runs the benchmark suites and prints their tables (markdown), also
 * written to bench/results/latest.md. Benchmarks report ratios against a reference measured in the
 * same run; no test ever asserts a timing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchRoot, buildDist, machine } from './lib.js';
import { runMappingBench } from './mapping/index.js';
import { runXmlMappingBench } from './mapping-xml/index.js';
import { runServiceBench } from './service/index.js';
import { runSftpBench } from './sftp/index.js';
import { runSyntaxBench } from './syntax/index.js';
import { runValidationBench } from './validation/index.js';

const suites: Record<string, () => Promise<string>> = {
  syntax: () => runSyntaxBench(),
  validation: () => runValidationBench(),
  mapping: () => runMappingBench(),
  'mapping-xml': () => runXmlMappingBench(),
  service: () => runServiceBench(),
  sftp: () => runSftpBench(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(suites);
buildDist();
const out: string[] = [`Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.`, ''];
for (const name of names) {
  const suite = suites[name];
  if (!suite) {
    process.stderr.write(`unknown bench suite "${name}"; known: ${Object.keys(suites).join(', ')}\n`);
    process.exit(2);
  }
  out.push(await suite(), '');
}
const text = out.join('\n');
process.stdout.write(`${text}\n`);
mkdirSync(join(benchRoot, 'results'), { recursive: true });
writeFileSync(join(benchRoot, 'results', 'latest.md'), text);
