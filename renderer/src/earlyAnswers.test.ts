import { describe, expect, it } from 'vitest'
import type { ApiResult } from '../../shared/api/errors'
import { EarlyAnswers } from './earlyAnswers'

/** A backend the test answers by hand: each call waits until the test settles it. */
function backend() {
  const calls: { method: string; input: unknown; answer: (r: ApiResult<unknown>) => void }[] = []
  const send = (method: string, input: unknown) =>
    new Promise<ApiResult<unknown>>((resolve) => {
      calls.push({ method, input, answer: resolve })
    })
  const answer = async (method: string, r: ApiResult<unknown>) => {
    calls.find((c) => c.method === method)?.answer(r)
    await new Promise((r) => setTimeout(r, 0))
  }
  return { calls, send, answer }
}

const ok = (data: unknown): ApiResult<unknown> => ({ ok: true, data })

describe('EarlyAnswers (the first screen prefetched)', () => {
  it('sends each read once, with no input', () => {
    const b = backend()
    const early = new EarlyAnswers(b.send)
    early.start(['app.info', 'meetings.list'])
    early.start(['meetings.list'])
    expect(b.calls.map((c) => [c.method, c.input])).toEqual([
      ['app.info', {}],
      ['meetings.list', {}]
    ])
  })

  it('gives the data for the first render once arrived, without using it up; never a refusal', async () => {
    const b = backend()
    const early = new EarlyAnswers(b.send)
    early.start(['meetings.list', 'sync.status'])
    expect(early.peek('meetings.list')).toBeUndefined()
    await b.answer('meetings.list', ok([{ id: 'm1' }]))
    await b.answer('sync.status', { ok: false, error: { code: 'internal', message: '后台出错' } })
    expect(early.peek('meetings.list')).toEqual([{ id: 'm1' }])
    expect(early.peek('meetings.list')).toEqual([{ id: 'm1' }])
    expect(early.peek('sync.status')).toBeUndefined()
    // The component's own call takes the refusal and shows it.
    expect(await early.take('sync.status', {})).toEqual({ ok: false, error: { code: 'internal', message: '后台出错' } })
  })

  it('serves the first call with no input once; a call with input is sent as usual', async () => {
    const b = backend()
    const early = new EarlyAnswers(b.send)
    early.start(['meetings.list'])
    expect(early.take('meetings.list', { meetingId: 'x' })).toBeUndefined()
    const held = early.take('meetings.list', {})
    expect(held).toBeDefined()
    expect(early.take('meetings.list', {})).toBeUndefined()
    await b.answer('meetings.list', ok([]))
    expect(await held).toEqual(ok([]))
    expect(early.peek('meetings.list')).toBeUndefined()
  })

  it('drops everything on a call that may write, and on drop()', async () => {
    const b = backend()
    const early = new EarlyAnswers(b.send)
    early.start(['meetings.list', 'app.info'])
    await b.answer('meetings.list', ok([{ id: 'm1' }]))
    expect(early.take('demo.remove', {})).toBeUndefined()
    expect(early.peek('meetings.list')).toBeUndefined()
    expect(early.take('app.info', {})).toBeUndefined()

    early.start(['meetings.list'])
    await b.answer('meetings.list', ok([{ id: 'm2' }]))
    early.drop()
    expect(early.peek('meetings.list')).toBeUndefined()
    expect(early.take('meetings.list', {})).toBeUndefined()
  })

  it('an answer to a dropped read that arrives later is not kept', async () => {
    const b = backend()
    const early = new EarlyAnswers(b.send)
    early.start(['meetings.list'])
    early.drop()
    await b.answer('meetings.list', ok([{ id: 'stale' }]))
    expect(early.peek('meetings.list')).toBeUndefined()
  })

  it('waits for the answers, but no longer than the limit', async () => {
    const b = backend()
    const early = new EarlyAnswers(b.send)
    early.start(['app.info', 'meetings.list'])
    let arrived = false
    const waiting = early.whenArrived(60_000).then(() => (arrived = true))
    await b.answer('app.info', ok({}))
    expect(arrived).toBe(false)
    await b.answer('meetings.list', ok([]))
    await waiting
    expect(arrived).toBe(true)

    const slow = new EarlyAnswers(backend().send)
    slow.start(['app.info'])
    const started = Date.now()
    await slow.whenArrived(20)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(slow.peek('app.info')).toBeUndefined()
  })

  it('a send that fails outright is waited for like an answer and never used', async () => {
    const early = new EarlyAnswers(() => Promise.reject(new Error('IPC closed')))
    early.start(['app.info'])
    await early.whenArrived(60_000)
    expect(early.peek('app.info')).toBeUndefined()
    await expect(early.take('app.info', {})).rejects.toThrow('IPC closed')
  })
})
