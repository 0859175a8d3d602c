/**
 * The little each adapter must provide so the store logic can be written once. The SQL in core/
 * is the common subset of SQLite 3.35+ and PostgreSQL 12+ (ON CONFLICT, RETURNING, partial
 * indexes); `?` placeholders are rewritten to `$n` for PostgreSQL. Parameters are plain JS values
 * (Date for times, boolean, Buffer); each adapter converts them to its column types.
 */

export type Param = string | number | boolean | null | undefined | Date | Uint8Array;
export type Row = Record<string, unknown>;

export interface Sql {
  all(sql: string, params?: readonly Param[]): Promise<Row[]>;
  get(sql: string, params?: readonly Param[]): Promise<Row | undefined>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
}

export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** Appended to a SELECT that picks rows to update, so concurrent transactions take different rows. */
  readonly skipLocked: string;
  /** Appended to a SELECT whose rows the transaction will update from what it read. */
  readonly forUpdate: string;
  /**
   * A statement taking one text parameter that serialises transactions on that key until they end
   * (PostgreSQL: an advisory transaction lock); null where write transactions already run one at a time.
   */
  readonly keyLock: string | null;
  /** Largest number of parameters one statement may carry. */
  readonly maxParams: number;
}

export interface Database {
  readonly dialect: Dialect;
  /** Autocommit reads; they see only committed data. */
  readonly read: Sql;
  /**
   * Runs `fn` as one atomic unit: all its statements commit together or not at all. SQLite batches
   * concurrent units into one transaction (each in its own savepoint, so one failing unit does not
   * undo the others); PostgreSQL gives each its own transaction. `fn` must only talk to `tx`.
   */
  write<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** `(?, ?, ?), (?, ?, ?)` for a multi-row INSERT. */
export function valuesList(rows: number, columns: number): string {
  const one = `(${placeholders(columns)})`;
  return Array.from({ length: rows }, () => one).join(', ');
}

/**
 * Multi-row INSERT in as few statements as the parameter limit allows. `tail` follows the VALUES
 * list (ON CONFLICT, RETURNING) and `tailParams` are its parameters, repeated for every chunk.
 */
export async function insertRows(
  tx: Sql,
  dialect: Dialect,
  head: string,
  rows: readonly (readonly Param[])[],
  tail = '',
  tailParams: readonly Param[] = [],
): Promise<Row[]> {
  if (rows.length === 0) return [];
  const columns = rows[0].length;
  const out: Row[] = [];
  const perChunk = Math.max(1, Math.floor((dialect.maxParams - tailParams.length) / columns));
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const sql = `${head} VALUES ${valuesList(chunk.length, columns)}${tail}`;
    out.push(...(await tx.all(sql, [...chunk.flat(), ...tailParams])));
  }
  return out;
}
