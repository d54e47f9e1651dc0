/**
 * The sync client over a server that drops connections or answers "try later", on real HTTP: an idempotent
 * request (hello, pull, push, blobs) is sent again — at once after a dropped keep-alive connection, after a growing
 * pause after 502/503/504 or a refused connection — and succeeds; enrolment is never repeated (a join code is
 * single-use); a final answer (400) is not repeated; when every attempt fails the Chinese message is reported.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { SyncServerClient, SyncServerError, isRetryable } from './serverClient'

let server: http.Server | null = null

afterEach(async () => {
  const s = server
  server = null
  if (s) await new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()) })
})

type Answer = 'drop' | 503 | 502 | 400 | 200

/** A server answering its n-th request as `script[n]` (the last entry repeats). */
async function scripted(script: Answer[]): Promise<{ url: string; seen: () => number; at: number[] }> {
  let n = 0
  const at: number[] = []
  server = http.createServer((req, res) => {
    const answer = script[Math.min(n, script.length - 1)] as Answer
    n++
    at.push(performance.now())
    req.resume()
    if (answer === 'drop') {
      req.socket.destroy()
      return
    }
    res.writeHead(answer, { 'content-type': 'application/json' })
    if (answer !== 200) res.end(JSON.stringify({ error: answer === 400 ? '请求格式不正确' : '同步服务器暂时无法访问其数据库，请稍后再同步' }))
    else res.end(JSON.stringify({ protocolVersion: 1, schemaVersion: 4, vv: {}, serverTime: Date.now(), author: 'e1', meetingId: 'm1', unlocked: [], token: 't', code: 'c' }))
  })
  await new Promise<void>((resolve) => (server as http.Server).listen(0, '127.0.0.1', () => resolve()))
  return { url: `http://127.0.0.1:${((server as http.Server).address() as AddressInfo).port}`, seen: () => n, at }
}

const TOKEN = 'x'.repeat(43)
const DELAYS = [40, 120, 300]

describe('sync client retries', () => {
  it('sends an idempotent request again at once when the connection was dropped under it', async () => {
    const s = await scripted(['drop', 200])
    const hello = await new SyncServerClient(s.url, TOKEN).hello(4, {})
    expect(hello.author).toBe('e1')
    expect(s.seen()).toBe(2)
  })

  it('backs off and repeats after 503 and 502, then succeeds', async () => {
    const s = await scripted([503, 502, 200])
    const hello = await new SyncServerClient(s.url, TOKEN, 10_000, DELAYS).hello(4, {})
    expect(hello.author).toBe('e1')
    expect(s.seen()).toBe(3)
    const [t0, t1, t2] = s.at as [number, number, number]
    expect(t1 - t0).toBeGreaterThanOrEqual(35)
    expect(t2 - t1).toBeGreaterThanOrEqual(110)
  })

  it('reports the server’s Chinese message once every attempt failed', async () => {
    const s = await scripted([503])
    const err = await new SyncServerClient(s.url, TOKEN, 10_000, DELAYS).push([]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SyncServerError)
    expect((err as SyncServerError).status).toBe(503)
    expect((err as Error).message).toBe('同步服务器暂时无法访问其数据库，请稍后再同步')
    expect(s.seen()).toBe(DELAYS.length + 1)
  })

  it('does not repeat a final answer, nor enrolment or join codes', async () => {
    const bad = await scripted([400, 200])
    await expect(new SyncServerClient(bad.url, TOKEN, 10_000, DELAYS).pull({}, 1024)).rejects.toThrow('请求格式不正确')
    expect(bad.seen()).toBe(1)
    await new Promise<void>((resolve) => (server as http.Server).close(() => resolve()))
    const s = await scripted(['drop', 503, 200])
    await expect(new SyncServerClient(s.url, '', 10_000, DELAYS).enrol('12345-67890', 'd')).rejects.toThrow(/无法连接同步服务器/)
    expect(s.seen()).toBe(1)
    await expect(new SyncServerClient(s.url, TOKEN, 10_000, DELAYS).createJoinCode('e1', 'm1')).rejects.toThrow(/暂时无法访问其数据库/)
    expect(s.seen()).toBe(2)
  })

  it('treats a refused connection (a server process restarting) as passing', async () => {
    const s = await scripted([200])
    const url = s.url
    await new Promise<void>((resolve) => (server as http.Server).close(() => resolve()))
    server = null
    const err = await new SyncServerClient(url, TOKEN, 10_000, []).hello(4, {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SyncServerError)
    expect((err as Error).message).toMatch(/无法连接同步服务器/)
    expect(isRetryable(err)).toBe(true)
    expect(isRetryable(new SyncServerError(429, '登记尝试过于频繁'))).toBe(false)
  })
})

describe('origin claims to a server older than them', () => {
  it('asks the hello and the enrolment again without claims when the server refuses the field', async () => {
    const bodies: Record<string, unknown>[] = []
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
        bodies.push(body)
        res.writeHead('origins' in body ? 400 : 200, { 'content-type': 'application/json' })
        // What an older server's strict schema answers for the unknown field.
        if ('origins' in body) res.end(JSON.stringify({ error: '请求格式不正确： Unrecognized key: "origins"' }))
        else res.end(JSON.stringify({ protocolVersion: 2, schemaVersion: 4, vv: {}, serverTime: Date.now(), author: 'e1', meetingId: 'm1', unlocked: [], token: 't' }))
      })
    })
    await new Promise<void>((resolve) => (server as http.Server).listen(0, '127.0.0.1', () => resolve()))
    const url = `http://127.0.0.1:${((server as http.Server).address() as AddressInfo).port}`
    const claim = { v: 1 as const, origin: 'o', cert: { v: 1 as const, author: 'e1', key: `04${'a'.repeat(128)}`, master: `04${'b'.repeat(128)}`, issuedAt: '2026-12-01T00:00:00Z', sig: `30${'c'.repeat(20)}` }, sig: `30${'d'.repeat(20)}` }
    expect((await new SyncServerClient(url, TOKEN).hello(4, {}, [claim])).author).toBe('e1')
    expect((await new SyncServerClient(url, '').enrol('12345-67890', 'laptop', undefined, [claim])).token).toBe('t')
    expect(bodies.map((b) => 'origins' in b)).toEqual([true, false, true, false])
  })
})
