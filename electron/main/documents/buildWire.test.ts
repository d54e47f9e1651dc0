/**
 * The tables of payloads a build worker holds (buildWire.ts): the main thread's copy evicts exactly what the worker
 * evicts, so a number is only ever sent for a payload the worker still has; a worker that lacks one fails the task.
 */
import { describe, expect, it } from 'vitest'
import { makeFixture } from '../../../tests/kits/documents/testData'
import type { SignedPayload } from '../../../shared/signing/types'
import type { DocumentJob } from './buildInput'
import { PAYLOADS_KEPT, ReceivedPayloads, SentPayloads, toWire, type PoolTask } from './buildWire'

const f = makeFixture({ experts: 3, budgetLines: 4 })
/** Distinct payloads without signing each (the tables never verify: the builders do). */
const variants = Array.from({ length: PAYLOADS_KEPT + 44 }, (_, i): SignedPayload => ({ ...f.sources[i % 3]!, signedAt: `2026-11-26T08:${String(i).padStart(4, '0')}Z` }))
const panelTask = (sources: SignedPayload[]): PoolTask => {
  const job: DocumentJob = { kind: 'score-summary', input: { ...f.panelInput, sources, leaderPayload: sources[0]! } }
  return { op: 'build', job: toWire(job), seeds: sources.map((payload) => ({ payload, result: { status: 'valid' } as never })) }
}
const refsOf = (t: ReturnType<SentPayloads['encode']>): { ref: number; full: boolean }[] => {
  if (t.op !== 'build' || t.job.kind === 'expert-opinion') throw new Error('not a panel task')
  const all = [...t.job.input.sources, ...(t.job.input.leaderPayload ? [t.job.input.leaderPayload] : []), ...t.seeds.map((s) => s.payload)]
  return all.map((w) => ({ ref: w.ref, full: w.payload !== undefined }))
}

describe('payloads sent to a build worker', () => {
  it('each payload is sent in full once, then by number, also within one task', () => {
    const sent = new SentPayloads()
    const first = refsOf(sent.encode(panelTask(f.sources)))
    // Three sources in full; the 组长's payload (the first source here) and the seeds by number.
    expect(first.filter((r) => r.full)).toHaveLength(3)
    expect(first.slice(3).every((r) => !r.full)).toBe(true)
    expect(refsOf(sent.encode(panelTask(f.sources))).every((r) => !r.full)).toBe(true)
  })

  it('the two tables evict alike: after more payloads than are kept, every number decodes to its payload', () => {
    const sent = new SentPayloads()
    const received = new ReceivedPayloads()
    const order = [...variants, ...variants.slice(44, 60), ...variants.slice(0, 60), ...variants.slice(-60), ...variants.slice(100, 140)]
    for (let i = 0; i < order.length; i += 7) {
      const batch = order.slice(i, i + 7)
      const task = structuredClone(sent.encode(panelTask(batch)))
      if (task.op !== 'build') throw new Error('not a build')
      const { job, seeds } = received.decode(task)
      if (job.kind === 'expert-opinion') throw new Error('not a panel job')
      expect(job.input.sources.map((p) => p.signedAt)).toEqual(batch.map((p) => p.signedAt))
      expect(seeds.map((s) => s.payload)).toEqual(job.input.sources)
    }
    // The oldest were dropped by both: sent in full again.
    expect(refsOf(sent.encode(panelTask([variants[60]!]))).some((r) => r.full)).toBe(true)
  })

  it('a worker that does not hold a referenced payload fails the task with a reason', () => {
    const sent = new SentPayloads()
    sent.encode(panelTask(f.sources))
    const task = sent.encode(panelTask(f.sources))
    if (task.op !== 'build') throw new Error('not a build')
    expect(() => new ReceivedPayloads().decode(task)).toThrow(/缺少已发送的签名数据/)
  })
})
