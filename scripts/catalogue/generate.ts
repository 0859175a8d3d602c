/**
 * `npm run catalogue`: writes schemas/edifact/ from ../shared/reference/.
 *
 *   npm run catalogue                                   regenerate everything
 *   npm run catalogue -- --message ORDERS --directory D96A   add a message (kept in requests.json)
 *   npm run catalogue -- --out /tmp/x --reference /path      elsewhere (the freshness test does this)
 *
 * The output depends only on the reference files and scripts/catalogue/requests.json, never on
 * what is already in the output folder, so the freshness test can regenerate and compare.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildDirectoryFiles } from './directory.js';
import { formatJson } from './json.js';
import type { Requests } from './model.js';
import { buildContrlFile, buildServiceFile } from './service.js';
import { Reference, defaultReferenceRoot, referenceAvailable } from './sources.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..', '..');
export const REQUESTS_FILE = join(here, 'requests.json');

export function readRequests(file = REQUESTS_FILE): Requests {
  return JSON.parse(readFileSync(file, 'utf8')) as Requests;
}

export interface GenerateOptions {
  referenceRoot: string;
  outDir: string;
  requests: Requests;
  log?: (line: string) => void;
}

/** Writes every file; returns their paths relative to outDir, sorted. */
export function generate(options: GenerateOptions): string[] {
  const ref = new Reference(options.referenceRoot);
  const files = new Map<string, unknown>();
  for (const v of [1, 2, 3, 4] as const) files.set(`service/syntax-v${v}.json`, buildServiceFile(ref, v));
  for (const v of [3, 4] as const) files.set(`service/CONTRL-${v}.json`, buildContrlFile(ref, v));
  for (const [path, content] of buildDirectoryFiles(ref, options.requests, options.log)) files.set(path, content);

  const written = [...files.keys()].sort();
  removeStale(options.outDir, new Set(written));
  for (const path of written) {
    const target = join(options.outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, formatJson(files.get(path)));
  }
  return written;
}

/** Deletes generated JSON files that this run no longer produces; anything else is left alone. */
function removeStale(outDir: string, keep: ReadonlySet<string>): void {
  if (!existsSync(outDir)) return;
  for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const path = relative(outDir, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (!keep.has(path)) rmSync(join(outDir, path));
  }
}

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      reference: { type: 'string' },
      message: { type: 'string', multiple: true },
      directory: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write('usage: npm run catalogue -- [--message TYPE ... --directory DIR] [--out DIR] [--reference DIR]\n');
    return 0;
  }
  const referenceRoot = resolve(values.reference ?? defaultReferenceRoot(REPO_ROOT));
  if (!referenceAvailable(referenceRoot)) {
    process.stderr.write(`catalogue: reference data not found at ${referenceRoot}\n`);
    return 2;
  }
  const requests = readRequests();
  if (values.message || values.directory) {
    if (!values.message || !values.directory) {
      process.stderr.write('catalogue: --message and --directory go together\n');
      return 2;
    }
    const dir = values.directory.toUpperCase();
    const wanted = new Set([...(requests[dir] ?? []), ...values.message.map((m) => m.toUpperCase())]);
    requests[dir] = [...wanted].sort();
  }
  const outDir = resolve(values.out ?? join(REPO_ROOT, 'schemas', 'edifact'));
  let files: string[];
  try {
    files = generate({ referenceRoot, outDir, requests, log: (line) => process.stderr.write(`${line}\n`) });
  } catch (err) {
    process.stderr.write(`catalogue: ${(err as Error).message}\n`);
    return 1;
  }
  // Only a successful run into the project's own schemas records the request (so the freshness
  // test regenerates it); a typo cannot leave a broken entry behind.
  if (values.message && values.out === undefined) writeFileSync(REQUESTS_FILE, formatJson(Object.fromEntries(Object.entries(requests).sort())));
  process.stdout.write(`catalogue: wrote ${files.length} files to ${outDir}\n`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    // parseArgs rejects unknown options with a TypeError; say it in one line.
    process.stderr.write(`catalogue: ${(err as Error).message}\n`);
    process.exitCode = 2;
  }
}
