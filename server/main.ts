/**
 * Starting the sync server: HTTPS when given a certificate and key; plain HTTP only on a loopback address, or
 * anywhere when explicitly allowed (behind a TLS-terminating proxy). Prints a one-time join code for the
 * secretariat's first device when there is none.
 */
import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { SECRETARIAT_AUTHOR } from '../shared/sync/ownership'
import { parseTrustedProxies } from './clientAddress'
import { createApiHandler } from './http'
import { Metrics } from './metrics'
import { jsonLogger, type Logger } from './log'
import { openServerStore } from './openStore'
import type { Quotas } from './push'
import type { Device, ServerStore } from './store'

export interface ServerOptions {
  dataDir: string
  port?: number
  host?: string
  postgres?: string
  cert?: string
  key?: string
  /** A certificate and key in memory (PEM), instead of files: 会场模式's self-signed certificate. */
  tlsPem?: { cert: string; key: string }
  allowInsecure?: boolean
  log?: Logger
  enrolPerMinute?: number
  /** Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed for the enrolment rate limit. */
  trustProxy?: string[]
  /** Per-device quotas (server/push.ts DEFAULT_QUOTAS when not given). */
  quotas?: Quotas
  /** Called for every request of an enrolled device (server/http.ts). */
  seen?: (device: Device) => void
  /** Do not log the secretariat's first join code (the app enrols itself with it: 会场模式). */
  quietJoinCode?: boolean
}

export interface RunningServer {
  url: string
  store: ServerStore
  /**
   * Graceful stop: no new connections, /readyz answers 503, idle connections closed, requests in flight finished
   * (at most `graceMs`, then their connections are cut), then the store closed.
   */
  close(graceMs?: number): Promise<void>
}

/** How long a stopping server waits for requests in flight by default. */
export const GRACE_MS = 20_000

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])
export const KEEP_ALIVE_MS = 75_000

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const host = o.host ?? '127.0.0.1'
  const log = o.log ?? jsonLogger()
  const tls = o.tlsPem ?? (o.cert && o.key ? { cert: fs.readFileSync(o.cert), key: fs.readFileSync(o.key) } : null)
  if (!tls && !LOOPBACK.has(host) && !o.allowInsecure) {
    throw new Error('未提供证书（--cert/--key）时只能在本机地址上以 HTTP 提供服务；如确需在网络上使用 HTTP（例如前面有 HTTPS 反向代理），请加 --allow-insecure')
  }
  const trustProxy = parseTrustedProxies(o.trustProxy ?? [])
  const store = await openServerStore({ dataDir: o.dataDir, log, ...(o.postgres ? { postgres: o.postgres } : {}), ...(o.quotas ? { quotas: o.quotas } : {}) })
  let draining = false
  let drained: (() => void) | null = null
  const metrics = new Metrics()
  const api = createApiHandler({ store, log, trustProxy, metrics, draining: () => draining, ...(o.seen ? { seen: o.seen } : {}), ...(o.enrolPerMinute ? { enrolPerMinute: o.enrolPerMinute } : {}) })
  const handler: http.RequestListener = (req, res) => {
    metrics.inFlight++
    res.once('close', () => {
      if (--metrics.inFlight === 0) drained?.()
    })
    api(req, res)
  }
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler)
  server.requestTimeout = 120_000
  // Idle keep-alive connections stay open longer than a device waits between requests of one sync (applying a
  // page, deriving packages), so the server never closes a connection the device is about to reuse.
  server.keepAliveTimeout = KEEP_ALIVE_MS
  server.headersTimeout = KEEP_ALIVE_MS + 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port ?? 8620, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`
  log('info', 'sync server started', { url, pid: process.pid, store: store.kind, trustProxy: o.trustProxy ?? [] })
  if (!o.quietJoinCode && !(await store.hasSecretariatAccess())) {
    const c = await store.createJoinCode(SECRETARIAT_AUTHOR, '', 72)
    log('info', 'secretariat join code', { joinCode: c.code, expiresAt: c.expiresAt, note: '秘书处设备的一次性加入码（72 小时内有效）' })
  }
  return {
    url,
    store,
    close: async (graceMs = GRACE_MS) => {
      if (draining) return
      draining = true
      log('info', 'sync server stopping', { inFlight: metrics.inFlight, graceMs })
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      if (metrics.inFlight > 0) {
        let timer: NodeJS.Timeout | undefined
        await new Promise<void>((resolve) => {
          drained = resolve
          timer = setTimeout(resolve, graceMs)
        })
        clearTimeout(timer)
        if (metrics.inFlight > 0) log('warn', 'requests cut at shutdown', { inFlight: metrics.inFlight })
      }
      server.closeAllConnections()
      await closed
      await store.close()
      log('info', 'sync server stopped')
    }
  }
}
