/**
 * Generated port traffic for the validation benchmark: a gate CODECO file and a cargo manifest
 * (CUSCAR) file, D.95B, shaped as terminals and agents send them (SMDG-style segments, release
 * characters in free text, CR/LF after each segment), using UN codes only so that the structure
 * check walks the whole of every message instead of stopping at findings. Written once per size
 * into the OS temp directory and reused.
 */
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iso6346CheckDigit } from '../../src/catalogue/documents/formats.js';

const OWNERS = ['MSCU', 'COSU', 'OOLU', 'CMAU'] as const;

function container(n: number): string {
  const owner = OWNERS[n % 4];
  const serial = String(100000 + ((n * 7919) % 900000));
  return `${owner}${serial}${iso6346CheckDigit(owner + serial) ?? 0}`;
}

const two = (n: number): string => String(n % 60).padStart(2, '0');

/** A gate-in CODECO (D.95B) with `containers` equipment groups, about 330 bytes each. */
export function codeco(ref: number, containers: number): string {
  const segs = [
    `UNH+${ref}+CODECO:D:95B:UN:ITG14`,
    `BGM+34+GIN${ref}+9`,
    'TDT+20+031W+1+13+COS:172:20+++3ERX3:103::COSCO SHIPPING ARIES',
    'LOC+11+CNNGB:139:6',
    'DTM+132:202611280600:203',
    'NAD+CF+COS:172:20',
  ];
  for (let i = 0; i < containers; i++) {
    const n = ref * 1000 + i;
    segs.push(
      `EQD+CN+${container(n)}+45G1:102:5++2+5`,
      `RFF+BN:COSU${6000000 + (n % 999999)}`,
      `DTM+7:2026112806${two(i)}:203`,
      'LOC+9+CNNGB:139:6+NBCT:TER:ZZZ',
      `MEA+AAE+G+KGM:${10000 + (n % 20000)}`,
      `SEL+${500000 + n}+CA`,
      'FTX+AAA+++GENERAL CARGO?: FURNITURE?+PARTS',
      `TDT+1++3++NBTRUCK:172:ZZZ+++ZJA${10000 + (n % 90000)}`,
      `DTM+132:2026112807${two(i)}:203`,
    );
  }
  segs.push(`CNT+16:${containers}`);
  segs.push(`UNT+${segs.length + 1}+${ref}`);
  return segs.map((s) => `${s}'\r\n`).join('');
}

/** A cargo manifest (CUSCAR D.95B) with `bills` consignments of one container each, about 600 bytes per bill. */
export function cuscar(ref: number, bills: number): string {
  const segs = [
    `UNH+${ref}+CUSCAR:D:95B:UN`,
    `BGM+785+MF${ref}+9`,
    'DTM+137:202611280600:203',
    'RFF+VON:031W',
    'NAD+MS+COSCO:172:20',
    'TDT+20+031W+1+13+COS:172:20+++3ERX3:103::COSCO SHIPPING ARIES',
    'LOC+5+CNNGB:139:6',
    'LOC+61+USLAX:139:6',
    'DTM+133:202611300600:203',
  ];
  for (let i = 0; i < bills; i++) {
    const n = ref * 1000 + i;
    segs.push(`EQD+CN+${container(n)}+45G1:102:5++2+5`, `MEA+AAE+G+KGM:${12000 + (n % 15000)}`, `SEL+${700000 + n}+CA`);
  }
  segs.push(`CNT+16:${bills}`);
  for (let i = 0; i < bills; i++) {
    const n = ref * 1000 + i;
    const bl = `COSU${6100000000 + n}`;
    segs.push(
      `CNI+${i + 1}+${bl}`,
      `RFF+BM:${bl}`,
      'LOC+9+CNNGB:139:6',
      'LOC+11+USLAX:139:6',
      `NAD+CZ+++NINGBO FURNITURE EXPORT CO?. LTD+NO?.${n % 999} JIANGDONG ROAD+NINGBO++315000+CN`,
      `NAD+CN+++PACIFIC HOME IMPORTS INC+${n % 9999} HARBOR BLVD+LOS ANGELES+CA+90731+US`,
      'NAD+N1+++SAME AS CONSIGNEE',
      `GID+1+${100 + (n % 400)}:CT`,
      `FTX+AAA+++WOODEN FURNITURE?: CHAIRS AND TABLES:HS CODE 940360`,
      `MEA+AAE+G+KGM:${12000 + (n % 15000)}`,
      `SGP+${container(n)}+${100 + (n % 400)}`,
    );
  }
  segs.push(`UNT+${segs.length + 1}+${ref}`);
  return segs.map((s) => `${s}'\r\n`).join('');
}

export const KINDS = {
  codeco: { header: 'UNB+UNOC:3+NBCT:ZZZ+COSCO:ZZZ+261128:0600+', perMessage: 10, message: codeco },
  cuscar: { header: 'UNB+UNOC:3+COSCO:ZZZ+CNCUSTOMS:ZZZ+261128:0600+', perMessage: 50, message: cuscar },
} as const;
export type Kind = keyof typeof KINDS;

/** Writes (once) an interchange of about `bytes` bytes of `kind` messages and returns its path. */
export async function generated(kind: Kind, bytes: number): Promise<string> {
  const path = join(tmpdir(), `edigw-bench-validation-${kind}-${Math.round(bytes / 1024 / 1024)}MB.edi`);
  if (existsSync(path) && statSync(path).size >= bytes * 0.9) return path;
  const spec = KINDS[kind];
  const out = createWriteStream(path);
  const write = (s: string): Promise<void> => new Promise((resolve) => { if (out.write(s, 'latin1')) resolve(); else out.once('drain', resolve); });
  await write(`UNA:+.? '\r\n${spec.header}1452515554132'\r\n`);
  let size = 100;
  let ref = 0;
  while (size < bytes - 200 || ref === 0) {
    ref++;
    const m = spec.message(ref, spec.perMessage);
    size += m.length;
    await write(m);
  }
  await write(`UNZ+${ref}+1452515554132'\r\n`);
  await new Promise<void>((resolve, reject) => { out.end(() => { resolve(); }); out.once('error', reject); });
  return path;
}
