/**
 * Check-in against the keys this laptop has seen (issue 11): a one-character typo is refused at the field when the
 * expert's signed sheets are here, the right fingerprint (read-aloud or full) is taken, a key never seen needs the
 * explicit confirmation only when it contradicts one that was seen; and a registration that does not match the
 * signing key reads as a possible registration mistake on the board, not as 已篡改.
 */
import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { rejection } from '../../../tests/helpers/review'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { formatFingerprint } from '../../../shared/signing/sm'
import { knownFingerprints } from './expertKeys'

/** One character changed in the grouped read-aloud form. */
function typo(grouped: string): string {
  const i = 6
  const c = grouped[i] === 'A' ? 'B' : 'A'
  return grouped.slice(0, i) + c + grouped.slice(i + 1)
}

describe('fingerprints at check-in', () => {
  it('refuses a typo when the expert’s key is known here, takes the right one, and asks for confirmation otherwise', async () => {
    const b = await testBackend({ seedDemo: false })
    const seeded = seedSignedMeeting(b.db(), { projects: 1, experts: 3, budgetLines: 3, registerFingerprints: false })
    const e = seeded.experts[1]!
    expect(knownFingerprints(b.db(), e.id)).toEqual([e.fingerprint])
    const grouped = formatFingerprint(e.fingerprint)
    const err = (await rejection(() => b.handlers['console.registerFingerprint']({ expertId: e.id, text: typo(grouped) }))) as { code: string; issues?: { path: string; message: string }[] }
    expect(err.code).toBe('invalid_input')
    expect(err.issues?.[0]).toMatchObject({ path: 'text' })
    expect(err.issues?.[0]?.message).toMatch(/与本机收到的该专家签名密钥不符/)
    // Nothing was registered.
    expect((await b.handlers['console.get']({ meetingId: seeded.meetingId })).experts.find((x) => x.id === e.id)!.fingerprint).toBe('')
    // The same refusal through the older method.
    expect(await rejection(() => b.handlers['experts.registerFingerprint']({ expertId: e.id, fingerprint: typo(grouped) }))).toMatchObject({ code: 'invalid_input' })

    const ok = await b.handlers['console.registerFingerprint']({ expertId: e.id, text: grouped.toLowerCase() })
    expect(ok.fingerprint).toBe(e.fingerprint.slice(0, 32))
    // Shown whole: all 32 characters grouped by 4 (not cut to 16).
    expect(ok.fingerprintGrouped).toBe(grouped)
    const full = await b.handlers['console.registerFingerprint']({ expertId: e.id, text: e.fingerprint })
    expect(full.fingerprintGrouped.replace(/ /g, '')).toBe(e.fingerprint.toUpperCase())

    // Confirmed in person (a regenerated key): taken.
    const forced = await b.handlers['console.registerFingerprint']({ expertId: e.id, text: typo(grouped), confirmed: true })
    expect(forced.fingerprint).toBe(typo(grouped).replace(/ /g, '').toLowerCase())
    // …and the board calls the honest sheet a possible registration mistake, never counted, not 已篡改.
    const board = await b.handlers['board.get']({ meetingId: seeded.meetingId })
    const cell = board.rows[0]!.cells.find((c) => c.expertId === e.id)!
    expect(cell).toMatchObject({ state: 'unverifiable', label: '登记指纹与签名密钥不符（可能登记有误）', counted: false })
  })

  it('takes any well-formed fingerprint when no key of the expert has been seen', async () => {
    const b = await testBackend({ seedDemo: false })
    const seeded = seedSignedMeeting(b.db(), { projects: 1, experts: 2, budgetLines: 3, registerFingerprints: false })
    const newcomer = await b.handlers['console.addExpert']({ meetingId: seeded.meetingId, expert: { name: '新专家', unit: '某单位', title: '', specialty: '', phone: '', pastUnits: [] } })
    expect(knownFingerprints(b.db(), newcomer.id)).toEqual([])
    const r = await b.handlers['console.registerFingerprint']({ expertId: newcomer.id, text: '1A2B 3C4D 5E6F 7081 92A3 B4C5 D6E7 F809' })
    expect(r.fingerprintGrouped).toBe('1A2B 3C4D 5E6F 7081 92A3 B4C5 D6E7 F809')
  })
})
