/** Opens the server's store: SQLite in the data folder (WAL), or PostgreSQL when given a URL. */
import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import type PgModule from 'pg'
import { lazyModule } from '../electron/main/lazyModule'
import type { Logger } from './log'
import type { Quotas } from './push'
import type { ServerSchema } from './schema'
import { ServerStore } from './store'

/** The PostgreSQL client is loaded only for a server on PostgreSQL (lazyModule.ts). */
const loadPg = lazyModule<typeof PgModule>('pg', 'PostgreSQL 数据库连接')

export interface StoreOptions {
  dataDir: string
  postgres?: string
  now?: () => number
  quotas?: Quotas
  log?: Logger
}

export async function openServerStore(options: StoreOptions): Promise<ServerStore> {
  let store: ServerStore
  if (options.postgres) {
    // A database that does not answer fails a request after 5 s (503) instead of holding it until the client gives up.
    const pool = new (loadPg().Pool)({ connectionString: options.postgres, max: 8, connectionTimeoutMillis: 5_000 })
    // An idle connection the database terminates (restart, failover, idle reaper) is reported on the pool: without
    // a listener that 'error' event would end the process. The pool drops the client and opens a new one when asked.
    pool.on('error', (err) => options.log?.('error', 'database connection lost', { error: err.message }))
    store = new ServerStore(new Kysely<ServerSchema>({ dialect: new PostgresDialect({ pool }) }), 'pg', options.now, options.quotas)
  } else {
    fs.mkdirSync(options.dataDir, { recursive: true })
    const file = path.join(options.dataDir, 'sync-server.sqlite')
    const sqlite = new BetterSqlite3(file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('busy_timeout = 5000')
    // A second, read-only connection for what only reads (tokens, hello, pull, blobs): in WAL mode it reads the last
    // commit while a push's transaction holds the first, so other devices are answered while a large unit is stored.
    const reader = new BetterSqlite3(file, { readonly: true })
    reader.pragma('busy_timeout = 5000')
    const reads = new Kysely<ServerSchema>({ dialect: new SqliteDialect({ database: reader }) })
    store = new ServerStore(new Kysely<ServerSchema>({ dialect: new SqliteDialect({ database: sqlite }) }), 'sqlite', options.now, options.quotas, reads)
  }
  await store.init()
  return store
}
