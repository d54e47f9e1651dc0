import { describe, expect, it } from 'vitest'
import { testBackend } from '../../tests/helpers/backend'

describe('restoring a backup from the UI', () => {
  it('replaces the data with the backup, keeps the current data as a backup first, and becomes a new origin', async () => {
    const b = await testBackend()
    const backup = await b.handlers['backups.create']({})
    const originBefore = (await b.handlers['app.info']({})).deviceOrigin
    await b.handlers['demo.remove']({})
    expect(await b.handlers['meetings.list']({})).toHaveLength(0)
    const info = await b.handlers['backups.restore']({ name: backup.name })
    expect(info.startupNotice).toMatch(/已从备份/)
    expect(info.deviceOrigin).not.toBe(originBefore)
    expect(await b.handlers['meetings.list']({})).toHaveLength(1)
    const reasons = (await b.handlers['backups.list']({})).map((x) => x.reason)
    expect(reasons).toContain('before-restore')
    // Writing still works on the restored database.
    const created = await b.handlers['meetings.create']({ name: '恢复后新建', date: '2026-12-09', place: '', organiser: '' })
    expect(created.name).toBe('恢复后新建')
  })

  it('refuses an unknown backup name and changes nothing', async () => {
    const b = await testBackend()
    const err = await Promise.resolve(b.handlers['backups.restore']({ name: 'paneldesk-nope.sqlite' })).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'conflict' })
    expect((err as Error).message).toMatch(/当前数据未改变/)
    expect(await b.handlers['meetings.list']({})).toHaveLength(1)
  })
})
