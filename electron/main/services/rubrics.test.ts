import { describe, expect, it } from 'vitest'
import v2Json from '../../../tests/fixtures/rubrics/default-v2.json'
import { testBackend } from '../../../tests/helpers/backend'
import { parseRubric } from '../../../shared/domain/rubric'
import { writeChanges } from '../db/changeWriter'
import { SECRETARIAT } from './authors'
import { DEFAULT_RUBRIC, ensureRubric, loadRubric } from './rubrics'

describe('the default rubric version', () => {
  it('new meetings get version 3; a meeting on version 2 keeps it', async () => {
    const b = await testBackend()
    expect(DEFAULT_RUBRIC.version).toBe(3)
    const created = await b.handlers['meetings.create']({ name: '第五批评审会', date: '2026-12-10', place: '三明', organiser: '市数据管理局' })
    expect((await b.handlers['meetings.get']({ meetingId: created.id })).rubric).toMatchObject({ id: 'sanming-2026-default@3', version: 3 })
    const v2 = parseRubric(v2Json)
    const db = b.db()
    writeChanges(db, SECRETARIAT, (w) => {
      const id = ensureRubric(db, w, v2)
      w.write('meetings', created.id, { rubric_id: id })
    })
    const again = await b.handlers['meetings.get']({ meetingId: created.id })
    expect(again.rubric).toMatchObject({ id: 'sanming-2026-default@2', version: 2 })
    expect(loadRubric(db, 'sanming-2026-default@2').dimensions[0]!.items.map((i) => i.id)).not.toContain('tech.basis')
  })
})
