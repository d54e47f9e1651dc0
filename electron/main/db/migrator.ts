/** Brings a database to the latest schema, backing it up first whenever there is something to migrate. */
import { Migrator, type Migration, type MigrationProvider } from 'kysely'
import type { Db } from './connection'
import { createBackup } from './backup'
import { MIGRATIONS } from './migrations'

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations
  }
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    cause: unknown
  ) {
    super(`数据库升级失败（${migration}）：${cause instanceof Error ? cause.message : String(cause)}。已在升级前备份。`)
    this.name = 'MigrationError'
  }
}

export function migrator(db: Db, migrations: Record<string, Migration> = MIGRATIONS): Migrator {
  return new Migrator({ db: db.kysely, provider: new StaticProvider(migrations) })
}

export interface MigrateOptions {
  backupDir?: string
  migrations?: Record<string, Migration>
  /** Migrate only up to this migration (tests of one migration). */
  target?: string
}

/** Returns the names of the migrations that ran. */
export async function migrate(db: Db, options: MigrateOptions = {}): Promise<string[]> {
  const m = migrator(db, options.migrations)
  const known = await m.getMigrations()
  const pending = known.filter((x) => !x.executedAt)
  if (pending.length === 0) return []
  const hasData = known.some((x) => x.executedAt)
  if (hasData && options.backupDir) await createBackup(db, options.backupDir, 'migration')
  const result = options.target ? await m.migrateTo(options.target) : await m.migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? '未知'
    throw new MigrationError(failed, result.error)
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
