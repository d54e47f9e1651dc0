/**
 * The sync client over a connection the other side drops: an idempotent request (hello, pull, push, blobs) is sent
 * once more and succeeds; enrolment is not repeated (a join code is single-use); a second drop is reported.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { SyncServerClient, SyncServerError } from './serverClient'

let server: http.Server | null = null

afterEach(async () => {
  const s = server
  server = null
  if (s) await new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()) })
})

/** A server that drops the connection (no answer) on the first `drops` requests, then answers `{ok}`-ish JSON. */
async function flaky(drops: number): Promise<{ url: string; seen: () => number }> {
  let n = 0
  server = http.createServer((req, res) => {
    n++
    req.resume()
    if (n <= drops) {
      req.socket.destroy()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ protocolVersion: 1, schemaVersion: 4, vv: {}, serverTime: Date.now(), author: 'e1', meetingId: 'm1', unlocked: [], token: 't', code: 'c' }))
  })
  await new Promise<void>((resolve) => (server as http.Server).listen(0, '127.0.0.1', () => resolve()))
  return { url: `http://127.0.0.1:${((server as http.Server).address() as AddressInfo).port}`, seen: () => n }
}

describe('sync client on dropped connections', () => {
  it('sends an idempotent request once more when the connection was dropped under it', async () => {
    const s = await flaky(1)
    const hello = await new SyncServerClient(s.url, 'x'.repeat(43)).hello(4, {})
    expect(hello.author).toBe('e1')
    expect(s.seen()).toBe(2)
  })

  it('does not repeat enrolment, and reports a second drop in Chinese', async () => {
    const s = await flaky(5)
    await expect(new SyncServerClient(s.url, '').enrol('12345-67890', 'd')).rejects.toThrow(/无法连接同步服务器/)
    expect(s.seen()).toBe(1)
    const err = await new SyncServerClient(s.url, 'x'.repeat(43)).hello(4, {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SyncServerError)
    expect(s.seen()).toBe(3)
  })
})
