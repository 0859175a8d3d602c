// Catalogue start-up, in a plain Node process: the TypeScript workers run under tsx, whose loader
// hooks every import and would be measured instead of the gateway's own loading.
//   node startup.mjs <codeco file> <cuscar file>  ->  one JSON line (wall and CPU milliseconds)
/* eslint-disable @typescript-eslint/explicit-function-return-type -- plain JavaScript */
import { Buffer } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = (path) => pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', path)).href;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const [codeco, cuscar] = process.argv.slice(2);

/** The first 64 KB of a file (the benchmark files are 10 MB; reading them is not start-up). */
function head(file) {
  const buf = Buffer.alloc(64 * 1024);
  const fd = openSync(file, 'r');
  try {
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

const c0 = cpu();
const t0 = performance.now();
const { loadEdifactCatalogue } = await import(dist('catalogue/edifact/index.js'));
const { validateInterchange, structureValidator } = await import(dist('validation/index.js'));
const { parseInterchange } = await import(dist('syntax/edifact/index.js'));
const cat = loadEdifactCatalogue();
const t1 = performance.now();
const c1 = cpu();
for (const file of [codeco, cuscar]) {
  // The first message of each file with its interchange header (no trailer: only the message's findings count).
  const text = head(file);
  const first = text.slice(0, text.indexOf("'", text.indexOf('UNT+')) + 1);
  const v = validateInterchange(parseInterchange(Buffer.from(first, 'latin1')), { catalogue: cat });
  if (v.messages[0].errors > 0) throw new Error(`${file}: the first message has errors`);
}
const t2 = performance.now();
const c2 = cpu();
// Everything: every message of every directory, every segment rule with its code lists.
const validator = structureValidator(cat);
let segments = 0;
for (const dir of cat.directories()) {
  const rules = validator.rules(dir);
  for (const type of cat.directory(dir).messages) {
    validator.lookup({ type, directory: dir, id: { type, version: 'D', release: dir.slice(1), agency: 'UN', association: '' } });
    for (const tag of JSON.stringify(cat.message(dir, type).structure).match(/"tag":"[A-Z0-9]{3}"/g) ?? []) {
      if (rules.get(tag.slice(7, 10))) segments++;
    }
  }
}
const t3 = performance.now();
const c3 = cpu();
process.stdout.write(`${JSON.stringify({ startupMs: t1 - t0, firstMessagesMs: t2 - t0, everythingMs: t3 - t2, startupCpuMs: c1 - c0, firstMessagesCpuMs: c2 - c0, everythingCpuMs: c3 - c2, segments })}\n`);
