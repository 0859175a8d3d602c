import { join } from 'node:path';
import type { Logger } from '../observability/logger.js';
import { SqlStore, type CoreOptions } from './core/sql-store.js';
import { PostgresDatabase } from './postgres/database.js';
import { SqliteDatabase } from './sqlite/database.js';
import type { Store } from './store.js';

export interface SqliteStoreOptions extends CoreOptions {
  /** The database file; its directory is created if missing. */
  readonly file: string;
  readonly busyTimeoutMs?: number;
}

export interface PostgresStoreOptions extends CoreOptions {
  readonly connectionString: string;
  /** A schema of its own (created if missing); default: the server's search_path. */
  readonly schema?: string;
  readonly poolSize?: number;
  readonly logger?: Logger;
}

export interface OpenStoreOptions extends CoreOptions {
  /** `postgres://` or `postgresql://` selects PostgreSQL; unset selects the embedded SQLite store. */
  readonly databaseUrl?: string;
  /** Directory of the SQLite file `edigw.sqlite`; default `./data`. */
  readonly dataDir?: string;
  readonly logger?: Logger;
}

export const SQLITE_FILE_NAME = 'edigw.sqlite';

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const db = SqliteDatabase.open({ file: options.file, busyTimeoutMs: options.busyTimeoutMs, maxBatch: options.groupCommit?.maxBatch });
  return Promise.resolve(new SqlStore(db, options, { maxInFlight: 1 }));
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const db = await PostgresDatabase.open(options);
  // A few receive batches may commit at once: each waits mostly for its WAL flush.
  return new SqlStore(db, options, { maxInFlight: 4 });
}

export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const url = options.databaseUrl;
  if (url !== undefined && url !== '') {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
    return openPostgresStore({ ...options, connectionString: url });
  }
  return openSqliteStore({ ...options, file: join(options.dataDir ?? 'data', SQLITE_FILE_NAME) });
}

/** `DATABASE_URL` and `EDIGW_DATA_DIR`, for the configuration layer. */
export function storeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<OpenStoreOptions, 'databaseUrl' | 'dataDir'> {
  const out: { databaseUrl?: string; dataDir?: string } = {};
  const url = env['DATABASE_URL'];
  const dir = env['EDIGW_DATA_DIR'];
  if (url !== undefined && url !== '') out.databaseUrl = url;
  if (dir !== undefined && dir !== '') out.dataDir = dir;
  return out;
}
