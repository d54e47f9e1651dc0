/**
 * The one write path for replicated tables (SYNC.md): in the same transaction as the data, every field change
 * is appended to change_log with (origin, seq, hlc, author), and the cell's clock is recorded in row_clock.
 * Nothing else writes the replicated tables.
 */
import { encodeHlc, tick } from '../../../shared/sync/hlc'
import { REPLICATED_TABLES, type ColumnOf, type ColumnSpec, type ReplicatedTable } from '../../../shared/sync/tables'
import type { Db } from './connection'
import { readDevice, readLocalDevice, saveDevice, saveLocalDevice, type DeviceState } from './device'
import { assertRowWritable, type MeetingMemo } from './meetingGuard'
import { prepare } from './query'
import { MERGE_CLOCKS_SQL } from './rowClock'

/** Databases currently writing under their local origin (withLocalOrigin). */
const localWriters = new WeakMap<Db, number>()

/**
 * Runs `fn` (sync or async) with every write of `db` logged under the device's *local* origin (device.ts): sample data
 * that stays on this device. Nested calls are counted.
 */
export async function withLocalOrigin<T>(db: Db, fn: () => T | Promise<T>): Promise<T> {
  enterLocal(db)
  try {
    return await fn()
  } finally {
    leaveLocal(db)
  }
}

function enterLocal(db: Db): void {
  localWriters.set(db, (localWriters.get(db) ?? 0) + 1)
}

function leaveLocal(db: Db): void {
  const n = (localWriters.get(db) ?? 1) - 1
  if (n <= 0) localWriters.delete(db)
  else localWriters.set(db, n)
}

/** The synchronous form of withLocalOrigin. */
export function withLocalOriginSync<T>(db: Db, fn: () => T): T {
  enterLocal(db)
  try {
    return fn()
  } finally {
    leaveLocal(db)
  }
}

export type FieldValue = string | number | boolean | null | object
export type RowPatch<T extends ReplicatedTable> = Partial<Record<ColumnOf<T>, FieldValue>>

export interface ChangeWriter {
  /** Sets fields of one row (creating the row when it does not exist yet). */
  write<T extends ReplicatedTable>(table: T, id: string, fields: RowPatch<T>): void
}

function toSqlValue(table: string, col: string, spec: ColumnSpec, v: FieldValue): string | number | null {
  if (v === null) {
    if (!spec.nullable) throw new TypeError(`${table}.${col} must not be null`)
    return null
  }
  switch (spec.type) {
    case 'text':
      if (typeof v !== 'string') throw new TypeError(`${table}.${col} must be text`)
      return v
    case 'real':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${table}.${col} must be a finite number`)
      return v
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${table}.${col} must be an integer`)
      return v
    case 'bool':
      if (typeof v !== 'boolean') throw new TypeError(`${table}.${col} must be a boolean`)
      return v ? 1 : 0
    case 'json':
      return JSON.stringify(v)
  }
}

/**
 * Runs `fn` in one transaction as `author` (a person id: an expert id or 'secretariat'); every write it makes
 * is logged as one replicated transaction.
 */
export function writeChanges<T>(db: Db, author: string, fn: (w: ChangeWriter) => T, now: () => number = Date.now): T {
  return db.sqlite
    .transaction(() => {
      const local = localWriters.has(db)
      let state: DeviceState = local ? readLocalDevice(db) : readDevice(db)
      const txFirstSeq = state.seq + 1
      const logStmt = prepare(
        db,
        'INSERT INTO change_log (origin, seq, tx, hlc, author, tbl, row_id, col, value, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
      )
      const clockStmt = prepare(db, MERGE_CLOCKS_SQL)
      const meetings: MeetingMemo = new Map()
      const writer: ChangeWriter = {
        write(table, id, fields) {
          const specs = REPLICATED_TABLES[table] as Record<string, ColumnSpec>
          const cols = Object.keys(fields).filter((c) => (fields as Record<string, FieldValue | undefined>)[c] !== undefined)
          if (cols.length === 0) return
          // A closed meeting is read-only, whatever service writes (meetingGuard.ts).
          assertRowWritable(db, table, id, fields as Record<string, unknown>, meetings)
          const values: (string | number | null)[] = []
          const clocks: Record<string, string> = {}
          for (const col of cols) {
            const spec = specs[col]
            if (!spec) throw new TypeError(`unknown column ${table}.${col}`)
            const v = (fields as Record<string, FieldValue>)[col] as FieldValue
            values.push(toSqlValue(table, col, spec, v))
            const hlc = tick(state.hlc, now())
            state = { ...state, seq: state.seq + 1, hlc }
            const stamp = encodeHlc(hlc)
            logStmt.run(state.origin, state.seq, txFirstSeq, stamp, author, table, id, col, JSON.stringify(v), 'applied')
            clocks[col] = stamp
          }
          clockStmt.run(table, id, JSON.stringify(clocks))
          // Update when the row exists, insert otherwise: an upsert would check NOT NULL on the insert branch
          // even for a partial update of an existing row.
          const sets = cols.map((c) => `"${c}" = ?`).join(', ')
          const updated = prepare(db, `UPDATE "${table}" SET ${sets} WHERE id = ?`).run(...values, id).changes
          if (updated === 0) {
            const colList = cols.map((c) => `"${c}"`).join(', ')
            const placeholders = cols.map(() => '?').join(', ')
            prepare(db, `INSERT INTO "${table}" (id, ${colList}) VALUES (?, ${placeholders})`).run(id, ...values)
          }
        }
      }
      const result = fn(writer)
      if (local) saveLocalDevice(db, state)
      else saveDevice(db, state)
      return result
    })
    .immediate()
}
