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
 * One multi-row INSERT statement (`head` VALUES … `tail`), its SQL text made once per row count and
 * then reused: the same string object each time, so neither it nor the adapter's statement cache
 * (keyed by the text) rebuilds or rehashes it per call.
 */
export class InsertShape {
  readonly head: string;
  readonly columns: number;
  readonly tail: string;
  private readonly byRows: string[] = [];

  constructor(head: string, columns: number, tail = '') {
    this.head = head;
    this.columns = columns;
    this.tail = tail;
  }

  sql(rows: number): string {
    let sql = this.byRows[rows];
    if (sql === undefined) {
      sql = `${this.head} VALUES ${valuesList(rows, this.columns)}${this.tail}`;
      // Row counts of a few hundred at most (a batch, a message's references); beyond, built each time.
      if (rows <= 1024) this.byRows[rows] = sql;
    }
    return sql;
  }
}

/**
 * Multi-row INSERT in as few statements as the parameter limit allows. `shape.tail` follows the
 * VALUES list (ON CONFLICT, RETURNING) and `tailParams` are its parameters, repeated for every chunk.
 */
export async function insertRows(
  tx: Sql,
  dialect: Dialect,
  shape: InsertShape,
  rows: readonly (readonly Param[])[],
  tailParams: readonly Param[] = [],
): Promise<Row[]> {
  if (rows.length === 0) return [];
  const columns = shape.columns;
  const perChunk = Math.max(1, Math.floor((dialect.maxParams - tailParams.length) / columns));
  if (rows.length <= perChunk) return tx.all(shape.sql(rows.length), flatParams(rows, 0, rows.length, columns, tailParams));
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i += perChunk) {
    const end = Math.min(rows.length, i + perChunk);
    const chunk = await tx.all(shape.sql(end - i), flatParams(rows, i, end, columns, tailParams));
    for (const r of chunk) out.push(r);
  }
  return out;
}

function flatParams(rows: readonly (readonly Param[])[], from: number, to: number, columns: number, tailParams: readonly Param[]): Param[] {
  const out = new Array<Param>((to - from) * columns + tailParams.length);
  let k = 0;
  for (let i = from; i < to; i++) {
    const row = rows[i];
    if (row.length !== columns) throw new Error(`insertRows: a row of ${row.length} values for ${columns} columns`);
    for (let j = 0; j < columns; j++) out[k++] = row[j];
  }
  for (const p of tailParams) out[k++] = p;
  return out;
}
