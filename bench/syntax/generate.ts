/**
 * Generated port interchanges for the benchmarks: COARRI discharge reports and CODECO gate
 * messages as a terminal sends them (SMDG-style segments, release characters in free text, CR/LF
 * after each segment), written once per size into the OS temp directory and reused.
 */
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function checkDigit(owner: string, serial: string): number {
  const values: Record<string, number> = {};
  let v = 10;
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (v % 11 === 0) v++;
    values[c] = v++;
  }
  const code = owner + serial;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = code[i];
    sum += (values[ch] ?? Number(ch)) * 2 ** i;
  }
  return (sum % 11) % 10;
}

function container(n: number): string {
  const owner = ['MSCU', 'COSU', 'OOLU', 'CMAU'][n % 4];
  const serial = String(100000 + (n * 7919) % 900000);
  return `${owner}${serial}${checkDigit(owner, serial)}`;
}

/** One message with `containers` equipment groups: about 150 bytes per container. */
export function message(ref: number, containers: number, kind: 'COARRI' | 'CODECO'): string {
  const segs: string[] = [
    `UNH+${ref}+${kind}:D:95B:UN:ITG13`,
    `BGM+${kind === 'COARRI' ? '44' : '34'}+${kind === 'COARRI' ? 'DIS' : 'GIN'}${ref}+9`,
    'TDT+20+031W+1+13+COS:172:20+++3ERX3:103::COSCO SHIPPING ARIES',
    'LOC+11+CNNGB:139:6+NBCT:TER:ZZZ',
    'DTM+132:202611280600:203',
    'NAD+CF+COS:172:20',
  ];
  for (let i = 0; i < containers; i++) {
    const n = ref * 1000 + i;
    segs.push(
      `EQD+CN+${container(n)}+45G1:102:5++3+5`,
      'RFF+BM:COSU6123456780',
      `DTM+203:2026112806${String(i % 60).padStart(2, '0')}:203`,
      'LOC+147+0180482::5',
      `MEA+AAE+G+KGM:${10000 + (n % 20000)}`,
      `SEL+${String(500000 + n)}+CA`,
      'FTX+AAA+++GENERAL CARGO?: FURNITURE?+PARTS',
    );
  }
  segs.push(`CNT+16:${containers}`);
  segs.push(`UNT+${segs.length + 1}+${ref}`);
  return segs.map((s) => `${s}'\r\n`).join('');
}

export const SIZES = { '1KB': 1024, '100KB': 100 * 1024, '10MB': 10 * 1024 * 1024, '100MB': 100 * 1024 * 1024 } as const;
export type SizeName = keyof typeof SIZES;

/** Writes (once) an interchange of about `bytes` bytes and returns its path. */
export async function generated(name: SizeName): Promise<string> {
  const target = SIZES[name];
  const path = join(tmpdir(), `edigw-bench-${name}.edi`);
  if (existsSync(path) && statSync(path).size >= target * 0.9) return path;
  const out = createWriteStream(path);
  const write = (s: string): Promise<void> => new Promise((resolve) => { if (out.write(s, 'latin1')) resolve(); else out.once('drain', resolve); });
  await write("UNA:+.? '\r\nUNB+UNOA:2+NBCT:ZZZ+COSCO:ZZZ+261128:0600+1452515554132'\r\n");
  let size = 80;
  let ref = 0;
  // Small files get small messages, so even 1 KB holds a complete message.
  const containers = target < 8192 ? 2 : 20;
  while (size < target - 200 || ref === 0) {
    ref++;
    const m = message(ref, containers, ref % 2 ? 'COARRI' : 'CODECO');
    size += m.length;
    await write(m);
  }
  await write(`UNZ+${ref}+1452515554132'\r\n`);
  await new Promise<void>((resolve) => out.end(resolve));
  return path;
}
