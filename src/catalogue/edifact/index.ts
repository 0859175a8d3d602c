export type * from './types.js';
export { parseRepr, type Repr, type ReprType } from './repr.js';
export { defaultSchemasRoot, directoryOf, loadEdifactCatalogue, type LoadOptions } from './loader.js';
