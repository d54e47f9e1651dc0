import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { decodeHlc } from '../../../shared/sync/hlc'
import { writeChanges } from './changeWriter'
import { openDb } from './connection'
import { ensureDevice, readDevice } from './device'
import { migrate } from './migrator'
import { cellClock } from './rowClock'

async function freshDb() {
  const db = openDb(path.join(tempDir('cw'), 'db.sqlite'))
  await migrate(db)
  ensureDevice(db)
  return db
}

describe('the one write path', () => {
  it('logs every field change with a gap-free seq and a strictly increasing HLC, in the same transaction', async () => {
    const db = await freshDb()
    const clock = 1_800_000_000_000 // a fixed wall clock: the HLC counter must still move forward
    writeChanges(db, 'secretariat', (w) => {
      w.write('rubrics', 'r1', { name: '细则', version: 1, definition: { a: 1 }, deleted: false })
      w.write('meetings', 'm1', { name: '会', date: '2026-12-01', place: '', organiser: '', rubric_id: 'r1', merge_method: 'mean', status: 'preparing', is_demo: true, created_at: 'x', deleted: false })
    }, () => clock)
    writeChanges(db, 'secretariat', (w) => w.write('meetings', 'm1', { name: '改名' }), () => clock)
    const log = db.sqlite.prepare('SELECT seq, tx, hlc, author, tbl, row_id, col, value FROM change_log ORDER BY seq').all() as {
      seq: number; tx: number; hlc: string; author: string; tbl: string; row_id: string; col: string; value: string
    }[]
    expect(log.map((r) => r.seq)).toEqual(Array.from({ length: log.length }, (_, i) => i + 1))
    for (let i = 1; i < log.length; i++) expect(log[i]!.hlc > log[i - 1]!.hlc).toBe(true)
    expect(new Set(log.slice(0, -1).map((r) => r.tx))).toEqual(new Set([1]))
    expect(log.at(-1)).toMatchObject({ tx: log.length, tbl: 'meetings', row_id: 'm1', col: 'name', value: '"改名"' })
    // Typed JSON values: a boolean stays a boolean, an object stays an object.
    expect(log.find((r) => r.col === 'is_demo')?.value).toBe('true')
    expect(JSON.parse(log.find((r) => r.col === 'definition')!.value)).toEqual({ a: 1 })
    expect(db.sqlite.prepare("SELECT name, is_demo FROM meetings WHERE id = 'm1'").get()).toEqual({ name: '改名', is_demo: 1 })
    expect(cellClock(db, 'meetings', 'm1', 'name')).toBe(log.at(-1)!.hlc)
    // One clock row for the row, each cell with the HLC of its own write.
    const clocks = JSON.parse((db.sqlite.prepare("SELECT clocks FROM row_clock WHERE tbl = 'meetings' AND row_id = 'm1'").get() as { clocks: string }).clocks) as Record<string, string>
    for (const c of ['name', 'is_demo', 'definition']) {
      if (clocks[c] !== undefined) expect(clocks[c]).toBe([...log].reverse().find((r) => r.col === c)!.hlc)
    }
    const dev = readDevice(db)
    expect(dev.seq).toBe(log.length)
    expect(decodeHlc(log.at(-1)!.hlc).ms).toBe(clock)
  })

  it('leaves nothing behind when the transaction fails', async () => {
    const db = await freshDb()
    const before = readDevice(db)
    expect(() =>
      writeChanges(db, 'secretariat', (w) => {
        w.write('rubrics', 'r1', { name: '细则', version: 1, definition: {}, deleted: false })
        w.write('projects', 'p1', { meeting_id: 'missing', name: 'x' }) // foreign key fails
      })
    ).toThrow()
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM change_log').get()).toEqual({ n: 0 })
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM rubrics').get()).toEqual({ n: 0 })
    expect(readDevice(db)).toEqual(before)
  })

  it('refuses values of the wrong type and unknown columns', async () => {
    const db = await freshDb()
    expect(() => writeChanges(db, 's', (w) => w.write('rubrics', 'r', { version: 1.5 }))).toThrow(/integer/)
    expect(() => writeChanges(db, 's', (w) => w.write('rubrics', 'r', { name: null }))).toThrow(/null/)
    expect(() => writeChanges(db, 's', (w) => w.write('rubrics', 'r', { ['nope' as 'name']: 'x' }))).toThrow(/unknown column/)
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM change_log').get()).toEqual({ n: 0 })
  })
})
