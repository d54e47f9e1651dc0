/**
 * HTTPS to a server whose certificate is pinned by fingerprint (会场模式: a self-signed certificate made on the
 * secretariat's laptop, its fingerprint in the join code). At join, `fetchPinnedCert` opens a TLS connection that
 * sends nothing, reads the certificate and keeps it only if its SHA-256 starts with the pinned fingerprint. Every
 * request then goes through an agent that trusts that certificate alone and checks the fingerprint again during
 * the handshake, before a byte of the request (or the device token) is sent: another certificate is refused with
 * a Chinese reason.
 */
import crypto from 'node:crypto'
import https from 'node:https'
import tls from 'node:tls'

export interface CertPin {
  certPem: string
  /** 32 or 64 hex digits: the start of the certificate's SHA-256. */
  fingerprint: string
}

export const PIN_MISMATCH = '同步服务器的证书与会场加入码中的指纹不符，已拒绝连接（可能有人冒充秘书处的会场服务器）。请向秘书处核对加入码'

const sha256Of = (der: Buffer): string => crypto.createHash('sha256').update(der).digest('hex')
export const pinMatches = (der: Buffer, fingerprint: string): boolean => fingerprint.length >= 32 && sha256Of(der).startsWith(fingerprint.toLowerCase())

/** Reads the server's certificate without sending anything; refuses one that does not match the pin. */
export function fetchPinnedCert(url: string, fingerprint: string, timeoutMs = 10_000): Promise<CertPin> {
  const u = new URL(url)
  if (u.protocol !== 'https:') return Promise.reject(new Error('会场服务器应使用 https'))
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 443), rejectUnauthorized: false, timeout: timeoutMs })
    const fail = (message: string): void => {
      socket.destroy()
      reject(new Error(message))
    }
    socket.once('timeout', () => fail(`无法连接会场服务器（${url}）：${Math.round(timeoutMs / 1000)} 秒内没有响应`))
    socket.once('error', (e) => fail(`无法连接会场服务器（${url}）：${e.message}`))
    socket.once('secureConnect', () => {
      const der = socket.getPeerCertificate(true)?.raw
      socket.destroy()
      if (!der || !pinMatches(der, fingerprint)) return reject(new Error(PIN_MISMATCH))
      resolve({ certPem: new crypto.X509Certificate(der).toString(), fingerprint: fingerprint.toLowerCase() })
    })
  })
}

const agents = new Map<string, https.Agent>()

/** One keep-alive agent per pin: trusts only the pinned certificate, and checks its fingerprint in the handshake. */
function agentFor(pin: CertPin): https.Agent {
  const key = pin.fingerprint + pin.certPem
  let a = agents.get(key)
  if (!a) {
    a = new https.Agent({
      keepAlive: true,
      ca: pin.certPem,
      checkServerIdentity: (_host, cert) => (pinMatches(cert.raw, pin.fingerprint) ? undefined : new Error(PIN_MISMATCH))
    })
    agents.set(key, a)
  }
  return a
}

/** A fetch over the pinned agent, answering a standard Response. */
export function pinnedFetch(url: string, init: { method: string; headers: Record<string, string>; body: Buffer | string | null; signal: AbortSignal }, pin: CertPin): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method, headers: init.headers, agent: agentFor(pin), signal: init.signal }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const headers = new Headers()
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v)
        const status = res.statusCode ?? 0
        resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }))
      })
      res.on('error', reject)
    })
    req.on('error', (e) => {
      // A certificate other than the pinned one: say so in Chinese (the TLS layer's own message is English).
      const other = /不符|self[- ]signed|certificate|unable to verify/i.test(e.message)
      reject(other ? Object.assign(new Error(PIN_MISMATCH), { cause: e }) : e)
    })
    if (init.body !== null) req.write(init.body)
    req.end()
  })
}
