/** The canonical documents: types, schema validation, identifier checks and business keys. */
export * from './types.generated.js';
export { createDocumentValidator, documentSchemaWarmUp, isDocumentType, validateDocument } from './validate.js';
export type { DocumentValidationResult, DocumentValidator, DocumentValidatorOptions } from './validate.js';
export { isImoNumber, isIso6346, isIsoDateTime, isUnLocode, iso6346CheckDigit, iso6346Problem } from './formats.js';
export { documentKeys, KeyCollector, type DocumentKeys } from './keys.js';
export { DOCUMENT_SCHEMA_DIR, loadDocumentSchemas, type JsonSchema, type SchemaFile } from './schema-files.js';
