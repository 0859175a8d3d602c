import pg from 'pg';
import type { Logger } from '../../observability/logger.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { Database, Dialect, Param, Row, Sql } from '../core/db.js';
import { postgresMigrations } from './schema.js';

/**
 * PostgreSQL through a pg pool. Every write unit is its own transaction on its own connection;
 * PostgreSQL already shares WAL flushes between concurrent commits, and `receive` batches itself
 * into multi-row INSERTs above this layer.
 *
 * Durability: every session runs with `synchronous_commit = on` whatever the server default, so a
 * COMMIT returns only after its WAL record is flushed to disk (protects against a killed gateway,
 * a killed server, an OS crash and a power loss, as far as the disk honours flushes; a server with
 * `fsync = off` cannot be made safe from here, and open() warns about it).
 */

export interface PostgresDatabaseOptions {
  readonly connectionString: string;
  /** A schema of its own (created if missing); default: the server's search_path. */
  readonly schema?: string;
  readonly poolSize?: number;
  readonly logger?: Logger;
}

const dialect: Dialect = {
  name: 'postgres',
  skipLocked: ' FOR UPDATE SKIP LOCKED',
  forUpdate: ' FOR UPDATE',
  keyLock: 'SELECT pg_advisory_xact_lock(hashtext(?)) AS locked',
  maxParams: 65535,
};

/** Serialization failures and deadlocks: the transaction did nothing and may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MIGRATION_LOCK = 0x65646977; // "ediw"

// pg would parse json columns, which loses the difference between a JSON string and JSON text;
// the shared row mapping parses JSON itself. bigint (counters, identities) fits in a double here.
const types: pg.CustomTypesConfig = {
  // The pg-types signature returns `any`; every parser here returns a string or a number.
  getTypeParser: (oid, format) => {
    if (oid === pg.types.builtins.JSON || oid === pg.types.builtins.JSONB) return (value: string) => value;
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format) as unknown;
  },
};

const converted = new Map<string, string>();
function numbered(sql: string): string {
  let out = converted.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (converted.size >= 1000) converted.delete(converted.keys().next().value!);
    converted.set(sql, out);
  }
  return out;
}

function toPg(value: Param): unknown {
  if (value === undefined) return null;
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

function sqlOn(client: pg.Pool | pg.PoolClient): Sql {
  const query = async (sql: string, params: readonly Param[] | undefined): Promise<pg.QueryResult<Row>> =>
    client.query<Row>(numbered(sql), (params ?? []).map(toPg));
  return {
    all: async (sql, params) => (await query(sql, params)).rows,
    get: async (sql, params) => (await query(sql, params)).rows[0],
    run: async (sql, params) => (await query(sql, params)).rowCount ?? 0,
  };
}

export class PostgresDatabase implements Database {
  readonly dialect = dialect;
  readonly read: Sql;
  private readonly pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.pool = pool;
    this.read = sqlOn(pool);
  }

  static async open(options: PostgresDatabaseOptions): Promise<PostgresDatabase> {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new GatewayError('GW_ERR_STORE_INVALID_INPUT', `schema name ${schema} must be lower-case letters, digits and underscores`);
    }
    const settings = ['-c synchronous_commit=on'];
    if (schema !== undefined) settings.push(`-c search_path=${schema}`);
    const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10, options: settings.join(' '), types });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on('error', (err) => options.logger?.warn({ err: err.message }, 'store: idle PostgreSQL connection failed'));
    try {
      await migrate(pool, schema, options.logger);
    } catch (err) {
      await pool.end();
      if (err instanceof GatewayError) throw err;
      throw new GatewayError('GW_ERR_STORE_UNAVAILABLE', `cannot open the PostgreSQL store: ${(err as Error).message}`, { cause: err, unrecoverable: false });
    }
    return new PostgresDatabase(pool);
  }

  async write<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const value = await fn(sqlOn(client));
        await client.query('COMMIT');
        return value;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError as Error;
        }
        const code = (err as { code?: unknown }).code;
        if (attempt < 5 && typeof code === 'string' && RETRYABLE.has(code)) continue;
        throw err;
      } finally {
        client.release(broken);
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Applies the missing migrations in one transaction, under an advisory lock that serialises concurrent opens. */
async function migrate(pool: pg.Pool, schema: string | undefined, logger: Logger | undefined): Promise<void> {
  const latest = postgresMigrations[postgresMigrations.length - 1].version;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext(coalesce($2, current_schema())))', [MIGRATION_LOCK, schema ?? null]);
    if (schema !== undefined) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(`SET LOCAL search_path TO ${schema}`);
    }
    const fsync = await client.query<{ fsync: string }>('SHOW fsync');
    if (fsync.rows[0]?.fsync !== 'on') logger?.warn('store: the PostgreSQL server runs with fsync = off; committed messages can be lost in an OS crash');
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)');
    const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const newest = Math.max(0, ...applied);
    if (newest > latest) {
      throw new GatewayError('GW_ERR_STORE_SCHEMA_TOO_NEW', `the store is at schema version ${newest}, this gateway knows up to ${latest}: upgrade the gateway`);
    }
    for (const m of postgresMigrations) {
      if (applied.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [m.version, m.name]);
      logger?.info({ version: m.version, name: m.name }, 'store: applied migration');
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
