/**
 * Issue 4, point 9 (CODECO half): a 5,000-container CODECO converted to canonical JSON, against the
 * bare reference of parsing the same interchange with the gateway's parser, every element read
 * into an equivalent plain object, and JSON.stringify of that. Each variant runs in its own
 * process on dist/. Target: the whole conversion at most 2× the reference.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchRoot, runWorker, table } from '../lib.js';

const CONTAINERS = 5000;
/**
 * How the 5,000 containers are split into messages. Terminals send gate reports per transaction
 * or per batch, and D.95B allows 999 equipment groups per CODECO: 100 per message is the headline;
 * 500 and one message of all 5,000 (beyond D.95B's limit) show how message size costs.
 */
const LAYOUTS = [100, 500, 5000] as const;

function checkDigit(code: string): number {
  const values: Record<string, number> = {};
  let v = 10;
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (v % 11 === 0) v++;
    values[c] = v++;
  }
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (values[code[i]] ?? Number(code[i])) * 2 ** i;
  return (sum % 11) % 10;
}

function container(n: number): string {
  const base = `${['CSNU', 'OOLU', 'CBHU', 'TGHU'][n % 4]}${String(100000 + ((n * 7919) % 900000))}`;
  return `${base}${checkDigit(base)}`;
}

/** Gate-in reports of one day at a Ningbo terminal, SMDG segment usage, as the CODECO fixture. */
export function codeco(containers = CONTAINERS, perMessage = 100): string {
  const out = ["UNA:+.? '", "UNB+UNOC:3+NBCT:ZZZ+COSCO:ZZZ+250317:2359+GI250317BATCH'"];
  let n = 0;
  for (let m = 1; n < containers; m++) {
    const segs = [
      `UNH+${m}+CODECO:D:95B:UN`, `BGM+34+NBCT-GI-20250317-${String(m).padStart(3, '0')}+9`,
      'TDT+20+042W+1+13+COS:172:20+++9783758:146::COSCO SHIPPING ARIES', 'LOC+9+CNNGB:139:6+NBCT:TER:ZZZ', 'DTM+133:202503192200:203',
      'NAD+CF+COS:172:20',
    ];
    const count = Math.min(perMessage, containers - n);
    for (let i = 0; i < count; i++, n++) {
      const minute = String(n % 60).padStart(2, '0');
      const hour = String(6 + Math.floor((n % 960) / 60)).padStart(2, '0');
      segs.push(
        `EQD+CN+${container(n)}+${n % 3 === 0 ? '22G1' : '45G1'}:102:5++2+${n % 7 === 0 ? 4 : 5}`,
        `RFF+BN:${6301450000 + n}`, `RFF+BM:COSU${6351200000 + Math.floor(n / 3)}`, 'TMD+3++2',
        `DTM+7:20250317${hour}${minute}:203`, 'LOC+165+CNNGB:139:6+NBCT:TER:ZZZ', `LOC+11+${['NLRTM', 'DEHAM', 'BEANR', 'GBFXT'][n % 4]}:139:6`,
        `MEA+AAE+G+KGM:${12000 + (n % 18000)}`, `MEA+AAE+VGM+KGM:${12000 + (n % 18000)}`, `SEL+COS${2290000 + n}+CA+1`,
        `TDT+1++3+31+NBSD:172:ZZZ+++ZHE B${String(10000 + (n % 90000))}`,
      );
    }
    segs.push(`CNT+16:${count}`, `UNT+${segs.length + 2}+${m}`);
    out.push(...segs.map((s) => `${s}'`));
  }
  out.push(`UNZ+${Math.ceil(containers / perMessage)}+GI250317BATCH'`);
  return `${out.join('\n')}\n`;
}

interface WorkerResult { variant: string; bytes: number; iterations: number; medianMs: number; medianCpuMs: number; minCpuMs: number; outputBytes: number; peakRssMb: number }

/** Rounds of all variants, alternating, each variant's best round kept: other load on the machine only ever adds time. */
const ROUNDS = 2;

const VARIANTS = [
  { name: 'reference', label: 'reference: parseInterchange, every element read into a plain object, JSON.stringify' },
  { name: 'convert', label: 'CODECO → EquipmentInterchangeReceipt → JSON (readEdifact + JSON.stringify)' },
  { name: 'convert+validate', label: 'the same, each document checked against its schema (as `edigw convert`)' },
] as const;

export async function runMappingBench(): Promise<string> {
  const dir = join(tmpdir(), 'edigw-bench');
  mkdirSync(dir, { recursive: true });
  const sections: string[] = [];
  for (const perMessage of LAYOUTS) {
    const file = join(dir, `codeco-${CONTAINERS}-per-${perMessage}.edi`);
    if (!existsSync(file)) writeFileSync(file, codeco(CONTAINERS, perMessage));
    const results = new Map<string, WorkerResult>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const v of VARIANTS) {
        process.stderr.write(`bench mapping: ${perMessage} per message, ${v.name} (round ${round} of ${ROUNDS})…\n`);
        const r = await runWorker<WorkerResult>(join(benchRoot, 'mapping', 'worker.ts'), [v.name, file, '3']);
        const best = results.get(v.name);
        if (!best || r.medianCpuMs < best.medianCpuMs) results.set(v.name, r);
      }
    }
    const ref = results.get('reference')!;
    const rows = VARIANTS.map((v) => {
      const r = results.get(v.name)!;
      return [v.label, r.medianCpuMs, r.minCpuMs, r.medianMs, (r.bytes / 1e6) / (r.medianCpuMs / 1000), r.peakRssMb, `${(r.medianCpuMs / ref.medianCpuMs).toFixed(2)}×`, `${(r.minCpuMs / ref.minCpuMs).toFixed(2)}×`];
    });
    const messages = Math.ceil(CONTAINERS / perMessage);
    sections.push(
      `#### ${messages} message${messages === 1 ? '' : 's'} of ${perMessage.toLocaleString('en-US')} containers: ${(ref.bytes / 1e6).toFixed(1)} MB in, ${(results.get('convert')!.outputBytes / 1e6).toFixed(1)} MB of JSON out`,
      '',
      table(['variant', 'CPU ms (median)', 'CPU ms (best)', 'wall ms (median)', 'MB/s (CPU median)', 'peak RSS MB', 'vs reference, median (target ≤ 2×)', 'vs reference, best'], rows),
      '',
    );
  }
  return [`### CODECO to canonical JSON (issue 4, point 9): ${CONTAINERS.toLocaleString('en-US')} containers`, '', ...sections].join('\n');
}
