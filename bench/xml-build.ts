/**
 * Which way of building customs XML with xmlbuilder2 is fastest, against fast-xml-parser's
 * XMLBuilder and plain string concatenation as references. Every variant writes the same ~10 MB
 * MT1101 (bench/xml-manifest.ts) in the same schema order, and runs in its own process so that its
 * peak RSS is its own.
 *
 *   node --import tsx bench/xml-build.ts [--bills 3000] [--runs 5] [--only <part of a variant name>]
 *
 * Prints, per variant: output size, best and median MB/s of wall time, median MB per second of CPU
 * time (the process's user + system time, GC threads included: steadier than wall time on a busy
 * machine), peak RSS, and peak RSS above the process's RSS once the message object exists (what the
 * building itself costs).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { XMLBuilder } from 'fast-xml-parser';
import { create, createCB, fragment } from 'xmlbuilder2';
type XmlBuilder2Node = ReturnType<typeof fragment>;
import { buildCustomsXml } from '../src/syntax/xml/write.js';
import { walkManifest, type XmlSink } from '../src/syntax/xml/walk.js';
import { customsNamespace, type CustomsMessage } from '../src/syntax/xml/types.js';
import { bigManifest } from './xml-manifest.js';

type Obj = Record<string, unknown>;

/** Collects the walk into a plain object in the given library's conventions (attribute prefix, text key). */
function objectSink(attrPrefix: string, textKey: string): { sink: XmlSink; root: Obj } {
  const root: Obj = {};
  const stack: Obj[] = [root];
  const sink: XmlSink = {
    open(name, attributes) {
      const node: Obj = {};
      if (attributes) for (const [k, v] of Object.entries(attributes)) node[attrPrefix + k] = v;
      const parent = stack[stack.length - 1];
      const existing = parent[name];
      if (existing === undefined) parent[name] = node;
      else if (Array.isArray(existing)) existing.push(node);
      else parent[name] = [existing, node];
      stack.push(node);
    },
    text(value) {
      stack[stack.length - 1][textKey] = value;
    },
    close() {
      stack.pop();
    },
  };
  return { sink, root };
}

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string): string => escapeText(s).replace(/"/g, '&quot;');

const variants: Record<string, (m: CustomsMessage) => string> = {
  'buildCustomsXml (fragment per bill)': (m) => buildCustomsXml(m),
  'xmlbuilder2-create-chained': (m) => {
    let node = create({ version: '1.0', encoding: 'UTF-8' });
    walkManifest(m, {
      open: (name, attributes) => { node = node.ele(name, attributes); },
      text: (value) => { node = node.txt(value); },
      close: () => { node = node.up(); },
    }, customsNamespace(m.type));
    return node.end();
  },
  'xmlbuilder2-fragment-per-block': (m) => {
    // The envelope tags (Manifest, Head, Declaration) as text; every child of Head and Declaration
    // (a whole Consignment, say) built as its own xmlbuilder2 fragment, serialized and dropped.
    const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
    const names: string[] = [];
    let node: XmlBuilder2Node | undefined;
    let block: XmlBuilder2Node | undefined;
    walkManifest(m, {
      open: (name, attributes) => {
        names.push(name);
        if (names.length <= 2) {
          parts.push(`<${name}${attributes ? Object.entries(attributes).map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('') : ''}>`);
        } else if (names.length === 3) {
          block = fragment();
          node = block.ele(name, attributes);
        } else {
          node = node!.ele(name, attributes);
        }
      },
      text: (value) => { node!.txt(value); },
      close: () => {
        const depth = names.length;
        const name = names.pop() ?? '';
        if (depth <= 2) parts.push(`</${name}>`);
        else if (depth === 3) { parts.push(block!.end()); block = undefined; }
        else node = node!.up();
      },
    }, customsNamespace(m.type));
    return parts.join('');
  },
  'xmlbuilder2-create-object': (m) => {
    const { sink, root } = objectSink('@', '#');
    walkManifest(m, sink, customsNamespace(m.type));
    return create({ version: '1.0', encoding: 'UTF-8' }, root).end();
  },
  'fast-xml-parser-XMLBuilder (reference)': (m) => {
    const { sink, root } = objectSink('@_', '#text');
    walkManifest(m, sink, customsNamespace(m.type));
    // Deprecated in favour of the fast-xml-builder package, which the project does not install; it is the issue's reference.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    return '<?xml version="1.0" encoding="UTF-8"?>' + new XMLBuilder({ ignoreAttributes: false }).build(root);
  },
  'string-concatenation (reference)': (m) => {
    const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
    const names: string[] = [];
    walkManifest(m, {
      open: (name, attributes) => {
        names.push(name);
        parts.push(`<${name}${attributes ? Object.entries(attributes).map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('') : ''}>`);
      },
      text: (value) => { parts.push(escapeText(value)); },
      close: () => { parts.push(`</${names.pop() ?? ''}>`); },
    }, customsNamespace(m.type));
    return parts.join('');
  },
  'xmlbuilder2-createCB': (m) => {
    const chunks: string[] = [];
    const cb = createCB({ data: (c: string) => { chunks.push(c); } });
    cb.dec({ version: '1.0', encoding: 'UTF-8' });
    walkManifest(m, {
      open: (name, attributes) => { cb.ele(name, attributes); },
      text: (value) => { cb.txt(value); },
      close: () => { cb.up(); },
    }, customsNamespace(m.type));
    cb.end();
    return chunks.join('');
  },
};

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

function child(variant: string): void {
  const build = variants[variant];
  const message = bigManifest(arg('bills', 3000));
  const runs = arg('runs', 5);
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let size = build(message).length; // warm-up
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const xml = build(message);
    const cpu = process.cpuUsage(c0);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    size = Buffer.byteLength(xml, 'utf8');
    rates.push(size / 1e6 / seconds);
    cpuRates.push(size / 1e6 / ((cpu.user + cpu.system) / 1e6));
  }
  rates.sort((a, b) => a - b);
  cpuRates.sort((a, b) => a - b);
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ variant, size, best: rates[rates.length - 1], median: rates[Math.floor(rates.length / 2)], cpu: cpuRates[Math.floor(cpuRates.length / 2)], peak, overBaseline: peak - baseline }));
}

function parent(): void {
  const self = fileURLToPath(import.meta.url);
  const rows: string[] = [];
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(0).padStart(5);
  const only = process.argv.indexOf('--only');
  const selected = Object.keys(variants).filter((v) => only === -1 || v.includes(process.argv[only + 1]));
  for (const variant of selected) {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child', variant, '--bills', String(arg('bills', 3000)), '--runs', String(arg('runs', 5))], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const r = JSON.parse(out) as { variant: string; size: number; best: number; median: number; cpu: number; peak: number; overBaseline: number };
    rows.push(`${r.variant.padEnd(42)} ${(r.size / 1e6).toFixed(1).padStart(6)} MB ${r.best.toFixed(1).padStart(6)} ${r.median.toFixed(1).padStart(6)} ${r.cpu.toFixed(1).padStart(6)} MB/s ${mb(r.peak)} MiB ${mb(r.overBaseline)} MiB`);
    process.stdout.write(`${rows[rows.length - 1]}\n`);
  }
}

const childIndex = process.argv.indexOf('--child');
if (childIndex !== -1) child(process.argv[childIndex + 1]);
else {
  process.stdout.write(`${'variant'.padEnd(42)} ${'output'.padStart(9)} ${'best'.padStart(6)} ${'median'.padStart(6)} ${'CPU'.padStart(6)}      ${'peak RSS'.padStart(9)} ${'building'.padStart(9)}\n`);
  parent();
}
