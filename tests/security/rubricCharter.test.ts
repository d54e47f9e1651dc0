/**
 * Attack (issue 14, item 7): the rubric is part of the meeting's charter — only the secretariat writes it, sealed by
 * the secretariat's sync key. An expert's modified client that writes a rubric (a new version, or the meeting's
 * rubric_id) is refused by every replica; an edited rubric from the secretariat is accepted on the laptops, and the
 * same edit changed after sealing is refused. (The refusal after scoring started is the service's: rubricEditor.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_RUBRIC, loadRubric } from '../../electron/main/services/rubrics'
import { applyChanges } from '../../electron/main/sync/apply'
import { readPage, readVv } from '../../electron/main/sync/log'
import { SEC } from '../kits/sync/replica'
import { tempDir } from '../helpers/tmp'
import { laptopOf, signedMeeting } from './signedMeetingKit'

const edited = { ...DEFAULT_RUBRIC, version: 9, name: '改过的评分细则', conclusion: { passAt: 50, reviseAt: 10 } }
const editedId = `${DEFAULT_RUBRIC.id}@9`

describe('the rubric in the charter', () => {
  it("an expert's client writing a rubric and switching the meeting to it is rejected; the meeting keeps its rubric", async () => {
    const dir = tempDir('sec-rubric')
    const m = await signedMeeting(dir)
    const e1 = laptopOf(m, dir, 'e1')
    e1.write('e1', (w) => {
      w.write('rubrics', editedId, { name: edited.name, version: 9, definition: edited, deleted: false })
      w.write('meetings', m.f.meetingId, { rubric_id: editedId })
    })
    e1.seal()
    const r = applyChanges(m.sec.db, readPage(e1.db, readVv(m.sec.db), Number.MAX_SAFE_INTEGER).changes)
    expect(r.issues.map((i) => [i.status, i.code])).toEqual([['rejected', 'not-owner']])
    expect(m.sec.db.sqlite.prepare('SELECT rubric_id FROM meetings WHERE id = ?').pluck().get(m.f.meetingId)).toBe(m.f.rubricId)
    expect(m.sec.db.sqlite.prepare('SELECT count(*) FROM rubrics WHERE id = ?').pluck().get(editedId)).toBe(0)
    for (const x of [e1, m.sec]) x.close()
  })

  it("the secretariat's edited rubric is accepted on a laptop; the same edit altered after sealing is rejected", async () => {
    const dir = tempDir('sec-rubric2')
    const m = await signedMeeting(dir)
    m.sec.seal() // the meeting as the laptops received it at check-in
    const e1 = laptopOf(m, dir, 'e1')
    const e2 = laptopOf(m, dir, 'e2')
    m.sec.write(SEC, (w) => {
      w.write('rubrics', editedId, { name: edited.name, version: 9, definition: edited, deleted: false })
      w.write('meetings', m.f.meetingId, { rubric_id: editedId })
    })
    m.sec.seal()
    const changes = readPage(m.sec.db, readVv(e1.db), Number.MAX_SAFE_INTEGER).changes
    expect(applyChanges(e1.db, changes).issues).toEqual([])
    expect(e1.db.sqlite.prepare('SELECT rubric_id FROM meetings WHERE id = ?').pluck().get(m.f.meetingId)).toBe(editedId)
    expect(loadRubric(e1.db, editedId).conclusion).toEqual({ passAt: 50, reviseAt: 10 })

    const tampered = changes.map((c) => (c.tbl === 'rubrics' && c.col === 'definition' ? { ...c, value: c.value.replace('"passAt":50', '"passAt":5') } : c))
    expect(tampered).not.toEqual(changes)
    const r = applyChanges(e2.db, tampered)
    expect(r.issues.map((i) => [i.status, i.code])).toContainEqual(['rejected', 'bad-seal'])
    expect(e2.db.sqlite.prepare('SELECT rubric_id FROM meetings WHERE id = ?').pluck().get(m.f.meetingId)).toBe(m.f.rubricId)
    for (const x of [e1, e2, m.sec]) x.close()
  })
})
