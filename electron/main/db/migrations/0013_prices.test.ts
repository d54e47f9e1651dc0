import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0013_prices', () => {
  it('adds the local reference library, the replicated meeting references and the local match choices', async () => {
    const db = openDb(path.join(tempDir('m13'), 'db.sqlite'))
    await migrate(db, { target: '0012_finding_vetoes' })
    expect(await migrate(db, { target: '0013_prices' })).toEqual(['0013_prices'])
    const s = db.sqlite
    const ref = s.prepare(
      "INSERT INTO price_refs (id, kind, name, unit_price_fen, source, ref_date, created_at, updated_at) VALUES (?, ?, ?, ?, '市场询价', '2026-01-01', 't', 't')"
    )
    ref.run('a', 'import', '服务器', 6_800_000)
    expect(() => ref.run('b', 'other', '服务器', 1)).toThrow(/CHECK/)
    expect(() => ref.run('c', 'import', '', 1)).toThrow(/CHECK/)
    expect(() => ref.run('d', 'import', '服务器', -1)).toThrow(/CHECK/)
    expect(() => ref.run('e', 'import', '服务器', 1.5)).toThrow(/INTEGER|datatype/)
    const choice = s.prepare("INSERT INTO price_match_choices VALUES ('k', 'a', ?, 't')")
    choice.run('confirm')
    expect(() => choice.run('reject')).toThrow(/UNIQUE|PRIMARY/)
    expect(() => s.prepare("INSERT INTO price_match_choices VALUES ('k', 'b', 'maybe', 't')").run()).toThrow(/CHECK/)
    // Every replicated column exists on the replicated table; the local tables are not replicated.
    const cols = (s.prepare('PRAGMA table_info(meeting_price_refs)').all() as { name: string }[]).map((c) => c.name)
    expect(cols).toEqual(expect.arrayContaining(['id', ...Object.keys(REPLICATED_TABLES.meeting_price_refs)]))
    for (const t of ['price_refs', 'price_match_choices']) expect(Object.keys(REPLICATED_TABLES)).not.toContain(t)
    expect(await migrate(db, { target: '0013_prices' })).toEqual([])
    closeDb(db)
  })
})
