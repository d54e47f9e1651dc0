/**
 * PINs and passphrases of sealed keys (generic: the experts' keys today, the secretariat's key next): the rules a new
 * one must meet under the meeting's policy, the wait after repeated failures, and one unlock at a time per key with
 * the failure counted before the KDF runs (docs/review.md, "PIN 与离线暴力破解").
 */

export class WrongPinError extends Error {
  readonly code = 'WRONG_PIN' as const
  constructor(message = 'PIN 码错误') {
    super(message)
    this.name = 'WrongPinError'
  }
}

export class PinRuleError extends Error {
  readonly code = 'PIN_RULE' as const
  constructor(message: string) {
    super(message)
    this.name = 'PinRuleError'
  }
}

// ---------------------------------------------------------------------------------------------------------
// PIN rules and rate limiting
// ---------------------------------------------------------------------------------------------------------

export const PIN_MIN_LENGTH = 6
export const PIN_MAX_LENGTH = 32
/** A passphrase (letters required) may be longer than a PIN of digits. */
export const PASSPHRASE_MAX_LENGTH = 64

/**
 * What the secretariat requires of a new PIN (a meeting setting): a minimum length (6 to 32) and whether it must
 * be a passphrase containing letters. The default is the plain 6-digit PIN.
 */
export interface PinPolicy {
  minLength: number
  requireLetters: boolean
}

export const DEFAULT_PIN_POLICY: Readonly<PinPolicy> = Object.freeze({ minLength: PIN_MIN_LENGTH, requireLetters: false })

/** A stored policy (possibly partial, from an older version or hostile) completed with the defaults. */
export function completePinPolicy(stored: unknown): PinPolicy {
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>
  const n = s.minLength
  return {
    minLength: typeof n === 'number' && Number.isInteger(n) && n >= PIN_MIN_LENGTH && n <= PIN_MAX_LENGTH ? n : DEFAULT_PIN_POLICY.minLength,
    requireLetters: typeof s.requireLetters === 'boolean' ? s.requireLetters : DEFAULT_PIN_POLICY.requireLetters
  }
}

/** The rule in words, for the page where a PIN is set. */
export function describePinPolicy(policy: PinPolicy = DEFAULT_PIN_POLICY): string {
  return policy.requireLetters
    ? `口令至少 ${policy.minLength} 位、至多 ${PASSPHRASE_MAX_LENGTH} 位，须同时包含字母和数字。`
    : `PIN 码为 ${policy.minLength}–${PIN_MAX_LENGTH} 位数字，不能全部相同或连续（如 123456）。`
}

/** The PIN as used for key derivation: NFKC (full-width digits from an IME become ASCII), trimmed. */
export function normalizePin(pin: string): string {
  return pin.normalize('NFKC').trim()
}

function isTrivialPin(pin: string): boolean {
  if (/^(\d)\1*$/.test(pin)) return true
  let up = true
  let down = true
  for (let i = 1; i < pin.length; i++) {
    const d = pin.charCodeAt(i) - pin.charCodeAt(i - 1)
    if (d !== 1 && d !== -9) up = false
    if (d !== -1 && d !== 9) down = false
  }
  return up || down
}

/**
 * Rules for a new PIN under the meeting's policy. By default: 6 to 32 digits, not all the same digit, not a run
 * such as 123456 or 654321. With `requireLetters`: a passphrase of minLength to 64 characters with at least one
 * letter and one digit, not one character repeated. Unlocking never applies these rules (an older key keeps its PIN).
 */
export function validatePin(pin: string, policy: PinPolicy = DEFAULT_PIN_POLICY): { ok: true } | { ok: false; message: string } {
  const p = normalizePin(pin)
  const min = Math.max(PIN_MIN_LENGTH, policy.minLength)
  if (policy.requireLetters) {
    if (/\p{Cc}/u.test(p)) return { ok: false, message: '口令不能包含控制字符' }
    if ([...p].length < min) return { ok: false, message: `口令至少需要 ${min} 位` }
    if ([...p].length > PASSPHRASE_MAX_LENGTH) return { ok: false, message: `口令不能超过 ${PASSPHRASE_MAX_LENGTH} 位` }
    if (!/\p{L}/u.test(p) || !/\d/.test(p)) return { ok: false, message: '会议要求使用口令：须同时包含字母和数字' }
    if (/^(.)\1*$/u.test(p)) return { ok: false, message: '口令过于简单：不能全部是同一个字符' }
    return { ok: true }
  }
  if (!/^\d*$/.test(p)) return { ok: false, message: 'PIN 码只能由数字组成' }
  if (p.length < min) return { ok: false, message: `PIN 码至少需要 ${min} 位数字` }
  if (p.length > PIN_MAX_LENGTH) return { ok: false, message: `PIN 码不能超过 ${PIN_MAX_LENGTH} 位数字` }
  if (isTrivialPin(p)) return { ok: false, message: 'PIN 码过于简单：不能全部相同或为连续数字（如 123456）' }
  return { ok: true }
}

/** Attempts allowed without delay. */
export const FREE_PIN_ATTEMPTS = 3
/** Longest delay between attempts: 5 minutes. */
export const MAX_PIN_DELAY_MS = 5 * 60 * 1000

/**
 * How long to wait before the next attempt after `failedAttempts` consecutive wrong PINs: none for the first
 * 3, then 5 s, 10 s, 20 s, … doubling, at most 5 minutes. The caller persists the count and resets it on
 * success.
 */
export function pinAttemptDelay(failedAttempts: number): number {
  if (Number.isNaN(failedAttempts) || failedAttempts <= FREE_PIN_ATTEMPTS) return 0
  if (failedAttempts === Number.POSITIVE_INFINITY) return MAX_PIN_DELAY_MS
  const exp = Math.min(Math.floor(failedAttempts) - FREE_PIN_ATTEMPTS - 1, 30)
  return Math.min(5000 * 2 ** exp, MAX_PIN_DELAY_MS)
}

/** Milliseconds still to wait at `now` given the count and the time of the last failure (0 = may try). */
export function pinWaitRemaining(failedAttempts: number, lastFailureAt: Date | null, now: Date): number {
  if (!lastFailureAt) return 0
  return Math.max(0, lastFailureAt.getTime() + pinAttemptDelay(failedAttempts) - now.getTime())
}

/** A Chinese message for a wait, e.g. "PIN 码错误次数过多，请在 20 秒后重试". */
export function pinWaitMessage(ms: number): string {
  const s = Math.ceil(ms / 1000)
  const t = s >= 60 ? `${Math.floor(s / 60)} 分${s % 60 ? ` ${s % 60} 秒` : '钟'}` : `${s} 秒`
  return `PIN 码错误次数过多，请在 ${t}后重试`
}

// ---------------------------------------------------------------------------------------------------------
// One unlock at a time per key, the failure counted before the KDF runs
// ---------------------------------------------------------------------------------------------------------

/** Where a key's consecutive failures are kept (a database row, a file): generic for any PIN-sealed key. */
export interface PinAttemptStore {
  /**
   * In one atomic step: when a wait is due (pinWaitRemaining of the stored count and time), returns it and changes
   * nothing; otherwise stores one more failure stamped `now` (so that a crash or a kill during the KDF counts as a
   * wrong PIN) and returns 0 with the new count.
   */
  claimAttempt(now: Date): { waitMs: number; failedAttempts: number }
  /** The PIN was right: the count starts again. */
  reset(): void
}

/** Refused without trying the PIN: too many failures, wait `waitMs`. */
export class PinWaitError extends Error {
  readonly code = 'PIN_WAIT' as const
  constructor(readonly waitMs: number) {
    super(pinWaitMessage(waitMs))
    this.name = 'PinWaitError'
  }
}

/** The outcome of a claim on plain values: what a store implementation computes inside its transaction. */
export function claimPinAttempt(failedAttempts: number, lastFailureAt: Date | null, now: Date): { waitMs: number; failedAttempts: number } {
  const waitMs = pinWaitRemaining(failedAttempts, lastFailureAt, now)
  return waitMs > 0 ? { waitMs, failedAttempts } : { waitMs: 0, failedAttempts: failedAttempts + 1 }
}

const keyLocks = new Map<string, Promise<unknown>>()

/** Runs `fn` when no other call for the same `lockId` is running in this process (first come, first served). */
export async function withKeyLock<T>(lockId: string, fn: () => Promise<T>): Promise<T> {
  const before = keyLocks.get(lockId) ?? Promise.resolve()
  const mine = before.then(fn, fn)
  const settled = mine.then(
    () => undefined,
    () => undefined
  )
  keyLocks.set(lockId, settled)
  try {
    return await mine
  } finally {
    if (keyLocks.get(lockId) === settled) keyLocks.delete(lockId)
  }
}

/**
 * Tries a PIN against a sealed key: one attempt at a time per `lockId`; the failure is counted in `store` before
 * `derive` (the KDF and decryption) runs, and the count is reset when it succeeds. Throws PinWaitError while a
 * wait is due, WrongPinError (its message naming the next wait) for a wrong PIN, or what `derive` throws.
 */
export async function unlockWithPin<T>(lockId: string, store: PinAttemptStore, now: Date, derive: () => Promise<T>): Promise<T> {
  return withKeyLock(lockId, async () => {
    const claim = store.claimAttempt(now)
    if (claim.waitMs > 0) throw new PinWaitError(claim.waitMs)
    let out: T
    try {
      out = await derive()
    } catch (err) {
      if (err instanceof WrongPinError) {
        const next = pinAttemptDelay(claim.failedAttempts)
        throw new WrongPinError(next > 0 ? `PIN 码错误。${pinWaitMessage(next)}` : undefined)
      }
      throw err
    }
    store.reset()
    return out
  })
}

