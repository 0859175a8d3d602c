/** The error catalogue: stable, unique codes, valid CONTRL codes, and a documentation page in step. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorAreas, renderErrorsDoc } from '../../scripts/docs-errors.js';
import { ErrorCodes } from '../../src/errors/index.js';
import { serviceDefinitions } from '../../src/syntax/edifact/service-defs.js';
import { repoRoot } from '../helpers/corpus.js';

describe('error catalogue', () => {
  it('every code is GW_ERR_ upper snake case and defined once across all areas', async () => {
    const seen = new Map<string, string>();
    for (const { area, codes } of await errorAreas()) {
      for (const code of Object.keys(codes)) {
        expect(code).toMatch(/^GW_ERR_[A-Z0-9]+(_[A-Z0-9]+)*$/);
        expect(seen.get(code), `${code} is defined in ${seen.get(code)} and ${area}`).toBeUndefined();
        seen.set(code, area);
      }
    }
    expect([...seen.keys()].sort()).toEqual(Object.keys(ErrorCodes).sort());
  });

  it('every CONTRL code exists in the 0085 service code list of the syntax versions it is used for', () => {
    const v4 = serviceDefinitions(4).codes['0085'];
    const v3 = serviceDefinitions(3).codes['0085'];
    for (const [code, spec] of Object.entries(ErrorCodes) as [string, { contrl?: string; contrlV3?: string }][]) {
      if (spec.contrl === undefined) continue;
      expect(v4, `${code}: 0085 ${spec.contrl} in version 4`).toHaveProperty(spec.contrl);
      expect(v3, `${code}: 0085 ${spec.contrlV3 ?? spec.contrl} in versions 1-3`).toHaveProperty(spec.contrlV3 ?? spec.contrl);
    }
  });

  it('docs/errors.md lists every code (run `npm run docs:errors` after adding one)', async () => {
    const committed = readFileSync(join(repoRoot, 'docs', 'errors.md'), 'utf8');
    expect(committed).toBe(await renderErrorsDoc());
  });
});
