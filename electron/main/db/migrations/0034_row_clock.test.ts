import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'
import { cellClock, dropCellClock, mergeClocks, rowClocks } from '../rowClock'

describe('migration 0034_row_clock', () => {
  it('moves every cell clock of field_clock into one row_clock row per replicated row, and drops field_clock', async () => {
    const db = openDb(path.join(tempDir('m34'), 'db.sqlite'))
    await migrate(db, { target: '0032_budget_basis' })
    const s = db.sqlite
    const ins = s.prepare('INSERT INTO field_clock (tbl, row_id, col, hlc) VALUES (?, ?, ?, ?)')
    const cells: [string, string, string, string][] = [
      ['scores', 's1', 'value', '000000000010-0000-o1'],
      ['scores', 's1', 'sheet_id', '000000000009-0003-o1'],
      ['scores', 's2', 'value', '000000000011-0000-o2'],
      ['meetings', 'm1', 'name', '000000000001-0000-o1'],
      ['experts', 'e "1"', 'key_fingerprint', '000000000002-0000-o1']
    ]
    for (const c of cells) ins.run(...c)

    expect(await migrate(db, { target: '0034_row_clock' })).toEqual(['0034_row_clock'])
    const tables = s.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]
    expect(tables).toContain('row_clock')
    expect(tables).not.toContain('field_clock')
    expect(s.prepare('SELECT COUNT(*) FROM row_clock').pluck().get()).toBe(4)
    for (const [tbl, rowId, col, hlc] of cells) expect(cellClock(db, tbl, rowId, col)).toBe(hlc)
    expect(rowClocks(db, 'scores', 's1')).toEqual(new Map([['value', '000000000010-0000-o1'], ['sheet_id', '000000000009-0003-o1']]))
    expect(cellClock(db, 'scores', 's1', 'comment')).toBeUndefined()
    expect(cellClock(db, 'scores', 'nope', 'value')).toBeUndefined()
    expect((s.prepare("SELECT sql FROM sqlite_master WHERE name = 'row_clock'").get() as { sql: string }).sql).toMatch(/WITHOUT ROWID/)

    // Merging sets the named cells and keeps the others; dropping the last cell removes the row.
    mergeClocks(db, 'scores', 's1', { value: '000000000012-0000-o3', comment: '000000000012-0000-o3' })
    expect(rowClocks(db, 'scores', 's1')).toEqual(new Map([['value', '000000000012-0000-o3'], ['sheet_id', '000000000009-0003-o1'], ['comment', '000000000012-0000-o3']]))
    dropCellClock(db, 'scores', 's2', 'value')
    expect(s.prepare("SELECT COUNT(*) FROM row_clock WHERE row_id = 's2'").pluck().get()).toBe(0)
    expect(await migrate(db, { target: '0034_row_clock' })).toEqual([])
    closeDb(db)
  })
})
