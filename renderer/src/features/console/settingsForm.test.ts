import { describe, expect, it } from 'vitest'
import type { ConsoleSettings } from '../../../../shared/api/secretariatTypes'
import { formValuesOf, rejectIf, SETTINGS_ISSUE_FIELDS, settingsUpdateOf } from './settingsForm'

const meeting = {
  meetingId: 'm1',
  name: '2026 年第 3 次评审会',
  date: '2026-12-07',
  place: '会议室',
  organiser: '数据局',
  rubricId: 'r1',
  settings: {
    mergeMethod: 'mean',
    budgetMergeMethod: 'median',
    deviationRatio: 0.155,
    conclusion: { passAt: 80, reviseAt: 60 },
    panel: { minPerProject: 5, requireOdd: true },
    pin: { minLength: 6, requireLetters: false }
  }
} as unknown as ConsoleSettings

describe('the meeting settings form', () => {
  it('shows the numbers as text and the deviation as a percentage with one decimal', () => {
    const v = formValuesOf(meeting)
    expect(v).toMatchObject({ name: '2026 年第 3 次评审会', rubricId: 'r1', deviationPercent: '15.5', passAt: '80', reviseAt: '60', minPerProject: '5', requireOdd: true, pinMinLength: '6' })
  })
  it('sends what the form shows back unchanged, without the rubric when it was not changed', () => {
    const update = settingsUpdateOf(meeting, formValuesOf(meeting))
    expect(update).not.toHaveProperty('rubricId')
    expect(update.settings).toEqual({ ...meeting.settings, deviationRatio: 0.155 })
    expect(update).toMatchObject({ meetingId: 'm1', name: meeting.name, date: meeting.date, place: '会议室', organiser: '数据局' })
  })
  it('sends a changed rubric and typed numbers as numbers', () => {
    const v = { ...formValuesOf(meeting), rubricId: 'r2', deviationPercent: '20', passAt: '85.5', pinMinLength: '8' }
    const update = settingsUpdateOf(meeting, v)
    expect(update.rubricId).toBe('r2')
    expect(update.settings).toMatchObject({ deviationRatio: 0.2, conclusion: { passAt: 85.5, reviseAt: 60 }, pin: { minLength: 8, requireLetters: false } })
  })
  it('a cross-field problem rejects with its message; no problem, or one about an untyped number, passes', async () => {
    await expect(rejectIf('修改完善后通过线须低于同意通过线')).rejects.toThrow('修改完善后通过线须低于同意通过线')
    await expect(rejectIf(null)).resolves.toBeUndefined()
    await expect(rejectIf('阈值 NaN 无效')).resolves.toBeUndefined()
  })
  it('maps each backend issue path to a field of the form', () => {
    const fields = new Set(Object.keys(formValuesOf(meeting)))
    for (const [, name] of SETTINGS_ISSUE_FIELDS) expect(fields.has(name)).toBe(true)
  })
})
