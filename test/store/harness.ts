import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openPostgresStore, openSqliteStore, type Store, type StoreOptions } from '../../src/store/index.js';

export const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * One empty database (a temp SQLite file, or a PostgreSQL schema of its own) that a test can open
 * any number of stores on, poke at with raw SQL, and throw away.
 */
export interface StoreTarget {
  readonly dialect: 'sqlite' | 'postgres';
  /** What a child process needs to open the same store: a file path or a schema name. */
  readonly location: string;
  open(options?: StoreOptions): Promise<Store>;
  /** Runs SQL directly on the database, bypassing the store. */
  exec(sql: string): Promise<void>;
  /** Runs a query directly and returns its rows. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  destroy(): Promise<void>;
}

export type TargetFactory = () => Promise<StoreTarget>;

export async function sqliteTarget(): Promise<StoreTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'edigw-store-'));
  const file = join(dir, 'edigw.sqlite');
  const opened: Store[] = [];
  return Promise.resolve({
    dialect: 'sqlite',
    location: file,
    async open(options = {}) {
      const store = await openSqliteStore({ ...options, file });
      opened.push(store);
      return store;
    },
    async exec(sql) {
      await Promise.resolve();
      const db = new BetterSqlite3(file, { timeout: 5000 });
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    query(sql) {
      const db = new BetterSqlite3(file, { timeout: 5000, readonly: true });
      try {
        return Promise.resolve(db.prepare(sql).all() as Record<string, unknown>[]);
      } finally {
        db.close();
      }
    },
    async destroy() {
      await Promise.all(opened.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

export async function postgresTarget(): Promise<StoreTarget> {
  const schema = `store_test_${randomBytes(6).toString('hex')}`;
  const opened: Store[] = [];
  const client = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return Promise.resolve({
    dialect: 'postgres',
    location: schema,
    async open(options = {}) {
      const store = await openPostgresStore({ ...options, connectionString: PG_URL, schema, poolSize: 8 });
      opened.push(store);
      return store;
    },
    async exec(sql) {
      await client((c) => c.query(sql));
    },
    async query(sql) {
      return client(async (c) => (await c.query(sql)).rows as Record<string, unknown>[]);
    },
    async destroy() {
      await Promise.all(opened.map((s) => s.close()));
      await client((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    },
  });
}

/** A clock the test moves by hand, so leases, windows and deadlines expire without sleeping. */
export class TestClock {
  now: number;
  constructor(start = Date.parse('2025-03-01T08:00:00.000Z')) {
    this.now = start;
  }
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export const DAY = 24 * 60 * 60 * 1000;

/** A small EDIFACT interchange; the store never parses it, but the bytes look like real traffic. */
export function interchange(sender: string, ref: string, body = 'CODECO'): Buffer {
  return Buffer.from(`UNA:+.? 'UNB+UNOC:3+${sender}:ZZZ+PORTHUB:ZZZ+250301:0800+${ref}'UNH+1+${body}:D:95B:UN'BGM+34+${ref}+9'UNT+3+1'UNZ+1+${ref}'`, 'latin1');
}
