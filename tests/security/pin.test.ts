/**
 * Attack (issue 15, item 9): many PIN attempts at once. The service used to read the failure count, run the async
 * KDF, then write count + 1: twelve concurrent wrong PINs gave twelve "PIN 码错误" and a stored count of 1, so the
 * wait after three failures never came. Now unlocks of one key run one at a time and each attempt is counted
 * before the KDF runs. Also: the secretariat's PIN policy (a longer PIN, or a passphrase) is enforced.
 */
import { describe, expect, it } from 'vitest'
import { updateMeetingSettings } from '../../electron/main/services/console'
import { createKey, getIdentity, unlockPrivateKey } from '../../electron/main/services/identity'
import { createSecretariatKey, unlockSecretariat } from '../../electron/main/services/secretariatKey'
import { tempDir } from '../helpers/tmp'
import { signedMeeting } from './signedMeetingKit'

const PIN = '270415'
const deviceKey = new Uint8Array(32)

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (e) {
    return (e as Error).message
  }
}

const stored = (db: { sqlite: { prepare(sql: string): { get(...a: unknown[]): unknown } } }) =>
  db.sqlite.prepare('SELECT failed_pin_attempts AS n, last_failed_at AS at FROM local_identity WHERE id = ?').get('e1') as { n: number; at: string | null }

describe('PIN attempts', () => {
  it('twelve concurrent wrong PINs: each is counted before its KDF runs, and those past the limit are refused with the wait', async () => {
    const m = await signedMeeting(tempDir('sec-pin'))
    const db = m.sec.db
    await createKey(db, 'e1', PIN, PIN)
    const now = new Date('2026-12-01T09:00:00.000Z')

    // Counted before the KDF: while the first attempt is still deriving its key, the failure is already stored.
    let settled = false
    const first = unlockPrivateKey(db, 'e1', '111112', now).finally(() => (settled = true))
    await new Promise((r) => setImmediate(r))
    expect(settled).toBe(false)
    expect(stored(db).n).toBe(1)
    expect(await outcome(first)).toBe('PIN 码错误')

    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => outcome(unlockPrivateKey(db, 'e1', `${900000 + i * 7}`, now))))
    // Attempts 2 and 3 are free, the 4th is told to wait 5 s, and every later one is refused without trying the PIN.
    expect(results.slice(0, 3)).toEqual(['PIN 码错误', 'PIN 码错误', 'PIN 码错误。PIN 码错误次数过多，请在 5 秒后重试'])
    expect(results.slice(3)).toEqual(Array(9).fill('PIN 码错误次数过多，请在 5 秒后重试'))
    expect(stored(db)).toEqual({ n: 4, at: now.toISOString() })
    expect(getIdentity(db, 'e1', deviceKey, now).pinWaitMs).toBe(5000)

    // Even the right PIN waits; after the wait it unlocks and the count starts again.
    expect(await outcome(unlockPrivateKey(db, 'e1', PIN, now))).toBe('PIN 码错误次数过多，请在 5 秒后重试')
    const later = new Date(now.getTime() + 5000)
    expect(await outcome(unlockPrivateKey(db, 'e1', PIN, later))).toBe('ok')
    expect(stored(db)).toEqual({ n: 0, at: null })
    m.sec.close()
  })

  it('the secretariat’s key follows the same rules: concurrent wrong PINs are all counted, the wait holds', async () => {
    const m = await signedMeeting(tempDir('sec-pin-secretariat'))
    const db = m.sec.db
    const devKey = new Uint8Array(16).fill(7) // the device secret is 16 bytes
    await createSecretariatKey(db, devKey, PIN, PIN)
    const now = new Date('2026-12-01T09:00:00.000Z')
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => outcome(unlockSecretariat(db, devKey, `${900000 + i * 7}`, now))))
    expect(results.slice(0, 4)).toEqual(['PIN 码错误', 'PIN 码错误', 'PIN 码错误', 'PIN 码错误。PIN 码错误次数过多，请在 5 秒后重试'])
    expect(results.slice(4)).toEqual(Array(8).fill('PIN 码错误次数过多，请在 5 秒后重试'))
    expect(db.sqlite.prepare('SELECT failed_pin_attempts AS n FROM secretariat_key').get()).toEqual({ n: 4 })
    expect(await outcome(unlockSecretariat(db, devKey, PIN, new Date(now.getTime() + 5000)))).toBe('ok')
    expect(db.sqlite.prepare('SELECT failed_pin_attempts AS n FROM secretariat_key').get()).toEqual({ n: 0 })
    m.sec.close()
  })

  it('a meeting that requires a passphrase refuses a short or digits-only PIN with the reason, and shows the rule', async () => {
    const m = await signedMeeting(tempDir('sec-pin-policy'))
    const db = m.sec.db
    const settings = updateMeetingSettings(db, m.f.meetingId, { settings: { pin: { minLength: 10, requireLetters: true } } })
    expect(settings.settings.pin).toEqual({ minLength: 10, requireLetters: true })
    expect(getIdentity(db, 'e1', deviceKey).pinRule).toBe('口令至少 10 位、至多 64 位，须同时包含字母和数字。')
    expect(await outcome(createKey(db, 'e1', '2704159', '2704159'))).toBe('口令至少需要 10 位')
    expect(await outcome(createKey(db, 'e1', '2704159381', '2704159381'))).toBe('会议要求使用口令：须同时包含字母和数字')
    expect(await outcome(createKey(db, 'e1', 'sanming-review', 'sanming-review'))).toBe('会议要求使用口令：须同时包含字母和数字')
    expect(db.sqlite.prepare('SELECT key_blob FROM local_identity WHERE id = ?').pluck().get('e1')).toBeNull()
    expect(await outcome(createKey(db, 'e1', 'sanming-review-2026', 'sanming-review-2026'))).toBe('ok')
    expect(await outcome(unlockPrivateKey(db, 'e1', 'sanming-review-2026'))).toBe('ok')

    // A longer PIN of digits only.
    updateMeetingSettings(db, m.f.meetingId, { settings: { pin: { minLength: 8, requireLetters: false } } })
    expect(await outcome(createKey(db, 'e2', PIN, PIN))).toBe('PIN 码至少需要 8 位数字')
    expect(await outcome(createKey(db, 'e2', '27041593', '27041593'))).toBe('ok')
    m.sec.close()
  })
})
