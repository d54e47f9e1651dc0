/**
 * The one line the header shows about sync (UI.md: "a header with the meeting, the person and the sync state"):
 * whether this device syncs at all, when it last synced without error, and how many of its changes have not
 * gone out yet. Words, not colour alone; the tone only adds the colour.
 */
import type { SyncStatus } from '../api/methods/sync'

export type SyncTone = 'idle' | 'busy' | 'ok' | 'pending' | 'error'

export interface SyncHeadline {
  /** Short, for the header. */
  label: string
  /** A sentence for the tooltip and the accessible name. */
  detail: string
  tone: SyncTone
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** "刚刚", "12 分钟前", "今天 14:05", "昨天 09:30", "11月24日 16:00" (local time, 24-hour). */
export function sinceLabel(iso: string, now: Date): string {
  const t = new Date(iso)
  if (Number.isNaN(t.getTime())) return iso
  const minutes = Math.floor((now.getTime() - t.getTime()) / 60_000)
  if (minutes < 1) return '刚刚'
  if (minutes < 60) return `${minutes} 分钟前`
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
  const days = Math.round((day(now) - day(t)) / 86_400_000)
  const hm = `${pad(t.getHours())}:${pad(t.getMinutes())}`
  if (days === 0) return `今天 ${hm}`
  if (days === 1) return `昨天 ${hm}`
  return `${t.getMonth() + 1}月${t.getDate()}日 ${hm}`
}

export function syncHeadline(status: Pick<SyncStatus, 'target' | 'running' | 'progress' | 'last' | 'lastOkAt' | 'unsent'>, now: Date): SyncHeadline {
  const waiting = status.unsent > 0 ? `${status.unsent} 项修改待同步` : ''
  if (!status.target) {
    return { label: '未设置同步', detail: '本机尚未设置同步方式。点击设置共享文件夹或同步服务器。', tone: 'idle' }
  }
  if (status.running) {
    const p = status.progress && status.progress.total > 0 ? ` ${Math.round((100 * status.progress.done) / status.progress.total)}%` : ''
    return { label: `正在同步${p}`, detail: '正在与其他电脑交换修改。', tone: 'busy' }
  }
  if (status.last && !status.last.ok) {
    const when = sinceLabel(status.last.finishedAt, now)
    return {
      label: waiting ? `同步未完成 · ${waiting}` : '同步未完成',
      detail: `${when}的同步未能完成${waiting ? `，本机还有 ${waiting}` : ''}。点击查看原因。`,
      tone: 'error'
    }
  }
  if (!status.lastOkAt) {
    return { label: waiting ? `尚未同步 · ${waiting}` : '尚未同步', detail: `已设置同步方式，还没有完成过同步${waiting ? `；本机有 ${waiting}` : ''}。`, tone: 'pending' }
  }
  const when = sinceLabel(status.lastOkAt, now)
  if (waiting) {
    return { label: `已同步（${when}）· ${waiting}`, detail: `上次同步：${when}。此后本机有 ${waiting}，下次同步时发出。`, tone: 'pending' }
  }
  return { label: `已同步（${when}）`, detail: `上次同步：${when}。本机的修改都已发出。`, tone: 'ok' }
}
