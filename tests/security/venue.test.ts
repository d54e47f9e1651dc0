/**
 * 会场模式 (issue 11 item 10) through the real code over loopback: the secretariat's backend starts the sync server
 * with one call (self-signed certificate made on the spot), an expert's backend joins with the venue code, both
 * sync, the header count says one expert is connected, the secretariat stops it. Attacks: a venue code whose
 * certificate fingerprint is not the server's, and a server with another certificate at the venue's address after
 * the expert joined — refused in Chinese, before the expert's laptop sends anything (no join code used, no token).
 */
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import type { Backend } from '../../electron/main/backend'
import type { MeetingSummary } from '../../shared/api/types'
import { parseVenueCode } from '../../shared/sync/venueCode'
import { makeSelfSigned } from '../../server/selfSigned'
import { runSync, testBackend } from '../helpers/backend'
import { rejection } from '../helpers/review'

const started: Backend[] = []
afterAll(async () => {
  for (const b of started) await b.handlers['venue.stop']({})
})

async function secretariatWithVenue(): Promise<{ s: Backend; meeting: MeetingSummary }> {
  const s = await testBackend({ seedDemo: false })
  await s.handlers['trust.createSecretariatKey']({ pin: '135790', pinConfirm: '135790' })
  const meeting = (await s.handlers['meetings.create']({ name: '2026年第12批评审会', date: '2026-12-10', place: '三明', organiser: '市数据管理局' })) as MeetingSummary
  started.push(s)
  const v = await s.handlers['venue.start']({ meetingId: meeting.id })
  expect(v.running).toBe(true)
  expect(v.url).toMatch(/^https:\/\/[\d.]+:\d+$/)
  expect(v.certFingerprint).toMatch(/^[0-9a-f]{64}$/)
  return { s, meeting }
}

/** The venue code with its certificate fingerprint replaced. */
const withCertFingerprint = (code: string, fp: string): string => code.split('/').map((p, i) => (i === 3 ? fp : p)).join('/')

describe('会场模式', () => {
  it('start, join with the venue code, sync both ways, count the expert, stop', async () => {
    const { s, meeting } = await secretariatWithVenue()
    await runSync(s)
    const j = await s.handlers['sync.createJoinCode']({ author: 'expert-zhang' })
    expect(j.venueCode).toMatch(/^PDV1\/[\d.]+:\d+\/\d{5}-\d{5}\/[0-9a-f]{32}\/[0-9a-f]{32}$/)
    const code = parseVenueCode(j.venueCode!)
    expect((await s.handlers['venue.status']({})).certFingerprint?.startsWith(code.certFingerprint)).toBe(true)
    expect((await s.handlers['trust.status']({})).secretariatKey?.fingerprint.startsWith(code.secretariatFingerprint)).toBe(true)

    const e = await testBackend({ seedDemo: false })
    // Typed with spaces, as read from the handout.
    const joined = await e.handlers['sync.joinVenue']({ code: j.venueCode!.replace(/\//g, ' / '), meetingId: '' })
    expect(joined.target).toMatchObject({ kind: 'server', author: 'expert-zhang', meetingId: meeting.id })
    expect((await e.handlers['trust.status']({})).pinned.map((p) => p.fingerprint)).toEqual([code.secretariatFingerprint])
    await runSync(e)
    expect((await e.handlers['meetings.list']({})).map((m) => m.name)).toEqual(['2026年第12批评审会'])
    expect((await s.handlers['venue.status']({})).connectedExperts).toBe(1)

    const stopped = await s.handlers['venue.stop']({})
    expect(stopped).toMatchObject({ running: false, connectedExperts: 0 })
    expect((await s.handlers['sync.status']({})).target).toBeNull()
    await e.handlers['sync.now']({})
    await expect.poll(async () => (await e.handlers['sync.status']({})).running, { timeout: 20_000 }).toBe(false)
    const last = (await e.handlers['sync.status']({})).last
    expect(last?.ok).toBe(false)
    expect(JSON.stringify(last?.issues)).toMatch(/无法连接同步服务器/)
  }, 60_000)

  it('refuses a venue code whose certificate fingerprint is not the server’s, without using the join code', async () => {
    const { s } = await secretariatWithVenue()
    const j = await s.handlers['sync.createJoinCode']({ author: 'expert-li' })
    const e = await testBackend({ seedDemo: false })
    const err = await rejection(() => e.handlers['sync.joinVenue']({ code: withCertFingerprint(j.venueCode!, 'ab'.repeat(16)), meetingId: '' }))
    expect(err).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^同步服务器的证书与会场加入码中的指纹不符，已拒绝连接/) })
    expect((await e.handlers['sync.status']({})).target).toBeNull()
    expect((await e.handlers['trust.status']({})).pinned).toEqual([])
    // Nothing was sent: the one-time join code still works with the true code.
    const ok = await e.handlers['sync.joinVenue']({ code: j.venueCode!, meetingId: '' })
    expect(ok.target).toMatchObject({ kind: 'server', author: 'expert-li' })
    await s.handlers['venue.stop']({})
  }, 60_000)

  it('after joining, a server with another certificate at the venue’s address gets neither a request nor the token', async () => {
    const { s } = await secretariatWithVenue()
    const j = await s.handlers['sync.createJoinCode']({ author: 'expert-wang' })
    const e = await testBackend({ seedDemo: false })
    await e.handlers['sync.joinVenue']({ code: j.venueCode!, meetingId: '' })
    await runSync(e)
    const url = new URL(parseVenueCode(j.venueCode!).url)
    await s.handlers['venue.stop']({})
    // The impostor: same address and port, its own self-signed certificate; it records every request.
    const fake = makeSelfSigned(['127.0.0.1', url.hostname])
    const seen: string[] = []
    const impostor = https.createServer({ cert: fake.certPem, key: fake.keyPem }, (req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`)
      res.end('{}')
    })
    await new Promise<void>((r) => impostor.listen(Number(url.port), '0.0.0.0', () => r()))
    try {
      expect((impostor.address() as AddressInfo).port).toBe(Number(url.port))
      await e.handlers['sync.now']({})
      await expect.poll(async () => (await e.handlers['sync.status']({})).running, { timeout: 30_000 }).toBe(false)
      const last = (await e.handlers['sync.status']({})).last
      expect(last?.ok).toBe(false)
      expect(JSON.stringify(last?.issues)).toMatch(/同步服务器的证书与会场加入码中的指纹不符/)
      expect(seen).toEqual([])
    } finally {
      impostor.closeAllConnections()
      await new Promise<void>((r) => impostor.close(() => r()))
    }
  }, 60_000)

  it('needs the secretariat key to start', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = (await b.handlers['meetings.create']({ name: '会', date: '2026-12-10', place: '三明', organiser: '局' })) as MeetingSummary
    expect(await rejection(() => b.handlers['venue.start']({ meetingId: m.id }))).toMatchObject({ code: 'conflict', message: expect.stringMatching(/生成秘书处密钥/) })
  })
})
