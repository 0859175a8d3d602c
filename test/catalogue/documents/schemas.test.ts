import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { GENERATED_TYPES_FILE, renderDocumentTypes } from '../../../src/catalogue/documents/codegen.js';
import { loadDocumentSchemas, type JsonSchema } from '../../../src/catalogue/documents/schema-files.js';
import { DOCUMENT_TYPES } from '../../../src/catalogue/documents/types.generated.js';
import { createDocumentValidator } from '../../../src/catalogue/documents/validate.js';

const files = loadDocumentSchemas();

/** Every subschema with the JSON Pointer where it sits, descending through the keywords the schemas use. */
function* walk(schema: JsonSchema, pointer: string): Generator<[JsonSchema, string]> {
  yield [schema, pointer];
  for (const [name, sub] of Object.entries(schema.$defs ?? {})) yield* walk(sub, `${pointer}/$defs/${name}`);
  for (const [name, sub] of Object.entries(schema.properties ?? {})) yield* walk(sub, `${pointer}/properties/${name}`);
  if (schema.items !== undefined) yield* walk(schema.items, `${pointer}/items`);
}

describe('the document schemas', () => {
  it('are one file per document type plus common.schema.json, each with a matching $id', () => {
    expect(files.map((f) => f.fileName).sort()).toEqual([...DOCUMENT_TYPES.map((t) => `${t}.schema.json`), 'common.schema.json'].sort());
    for (const { fileName, schema } of files) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`https://edigw.example/schemas/documents/v1/${fileName}`);
    }
  });

  it('are valid JSON Schema 2020-12 and compile in strict mode', () => {
    const meta = new Ajv2020({ strict: true, strictRequired: false });
    for (const f of ['iso6346', 'unlocode', 'imo', 'iso-date-time', 'date']) meta.addFormat(f, true);
    for (const { fileName, schema } of files) {
      expect(meta.validateSchema(schema), `${fileName}: ${meta.errorsText(meta.errors)}`).toBe(true);
    }
    // strict mode throws at compile time on unknown keywords, formats and type mix-ups
    expect(() => { createDocumentValidator().compileAll(); }).not.toThrow();
  });

  it('document every field and every definition', () => {
    const undocumented: string[] = [];
    for (const { fileName, schema } of files) {
      for (const [sub, pointer] of walk(schema, '')) {
        const isArrayItem = pointer.endsWith('/items');
        if (!isArrayItem && (sub.description === undefined || sub.description.trim().length < 3)) undocumented.push(`${fileName}#${pointer}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('close every object, except the Base definitions that documents extend', () => {
    const open: string[] = [];
    for (const { fileName, schema } of files) {
      for (const [sub, pointer] of walk(schema, '')) {
        const isObject = sub.type === 'object' || sub.properties !== undefined || sub.allOf !== undefined;
        if (!isObject || pointer.endsWith('Base')) continue;
        if (sub.additionalProperties !== false && sub.unevaluatedProperties !== false) open.push(`${fileName}#${pointer}`);
      }
    }
    expect(open).toEqual([]);
  });

  it('share one header: every document extends documentHeaderBase and fixes its documentType', () => {
    for (const type of DOCUMENT_TYPES) {
      const schema = files.find((f) => f.fileName === `${type}.schema.json`)!.schema;
      expect(schema.allOf).toEqual([{ $ref: 'common.schema.json#/$defs/documentHeaderBase' }]);
      expect(schema.properties?.documentType?.const).toBe(type);
      expect(schema.required).toContain('documentType');
      expect(schema.unevaluatedProperties).toBe(false);
    }
  });
});

describe('the generated TypeScript types', () => {
  it('are what codegen.ts produces from the schemas (run it after changing a schema)', () => {
    expect(readFileSync(GENERATED_TYPES_FILE, 'utf8')).toBe(renderDocumentTypes(files));
  });

  it('refuse a schema construct the generator cannot express as a type', () => {
    const common = files.find((f) => f.fileName === 'common.schema.json')!;
    const broken = { ...common, schema: { ...common.schema, $defs: { ...common.schema.$defs, odd: { description: 'no type at all' } } } };
    expect(() => renderDocumentTypes([broken, ...files.filter((f) => f !== common)])).toThrow(/schema without type/);
  });
});
