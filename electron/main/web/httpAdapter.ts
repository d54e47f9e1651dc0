/**
 * The HTTP adapter of the API contract: POST /api/<method> on 127.0.0.1, authorised by a random per-run token,
 * plus the built renderer as static files. Lets the real UI run in a real browser against the real backend.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { ApiHandlers } from '../../../shared/api/contract'
import { dispatch, type ErrorLogger } from '../../../shared/api/dispatch'
import type { ApiResult } from '../../../shared/api/errors'
import { resolveStaticFile } from '../staticFiles'
import { COMPRESSIBLE, acceptedEncodings, gzippedCopy } from './compression'

export const MAX_BODY_BYTES = 16 * 1024 * 1024

export interface HttpAdapterOptions {
  handlers: ApiHandlers
  token: string
  /** Folder of the built renderer (index.html and assets); omit to serve the API only. */
  staticDir?: string
  logError: ErrorLogger
}

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url')
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '')
  if (!m) return false
  const a = Buffer.from(m[1] as string)
  const b = Buffer.from(token)
  return a.length === b.length && crypto.timingSafeEqual(a, b)
}

function sendJson(res: http.ServerResponse, status: number, body: ApiResult<unknown>): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff'
  })
  res.end(text)
}

function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY_BYTES) tooLarge = true
      else chunks.push(c)
    })
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Only our own origin may call: blocks DNS rebinding through a foreign Host header. */
function hostAllowed(req: http.IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? ''
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`
}

function serveStatic(staticDir: string, urlPath: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const found = resolveStaticFile(staticDir, urlPath)
  if (!found) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('未找到')
    return
  }
  const accepted = COMPRESSIBLE.test(found.file) ? acceptedEncodings(req.headers['accept-encoding']) : new Set<string>()
  const plain = (urlPath.split(/[?#]/)[0] ?? '/').replace(/\/$/, '/index.html')
  // The build's copy (checked like any static file), else a gzipped copy made once, else the file as it is.
  for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']] as const) {
    const pre = accepted.has(encoding) ? resolveStaticFile(staticDir, plain + ext) : null
    if (pre) {
      res.writeHead(200, { ...found.headers, 'content-encoding': encoding, vary: 'Accept-Encoding' })
      fs.createReadStream(pre.file).pipe(res)
      return
    }
  }
  if (accepted.has('gzip')) {
    const gz = gzippedCopy(found.file)
    res.writeHead(200, { ...found.headers, 'content-encoding': 'gzip', vary: 'Accept-Encoding', 'content-length': String(gz.length) }).end(req.method === 'HEAD' ? undefined : gz)
    return
  }
  res.writeHead(200, { ...found.headers, ...(COMPRESSIBLE.test(found.file) ? { vary: 'Accept-Encoding' } : {}) })
  fs.createReadStream(found.file).pipe(res)
}

/** The browser version serves this machine only: it listens on 127.0.0.1, and refuses any other peer anyway. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false
  const a = address.startsWith('::ffff:') ? address.slice(7) : address
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a)
}

export function createHttpAdapter(options: HttpAdapterOptions): http.Server {
  const server = http.createServer((req, res) => {
    const port = (server.address() as { port: number } | null)?.port ?? 0
    if (!isLoopback(req.socket.remoteAddress) || !hostAllowed(req, port)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('禁止访问')
      return
    }
    const url = req.url ?? '/'
    if (url.startsWith('/api/')) {
      void handleApi(req, res, url.slice('/api/'.length).split('?')[0] ?? '')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    if (!options.staticDir) {
      res.writeHead(404).end()
      return
    }
    serveStatic(options.staticDir, url, req, res)
  })

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    try {
      if (req.method !== 'POST') {
        sendJson(res, 405, { ok: false, error: { code: 'invalid_input', message: '只接受 POST 请求' } })
        return
      }
      if (!tokenMatches(req.headers.authorization, options.token)) {
        sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: '未授权：访问令牌缺失或不正确，请用启动时显示的地址打开' } })
        return
      }
      const body = await readBody(req)
      if (body === 'too-large') {
        sendJson(res, 413, { ok: false, error: { code: 'invalid_input', message: `请求过大（超过 ${MAX_BODY_BYTES / 1024 / 1024} MB）` } })
        return
      }
      let input: unknown = {}
      if (body.length > 0) {
        try {
          input = JSON.parse(body.toString('utf8'))
        } catch {
          sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: '请求内容不是有效的 JSON' } })
          return
        }
      }
      const result = await dispatch(options.handlers, decodeURIComponent(method), input, options.logError)
      const status = result.ok ? 200 : statusFor(result.error.code)
      sendJson(res, status, result)
    } catch (err) {
      options.logError(method, err)
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: '服务器内部错误' } })
    }
  }
  // Longer than any pause of the page between two calls: Node's default (5 s) closes idle connections while a client
  // may be about to reuse one, and the call then fails with ECONNRESET (seen when a large upload follows a pause).
  server.keepAliveTimeout = 75_000
  server.headersTimeout = 80_000
  return server
}

function statusFor(code: string): number {
  switch (code) {
    case 'invalid_input':
      return 400
    case 'unauthorized':
      return 401
    case 'forbidden':
      return 403
    case 'not_found':
    case 'unknown_method':
      return 404
    case 'conflict':
      return 409
    default:
      return 500
  }
}
