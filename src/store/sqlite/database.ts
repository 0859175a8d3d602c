import { closeSync, fdatasync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { GatewayError } from '../../errors/gateway-error.js';
import { Batcher, type Settled } from '../batcher.js';
import type { Database, Dialect, Param, Row, Sql } from '../core/db.js';
import { BACKSTOP_PAGES, BackgroundCheckpointer } from './checkpointer.js';
import { sqliteMigrations } from './schema.js';

/**
 * SQLite through better-sqlite3: one writer connection and one read-only connection per process.
 *
 * Durability: WAL journal; a write's promise resolves only once its transaction's WAL frames are on
 * disk (fdatasync of the WAL file), so a resolved write survives a killed process, an OS crash and a
 * power loss (as far as the disk honours flushes): what `synchronous = FULL` gives. The flush is not
 * SQLite's, though: the writer runs with `synchronous = NORMAL` (no sync inside COMMIT) and the
 * store flushes the WAL itself after COMMIT, on libuv's thread pool, so the event loop goes on
 * (parsing, validating, answering) for the millisecond or more a flush takes instead of standing
 * still in a synchronous COMMIT. Until that flush returns nobody is told the write happened; only
 * reads in this process may already see it, and only an OS crash or power loss in that window can
 * take it back (it is then as if the write had never been made: consistent, never half applied).
 * Reads go through the second connection, which in WAL mode sees only committed data while the
 * writer's batch is still open. WAL checkpoints run in a worker thread (./checkpointer.ts).
 *
 * Writes are group-committed: the units submitted during one event-loop turn (or while the previous
 * commit ran and was flushed) become one `BEGIN IMMEDIATE … COMMIT`, each unit inside its own
 * SAVEPOINT so a unit that throws is undone alone. better-sqlite3 is synchronous, so a batch runs
 * without yielding to I/O; the one flush per batch is the only wait. Other processes on the same file
 * (api and worker roles) take turns through SQLite's file lock, waiting up to `busyTimeoutMs`.
 */

export interface SqliteDatabaseOptions {
  readonly file: string;
  readonly busyTimeoutMs?: number;
  readonly maxBatch?: number;
  /**
   * Checkpoint the WAL in a worker thread (default), so the copy into the database file and its
   * fsync never stall the event loop; false: SQLite's automatic checkpoint in the writer.
   */
  readonly backgroundCheckpoint?: boolean;
}

type Unit = (tx: Sql) => Promise<unknown>;

const dialect: Dialect = { name: 'sqlite', skipLocked: '', forUpdate: '', keyLock: null, maxParams: 32766 };

function toSqlite(value: Param): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

function sqlOn(db: BetterSqlite3.Database): Sql {
  // Statements are prepared once and reused; the multi-row INSERTs make a few shapes per table.
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string): BetterSqlite3.Statement => {
    let stmt = cache.get(sql);
    if (stmt === undefined) {
      stmt = db.prepare(sql);
      if (cache.size >= 1000) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const bind = (params: readonly Param[] | undefined): unknown[] => (params ?? []).map(toSqlite);
  // async so that a throwing statement becomes a rejected promise, like the PostgreSQL adapter's.
  /* eslint-disable @typescript-eslint/require-await */
  return {
    all: async (sql, params) => {
      const stmt = prepare(sql);
      if (!stmt.reader) {
        stmt.run(...bind(params));
        return [];
      }
      return stmt.all(...bind(params)) as Row[];
    },
    get: async (sql, params) => {
      const stmt = prepare(sql);
      if (!stmt.reader) {
        stmt.run(...bind(params));
        return undefined;
      }
      return stmt.get(...bind(params)) as Row | undefined;
    },
    run: async (sql, params) => prepare(sql).run(...bind(params)).changes,
  };
  /* eslint-enable @typescript-eslint/require-await */
}

export class SqliteDatabase implements Database {
  readonly dialect = dialect;
  readonly read: Sql;
  private readonly writer: BetterSqlite3.Database;
  private readonly reader: BetterSqlite3.Database;
  private readonly tx: Sql;
  private readonly batcher: Batcher<Unit, unknown>;
  private readonly checkpointer: BackgroundCheckpointer | undefined;
  /** The WAL file, flushed after every COMMIT (null: SQLite syncs in COMMIT itself, synchronous = FULL). */
  private readonly walFd: number | null;

  private constructor(writer: BetterSqlite3.Database, reader: BetterSqlite3.Database, maxBatch: number, checkpointer: BackgroundCheckpointer | undefined, walFd: number | null) {
    this.writer = writer;
    this.reader = reader;
    this.checkpointer = checkpointer;
    this.walFd = walFd;
    this.tx = sqlOn(writer);
    this.read = sqlOn(reader);
    this.batcher = new Batcher<Unit, unknown>({ maxBatch, maxDelayMs: 0, maxInFlight: 1, execute: (units) => this.runBatch(units) });
  }

  static open(options: SqliteDatabaseOptions): SqliteDatabase {
    const timeout = options.busyTimeoutMs ?? 5000;
    let writer: BetterSqlite3.Database | undefined;
    let walFd: number | null = null;
    try {
      mkdirSync(dirname(options.file), { recursive: true });
      writer = new BetterSqlite3(options.file, { timeout });
      const mode = writer.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`the file system refused WAL mode (journal_mode is ${String(mode)})`);
      writer.pragma('synchronous = FULL');
      writer.pragma('foreign_keys = ON');
      migrate(writer);
      // The WAL exists now (the migration check wrote to it); from here on the store flushes it itself.
      walFd = openSync(`${options.file}-wal`, 'r+');
      writer.pragma('synchronous = NORMAL');
      const reader = new BetterSqlite3(options.file, { timeout, readonly: true });
      let checkpointer: BackgroundCheckpointer | undefined;
      if (options.backgroundCheckpoint !== false) {
        writer.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
        checkpointer = BackgroundCheckpointer.start(options.file);
      }
      return new SqliteDatabase(writer, reader, options.maxBatch ?? 512, checkpointer, walFd);
    } catch (err) {
      if (walFd !== null) closeSync(walFd);
      writer?.close();
      if (err instanceof GatewayError) throw err;
      throw new GatewayError('GW_ERR_STORE_UNAVAILABLE', `cannot open the SQLite store at ${options.file}: ${(err as Error).message}`, { cause: err, unrecoverable: false });
    }
  }

  write<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.batcher.submit(fn) as Promise<T>;
  }

  async close(): Promise<void> {
    await this.batcher.close();
    await this.checkpointer?.stop();
    this.reader.close();
    this.writer.close();
    if (this.walFd !== null) closeSync(this.walFd);
  }

  /** Resolves once everything committed so far is on disk; runs on libuv's thread pool. */
  private flushWal(): Promise<void> {
    const fd = this.walFd;
    if (fd === null) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      fdatasync(fd, (err) => {
        if (err) reject(new GatewayError('GW_ERR_STORE_UNAVAILABLE', `could not flush the SQLite WAL to disk: ${err.message}`, { cause: err, unrecoverable: false }));
        else resolve();
      });
    });
  }

  private async runBatch(units: readonly Unit[]): Promise<Settled<unknown>[]> {
    const db = this.writer;
    const results: Settled<unknown>[] = [];
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const unit of units) {
        db.exec('SAVEPOINT unit');
        try {
          const value = await unit(this.tx);
          db.exec('RELEASE unit');
          results.push({ ok: true, value });
        } catch (error) {
          db.exec('ROLLBACK TO unit');
          db.exec('RELEASE unit');
          results.push({ ok: false, error });
        }
      }
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
    // Nobody hears of the batch before its frames are on disk. Should the flush fail, every caller
    // is rejected although SQLite committed (as a failed sync in COMMIT would leave it): nothing was
    // confirmed, and a repeat finds what exists (idempotency keys, duplicate control references).
    await this.flushWal();
    return results;
  }
}

/** Applies the missing migrations under the write lock, so two processes opening one file take turns. */
function migrate(db: BetterSqlite3.Database): void {
  const latest = sqliteMigrations[sqliteMigrations.length - 1].version;
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');
    const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    const newest = Math.max(0, ...applied);
    if (newest > latest) {
      throw new GatewayError('GW_ERR_STORE_SCHEMA_TOO_NEW', `the store is at schema version ${newest}, this gateway knows up to ${latest}: upgrade the gateway`);
    }
    for (const m of sqliteMigrations) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    }
  }).immediate();
}
