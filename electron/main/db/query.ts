/**
 * Synchronous execution of Kysely-built queries on better-sqlite3: the builder gives types, better-sqlite3
 * gives fast synchronous transactions (one write path, no interleaving between awaits).
 */
import type { Compilable, CompiledQuery } from 'kysely'
import type BetterSqlite3 from 'better-sqlite3'
import type { Db } from './connection'

const cache = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>()

export function prepare(db: Db, sqlText: string): BetterSqlite3.Statement {
  let byText = cache.get(db.sqlite)
  if (!byText) {
    byText = new Map()
    cache.set(db.sqlite, byText)
  }
  let stmt = byText.get(sqlText)
  if (!stmt) {
    stmt = db.sqlite.prepare(sqlText)
    byText.set(sqlText, stmt)
  }
  return stmt
}

function params(c: CompiledQuery): unknown[] {
  return c.parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p))
}

export function all<R>(db: Db, q: Compilable<R>): R[] {
  const c = q.compile()
  return prepare(db, c.sql).all(...params(c)) as R[]
}

export function first<R>(db: Db, q: Compilable<R>): R | undefined {
  const c = q.compile()
  return prepare(db, c.sql).get(...params(c)) as R | undefined
}

export function run(db: Db, q: Compilable<unknown>): number {
  const c = q.compile()
  return prepare(db, c.sql).run(...params(c)).changes
}

/** Runs fn in one IMMEDIATE transaction (nested calls become savepoints). */
export function transaction<T>(db: Db, fn: () => T): T {
  return db.sqlite.transaction(fn).immediate()
}
