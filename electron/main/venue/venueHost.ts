/**
 * 会场模式 (issue 11 item 10): the secretariat's laptop hosts the sync server itself for one meeting, started with one
 * button. The server (server/main.ts) runs in the backend's process on the laptop's LAN address with a self-signed
 * certificate made on the spot (server/selfSigned.ts, kept in `<data>/venue/` so that a restart keeps the pinned
 * fingerprint); its store is `<data>/venue/server/`. The laptop then joins its own server over loopback like any
 * device (first join code, its secretariat key proven at enrolment, the certificate pinned). Experts get a venue
 * code (shared/sync/venueCode.ts) carrying the LAN address, a one-time join code and both fingerprints. The header
 * shows how many experts' laptops were heard from in the last 90 s; stopping closes the server and the laptop's
 * sync target.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ApiError } from '../../../shared/api/errors'
import { SECRETARIAT_AUTHOR } from '../../../shared/sync/ownership'
import { formatVenueCode } from '../../../shared/sync/venueCode'
import { startServer, type RunningServer } from '../../../server/main'
import { certFingerprint, makeSelfSigned } from '../../../server/selfSigned'
import type { SyncService } from '../sync/service'
import type { VenueStatus } from '../../../shared/api/methods/sync'

export const VENUE_PORT = 8620
/** An expert's laptop counts as connected when it made a request this recently (it syncs every 30 s). */
export const CONNECTED_MS = 90_000
const CERT_DAYS = 30

/** The laptop's LAN addresses (IPv4, not loopback or link-local), best first; loopback when there is none. */
export function lanAddresses(): string[] {
  const found: string[] = []
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.')) found.push(a.address)
  }
  return found.length ? found : ['127.0.0.1']
}

interface Running {
  server: RunningServer
  host: string
  port: number
  fingerprint: string
  startedAt: string
  seen: Map<string, { author: string; at: number }>
}

export class VenueHost {
  private running: Running | null = null
  private starting: Promise<VenueStatus> | null = null

  constructor(
    private readonly dataDir: string,
    private readonly sync: () => SyncService,
    private readonly now: () => number = Date.now
  ) {}

  status(): VenueStatus {
    const r = this.running
    if (!r) return { running: false, url: null, addresses: lanAddresses(), certFingerprint: null, connectedExperts: 0, startedAt: null }
    const since = this.now() - CONNECTED_MS
    const experts = new Set([...r.seen.values()].filter((d) => d.author !== SECRETARIAT_AUTHOR && d.at >= since).map((d) => d.author))
    return { running: true, url: `https://${r.host}:${r.port}`, addresses: lanAddresses(), certFingerprint: r.fingerprint, connectedExperts: experts.size, startedAt: r.startedAt }
  }

  /** The certificate for these addresses, made again when missing, for other addresses, or near its end. */
  private certificate(addresses: string[]): { cert: string; key: string; fingerprint: string } {
    const dir = path.join(this.dataDir, 'venue')
    const certFile = path.join(dir, 'cert.pem')
    const keyFile = path.join(dir, 'key.pem')
    try {
      const cert = fs.readFileSync(certFile, 'utf8')
      const x = new crypto.X509Certificate(cert)
      const names = x.subjectAltName ?? ''
      const fresh = Date.parse(x.validTo) - this.now() > 2 * 86_400_000
      if (fresh && addresses.every((a) => names.includes(`IP Address:${a}`))) return { cert, key: fs.readFileSync(keyFile, 'utf8'), fingerprint: certFingerprint(cert) }
    } catch {
      /* none yet, or unreadable: make one */
    }
    const made = makeSelfSigned([...addresses, '127.0.0.1'], CERT_DAYS)
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(keyFile, made.keyPem, { mode: 0o600 })
    fs.writeFileSync(certFile, made.certPem)
    return { cert: made.certPem, key: made.keyPem, fingerprint: made.fingerprint }
  }

  /** Starts the server and joins this laptop to it as the secretariat. */
  start(meetingId: string, secretariatFingerprint: string | null): Promise<VenueStatus> {
    if (this.running) return Promise.resolve(this.status())
    if (!secretariatFingerprint) throw new ApiError('conflict', '请先在“同步 → 签名与信任”中生成秘书处密钥，再开启会场模式')
    if (!meetingId) throw new ApiError('invalid_input', '请先选择本次评审会议')
    this.starting ??= this.doStart(meetingId).finally(() => {
      this.starting = null
    })
    return this.starting
  }

  private async doStart(meetingId: string): Promise<VenueStatus> {
    const addresses = lanAddresses()
    const tls = this.certificate(addresses)
    const seen = new Map<string, { author: string; at: number }>()
    const open = (port: number) =>
      startServer({
        dataDir: path.join(this.dataDir, 'venue', 'server'),
        host: '0.0.0.0',
        port,
        tlsPem: { cert: tls.cert, key: tls.key },
        quietJoinCode: true,
        log: () => {},
        seen: (d) => seen.set(d.tokenHash, { author: d.author, at: this.now() })
      })
    let server: RunningServer
    try {
      server = await open(VENUE_PORT)
    } catch (e) {
      // Port taken (another program, a second copy of the app): any free port; the code carries it.
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw new ApiError('conflict', `无法开启会场服务器：${e instanceof Error ? e.message : String(e)}`)
      server = await open(0)
    }
    const port = Number(new URL(server.url).port)
    try {
      const code = await server.store.createJoinCode(SECRETARIAT_AUTHOR, '', 1)
      await this.sync().configure({ kind: 'server', url: `https://127.0.0.1:${port}`, joinCode: code.code, meetingId, pin: { certPem: tls.cert, fingerprint: tls.fingerprint } })
    } catch (e) {
      await server.close(0)
      throw e instanceof ApiError ? e : new ApiError('conflict', `会场服务器已开启，但本机未能加入：${e instanceof Error ? e.message : String(e)}`)
    }
    this.running = { server, host: addresses[0]!, port, fingerprint: tls.fingerprint, startedAt: new Date(this.now()).toISOString(), seen }
    return this.status()
  }

  /** A venue code for one expert: the LAN address, a one-time join code for that expert and both fingerprints. */
  async expertCode(author: string, meetingId: string, secretariatFingerprint: string): Promise<{ venueCode: string; joinCode: string; expiresAt: string }> {
    const r = this.running
    if (!r) throw new ApiError('conflict', '会场模式未开启')
    const c = await r.server.store.createJoinCode(author, meetingId, 72)
    return { venueCode: formatVenueCode({ host: r.host, port: r.port, joinCode: c.code, certFingerprint: r.fingerprint, secretariatFingerprint }), joinCode: c.code, expiresAt: c.expiresAt }
  }

  /** Ends the meeting's server: requests in flight are finished (at most 5 s), this laptop stops syncing with it. */
  async stop(): Promise<VenueStatus> {
    const r = this.running
    if (!r) return this.status()
    this.running = null
    await r.server.close(5_000)
    const t = this.sync().target()
    if (t?.kind === 'server' && new URL(t.url).port === String(r.port)) await this.sync().configure({ kind: 'none' })
    return this.status()
  }
}
