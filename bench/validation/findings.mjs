// Every validation result, as JSON, for a set of EDIFACT files and seeded byte mutations of them:
// tree and stream, without a profile, with the port suite and with the CODECO profile. Run it
// against two builds and compare the outputs byte for byte, to show that a change to the validator
// (a speed-up) left every finding, text and position as it was:
//   node bench/validation/findings.mjs dist  DIR… > after.json
//   node bench/validation/findings.mjs /path/to/reference/dist  DIR… > before.json && cmp before.json after.json
// The inputs must not change between the two runs: copy them somewhere first.
/* eslint-disable @typescript-eslint/explicit-function-return-type -- plain JavaScript */
import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';

const [distDir, ...dirs] = process.argv.slice(2);
const load = (path) => import(pathToFileURL(resolve(distDir, path)).href);
const { validateStream, validateInterchange } = await load('validation/index.js');
const { parseInterchange } = await load('syntax/edifact/index.js');
const { profileValidation } = await load('validation/profiles/index.js');

const files = [];
const walk = (d) => {
  for (const f of readdirSync(d).sort()) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(edi|edifact|txt)$/i.test(f)) files.push(p);
  }
};
for (const d of dirs) walk(d);
const settings = [['none', {}], ['port', profileValidation()], ['codeco', profileValidation({ profile: 'codeco' })]];
const out = {};

async function run(key, bytes, options) {
  try { out[`${key}|tree`] = validateInterchange(parseInterchange(bytes), { ...options }); } catch (e) { out[`${key}|tree`] = `THROW ${e.message}`; }
  try { out[`${key}|stream`] = await validateStream(Readable.from([bytes.subarray(0, 97), bytes.subarray(97)]), { ...options }); } catch (e) { out[`${key}|stream`] = `THROW ${e.message}`; }
}

const sources = files.map((f) => readFileSync(f).subarray(0, 60000));
for (let i = 0; i < files.length; i++) for (const [name, options] of settings) await run(`${files[i]}|${name}`, sources[i], options);
// Seeded mutations: bytes replaced by service characters, letters, digits and bytes above 0x7F.
let seed = 12345;
const random = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const alphabet = Buffer.from("+:?'*ABCZ019 \xe9\x80.,-", 'latin1');
for (let t = 0; sources.length > 0 && t < 400; t++) {
  const bytes = Buffer.from(sources[Math.floor(random() * sources.length)]);
  const flips = 1 + Math.floor(random() * 6);
  for (let k = 0; k < flips; k++) bytes[Math.floor(random() * bytes.length)] = alphabet[Math.floor(random() * alphabet.length)];
  const [name, options] = settings[t % 3];
  await run(`mutation ${t}|${name}`, bytes, options);
}
process.stdout.write(JSON.stringify(out));
process.stderr.write(`${files.length} files, ${Object.keys(out).length} results\n`);
