import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { readyToScore, rejection, scoreEverything } from '../../../tests/helpers/review'
import type { Backend } from '../backend'

const PIN = '246810'

async function submit(b: Backend, meetingId: string, projectId: string): Promise<void> {
  await readyToScore(b, meetingId, projectId)
  const { sheetId } = await b.handlers['sheets.open']({ projectId })
  await scoreEverything(b, projectId, sheetId, 0, 'pass')
  await b.handlers['sheets.submit']({ sheetId, pin: PIN })
}

const rejects = (p: unknown) => rejection(() => p)

describe('independent scoring on a shared device', () => {
  it("hides other experts' scores from an expert until that expert has submitted, and shows them to the secretariat", async () => {
    const b = await testBackend()
    const [m] = await b.handlers['meetings.list']({})
    const meeting = await b.handlers['meetings.get']({ meetingId: m!.id })
    const project = meeting.projects[1]!.id
    const [first, second] = meeting.experts
    // The first expert submits.
    await b.handlers['session.actAs']({ expertId: first!.id })
    await b.handlers['identity.createKey']({ pin: PIN, pinConfirm: PIN })
    await submit(b, meeting.id, project)
    // The second expert, not yet submitted, sees no scores of that project.
    await b.handlers['session.actAs']({ expertId: second!.id })
    const view = await b.handlers['merge.meeting']({ meetingId: meeting.id })
    const p = view.projects.find((x) => x.projectId === project)!
    expect(p.merge).toBeNull()
    expect(p.counted).toEqual([])
    expect(p.missing[0]?.reason).toMatch(/提交本人对该项目的评分表之前/)
    expect(view.ranking.find((r) => r.projectId === project)?.total).toBeNull()
    expect((await rejects(Promise.resolve().then(() => b.handlers['merge.budget']({ projectId: project, limit: 10 })))).code).toBe('forbidden')
    expect((await rejects(Promise.resolve().then(() => b.handlers['panel.get']({ projectId: project })))).code).toBe('forbidden')
    // Once they submit, they see it.
    await b.handlers['identity.createKey']({ pin: PIN, pinConfirm: PIN })
    await submit(b, meeting.id, project)
    const after = (await b.handlers['merge.meeting']({ meetingId: meeting.id })).projects.find((x) => x.projectId === project)!
    expect(after.missing.some((x) => /独立评审/.test(x.reason))).toBe(false)
    // The secretariat (acting as nobody) sees everything.
    await b.handlers['session.actAs']({ expertId: null })
    const all = (await b.handlers['merge.meeting']({ meetingId: meeting.id })).projects.find((x) => x.projectId === project)!
    expect(all.missing.some((x) => /独立评审/.test(x.reason))).toBe(false)
  })
})
