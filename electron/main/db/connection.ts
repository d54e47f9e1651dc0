/** Opening a device database: pragmas, integrity check, Kysely over the same better-sqlite3 handle. */
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely'
import type { Schema } from './schema'

/** SQLite runs DDL inside transactions; Kysely's adapter says it does not, so a failed migration would be left
 * half-applied. This adapter lets the Migrator wrap each run in one transaction. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

class PanelDeskSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter()
  }
}

export interface Db {
  readonly file: string
  readonly sqlite: BetterSqlite3.Database
  /** Query builder; statements it compiles run synchronously through `query.ts`. */
  readonly kysely: Kysely<Schema>
}

export class DatabaseCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string
  ) {
    super(`数据库文件已损坏（${file}）：${detail}`)
    this.name = 'DatabaseCorruptError'
  }
}

export interface OpenOptions {
  readonly?: boolean
  /** Path of a better-sqlite3 native binding built for another runtime (the Electron app passes one). */
  nativeBinding?: string
}

function setPragmas(sqlite: BetterSqlite3.Database): void {
  sqlite.pragma('journal_mode = WAL')
  // FULL: an acknowledged edit survives a crash of the process and of the machine.
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
}

/** Runs PRAGMA quick_check; returns null when the file is sound, else the first problems found. */
export function quickCheck(sqlite: BetterSqlite3.Database): string | null {
  const rows = sqlite.pragma('quick_check(5)') as { quick_check: string }[]
  const problems = rows.map((r) => r.quick_check).filter((m) => m !== 'ok')
  return problems.length ? problems.join('; ') : null
}

/** The native binding each database was opened with (a snapshot reader opens the file again with it). */
const bindings = new WeakMap<Db, string | undefined>()

/** Opens (creating if needed) a database file; throws DatabaseCorruptError if it fails its integrity check. */
export function openDb(file: string, options: OpenOptions = {}): Db {
  let sqlite: BetterSqlite3.Database
  try {
    sqlite = new BetterSqlite3(file, {
      readonly: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
    })
  } catch (err) {
    throw new DatabaseCorruptError(file, err instanceof Error ? err.message : String(err))
  }
  try {
    const problem = quickCheck(sqlite)
    if (problem) throw new DatabaseCorruptError(file, problem)
    if (!options.readonly) setPragmas(sqlite)
  } catch (err) {
    sqlite.close()
    if (err instanceof DatabaseCorruptError) throw err
    throw new DatabaseCorruptError(file, err instanceof Error ? err.message : String(err))
  }
  const kysely = new Kysely<Schema>({ dialect: new PanelDeskSqliteDialect({ database: sqlite }) })
  const db = { file, sqlite, kysely }
  bindings.set(db, options.nativeBinding)
  return db
}

export interface SnapshotReader {
  /** A read-only connection to the same file, inside one read transaction: every read sees the same snapshot. */
  db: Db
  /** Ends the read transaction and closes the connection (idempotent). */
  close(): void
}

/**
 * A second, read-only connection to `db`'s file holding one read transaction (issue 10, speed): reads made through
 * it over seconds, while the app goes on writing through `db`, all see the database as it was when it was opened
 * (WAL: readers never block the writer, nor it them). Null when that cannot be had — a database in memory, not in
 * WAL mode, or a file that cannot be opened again — and the caller reads everything at once instead.
 */
export function openSnapshotReader(db: Db): SnapshotReader | null {
  if (!db.file || db.file === ':memory:' || db.file.startsWith('file:')) return null
  let sqlite: BetterSqlite3.Database | null = null
  try {
    if (String(db.sqlite.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return null
    const nativeBinding = bindings.get(db)
    sqlite = new BetterSqlite3(db.file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
    sqlite.pragma('busy_timeout = 5000')
    sqlite.exec('BEGIN')
    // The snapshot is taken at the first read of the transaction.
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get()
  } catch {
    sqlite?.close()
    return null
  }
  const conn = sqlite
  const reader: Db = { file: db.file, sqlite: conn, kysely: new Kysely<Schema>({ dialect: new PanelDeskSqliteDialect({ database: conn }) }) }
  return {
    db: reader,
    close: () => {
      if (!conn.open) return
      try {
        if (conn.inTransaction) conn.exec('COMMIT')
      } finally {
        conn.close()
      }
    }
  }
}

export function closeDb(db: Db): void {
  if (db.sqlite.open) db.sqlite.close()
}
