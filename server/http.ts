/**
 * The sync server's HTTP API (JSON over POST, blobs as raw bytes):
 *   POST /v1/enrol {joinCode, deviceName, origins?} → {token, author, meetingId, originsTaken?} (rate-limited per address;
 *                                                   `origins`: signed claims of the device's origins, server/origins.ts)
 *   POST /v1/join-codes {author, meetingId?}       → {code, author, expiresAt}       (secretariat devices only)
 *   POST /v1/hello | /v1/pull | /v1/push           (Authorization: Bearer <device token>)
 *   GET  /v1/blobs, GET/PUT /v1/blobs/<sha256>     (GET: the device's meeting only; PUT: secretariat devices only;
 *                                                   the digest is checked)
 *   GET  /healthz (the process answers), /readyz (the store answers and the process is not stopping; else 503),
 *        /metrics (Prometheus text, server/metrics.ts)
 * Every answer carries an X-Request-Id (the caller's when it sent a well-formed one) that the log lines repeat.
 * Request bodies are limited (413), malformed or invalid ones refused (400), pushes beyond a device's quotas
 * answered 413/429 — all with Chinese messages.
 */
import crypto from 'node:crypto'
import http from 'node:http'
import { z } from 'zod'
import { changeSchema, type Change } from '../shared/sync/change'
import {
  PROTOCOL_VERSION, enrolRequestSchema, helloRequestSchema, joinCodeRequestSchema, pullRequestSchema, pushRequestSchema,
  type HelloResponse
} from '../shared/sync/protocol'
import { SECRETARIAT_AUTHOR } from '../shared/sync/ownership'
import type { Logger } from './log'
import { clientAddress, parseTrustedProxies, type TrustedProxies } from './clientAddress'
import { parseArrayBody } from './jsonSlices'
import { Metrics, routeOf } from './metrics'
import { EnrolError, type Device, type ServerStore } from './store'

export const MAX_JSON_BYTES = 8 * 1024 * 1024
export const MAX_BLOB_BYTES = 200 * 1024 * 1024
/** The newest database schema this server build knows (its migrations count). */
export const SERVER_SCHEMA_VERSION = 4

export interface ApiOptions {
  store: ServerStore
  log: Logger
  enrolPerMinute?: number
  /** Proxies whose X-Forwarded-For is believed (clientAddress.ts); none by default. */
  trustProxy?: TrustedProxies
  now?: () => number
  metrics?: Metrics
  /** True once the process is shutting down: /readyz answers 503 and connections are not kept open. */
  draining?: () => boolean
  /** Called for every request of an enrolled device (会场模式 counts the experts connected). */
  seen?: (device: Device) => void
}

export const DB_UNAVAILABLE = '同步服务器暂时无法访问其数据库，请稍后再同步'
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0')
    if (declared > max) {
      req.resume()
      reject(new HttpError(413, '请求内容过大'))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) {
        req.destroy()
        reject(new HttpError(413, '请求内容过大'))
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function formatProblem(error: z.ZodError, path?: PropertyKey[]): HttpError {
  const issue = error.issues[0]
  return new HttpError(400, `请求格式不正确：${(path ?? issue?.path ?? []).map(String).join('.')} ${issue?.message ?? ''}`.trim())
}

async function jsonBody(req: http.IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_JSON_BYTES)
  try {
    return JSON.parse(body.toString('utf8')) as unknown
  } catch {
    throw new HttpError(400, '请求不是有效的 JSON')
  }
}

async function json<S extends z.ZodType>(req: http.IncomingMessage, schema: S): Promise<z.output<S>> {
  const parsed = schema.safeParse(await jsonBody(req))
  if (!parsed.success) throw formatProblem(parsed.error)
  return parsed.data
}

const VALIDATE_SLICE = 100
const pushEnvelopeSchema = pushRequestSchema.extend({ changes: z.array(z.unknown()).max(200_000) })

/**
 * A push body: parsed element by element (jsonSlices.ts), the number of changes checked against the quota first, then
 * the changes validated a slice at a time (yielding between slices) so that a large push does not hold up other
 * devices' requests.
 */
async function pushBody(req: http.IncomingMessage, max: number): Promise<Change[]> {
  const body = await readBody(req, MAX_JSON_BYTES)
  let parsed: unknown
  try {
    parsed = await parseArrayBody(body.toString('utf8'), 'changes')
  } catch {
    throw new HttpError(400, '请求不是有效的 JSON')
  }
  const envelope = pushEnvelopeSchema.safeParse(parsed)
  if (!envelope.success) throw formatProblem(envelope.error)
  const raw = envelope.data.changes
  if (raw.length > max) throw new HttpError(413, `一次推送的修改过多（${raw.length} 条，上限 ${max} 条），请分批同步`)
  const out: Change[] = []
  for (let i = 0; i < raw.length; i += VALIDATE_SLICE) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve))
    const slice = z.array(changeSchema).safeParse(raw.slice(i, i + VALIDATE_SLICE))
    if (!slice.success) {
      const [at, ...rest] = slice.error.issues[0]?.path ?? []
      throw formatProblem(slice.error, ['changes', typeof at === 'number' ? i + at : i, ...rest])
    }
    out.push(...(slice.data as Change[]))
  }
  return out
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
  res.end(text)
}

/**
 * A request that failed because the database went away (PostgreSQL terminated or refused the connection): 503, so
 * the device and a load balancer retry later. The pool opens a new connection for the next request.
 */
function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code === 'string' && (/^(08|57P)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code))) return true
  return err instanceof Error && /Connection terminated|connection (is )?(closed|lost)|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(err.message)
}

/** A request's id: the caller's X-Request-Id when well-formed (a proxy's), else a new one. */
function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers['x-request-id']
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID()
}

export function createApiHandler(o: ApiOptions): http.RequestListener {
  const { store, log } = o
  const now = o.now ?? Date.now
  const enrolPerMinute = o.enrolPerMinute ?? 10
  const trustProxy = o.trustProxy ?? parseTrustedProxies([])
  const metrics = o.metrics ?? new Metrics()
  const draining = o.draining ?? (() => false)

  /** Health, readiness and metrics: no device token; they say nothing about any device or meeting. */
  async function ops(p: string, res: http.ServerResponse): Promise<boolean> {
    if (p === '/healthz') send(res, 200, { status: 'ok' })
    else if (p === '/readyz') {
      if (draining()) throw new HttpError(503, '同步服务器正在停止，请稍后再同步')
      await store.ping()
      send(res, 200, { status: 'ready', store: store.kind })
    } else if (p === '/metrics') {
      const held = await store.heldCount().catch(() => null)
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' })
      res.end(metrics.render(held))
    } else return false
    return true
  }

  async function auth(req: http.IncomingMessage): Promise<Device> {
    const m = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(req.headers.authorization ?? '')
    const device = m ? await store.deviceByToken(m[1] as string) : null
    if (!device) throw new HttpError(401, '设备未登记或令牌无效，请重新用加入码登记')
    return device
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, ctx: { author?: string }): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x')
    const p = url.pathname
    if (req.method === 'GET' && (await ops(p, res))) return
    if (req.method === 'POST' && p === '/v1/enrol') {
      const ip = clientAddress(req, trustProxy)
      if (!(await store.enrolAttempt(ip, enrolPerMinute, 60_000))) throw new HttpError(429, '登记尝试过于频繁，请一分钟后再试')
      const body = await json(req, enrolRequestSchema)
      let r: Awaited<ReturnType<ServerStore['enrol']>>
      try {
        r = await store.enrol(body.joinCode, body.deviceName, body.secretariatCert)
      } catch (err) {
        if (err instanceof EnrolError) throw new HttpError(400, err.message)
        throw err
      }
      if (!r) {
        log('warn', 'enrol refused', { ip })
        throw new HttpError(403, '加入码无效、已使用或已过期')
      }
      ctx.author = r.author
      // The device's origins are bound to it (and its sync key) at once, before anyone else can push under them.
      const originsTaken = await store.claimOrigins(r, body.origins)
      log('info', 'device enrolled', { author: r.author, ip, ...(originsTaken.length > 0 ? { originsTaken } : {}) })
      send(res, 200, { token: r.token, author: r.author, meetingId: r.meetingId, ...(originsTaken.length > 0 ? { originsTaken } : {}) })
      return
    }
    const device = await auth(req)
    ctx.author = device.author
    o.seen?.(device)
    if (req.method === 'POST' && p === '/v1/join-codes') {
      if (device.author !== SECRETARIAT_AUTHOR) throw new HttpError(403, '只有秘书处的设备可以生成加入码')
      const body = await json(req, joinCodeRequestSchema)
      const meetingId = body.meetingId || device.meetingId
      // An expert's device receives one meeting only: its join code must name it.
      if (body.author !== SECRETARIAT_AUTHOR && !meetingId) throw new HttpError(400, '生成专家的加入码需要指定会议')
      const r = await store.createJoinCode(body.author, meetingId, body.ttlHours)
      send(res, 200, { code: r.code, author: body.author, expiresAt: r.expiresAt })
      return
    }
    if (req.method === 'POST' && p === '/v1/hello') {
      const body = await json(req, helloRequestSchema)
      if (body.protocolVersion !== PROTOCOL_VERSION) throw new HttpError(409, `同步协议版本不同（本服务器 ${PROTOCOL_VERSION}，设备 ${body.protocolVersion}），请升级`)
      const originsTaken = await store.claimOrigins(device, body.origins)
      if (originsTaken.length > 0) log('warn', 'origin claimed by another device', { author: device.author, originsTaken })
      const out: HelloResponse = {
        protocolVersion: PROTOCOL_VERSION, schemaVersion: SERVER_SCHEMA_VERSION, vv: await store.vv(device), serverTime: now(), author: device.author, meetingId: device.meetingId,
        unlocked: await store.unlocked(device), ...(originsTaken.length > 0 ? { originsTaken } : {})
      }
      send(res, 200, out)
      return
    }
    if (req.method === 'POST' && p === '/v1/pull') {
      const body = await json(req, pullRequestSchema)
      const page = await store.pull(device, body)
      metrics.changesPulled(page.changes.length)
      send(res, 200, page)
      return
    }
    if (req.method === 'POST' && p === '/v1/push') {
      const changes = await pushBody(req, store.quotas.changesPerPush)
      const { quota, ...r } = await store.push(device, changes)
      metrics.changesPushed('accepted', r.accepted)
      metrics.changesPushed('rejected', r.rejected)
      metrics.changesPushed('ignored', r.ignored)
      if (r.refused) log('warn', 'push refused', { author: device.author, reason: r.refused })
      if (quota) {
        // What was taken before the quota stays (the answer still says so); the device reports the message.
        log('warn', 'push over quota', { author: device.author, status: quota.status, accepted: r.accepted })
        send(res, quota.status, { error: quota.message, ...r })
        return
      }
      send(res, 200, r)
      return
    }
    if (req.method === 'GET' && p === '/v1/blobs') {
      send(res, 200, { digests: await store.blobList(device) })
      return
    }
    const blob = /^\/v1\/blobs\/([0-9a-f]{64})$/.exec(p)
    if (blob) {
      const sha = blob[1] as string
      if (req.method === 'GET') {
        const data = await store.blobGet(device, sha)
        if (!data) throw new HttpError(404, '没有该文件')
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(data.length) })
        res.end(Buffer.from(data))
        return
      }
      if (req.method === 'PUT') {
        if (device.author !== SECRETARIAT_AUTHOR) throw new HttpError(403, '只有秘书处的设备可以上传项目文件')
        const data = await readBody(req, MAX_BLOB_BYTES)
        if (!(await store.blobPut(sha, data))) throw new HttpError(400, '文件内容与校验值不符')
        send(res, 200, { ok: true })
        return
      }
    }
    throw new HttpError(404, '没有该接口')
  }

  return (req, res) => {
    const started = performance.now()
    const requestId = requestIdOf(req)
    const path = (req.url ?? '').split('?')[0] ?? ''
    const ctx: { author?: string } = {}
    res.setHeader('x-request-id', requestId)
    if (draining()) res.setHeader('connection', 'close')
    const fields = () => ({ requestId, method: req.method, path: path.slice(0, 200), status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10, author: ctx.author, ip: clientAddress(req, trustProxy) })
    const done = () => metrics.request(routeOf(path), req.method ?? '', res.statusCode, (performance.now() - started) / 1000)
    route(req, res, ctx).then(
      () => {
        done()
        log('info', 'request', fields())
      },
      (err: unknown) => {
        const lost = !(err instanceof HttpError) && isDatabaseUnavailable(err)
        const status = err instanceof HttpError ? err.status : lost ? 503 : 500
        const message = err instanceof HttpError ? err.message : lost ? DB_UNAVAILABLE : '服务器内部错误'
        if (!res.headersSent) send(res, status, { error: message })
        else res.end()
        done()
        log(status >= 500 ? 'error' : 'warn', 'request failed', { ...fields(), error: err instanceof Error ? err.message : String(err) })
      }
    )
  }
}
