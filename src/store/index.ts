export * from './types.js';
export type * from './store.js';
export { openStore, openSqliteStore, openPostgresStore, storeOptionsFromEnv, SQLITE_FILE_NAME } from './open.js';
export type { OpenStoreOptions, SqliteStoreOptions, PostgresStoreOptions } from './open.js';
export type { CoreOptions as StoreOptions } from './core/sql-store.js';
export { DEFAULT_DUPLICATE_WINDOW_MS } from './core/sql-store.js';
export { createIdGenerator, idTime, idFloor, isId } from './ids.js';
