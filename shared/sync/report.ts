/** What one sync run did, for the sync panel: counts, and a plain-Chinese list of anything rejected or suspicious. */
export type SyncTransportKind = 'folder' | 'server'

export type SyncIssueLevel = 'info' | 'warning' | 'error'

export interface SyncIssue {
  level: SyncIssueLevel
  /** e.g. 'not-owner', 'bad-signature', 'future', 'clock', 'damaged-file', 'conflicted-copy', 'other-meeting' */
  code: string
  message: string
}

export interface SyncReport {
  transport: SyncTransportKind
  target: string
  startedAt: string
  finishedAt: string
  /** Changes this device sent out (written to its folder file, or pushed to the server). */
  sent: number
  /** Changes new to this device. */
  received: number
  applied: number
  rejected: number
  blobsIn: number
  blobsOut: number
  /** This device's clock minus the peer's, when the peer told its time (ms). */
  clockOffsetMs: number | null
  ok: boolean
  issues: SyncIssue[]
}

export function emptyReport(transport: SyncTransportKind, target: string, startedAt: string): SyncReport {
  return { transport, target, startedAt, finishedAt: startedAt, sent: 0, received: 0, applied: 0, rejected: 0, blobsIn: 0, blobsOut: 0, clockOffsetMs: null, ok: true, issues: [] }
}

export function formatMinutes(ms: number): string {
  const min = Math.round(Math.abs(ms) / 60000)
  return min >= 120 ? `${Math.round(min / 60)} 小时` : `${min} 分钟`
}
