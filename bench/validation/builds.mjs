// What the same-process comparison tools (ab.mjs, ratio.mjs) share: the default benchmark files and
// a build's full validation (port profiles and business rules, streaming) loaded from its dist/.
/* eslint-disable @typescript-eslint/explicit-function-return-type -- plain JavaScript */
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The given files, else the 10 MB CODECO and CUSCAR files `npm run bench validation` generates. */
export function benchFiles(given) {
  return given.length > 0 ? given : ['codeco', 'cuscar'].map((k) => join(tmpdir(), `edigw-bench-validation-${k}-10MB.edi`));
}

/** Full validation of one file by the build in `dir` (its dist/); throws when the file has errors. */
export async function loadValidation(dir) {
  const load = (path) => import(pathToFileURL(resolve(dir, 'dist', path)).href);
  const { validateStream } = await load('validation/index.js');
  const { profileValidation } = await load('validation/profiles/index.js');
  const options = { ...profileValidation(), onMessage: () => undefined };
  return async (file) => {
    const r = await validateStream(createReadStream(file, { highWaterMark: 256 * 1024 }), options);
    if (r.errors > 0) throw new Error(`${file}: ${r.errors} errors; the benchmark files must be clean`);
  };
}
