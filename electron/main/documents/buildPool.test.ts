/**
 * The pool's workers and their tables of payloads (buildWire.ts): a task that cannot be posted fails alone, and its
 * worker — whose table no longer matches the pool's copy — is replaced, so later tasks are built (issue 10, speed).
 * Each worker is handed up to DEPTH tasks at once: the replies still answer their own tasks, a worker that dies fails
 * every task it held, and the tasks held by a worker replaced after a failed post are built by the new one.
 * The worker runs from source through tsx here; the bundled worker is checked in tests/e2e/documentWorker.e2e.ts.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { makeFixture } from '../../../tests/kits/documents/testData'
import { buildFromInput, type DocumentJob } from './buildInput'
import { type BuildPool, DEPTH, openBuildPool, pickWorker } from './buildPool'
import { toWire, type PoolTask } from './buildWire'
import { readDocxView } from './docxRead'

const f = makeFixture({ experts: 3, budgetLines: 6 })
const task = (job: DocumentJob): PoolTask => ({ op: 'build', job: toWire(job), seeds: [] })
const expert = (i: number, extra: object = {}): DocumentJob => ({ kind: 'expert-opinion', input: { payload: f.sources[i]!, rubric: f.rubric, ...extra } })

let pool: BuildPool | null = null
let other: BuildPool | null = null
afterAll(async () => {
  await pool?.close()
  await other?.close()
})

/** The same document as built here: its text (which names the expert) and its pictures (a signature image or none). */
const seen = (b: Uint8Array): string => {
  const v = readDocxView(b)
  return JSON.stringify([v.paragraphs, [...v.drawings.keys()].sort()])
}
const same = (a: Uint8Array | undefined, b: Uint8Array): boolean => a !== undefined && seen(a) === seen(b)

describe('build pool', () => {
  it('a task that cannot be posted fails alone; the payloads it named are sent in full again to a new worker', async () => {
    pool = openBuildPool(1)
    if (!pool) throw new Error('no worker code')
    expect((await pool.run(task(expert(0)))).bytes?.length).toBeGreaterThan(0)
    // Sheet 1 is new to the worker, but this task cannot be copied (a function): it never reaches the worker.
    await expect(pool.run(task(expert(1, { notCopyable: () => 1 })))).rejects.toThrow(/无法把文档任务交给后台线程/)
    // Sheet 1 again: had the pool kept its table, it would send a number the worker never got.
    const again = await pool.run(task(expert(1)))
    expect(again.bytes?.length).toBeGreaterThan(0)
    expect((await pool.run(task(expert(0)))).bytes?.length).toBeGreaterThan(0)
  }, 120_000)

  it('tasks handed to a worker several at a time each get their own document back', async () => {
    expect(DEPTH).toBeGreaterThan(1)
    other = openBuildPool(2)
    if (!other) throw new Error('no worker code')
    const jobs = [0, 1, 2, 0, 1, 2, 1, 0].map((i, n) => expert(i, { signatureImage: n % 2 === 0 ? f.experts[i]!.signaturePng : undefined }))
    const expected = await Promise.all(jobs.map((j) => buildFromInput(j)))
    const replies = await Promise.all(jobs.map((j) => other!.run(task(j))))
    replies.forEach((r, i) => expect(same(r.bytes, expected[i]!), `task ${i}`).toBe(true))
  }, 120_000)

  it('a worker that dies fails every task it held, with a reason, and the pool goes on with a new one', async () => {
    const one = openBuildPool(1)
    if (!one) throw new Error('no worker code')
    try {
      const held = [0, 1, 2].map((i) => one.run(task(expert(i))))
      const worker = (one as unknown as { slots: { worker: { terminate: () => Promise<number> } }[] }).slots[0]!.worker
      await worker.terminate()
      for (const h of held) await expect(h).rejects.toThrow(/生成文档的后台线程意外退出/)
      expect(same((await one.run(task(expert(2)))).bytes, await buildFromInput(expert(2)))).toBe(true)
    } finally {
      await one.close()
    }
  }, 120_000)

  it('tasks a worker held when it was replaced after a failed post are built by the new worker', async () => {
    const one = openBuildPool(1)
    if (!one) throw new Error('no worker code')
    try {
      const first = one.run(task(expert(0)))
      const broken = one.run(task(expert(1, { notCopyable: () => 1 })))
      const third = one.run(task(expert(2)))
      await expect(broken).rejects.toThrow(/无法把文档任务交给后台线程/)
      expect(same((await first).bytes, await buildFromInput(expert(0)))).toBe(true)
      expect(same((await third).bytes, await buildFromInput(expert(2)))).toBe(true)
    } finally {
      await one.close()
    }
  }, 120_000)

  it('tasks with affinity keys (two projects) each get their own document back', async () => {
    if (!other) throw new Error('no worker code')
    const g = makeFixture({ experts: 3, budgetLines: 7 })
    const jobs: [DocumentJob, string][] = [
      ...[0, 1, 2].map((i): [DocumentJob, string] => [expert(i), 'p1']),
      [{ kind: 'panel-opinion', input: f.panelInput }, 'p1'],
      ...[0, 1, 2].map((i): [DocumentJob, string] => [{ kind: 'expert-opinion', input: { payload: g.sources[i]!, rubric: g.rubric } }, 'p2']),
      [{ kind: 'budget-comparison', input: g.panelInput }, 'p2'],
      [{ kind: 'budget-comparison', input: f.panelInput }, 'p1']
    ]
    const expected = await Promise.all(jobs.map(([j]) => buildFromInput(j)))
    const replies = await Promise.all(jobs.map(([j, key]) => other!.run(task(j), [], key)))
    replies.forEach((r, i) => expect(same(r.bytes, expected[i]!), `task ${i}`).toBe(true))
  }, 120_000)
})

describe('how many tasks a worker holds (depth)', () => {
  it('a worker is handed as many tasks as the pool\'s depth allows, and the rest wait', async () => {
    const one = openBuildPool(1)
    if (!one) throw new Error('no worker code')
    const held = (): number => (one as unknown as { slots: { busy: unknown[] }[] }).slots[0]!.busy.length
    const waiting = (): number => (one as unknown as { queue: unknown[] }).queue.length
    try {
      one.depth = 2
      const first = [0, 1, 2, 0].map((i) => one.run(task(expert(i))))
      expect([held(), waiting()]).toEqual([2, 2])
      await Promise.all(first)
      one.depth = 5
      const second = [0, 1, 2, 0, 1, 2].map((i) => one.run(task(expert(i))))
      expect([held(), waiting()]).toEqual([5, 1])
      await Promise.all(second)
      expect([held(), waiting()]).toEqual([0, 0])
    } finally {
      await one.close()
    }
  }, 120_000)
})

describe('which worker takes a task (pickWorker)', () => {
  it('a task goes to the worker of its key while that one has room', () => {
    expect(pickWorker([2, 0], 0, [true, false], 3)).toBe(0)
  })
  it('home full: a worker with room and nothing of its own waiting takes it; one with its own waiting does not', () => {
    expect(pickWorker([3, 1], 0, [true, false], 3)).toBe(1)
    expect(pickWorker([3, 1], 0, [true, true], 3)).toBe(-1)
    expect(pickWorker([3, 3], 0, [true, false], 3)).toBe(-1)
    expect(pickWorker([3, 2, 0], 0, [true, false, false], 3)).toBe(2)
  })
  it('a new key (or none) goes to the worker with the fewest tasks; none when every worker is full', () => {
    expect(pickWorker([2, 1, 3], -1, [true, true, false], 3)).toBe(1)
    expect(pickWorker([3, 3], -1, [false, false], 3)).toBe(-1)
    expect(pickWorker([3, 3], 1, [false, false], 3)).toBe(-1)
  })
})
