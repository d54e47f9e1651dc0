import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0036_price_library', () => {
  it('adds price_refs.search_key (NULL for entries kept before), the library indexes and price_ref_edits', async () => {
    const db = openDb(path.join(tempDir('m36'), 'db.sqlite'))
    await migrate(db, { target: '0035_envelope_ciphertext' })
    const s = db.sqlite
    s.prepare("INSERT INTO price_refs (id, kind, name, unit_price_fen, source, ref_date, created_at, updated_at) VALUES ('r1', 'import', '服务器', 100, '市场询价', '2026-01-01', 't', 't')").run()
    expect(await migrate(db, { target: '0036_price_library' })).toEqual(['0036_price_library'])
    expect(s.prepare('SELECT id, name, search_key FROM price_refs').all()).toEqual([{ id: 'r1', name: '服务器', search_key: null }])
    const indexes = (s.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'price_refs'").all() as { name: string }[]).map((r) => r.name)
    expect(indexes).toEqual(expect.arrayContaining(['price_refs_date', 'price_refs_price', 'price_refs_name', 'price_refs_source', 'price_refs_group', 'price_refs_unkeyed']))
    // The default order reads the date index: no sort of the whole library per page.
    const plan = s.prepare('EXPLAIN QUERY PLAN SELECT * FROM price_refs WHERE retired = 0 ORDER BY ref_date DESC, id DESC LIMIT 50').all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/)
    // A deep page's ids come from the price index alone (the status is in it): no row is read to be skipped.
    const deep = s.prepare('EXPLAIN QUERY PLAN SELECT id FROM price_refs WHERE retired = 0 ORDER BY unit_price_fen DESC, id DESC LIMIT 50 OFFSET 99950').all() as { detail: string }[]
    expect(deep.map((p) => p.detail).join(' ')).toMatch(/USING COVERING INDEX price_refs_price/)
    s.prepare("INSERT INTO price_ref_edits (ref_id, at, by, before, after) VALUES ('r1', 't', '秘书处', '{}', '{}')").run()
    expect(s.prepare('SELECT id, undone_at FROM price_ref_edits').get()).toEqual({ id: 1, undone_at: null })
    expect(() => s.prepare("INSERT INTO price_ref_edits (ref_id, at, by, before, after) VALUES ('r1', 't', NULL, '{}', '{}')").run()).toThrow(/NOT NULL/)
    closeDb(db)
  })
})
