/**
 * The budget basis (issue 14 item 1, services/budgetBasis.ts) on real SQLite files with a real workbook of
 * 编制说明 + 概算汇总表 + 概算明细表: the sheets are listed with the one read, any sheet can be previewed read-only,
 * the secretariat's change re-derives the budget lines and findings and reaches a second laptop through sync, and
 * the change is refused in Chinese for an expert, after scoring started and on a closed meeting.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../shared/api/packageTypes'
import type { MeetingSummary } from '../../../shared/api/types'
import { runSync, testBackend, trustSecretariat } from '../../../tests/helpers/backend'
import { waitJob } from '../../../tests/helpers/packages'
import { tempDir } from '../../../tests/helpers/tmp'
import { workbookPackage } from '../../../tests/kits/findings/workbookPackage'
import type { Backend } from '../backend'
import { writeChanges } from '../db/changeWriter'
import { SECRETARIAT } from './authors'
import { staleProjects } from './packageDerive'
import { markScoringStarted } from './ruleSets'
import { setSetting, SETTING_ACTING_EXPERT } from './settings'

async function workbookFile(): Promise<string> {
  const bytes = await workbookPackage()
  const file = path.join(tempDir('basis-pkg'), '统一受理平台.pdpkg')
  fs.writeFileSync(file, bytes)
  return file
}

async function imported(b: Backend): Promise<{ meetingId: string; projectId: string }> {
  const meeting = (await b.handlers['meetings.create']({ name: '第七批评审会', date: '2026-12-07', place: '三明', organiser: '市数据管理局' })) as MeetingSummary
  const job = await b.handlers['packages.import']({ meetingId: meeting.id, source: { kind: 'path', path: await workbookFile() } })
  const done = await waitJob<ImportResult>(b, job)
  expect(done.status, done.error ?? '').toBe('done')
  return { meetingId: meeting.id, projectId: (done.result as ImportResult).projectId }
}

function liveRows(b: Backend, table: 'budget_lines' | 'findings', projectId: string): unknown[] {
  return b.db().sqlite.prepare(`SELECT * FROM ${table} WHERE project_id = ? AND deleted = 0 ORDER BY id`).all(projectId)
}

function packageRow(b: Backend, projectId: string): { budget_sheet: string; budget_sheets: string; computed_total: number } {
  return b.db().sqlite.prepare('SELECT budget_sheet, budget_sheets, computed_total FROM packages WHERE project_id = ? AND deleted = 0').get(projectId) as never
}

describe('the budget sheet that is the basis of review', () => {
  it('lists the sheets, previews another read-only, and the secretariat’s switch re-derives lines and findings here and on a synced laptop', async () => {
    const a = await testBackend({ seedDemo: false })
    const { meetingId, projectId } = await imported(a)
    const listed = await a.handlers['packages.budgetSheets']({ projectId })
    expect(listed.basis).toEqual([])
    expect(listed.sheets.map((s) => [s.name, s.role, s.read])).toEqual([
      ['编制说明', 'notes', false],
      ['概算汇总表', 'summary', false],
      ['概算明细表', 'detail', true]
    ])
    expect(listed.change).toEqual({ allowed: true, reason: null, askSecretariat: false })
    const detail = listed.sheets[2]
    expect(detail?.lineCount).toBe(liveRows(a, 'budget_lines', projectId).length)

    // The preview reads the summary sheet and stores nothing.
    const linesBefore = liveRows(a, 'budget_lines', projectId)
    const findingsBefore = liveRows(a, 'findings', projectId)
    const logBefore = a.db().sqlite.prepare('SELECT COUNT(*) AS n FROM change_log').get()
    const preview = await a.handlers['packages.budgetSheetPreview']({ projectId, sheet: '概算汇总表' })
    expect(preview.sheetName).toBe('概算汇总表')
    expect(preview.lines.length).toBe(listed.sheets[1]?.lineCount)
    expect(preview.lines.length).toBeLessThan(linesBefore.length)
    expect(liveRows(a, 'budget_lines', projectId)).toEqual(linesBefore)
    expect(a.db().sqlite.prepare('SELECT COUNT(*) AS n FROM change_log').get()).toEqual(logBefore)
    await expect(a.handlers['packages.budgetSheetPreview']({ projectId, sheet: '不存在的表' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/不存在的表/) })

    // The secretariat switches: the packages row (replicated) and the derived rows change together.
    const b = await testBackend({ seedDemo: false })
    await trustSecretariat(a, b)
    const result = await a.handlers['packages.setBudgetBasis']({ projectId, sheets: ['概算汇总表'] })
    expect(result).toMatchObject({ basis: ['概算汇总表'], sheetName: '概算汇总表', previousSheetName: '概算明细表', lineCount: preview.lines.length, previousLineCount: linesBefore.length })
    expect(packageRow(a, projectId)).toMatchObject({ budget_sheet: '概算汇总表', budget_sheets: '["概算汇总表"]' })
    expect(liveRows(a, 'budget_lines', projectId).length).toBe(preview.lines.length)
    expect((await a.handlers['packages.budget']({ projectId })).sheetName).toBe('概算汇总表')
    expect(liveRows(a, 'findings', projectId)).not.toEqual(findingsBefore)
    expect(a.db().sqlite.prepare("SELECT author, value FROM change_log WHERE tbl = 'packages' AND col = 'budget_sheets' ORDER BY seq DESC LIMIT 1").get()).toEqual({
      author: SECRETARIAT,
      value: '["概算汇总表"]'
    })
    expect(staleProjects(a.db())).toEqual([])
    expect((await a.handlers['packages.materials']({ projectId })).derivation.state).toBe('ready')
    await expect(a.handlers['packages.setBudgetBasis']({ projectId, sheets: ['概算汇总表'] })).rejects.toMatchObject({ message: expect.stringMatching(/没有变化/) })

    const folder = tempDir('basis-folder')
    await a.handlers['sync.configure']({ kind: 'folder', folder, meetingId })
    await b.handlers['sync.configure']({ kind: 'folder', folder, meetingId })
    await runSync(a)
    await runSync(b)
    expect(packageRow(b, projectId)).toEqual(packageRow(a, projectId))
    expect(liveRows(b, 'budget_lines', projectId)).toEqual(liveRows(a, 'budget_lines', projectId))
    expect(liveRows(b, 'findings', projectId)).toEqual(liveRows(a, 'findings', projectId))
    // The expert's laptop lists the basis but cannot change it.
    const onB = await b.handlers['packages.budgetSheets']({ projectId })
    expect(onB.basis).toEqual(['概算汇总表'])
    expect(onB.sheets.find((s) => s.read)?.name).toBe('概算汇总表')
    expect(onB.change.allowed).toBe(false)
    await expect(b.handlers['packages.setBudgetBasis']({ projectId, sheets: [] })).rejects.toMatchObject({ code: 'forbidden' })

    // Back to the reader's own choice: the detail again, the same rows as at import.
    const back = await a.handlers['packages.setBudgetBasis']({ projectId, sheets: [] })
    expect(back.sheetName).toBe('概算明细表')
    expect(liveRows(a, 'budget_lines', projectId)).toEqual(linesBefore)
    expect(liveRows(a, 'findings', projectId)).toEqual(findingsBefore)
  })

  it('is refused in Chinese for an expert, once scoring has started, and on a closed meeting', async () => {
    const a = await testBackend({ seedDemo: false })
    const { meetingId, projectId } = await imported(a)
    const db = a.db()
    const expertId = (db.sqlite.prepare('SELECT id FROM experts WHERE meeting_id = ? AND deleted = 0 LIMIT 1').get(meetingId) as { id: string } | undefined)?.id ?? 'e-somebody'
    setSetting(db, SETTING_ACTING_EXPERT, expertId)
    await expect(a.handlers['packages.setBudgetBasis']({ projectId, sheets: ['概算汇总表'] })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/只有秘书处/) })
    // The expert may still preview any sheet.
    expect((await a.handlers['packages.budgetSheetPreview']({ projectId, sheet: '概算汇总表' })).sheetName).toBe('概算汇总表')
    setSetting(db, SETTING_ACTING_EXPERT, null)

    expect(markScoringStarted(db, meetingId)).toBe(true)
    const locked = await a.handlers['packages.budgetSheets']({ projectId })
    expect(locked.change).toEqual({ allowed: false, reason: expect.stringMatching(/宣布开始评分，概算的评审依据工作表已锁定/), askSecretariat: false })
    await expect(a.handlers['packages.setBudgetBasis']({ projectId, sheets: ['概算汇总表'] })).rejects.toMatchObject({ message: locked.change.reason })

    writeChanges(db, SECRETARIAT, (w) => w.write('meetings', meetingId, { status: 'closed', scoring_marker: null }))
    await expect(a.handlers['packages.setBudgetBasis']({ projectId, sheets: ['概算汇总表'] })).rejects.toMatchObject({ message: expect.stringMatching(/会议已经关闭/) })
    expect(packageRow(a, projectId)).toMatchObject({ budget_sheet: '概算明细表', budget_sheets: '[]' })
  })

  it('a basis change written after the marker (a modified client, the real key) is held by a synced laptop, whose lines stay', async () => {
    const a = await testBackend({ seedDemo: false })
    const { meetingId, projectId } = await imported(a)
    const b = await testBackend({ seedDemo: false })
    await trustSecretariat(a, b)
    const folder = tempDir('basis-held')
    await a.handlers['sync.configure']({ kind: 'folder', folder, meetingId })
    await b.handlers['sync.configure']({ kind: 'folder', folder, meetingId })
    await runSync(a)
    await runSync(b)
    const linesBefore = liveRows(b, 'budget_lines', projectId)
    expect(linesBefore.length).toBeGreaterThan(0)
    expect(markScoringStarted(a.db(), meetingId)).toBe(true)
    // What setBudgetBasis would write, bypassing its refusal (as a laptop that had not seen the marker would).
    const pkgId = (a.db().sqlite.prepare('SELECT id FROM packages WHERE project_id = ? AND deleted = 0').get(projectId) as { id: string }).id
    writeChanges(a.db(), SECRETARIAT, (w) => w.write('packages', pkgId, { budget_sheets: ['概算汇总表'], budget_sheet: '概算汇总表' }))
    await runSync(a)
    await runSync(b)
    expect(b.db().sqlite.prepare("SELECT DISTINCT status FROM change_log WHERE tbl = 'packages' AND col = 'budget_sheets' AND value = ?").pluck().all('["概算汇总表"]')).toEqual(['held'])
    expect(packageRow(b, projectId)).toMatchObject({ budget_sheet: '概算明细表', budget_sheets: '[]' })
    expect(liveRows(b, 'budget_lines', projectId)).toEqual(linesBefore)
    expect((await b.handlers['packages.budget']({ projectId })).sheetName).toBe('概算明细表')
  })
})
