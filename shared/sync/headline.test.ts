import { describe, expect, it } from 'vitest'
import type { SyncStatus } from '../api/methods/sync'
import { emptyReport } from './report'
import { sinceLabel, syncHeadline } from './headline'

const now = new Date(2026, 10, 26, 15, 30) // local time
const at = (h: number, m: number, day = 26) => new Date(2026, 10, day, h, m).toISOString()
const folder = { kind: 'folder' as const, folder: 'E:\\评审同步', meetingId: 'm1' }
const base: Pick<SyncStatus, 'target' | 'running' | 'progress' | 'last' | 'lastOkAt' | 'unsent'> = { target: folder, running: false, progress: null, last: null, lastOkAt: null, unsent: 0 }

describe('sinceLabel', () => {
  it('says how long ago in words, in local 24-hour time', () => {
    expect(sinceLabel(at(15, 29, 26), now)).toBe('1 分钟前')
    expect(sinceLabel(new Date(now.getTime() - 20_000).toISOString(), now)).toBe('刚刚')
    expect(sinceLabel(at(15, 2), now)).toBe('28 分钟前')
    expect(sinceLabel(at(9, 5), now)).toBe('今天 09:05')
    expect(sinceLabel(at(21, 40, 25), now)).toBe('昨天 21:40')
    expect(sinceLabel(at(8, 0, 20), now)).toBe('11月20日 08:00')
    expect(sinceLabel('not a date', now)).toBe('not a date')
  })
})

describe('syncHeadline', () => {
  it('names each state in words', () => {
    expect(syncHeadline({ ...base, target: null, unsent: 40 }, now)).toMatchObject({ label: '未设置同步', tone: 'idle' })
    expect(syncHeadline({ ...base, running: true, progress: { done: 1, total: 4 } }, now)).toMatchObject({ label: '正在同步 25%', tone: 'busy' })
    expect(syncHeadline({ ...base, unsent: 12 }, now)).toMatchObject({ label: '尚未同步 · 12 项修改待同步', tone: 'pending' })
    expect(syncHeadline({ ...base, lastOkAt: at(15, 20) }, now)).toMatchObject({ label: '已同步（10 分钟前）', tone: 'ok' })
    const pending = syncHeadline({ ...base, lastOkAt: at(9, 5), unsent: 3 }, now)
    expect(pending).toMatchObject({ label: '已同步（今天 09:05）· 3 项修改待同步', tone: 'pending' })
    expect(pending.detail).toContain('下次同步时发出')
  })

  it('puts a failed last run first, with what is still waiting', () => {
    const last = { ...emptyReport('folder', 'E:\\评审同步', at(15, 0)), finishedAt: at(15, 1), ok: false }
    const h = syncHeadline({ ...base, last, lastOkAt: at(9, 0), unsent: 5 }, now)
    expect(h).toMatchObject({ label: '同步未完成 · 5 项修改待同步', tone: 'error' })
    expect(h.detail).toBe('29 分钟前的同步未能完成，本机还有 5 项修改待同步。点击查看原因。')
  })
})
