/**
 * The spec files themselves: the schema is a valid JSON Schema, every spec loads, names a document
 * the hub has and directories the catalogue holds, and compiles for each of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES } from '../../src/catalogue/documents/index.js';
import { loadEdifactCatalogue } from '../../src/catalogue/edifact/index.js';
import { MappingRegistry } from '../../src/mapping/registry.js';
import { repoRoot } from '../helpers/corpus.js';

const registry = new MappingRegistry();
const catalogue = loadEdifactCatalogue();

describe('mapping specs', () => {
  it('mapping.schema.json is a valid draft 2020-12 schema', () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'mappings', 'mapping.schema.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true });
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  const edifact = registry.specs.filter((s) => s.spec.format === 'edifact');

  it('covers every message of issue 4 in D.95B, and D.00B where the message differs', () => {
    const served = new Set(edifact.flatMap((s) => (s.spec.directories ?? []).map((d) => `${s.spec.message}:${d}→${s.spec.document}`)));
    for (const [message, document] of [['CUSCAR', 'Manifest'], ['IFTMCS', 'BillOfLading'], ['IFTMIN', 'BillOfLading'], ['COREOR', 'DeliveryOrder'], ['CODECO', 'EquipmentInterchangeReceipt'], ['COPRAR', 'ContainerList'], ['COARRI', 'TallyReport'], ['CUSRES', 'CustomsNotice']]) {
      for (const dir of ['D95B', 'D00B']) expect(served, `${message} ${dir}`).toContain(`${message}:${dir}→${document}`);
    }
  });

  it.each(edifact.map((s) => [s.spec.id, s] as const))('%s names a canonical document and directories the catalogue holds, and compiles for each', (_id, s) => {
    expect(DOCUMENT_TYPES).toContain(s.spec.document);
    for (const dir of s.spec.directories ?? []) {
      expect(catalogue.message(dir, s.spec.message), `${s.spec.message} ${dir}`).toBeDefined();
      expect(() => registry.edifact(s, dir)).not.toThrow();
    }
  });
});
