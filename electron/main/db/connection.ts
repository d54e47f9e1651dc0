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
  return { file, sqlite, kysely }
}

export function closeDb(db: Db): void {
  if (db.sqlite.open) db.sqlite.close()
}
