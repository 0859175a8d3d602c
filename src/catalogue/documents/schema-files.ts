import { readdirSync, readFileSync } from 'node:fs';

/**
 * schemas/documents/ seen from this module: src/catalogue/documents/ in a checkout and
 * dist/catalogue/documents/ in a build sit at the same depth, so one relative URL serves both.
 */
export const DOCUMENT_SCHEMA_DIR = new URL('../../../schemas/documents/', import.meta.url);

/** The subset of JSON Schema 2020-12 the canonical document schemas use. */
export interface JsonSchema {
  readonly $schema?: string;
  readonly $id?: string;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly title?: string;
  readonly description?: string;
  readonly type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly (string | number | boolean)[];
  readonly const?: string | number | boolean;
  readonly allOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly additionalProperties?: boolean;
  readonly unevaluatedProperties?: boolean;
  readonly format?: string;
  readonly pattern?: string;
  /** Validation-only keywords (minItems, if/then/else, ...) that carry no type information. */
  readonly [keyword: string]: unknown;
}

export interface SchemaFile {
  /** File name inside the schema directory, such as `Manifest.schema.json`. */
  readonly fileName: string;
  readonly schema: JsonSchema;
}

/** Reads every `*.schema.json` of the directory, sorted by file name so output is stable. */
export function loadDocumentSchemas(dir: URL = DOCUMENT_SCHEMA_DIR): SchemaFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.schema.json'))
    .sort()
    .map((fileName) => ({ fileName, schema: JSON.parse(readFileSync(new URL(fileName, dir), 'utf8')) as JsonSchema }));
}
