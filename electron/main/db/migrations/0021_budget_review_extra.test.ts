import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0021_budget_review_extra', () => {
  it('adds the extra column to budget_reviews, keeping the rows there were', async () => {
    const db = openDb(path.join(tempDir('m21'), 'db.sqlite'))
    await migrate(db, { target: '0017_followup_checklist' })
    const s = db.sqlite
    s.pragma('foreign_keys = OFF')
    s.prepare("INSERT INTO budget_reviews (id, sheet_id, line_id, approved_amount, reason, note) VALUES ('r', 's', 'l', 1.5, '单价偏高', '')").run()
    expect(await migrate(db, { target: '0021_budget_review_extra' })).toContain('0021_budget_review_extra')
    const cols = (s.prepare('PRAGMA table_info(budget_reviews)').all() as { name: string }[]).map((c) => c.name)
    expect(cols).toContain('extra')
    expect(s.prepare('SELECT approved_amount, reason, extra FROM budget_reviews').get()).toEqual({ approved_amount: 1.5, reason: '单价偏高', extra: null })
    expect(Object.keys(REPLICATED_TABLES.budget_reviews)).toContain('extra')
    expect(await migrate(db, { target: '0021_budget_review_extra' })).toEqual([])
    closeDb(db)
  })
})
