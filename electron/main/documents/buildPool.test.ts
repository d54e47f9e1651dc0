/**
 * The pool's workers and their tables of payloads (buildWire.ts): a task that cannot be posted fails alone, and its
 * worker — whose table no longer matches the pool's copy — is replaced, so later tasks are built (issue 10, speed).
 * The worker runs from source through tsx here; the bundled worker is checked in tests/e2e/documentWorker.e2e.ts.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { makeFixture } from '../../../tests/kits/documents/testData'
import type { DocumentJob } from './buildInput'
import { type BuildPool, openBuildPool } from './buildPool'
import { toWire, type PoolTask } from './buildWire'

const f = makeFixture({ experts: 3, budgetLines: 6 })
const task = (job: DocumentJob): PoolTask => ({ op: 'build', job: toWire(job), seeds: [] })
const expert = (i: number, extra: object = {}): DocumentJob => ({ kind: 'expert-opinion', input: { payload: f.sources[i]!, rubric: f.rubric, ...extra } })

let pool: BuildPool | null = null
afterAll(async () => {
  await pool?.close()
})

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
})
