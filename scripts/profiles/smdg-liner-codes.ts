/**
 * Writes schemas/profiles/data/smdg-liner-codes.json, the SMDG liner codes the carrier rule checks
 * NAD+CA/CF and TDT carriers against (code list 172/160, agency 20), from the SMDG code list copy in
 * ../shared/reference/smdg-code-lists/liner-codes_combined.json (smdg-org/code-lists@1383b17,
 * data/liner-codes/_combined.json, Apache-2.0). Only what the rule needs is kept: code, holder's
 * name, status, validity and whether the entry was revised after it was first listed.
 *
 *   node --import tsx scripts/profiles/smdg-liner-codes.ts [--reference DIR] [--out FILE]
 *
 * The output depends only on the input file, so test/validation/rules/carriers.test.ts regenerates
 * it and fails when the committed file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..', '..');
export const DEFAULT_REFERENCE = resolve(REPO_ROOT, '..', 'shared', 'reference');
export const OUTPUT_FILE = join(REPO_ROOT, 'schemas', 'profiles', 'data', 'smdg-liner-codes.json');
const INPUT = join('smdg-code-lists', 'liner-codes_combined.json');

interface SmdgEntry {
  linerSMDGCode: string;
  linerName: string;
  codeStatus: string;
  isActive: boolean;
  linerCodeVersion: string;
  validFrom: string | null;
  validTo: string | null;
}

/**
 * One code as the rule reads it. `revised`: the entry changed after it was first listed (SMDG version
 * above V1, for example a new holder), so `validFrom` may be later than the code's first use.
 */
export interface LinerCode {
  readonly name: string;
  readonly status: 'active' | 'expired' | 'markedForDeletion';
  readonly validFrom?: string;
  readonly validTo?: string;
  readonly revised?: true;
}

function status(entry: SmdgEntry): LinerCode['status'] {
  switch (entry.codeStatus) {
    case 'Active': return 'active';
    case 'Expired': return 'expired';
    case 'MarkedForDeletion': return 'markedForDeletion';
    default: throw new Error(`${entry.linerSMDGCode}: unknown codeStatus "${entry.codeStatus}"`);
  }
}

export function buildLinerCodes(referenceRoot: string): string {
  const entries = JSON.parse(readFileSync(join(referenceRoot, INPUT), 'utf8')) as SmdgEntry[];
  const codes: Record<string, LinerCode> = {};
  for (const e of [...entries].sort((a, b) => a.linerSMDGCode.localeCompare(b.linerSMDGCode))) {
    if (!/^[A-Z0-9]{3}$/.test(e.linerSMDGCode)) throw new Error(`unexpected SMDG code "${e.linerSMDGCode}"`);
    if (codes[e.linerSMDGCode]) throw new Error(`SMDG code ${e.linerSMDGCode} listed twice`);
    codes[e.linerSMDGCode] = {
      name: e.linerName.replace(/\s+/g, ' ').trim(),
      status: status(e),
      ...(e.validFrom ? { validFrom: e.validFrom } : {}),
      ...(e.validTo ? { validTo: e.validTo } : {}),
      ...(e.linerCodeVersion !== 'V1' ? { revised: true as const } : {}),
    };
  }
  const out = {
    generatedBy: 'scripts/profiles/smdg-liner-codes.ts',
    source: 'smdg-code-lists/liner-codes_combined.json (SMDG liner codes, smdg-org/code-lists@1383b17 data/liner-codes/_combined.json, Apache-2.0)',
    list: 'SMDG liner codes, smdg-org/code-lists@1383b17',
    note: 'Carrier codes for NAD+CA/CF and TDT C040 with code list 172 or 160 and agency 20. The list holds the current entry of each code only: `revised` marks an entry changed after it was first listed (validFrom may then be later than the first use of the code, as for COE); deleted codes (such as MOL) are absent.',
    count: Object.keys(codes).length,
    codes,
  };
  const lines = Object.entries(codes).map(([code, c]) => `    ${JSON.stringify(code)}: ${JSON.stringify(c)}`);
  const head = JSON.stringify({ ...out, codes: undefined }, null, 2).replace(/\n}$/, '');
  return `${head},\n  "codes": {\n${lines.join(',\n')}\n  }\n}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { reference: { type: 'string' }, out: { type: 'string' } } });
  const text = buildLinerCodes(values.reference ?? DEFAULT_REFERENCE);
  writeFileSync(values.out ?? OUTPUT_FILE, text);
  process.stdout.write(`wrote ${values.out ?? OUTPUT_FILE}\n`);
}
