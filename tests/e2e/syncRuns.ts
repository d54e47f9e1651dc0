/** Waiting on a backend's sync runs through its API (e2e tests that sync several laptops). */
import { expect } from 'vitest'
import { api, type RunningBackend } from './harness'

// What the tests read of the API's answers (tsconfig.e2e.json keeps the tests apart from the app's types).
export interface SyncReport {
  sent: number
  received: number
  rejected: number
  ok: boolean
  issues: { level: string; code: string; message: string }[]
}
export interface SyncStatus {
  running: boolean
  last: SyncReport | null
  history: { id: number }[]
}

/** Polls `f` until it returns a value (errors count as not yet), bounded by `timeoutMs`. */
export async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 150): Promise<T> {
  const end = Date.now() + timeoutMs
  let last: unknown = null
  while (Date.now() < end) {
    try {
      const v = await f()
      if (v) return v
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, everyMs))
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
}

/**
 * Waits for a sync run that started after this call (joining none that began earlier) and returns its report. The
 * bound is generous: five laptops taking a meeting from one folder at once on two busy cores took 17 s in CI and
 * over 30 s on a loaded machine; it is a limit, not a wait.
 */
export async function waitForNewRun(b: RunningBackend, before: number): Promise<SyncReport> {
  const s = await until(
    'the sync run',
    async () => {
      const st = await api<SyncStatus>(b, 'sync.status')
      return !st.running && (st.history[0]?.id ?? 0) > before ? st : null
    },
    90_000,
    100
  )
  return s.last!
}

export async function lastRunId(b: RunningBackend): Promise<number> {
  const st = await until('no sync running', async () => {
    const x = await api<SyncStatus>(b, 'sync.status')
    return x.running ? null : x
  })
  return st.history[0]?.id ?? 0
}

/** 立即同步 through the API; the run must finish without errors or rejected changes. */
export async function syncNow(b: RunningBackend): Promise<SyncReport> {
  const before = await lastRunId(b)
  await api(b, 'sync.now')
  const report = await waitForNewRun(b, before)
  expect(report.issues.filter((i) => i.level === 'error'), JSON.stringify(report.issues)).toEqual([])
  expect(report.rejected, JSON.stringify(report.issues)).toBe(0)
  return report
}
