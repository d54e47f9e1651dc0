/**
 * 价格参考 across laptops (issue 13): the secretariat closes a meeting (its 核定 prices join the library), prepares
 * the next one, chooses the references that travel with it, and syncs through a folder; the expert's laptop, which
 * never saw the first meeting, shows last meeting's 核定 prices beside the new lines, offline and read-only.
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../shared/api/packageTypes'
import { runSync, testBackend, trustSecretariat } from '../../../tests/helpers/backend'
import { CLEAN, waitJob } from '../../../tests/helpers/packages'
import { tempDir } from '../../../tests/helpers/tmp'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { makeBudgetLines } from '../../../tests/kits/documents/testData'
import { seedBudgetLines } from '../../../tests/kits/prices/seed'

describe('价格参考 on an expert laptop after sync', () => {
  it('shows last meeting’s 核定 prices beside the new lines', async () => {
    const a = await testBackend({ seedDemo: false })
    // Meeting 1, reviewed and signed: its lines as the new package names them (工程监理费 is line L0011).
    const first = seedSignedMeeting(a.db(), { projects: 1, experts: 3, budgetLines: 12 })
    const lines = makeBudgetLines(12).map((l) => ({ name: l.name, category: l.category, amount: l.submittedAmount }))
    seedBudgetLines(a.db(), first.projectIds[0]!, '', lines)
    await a.handlers['meeting.close']({ meetingId: first.meetingId, confirm: true })
    const harvested = a.db().sqlite.prepare("SELECT unit_price_fen FROM price_refs WHERE name = '工程监理费'").get() as { unit_price_fen: number }
    expect(harvested.unit_price_fen).toBeGreaterThan(0)

    // Meeting 2 with a new package; the secretariat chooses the references that travel with it.
    const meeting = await a.handlers['meetings.create']({ name: '第二批评审会', date: '2026-12-10', place: '三明', organiser: '市数据局' })
    const job = await a.handlers['packages.import']({ meetingId: meeting.id, source: { kind: 'path', path: CLEAN } })
    const done = await waitJob<ImportResult>(a, job)
    expect(done.status, done.error ?? '').toBe('done')
    const projectId = (done.result as ImportResult).projectId
    const { count } = await a.handlers['prices.chooseForMeeting']({ meetingId: meeting.id, matched: true })
    expect(count).toBeGreaterThan(0)

    const folder = tempDir('prices-folder')
    const b = await testBackend({ seedDemo: false })
    await trustSecretariat(a, b)
    await a.handlers['sync.configure']({ kind: 'folder', folder, meetingId: meeting.id })
    await b.handlers['sync.configure']({ kind: 'folder', folder, meetingId: meeting.id })
    await runSync(a)
    await runSync(b)
    // The expert's laptop never had the library or meeting 1: only the references that travel with meeting 2.
    expect(b.db().sqlite.prepare('SELECT COUNT(*) AS n FROM price_refs').get()).toEqual({ n: 0 })
    expect(b.db().sqlite.prepare('SELECT COUNT(*) AS n FROM meeting_price_refs WHERE deleted = 0').get()).toEqual({ n: count })
    // Offline: the folder is gone, the references are on this laptop.
    fs.rmSync(folder, { recursive: true, force: true })
    const v = await b.handlers['prices.project']({ projectId })
    expect(v.referenceCount).toBe(count)
    const supervision = v.lines.find((l) => l.matches.some((m) => m.name === '工程监理费'))!
    expect(supervision.range).toMatchObject({ count: 1, medianFen: harvested.unit_price_fen, newestDate: '2026-11-26' })
    expect(supervision.matches[0]).toMatchObject({ source: '历史核定', project: first.projectNames[0] })
    expect(supervision.ratio).toBeGreaterThan(0)
  })
})
