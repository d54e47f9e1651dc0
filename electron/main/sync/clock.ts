/**
 * Wrong clocks (issue 15). A laptop whose clock runs more than 24 h ahead stamps its edits in the future; every
 * other replica holds them (verdict 'future') instead of letting them win every cell. That laptop learns it at once
 * (the server's answer, or the other devices' folder files list what they hold). Held edits are judged again at
 * every sync and taken once the receiver's clock reaches their time less 24 h — by every replica alike, so they
 * never disagree for good, and no edit is lost.
 */
import { encodeHlc } from '../../../shared/sync/hlc'
import type { SyncIssue } from '../../../shared/sync/report'
import { MAX_FUTURE_MS } from '../../../shared/sync/verdict'
import type { Db } from '../db/connection'
import { readDevice } from '../db/device'
import { NOT_APPLIED } from './log'
import { prepare } from '../db/query'

/** The smallest clock stamp that counts as too far ahead of `now`. */
export function futureStamp(now: number): string {
  return encodeHlc({ ms: now + MAX_FUTURE_MS + 1, counter: 0, origin: '' })
}

/** Per origin, how many changes this replica holds as stamped too far ahead (told to the others in folder files). */
export function heldAsFuture(db: Db, now: number): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of prepare(db, `SELECT origin, COUNT(*) AS n FROM change_log WHERE status = 'held' AND ${NOT_APPLIED} AND hlc >= ? GROUP BY origin`).all(futureStamp(now)) as { origin: string; n: number }[]) {
    out[r.origin] = r.n
  }
  return out
}

export function aheadIssue(count: number, where: string): SyncIssue {
  return {
    level: 'error',
    code: 'clock-ahead',
    message: `${where}暂不采用本机的 ${count} 项修改：它们的时间比对方超前 24 小时以上，说明本机时钟有误。请把本机的日期和时间改正确后再同步一次，本机会按正确时间重新发出这些修改（修改保存在本机，不会丢失）`
  }
}

/**
 * After the clock was corrected, this laptop's clock (HLC) still stands where the wrong clock left it, so its
 * later edits keep sorting after the wrong-time ones (the newest edit still wins) and are held with them. Every
 * replica takes them, in the same order, as soon as its own clock reaches that time less 24 h: nothing is lost,
 * nothing is applied out of order. This says so, with the time it will happen; null when the clock was never ahead.
 */
export function futureClockNotice(db: Db, now: number): SyncIssue | null {
  const device = readDevice(db)
  if (device.hlc.ms <= now + MAX_FUTURE_MS) return null
  const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
  const at = device.hlc.ms - MAX_FUTURE_MS
  const hours = Math.ceil((at - now) / 3600_000)
  return {
    level: 'warning',
    code: 'clock-ahead-before',
    message: `本机时钟曾超前（记录到 ${fmt(device.hlc.ms)} UTC），此后本机的修改都带有这一时间。其他电脑会在其时间到达 ${fmt(at)} UTC（约 ${hours} 小时后）时按顺序自动采用，不需要重新录入，修改也不会丢失。`
  }
}
