/**
 * Checks a canonical document against its JSON Schema (schemas/documents/, draft 2020-12) with ajv.
 * Each document schema compiles on first use and stays in ajv's cache for the life of the validator;
 * `compileAll()` compiles all of them up front (at worker start, off the request path).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { makeIssue } from '../../errors/gateway-error.js';
import type { Issue } from '../../errors/issue.js';
import { isImoNumber, isIso6346, isIsoDateTime, isUnLocode } from './formats.js';
import { ajvErrorsToIssues, show, type TranslateContext } from './issues.js';
import { DOCUMENT_SCHEMA_DIR, loadDocumentSchemas, type JsonSchema } from './schema-files.js';
import { DOCUMENT_TYPES, type DocumentType } from './types.generated.js';

// ajv-formats is CommonJS: under NodeNext the default import is the module object.
const addFormats = addFormatsModule.default;

export interface DocumentValidationResult {
  /** False when any finding is an error. */
  readonly ok: boolean;
  readonly issues: Issue[];
}

export interface DocumentValidatorOptions {
  /** Where the schemas are; defaults to the project's schemas/documents/. */
  readonly schemaDir?: URL;
  /** Findings listed at most (default 100); a last warning counts the rest. */
  readonly maxIssues?: number;
}

export interface DocumentValidator {
  /**
   * Checks `doc` against the schema of `type`, or of its own `documentType` when `type` is absent.
   * Never throws for any input.
   */
  validate(doc: unknown, type?: DocumentType): DocumentValidationResult;
  /** Compiles every document schema now instead of on first use. */
  compileAll(): void;
  /** Compiles one document schema now (a warm-up in steps). */
  compile(type: DocumentType): void;
}

export function isDocumentType(value: unknown): value is DocumentType {
  return typeof value === 'string' && (DOCUMENT_TYPES as readonly string[]).includes(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(issue: Issue): DocumentValidationResult {
  return { ok: false, issues: [issue] };
}

/** Builds an ajv instance with the document schemas registered (not yet compiled) and the formats they use. */
function createDocumentAjv(schemaDir: URL = DOCUMENT_SCHEMA_DIR): { ajv: Ajv2020; schemas: Map<string, JsonSchema> } {
  const ajv = new Ajv2020({
    allErrors: true,
    // errors carry the failing value and schema, which the findings quote and explain
    verbose: true,
    strict: true,
    // `anyOf: [{ required: [a] }, { required: [b] }]` names properties defined beside it, which strictRequired rejects
    strictRequired: false,
    // the meta-schema check runs in the tests; at run time it would only add start-up time
    validateSchema: false,
    // Measured on the eight documents: one function per definition instead of inlined copies, and
    // no optimisation pass, cut compile time by about 40% (ajv's optimiser only folds constants).
    inlineRefs: false,
    code: { optimize: false },
  });
  addFormats(ajv);
  ajv.addFormat('iso6346', { type: 'string', validate: isIso6346 });
  ajv.addFormat('unlocode', { type: 'string', validate: isUnLocode });
  ajv.addFormat('imo', { type: 'string', validate: isImoNumber });
  ajv.addFormat('iso-date-time', { type: 'string', validate: isIsoDateTime });
  const schemas = new Map<string, JsonSchema>();
  for (const { fileName, schema } of loadDocumentSchemas(schemaDir)) {
    if (schema.$id === undefined) throw new Error(`${fileName} has no $id`);
    ajv.addSchema(schema);
    schemas.set(fileName, schema);
  }
  return { ajv, schemas };
}

export function createDocumentValidator(options: DocumentValidatorOptions = {}): DocumentValidator {
  const { ajv, schemas } = createDocumentAjv(options.schemaDir);
  const maxIssues = options.maxIssues ?? 100;
  const common = schemas.get('common.schema.json');
  const ctx: TranslateContext = {
    // every base a document extends lives in common.schema.json
    resolveRef: (ref) => common?.$defs?.[ref.slice(ref.lastIndexOf('/') + 1)],
  };
  const idOf = (type: DocumentType): string => {
    const id = schemas.get(`${type}.schema.json`)?.$id;
    if (id === undefined) throw new Error(`no schema for document type ${type}`);
    return id;
  };
  const validatorOf = (type: DocumentType): ValidateFunction => {
    const validate = ajv.getSchema(idOf(type));
    if (validate === undefined) throw new Error(`schema ${idOf(type)} is not registered`);
    return validate;
  };

  return {
    validate(doc: unknown, type?: DocumentType): DocumentValidationResult {
      if (type !== undefined && !isDocumentType(type)) {
        return fail(makeIssue('GW_ERR_DOCUMENT_TYPE_UNKNOWN', `document: ${show(type)} is not a canonical document type; use one of: ${DOCUMENT_TYPES.join(', ')}`, { path: '' }));
      }
      if (!isPlainObject(doc)) {
        return fail(makeIssue('GW_ERR_DOCUMENT_NOT_OBJECT', `document: must be a JSON object, not ${Array.isArray(doc) ? 'a list' : show(doc)}`, { path: '' }));
      }
      const declared = doc.documentType;
      if (declared === undefined && type === undefined) {
        return fail(makeIssue('GW_ERR_DOCUMENT_TYPE_UNKNOWN', `/documentType: required field is missing, so the document type is unknown; use one of: ${DOCUMENT_TYPES.join(', ')}`, { path: '/documentType' }));
      }
      if (declared !== undefined && !isDocumentType(declared)) {
        return fail(makeIssue('GW_ERR_DOCUMENT_TYPE_UNKNOWN', `/documentType: ${show(declared)} is not a canonical document type; use one of: ${DOCUMENT_TYPES.join(', ')}`, { path: '/documentType' }));
      }
      if (declared !== undefined && type !== undefined && declared !== type) {
        return fail(makeIssue('GW_ERR_DOCUMENT_TYPE_MISMATCH', `/documentType: is ${show(declared)}, but a ${type} was expected here`, { path: '/documentType' }));
      }
      const validate = validatorOf(type ?? (declared as DocumentType));
      if (validate(doc)) return { ok: true, issues: [] };
      const issues = ajvErrorsToIssues(validate.errors ?? [], ctx, maxIssues);
      return { ok: !issues.some((i) => i.severity === 'error'), issues };
    },
    compileAll(): void {
      for (const type of DOCUMENT_TYPES) validatorOf(type);
    },
    compile(type: DocumentType): void {
      validatorOf(type);
    },
  };
}

// One validator per process: compiled schemas never change, so every caller can share the cache
// and each schema compiles once. Tests and tools that need other options create their own.
let shared: DocumentValidator | undefined;

/**
 * One step per document type that compiles its schema in the process's shared validator, so that a
 * worker can compile them after start-up, between messages, instead of the first message of each
 * type paying for it (about 100 ms a schema).
 */
export function documentSchemaWarmUp(): (() => void)[] {
  return DOCUMENT_TYPES.map((type) => () => {
    shared ??= createDocumentValidator();
    shared.compile(type);
  });
}

/**
 * Checks a canonical document (for example one posted to the hub as JSON) against its schema.
 * `type` is the type the caller expects; without it the document's own `documentType` decides.
 */
export function validateDocument(doc: unknown, type?: DocumentType): DocumentValidationResult {
  shared ??= createDocumentValidator();
  return shared.validate(doc, type);
}
