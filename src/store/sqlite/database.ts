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
  if (typeof value === 'string' || typeof value === 'number' || value === null) return value;
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  if (!Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

/** The batch's transaction control, prepared once per connection instead of parsed by `exec` each time. */
interface Control {
  readonly begin: BetterSqlite3.Statement;
  readonly savepoint: BetterSqlite3.Statement;
  readonly release: BetterSqlite3.Statement;
  readonly rollbackTo: BetterSqlite3.Statement;
  readonly commit: BetterSqlite3.Statement;
  readonly rollback: BetterSqlite3.Statement;
}

function controlOn(db: BetterSqlite3.Database): Control {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    savepoint: db.prepare('SAVEPOINT unit'),
    release: db.prepare('RELEASE unit'),
    rollbackTo: db.prepare('ROLLBACK TO unit'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
  };
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
  // One array argument: better-sqlite3 binds its elements in order, with no spread of (up to
  // thousands of) arguments.
  const bind = (params: readonly Param[] | undefined): unknown[] => {
    if (params === undefined) return [];
    const out = new Array<unknown>(params.length);
    for (let i = 0; i < params.length; i++) out[i] = toSqlite(params[i]);
    return out;
  };
  // async so that a throwing statement becomes a rejected promise, like the PostgreSQL adapter's.
  /* eslint-disable @typescript-eslint/require-await */
  return {
    all: async (sql, params) => {
      const stmt = prepare(sql);
      if (!stmt.reader) {
        stmt.run(bind(params));
        return [];
      }
      return stmt.all(bind(params)) as Row[];
    },
    get: async (sql, params) => {
      const stmt = prepare(sql);
      if (!stmt.reader) {
        stmt.run(bind(params));
        return undefined;
      }
      return stmt.get(bind(params)) as Row | undefined;
    },
    run: async (sql, params) => prepare(sql).run(bind(params)).changes,
  };
  /* eslint-enable @typescript-eslint/require-await */
}

export class SqliteDatabase implements Database {
  readonly dialect = dialect;
  readonly read: Sql;
  private readonly writer: BetterSqlite3.Database;
  private readonly reader: BetterSqlite3.Database;
  private readonly tx: Sql;
  private readonly control: Control;
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
    this.control = controlOn(writer);
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
      // Each unit of a batch runs in a SAVEPOINT, and every multi-row statement has a statement
      // journal: SQLite copies each page a unit first touches into that sub-journal so that it can
      // undo the unit alone. By default a sub-journal past 64 KB spills into a temporary file, and
      // then every such page was a pwrite system call (about a fifth of the writer's time in a
      // completion). In memory it is a copy. It only ever serves ROLLBACK TO within the open
      // transaction and is dropped at RELEASE: crash recovery uses the WAL alone, so durability is
      // unchanged.
      writer.pragma('temp_store = MEMORY');
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
    const c = this.control;
    const results: Settled<unknown>[] = [];
    c.begin.run();
    if (units.length === 1) {
      // Alone in its batch, a unit needs no savepoint: the transaction is the unit, and a unit that
      // throws rolls it back whole (nothing committed, nothing to flush).
      let value: unknown;
      try {
        value = await units[0](this.tx);
      } catch (error) {
        if (db.inTransaction) c.rollback.run();
        return [{ ok: false, error }];
      }
      try {
        c.commit.run();
      } catch (err) {
        if (db.inTransaction) c.rollback.run();
        throw err;
      }
      await this.flushWal();
      return [{ ok: true, value }];
    }
    try {
      for (const unit of units) {
        c.savepoint.run();
        try {
          const value = await unit(this.tx);
          c.release.run();
          results.push({ ok: true, value });
        } catch (error) {
          c.rollbackTo.run();
          c.release.run();
          results.push({ ok: false, error });
        }
      }
      c.commit.run();
    } catch (err) {
      if (db.inTransaction) c.rollback.run();
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
