import { describe, expect, it } from 'vitest'
import { priorityRequest, yieldToOthers } from './yieldGate'

describe('a push yields to hellos', () => {
  it('waits while a hello is in flight, until it ends, and never longer than its cap', async () => {
    const order: string[] = []
    const end = priorityRequest()
    const push = yieldToOthers().then(() => order.push('push slice'))
    await new Promise<void>((resolve) => setImmediate(resolve))
    await new Promise<void>((resolve) => setImmediate(resolve))
    order.push('hello answered')
    end()
    end() // idempotent
    await push
    expect(order).toEqual(['hello answered', 'push slice'])
    // A hello that never ends holds a slice back by the cap only.
    const stuck = priorityRequest()
    const t0 = performance.now()
    await yieldToOthers()
    expect(performance.now() - t0).toBeLessThan(5_000)
    stuck()
    // No hello in flight: one turn of the loop.
    await yieldToOthers()
  })
})
