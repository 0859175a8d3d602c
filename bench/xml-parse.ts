/**
 * Reading customs XML: the gateway's safe reader (decode, pre-scan, fast-xml-parser with the
 * schema's array rules, envelope, optional structure check) against fast-xml-parser alone on the
 * same bytes. Same ~10 MB MT1101 as bench/xml-build.ts.
 *
 *   node --import tsx bench/xml-parse.ts [--bills 3000] [--runs 5]
 */
import { XMLParser } from 'fast-xml-parser';
import { buildCustomsXml } from '../src/syntax/xml/write.js';
import { parseCustomsXml } from '../src/syntax/xml/parse.js';
import { detectCustomsXml } from '../src/syntax/xml/index.js';
import { bigManifest } from './xml-manifest.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const bytes = Buffer.from(buildCustomsXml(bigManifest(arg('bills', 3000))), 'utf8');
const runs = arg('runs', 5);
const variants: Record<string, () => unknown> = {
  'fast-xml-parser alone (reference)': () => new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(bytes.toString('utf8')),
  'parseCustomsXml': () => parseCustomsXml(bytes),
  'parseCustomsXml, no structure check': () => parseCustomsXml(bytes, { checkStructure: false }),
  'detectCustomsXml (decode + pre-scan only)': () => detectCustomsXml(bytes),
};
process.stdout.write(`${(bytes.length / 1e6).toFixed(1)} MB MT1101, best and median of ${runs}\n`);
for (const [name, run] of Object.entries(variants)) {
  run();
  const rates: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    run();
    rates.push(bytes.length / 1e6 / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  rates.sort((a, b) => a - b);
  process.stdout.write(`${name.padEnd(44)} ${rates[rates.length - 1].toFixed(1).padStart(7)} ${rates[Math.floor(runs / 2)].toFixed(1).padStart(7)} MB/s\n`);
}
