import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { tempDir } from '../../../tests/helpers/tmp'
import { openBackend } from '../backend'

describe('the demo meeting', () => {
  it('is seeded once into a fresh database: 3 projects, 5 experts with a 组长, everyone assigned, marked 示例', async () => {
    const b = await testBackend()
    const meetings = await b.handlers['meetings.list']({})
    expect(meetings).toHaveLength(1)
    expect(meetings[0]).toMatchObject({ isDemo: true, projectCount: 3, expertCount: 5 })
    const m = await b.handlers['meetings.get']({ meetingId: meetings[0]!.id })
    expect(m.projects.map((p) => p.ownerUnit)).toEqual(['三明市行政服务中心管理委员会', '三明市医疗保障局', '三明市生态环境局'])
    expect(m.experts.filter((e) => e.isLeader).map((e) => e.name)).toEqual(['陈建国'])
    const assignments = b.db().sqlite.prepare('SELECT count(*) AS n FROM assignments WHERE deleted = 0').get()
    expect(assignments).toEqual({ n: 15 })
    const info = await b.handlers['app.info']({})
    expect(info.actingExpertId).toBe(m.experts[0]!.id)
  })

  it('is removable, the removal is logged for sync, and it does not come back at the next start', async () => {
    const dataDir = tempDir('demo-remove')
    const b = await openBackend({ dataDir })
    expect(await b.handlers['demo.remove']({})).toEqual({ removedMeetings: 1 })
    expect(await b.handlers['meetings.list']({})).toEqual([])
    const tombstones = b.db().sqlite.prepare("SELECT count(*) AS n FROM change_log WHERE col = 'deleted' AND value = 'true'").get()
    expect(tombstones).toEqual({ n: 1 + 3 + 5 + 15 })
    expect((await b.handlers['app.info']({})).actingExpertId).toBeNull()
    b.close()
    const again = await openBackend({ dataDir })
    expect(await again.handlers['meetings.list']({})).toEqual([])
    // …but the user can load it again on purpose.
    await again.handlers['demo.seed']({})
    expect(await again.handlers['meetings.list']({})).toHaveLength(1)
    again.close()
  })
})
