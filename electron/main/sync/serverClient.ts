/**
 * The device side of the sync server's HTTP API. Errors carry the server's Chinese message. A request that is safe
 * to repeat (everything but enrolment and join codes: pushes are idempotent) is sent again, after a growing pause
 * (RETRY_DELAYS_MS), when it failed for a reason that passes: the connection was dropped under it (a keep-alive
 * connection the server or a proxy closed: `other side closed`, ECONNRESET), refused (a server process restarting),
 * or answered 502/503/504 (a proxy without a live server process, the server's database unavailable, the server
 * stopping). Other answers (400, 401, 403, 409, 413, 429…) are final.
 */
import type { Change } from '../../../shared/sync/change'
import type { SyncKeyCert } from '../../../shared/sync/seal'
import type { OriginClaim } from '../../../shared/sync/originClaim'
import type { EnrolResponse, HelloResponse, JoinCodeResponse, PullResponse, PushResponse, Refetch } from '../../../shared/sync/protocol'
import { PROTOCOL_VERSION } from '../../../shared/sync/protocol'
import { stubChange } from '../../../shared/sync/visibility'
import type { VersionVector } from '../../../shared/sync/vv'
import { pinnedFetch, type CertPin } from './pinnedTls'

export class SyncServerError extends Error {
  constructor(
    readonly status: number,
    message: string,
    cause?: unknown
  ) {
    super(message, { cause })
    this.name = 'SyncServerError'
  }
}

/** A connection dropped under a request (fetch failed: other side closed, connection reset). */
export function isDroppedConnection(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || /other side closed/i.test(e.message)) return true
  }
  return false
}

/** Pauses before each repeat of an idempotent request (the first repeat of a dropped connection is immediate). */
export const RETRY_DELAYS_MS: readonly number[] = [500, 1500, 4000]

/** Whether a failed request may succeed if sent again in a moment. */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof SyncServerError)) return false
  if (err.status === 502 || err.status === 503 || err.status === 504) return true
  if (err.status !== 0) return false
  for (let e: unknown = err.cause, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === 'ECONNREFUSED') return true
  }
  return isDroppedConnection(err.cause)
}

/** A server older than origin claims: it refuses the `origins` field of a hello or enrolment as malformed. */
const olderServer = (err: unknown): boolean => err instanceof SyncServerError && err.status === 400 && /origins/.test(err.message)

export class SyncServerClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 60_000,
    private readonly retryDelaysMs: readonly number[] = RETRY_DELAYS_MS,
    /** 会场模式: the server's self-signed certificate, pinned by the fingerprint in the join code (pinnedTls.ts). */
    private readonly pin?: CertPin
  ) {}

  /** The same device, talking to another process of the same server (tests) or a new address. */
  at(baseUrl: string): SyncServerClient {
    return new SyncServerClient(baseUrl, this.token, this.timeoutMs, this.retryDelaysMs, this.pin)
  }

  private async request(method: string, path: string, body?: unknown, raw?: Uint8Array, idempotent = true): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(method, path, body, raw)
      } catch (err) {
        const delay = this.retryDelaysMs[attempt]
        if (!idempotent || delay === undefined || !isRetryable(err)) throw err
        // A keep-alive connection closed under the request is an ordinary event: the first repeat goes at once.
        const dropped = attempt === 0 && err instanceof SyncServerError && isDroppedConnection(err.cause)
        if (!dropped) await new Promise((resolve) => setTimeout(resolve, delay))
      }
    }
  }

  private async attempt(method: string, path: string, body?: unknown, raw?: Uint8Array): Promise<Response> {
    let res: Response
    try {
      const init = {
        method,
        headers: {
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(raw ? { 'content-type': 'application/octet-stream' } : body !== undefined ? { 'content-type': 'application/json' } : {})
        },
        body: raw ? Buffer.from(raw) : body !== undefined ? JSON.stringify(body) : null,
        signal: AbortSignal.timeout(this.timeoutMs)
      }
      const url = this.baseUrl.replace(/\/$/, '') + path
      res = this.pin ? await pinnedFetch(url, init, this.pin) : await fetch(url, init)
    } catch (err) {
      throw new SyncServerError(0, `无法连接同步服务器（${this.baseUrl}）：${err instanceof Error ? err.message : String(err)}`, err)
    }
    if (!res.ok) {
      let message = `同步服务器返回错误（HTTP ${res.status}）`
      try {
        const j = (await res.json()) as { error?: string }
        if (j.error) message = j.error
      } catch {
        /* keep the generic message */
      }
      throw new SyncServerError(res.status, message)
    }
    return res
  }

  private async post<T>(path: string, body: unknown, idempotent = true): Promise<T> {
    return (await (await this.request('POST', path, body, undefined, idempotent)).json()) as T
  }

  /**
   * `origins`: this device's signed origin claims (originClaims.ts), bound to it at enrolment. A server older than
   * origin claims refuses the field as malformed (400, before it looks at the code): asked again without it.
   */
  async enrol(joinCode: string, deviceName: string, secretariatCert?: SyncKeyCert, origins: OriginClaim[] = []): Promise<EnrolResponse> {
    const body = { joinCode, deviceName, ...(secretariatCert ? { secretariatCert } : {}) }
    if (origins.length === 0) return this.post('/v1/enrol', body, false)
    try {
      return await this.post('/v1/enrol', { ...body, origins }, false)
    } catch (err) {
      if (!olderServer(err)) throw err
      return this.post('/v1/enrol', body, false)
    }
  }
  createJoinCode(author: string, meetingId = ''): Promise<JoinCodeResponse> {
    return this.post('/v1/join-codes', { author, meetingId }, false)
  }
  async hello(schemaVersion: number, vv: VersionVector, origins: OriginClaim[] = []): Promise<HelloResponse> {
    const body = { protocolVersion: PROTOCOL_VERSION, schemaVersion, vv }
    if (origins.length === 0) return this.post('/v1/hello', body)
    try {
      return await this.post<HelloResponse>('/v1/hello', { ...body, origins })
    } catch (err) {
      if (!olderServer(err)) throw err
      return this.post('/v1/hello', body) // its origins are bound at their first push there, as before claims
    }
  }
  /** A page of changes; withheld stubs come back as changes with empty fields (logged as `withheld`). */
  async pull(vv: VersionVector, limitBytes: number, refetch: Refetch[] = []): Promise<Omit<PullResponse, 'changes'> & { changes: Change[] }> {
    const page = await this.post<PullResponse>('/v1/pull', { vv, limitBytes, refetch })
    return { ...page, refetch: page.refetch ?? [], changes: page.changes.map((c) => (c.withheld ? stubChange(c) : (c as Change))) }
  }
  push(changes: Change[]): Promise<PushResponse> {
    return this.post('/v1/push', { changes })
  }
  async blobList(): Promise<string[]> {
    return (await this.request('GET', '/v1/blobs').then((r) => r.json() as Promise<{ digests: string[] }>)).digests
  }
  async blobGet(sha256: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.request('GET', `/v1/blobs/${sha256}`)).arrayBuffer())
  }
  async blobPut(sha256: string, data: Uint8Array): Promise<void> {
    await this.request('PUT', `/v1/blobs/${sha256}`, undefined, data)
  }
}
