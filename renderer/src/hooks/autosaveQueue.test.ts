import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AutosaveQueue } from './autosaveQueue'

/** A save the test finishes by hand, to control the order in which saves land. */
function deferred() {
  let resolve!: () => void
  let reject!: (e: Error) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

function recorder() {
  const log: string[] = []
  const state = { saving: false, savedAt: null as Date | null, error: null as string | null }
  const events = {
    saving: (on: boolean) => (state.saving = on),
    saved: (at: Date) => (state.savedAt = at),
    error: (m: string | null) => (state.error = m)
  }
  return { log, state, events }
}

const describeError = (e: unknown) => `保存失败：${e instanceof Error ? e.message : String(e)}`

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('autosave of a draft (useAutosave)', () => {
  it('saves only the newest value, once, a pause after the last change', async () => {
    const r = recorder()
    const saved: string[] = []
    const q = new AutosaveQueue<string>(async (v) => void saved.push(v), 600, r.events, describeError)
    q.schedule('评')
    await vi.advanceTimersByTimeAsync(300)
    q.schedule('评审')
    await vi.advanceTimersByTimeAsync(300)
    q.schedule('评审过程')
    await vi.advanceTimersByTimeAsync(599)
    expect(saved).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    await q.flush()
    expect(saved).toEqual(['评审过程'])
    expect(r.state).toMatchObject({ saving: false, error: null })
    expect(r.state.savedAt).not.toBeNull()
  })

  it('a later value never lands before an earlier one: the second save starts when the first has landed', async () => {
    const r = recorder()
    const started: string[] = []
    const pending = new Map<string, ReturnType<typeof deferred>>()
    const q = new AutosaveQueue<string>(
      (v) => {
        started.push(v)
        const d = deferred()
        pending.set(v, d)
        return d.promise
      },
      600,
      r.events,
      describeError
    )
    q.schedule('第一稿')
    void q.flush()
    q.schedule('第二稿')
    const all = q.flush()
    await vi.advanceTimersByTimeAsync(0)
    expect(started).toEqual(['第一稿'])
    expect(r.state.saving).toBe(true)
    pending.get('第一稿')!.resolve()
    await vi.advanceTimersByTimeAsync(0)
    expect(started).toEqual(['第一稿', '第二稿'])
    pending.get('第二稿')!.resolve()
    await all
    expect(r.state.saving).toBe(false)
  })

  it('a failed save is reported and its value kept for the next try; a newer value replaces it', async () => {
    const r = recorder()
    const saved: string[] = []
    let fail = true
    const q = new AutosaveQueue<string>(
      async (v) => {
        if (fail) throw new Error('后台服务没有响应')
        saved.push(v)
      },
      600,
      r.events,
      describeError
    )
    q.schedule('意见甲')
    await q.flush()
    expect(r.state.error).toBe('保存失败：后台服务没有响应')
    expect(saved).toEqual([])
    // Nothing new typed: the next flush tries the same value again.
    fail = false
    await q.flush()
    expect(saved).toEqual(['意见甲'])
    expect(r.state.error).toBeNull()
    // A failure while a newer value is waiting: the newer one is saved, the failed one is not resurrected.
    fail = true
    q.schedule('意见乙')
    const first = q.flush()
    q.schedule('意见丙')
    await first
    fail = false
    await q.flush()
    expect(saved).toEqual(['意见甲', '意见丙'])
  })

  it('flush with nothing pending resolves at once and saves nothing; the newest save function is used', async () => {
    const r = recorder()
    const a: string[] = []
    const b: string[] = []
    const q = new AutosaveQueue<string>(async (v) => void a.push(v), 600, r.events, describeError)
    await q.flush()
    expect(r.state.savedAt).toBeNull()
    q.setSave(async (v) => void b.push(v))
    q.schedule('项目二的草稿')
    await q.flush()
    expect(a).toEqual([])
    expect(b).toEqual(['项目二的草稿'])
  })
})
