/** PIN rules under a meeting's policy, and the generic one-at-a-time unlock with the failure counted first. */
import { describe, expect, it } from 'vitest'
import { claimPinAttempt, completePinPolicy, unlockWithPin, validatePin, withKeyLock, WrongPinError, type PinAttemptStore } from './pin'

function memoryStore(): PinAttemptStore & { n: number; at: Date | null; log: string[] } {
  const s = {
    n: 0,
    at: null as Date | null,
    log: [] as string[],
    claimAttempt(now: Date) {
      const c = claimPinAttempt(s.n, s.at, now)
      if (c.waitMs === 0) {
        s.n = c.failedAttempts
        s.at = now
        s.log.push(`claim ${s.n}`)
      }
      return c
    },
    reset() {
      s.n = 0
      s.at = null
      s.log.push('reset')
    }
  }
  return s
}

describe('PIN policy', () => {
  it('keeps the 6-digit default, and applies a longer minimum or a passphrase when the meeting asks', () => {
    expect(validatePin('270415')).toEqual({ ok: true })
    expect(validatePin('123456')).toMatchObject({ ok: false })
    expect(validatePin('270415', { minLength: 8, requireLetters: false })).toEqual({ ok: false, message: 'PIN 码至少需要 8 位数字' })
    expect(validatePin('abc270415', { minLength: 8, requireLetters: false })).toEqual({ ok: false, message: 'PIN 码只能由数字组成' })
    expect(validatePin('评审口令2026', { minLength: 6, requireLetters: true })).toEqual({ ok: true })
    expect(validatePin('aaaaaaaaaaaa', { minLength: 6, requireLetters: true })).toMatchObject({ ok: false })
    expect(validatePin('x1'.repeat(33), { minLength: 6, requireLetters: true })).toEqual({ ok: false, message: '口令不能超过 64 位' })
  })

  it('completes a stored policy, ignoring values out of range', () => {
    expect(completePinPolicy(undefined)).toEqual({ minLength: 6, requireLetters: false })
    expect(completePinPolicy({ minLength: 4, requireLetters: 'yes' })).toEqual({ minLength: 6, requireLetters: false })
    expect(completePinPolicy({ minLength: 12, requireLetters: true })).toEqual({ minLength: 12, requireLetters: true })
  })
})

describe('unlockWithPin', () => {
  it('runs one attempt per key at a time, in order, and other keys in parallel', async () => {
    const order: string[] = []
    const slow = (tag: string) => async () => {
      order.push(`start ${tag}`)
      for (let i = 0; i < 5; i++) await Promise.resolve()
      order.push(`end ${tag}`)
    }
    await Promise.all([withKeyLock('k', slow('a1')), withKeyLock('k', slow('a2')), withKeyLock('other', slow('b'))])
    expect(order.indexOf('end a1')).toBeLessThan(order.indexOf('start a2'))
    expect(order.indexOf('start b')).toBeLessThan(order.indexOf('end a1'))
  })

  it('counts before deriving, resets on success, and refuses with the wait once it is due', async () => {
    const store = memoryStore()
    const now = new Date('2026-12-01T00:00:00Z')
    const wrong = () => Promise.reject(new WrongPinError())
    const seen: number[] = []
    const derive = () => {
      seen.push(store.n)
      return wrong()
    }
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => unlockWithPin('key', store, now, derive)))
    expect(seen).toEqual([1, 2, 3, 4])
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).toEqual([
      'PIN 码错误',
      'PIN 码错误',
      'PIN 码错误',
      'PIN 码错误。PIN 码错误次数过多，请在 5 秒后重试',
      'PIN 码错误次数过多，请在 5 秒后重试',
      'PIN 码错误次数过多，请在 5 秒后重试'
    ])
    await expect(unlockWithPin('key', store, new Date(now.getTime() + 5000), () => Promise.resolve('key'))).resolves.toBe('key')
    expect(store.log.at(-1)).toBe('reset')
  })
})
