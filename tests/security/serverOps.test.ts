/**
 * The server as an operator runs it, attacked and broken on purpose, over real HTTP: health and readiness, request
 * ids (a caller's malformed id is replaced, never echoed), metrics whose series cannot be multiplied by requests
 * for made-up paths, and — on PostgreSQL — the database stopped under the running server: requests answer 503 with a
 * Chinese message, /readyz says so, /healthz still answers, and everything works again once the database is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RawDevice, STORES, seedMeetingRaw, sheetTxs, startWorld, type World } from './serverKit'

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; requestId: string | null }> {
  const r = await fetch(url, { headers })
  return { status: r.status, text: await r.text(), requestId: r.headers.get('x-request-id') }
}

const metric = (text: string, line: string): number => {
  const m = new RegExp(`^${line.replace(/[{}()[\]|.+*?^$\\]/g, '\\$&')} (\\S+)$`, 'm').exec(text)
  return m ? Number(m[1]) : NaN
}

describe.each(STORES)('operating the sync server (%s store)', (kind) => {
  let w: World
  let sec: RawDevice, e1: RawDevice

  beforeAll(async () => {
    w = await startWorld(kind)
    sec = await RawDevice.enrol(w.server.url, w.joinCode)
    await seedMeetingRaw(sec, 'm1', ['p1'], ['e1'])
    e1 = await RawDevice.enrol(w.server.url, (await sec.client().createJoinCode('e1', 'm1')).code)
  }, 60_000)

  afterAll(async () => {
    await w?.stop()
  })

  it('answers /healthz and /readyz without a token', async () => {
    expect(await get(`${w.server.url}/healthz`)).toMatchObject({ status: 200, text: '{"status":"ok"}' })
    const ready = await get(`${w.server.url}/readyz`)
    expect(ready.status).toBe(200)
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready', store: kind })
  })

  it('carries a well-formed X-Request-Id through to the answer and the log, and replaces a malformed one', async () => {
    const given = await get(`${w.server.url}/healthz`, { 'x-request-id': 'proxy-1234.abc' })
    expect(given.requestId).toBe('proxy-1234.abc')
    expect(w.logs.some((l) => l.msg === 'request' && l.fields.requestId === 'proxy-1234.abc' && l.fields.path === '/healthz' && l.fields.status === 200)).toBe(true)
    const forged = await get(`${w.server.url}/healthz`, { 'x-request-id': 'a"}\\n{"level":"error' })
    expect(forged.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(JSON.stringify(w.logs)).not.toContain('"level":"error"}')
    const failed = await e1.post('/v1/pull', { vv: 'not a version vector' })
    expect(failed.status).toBe(400)
    expect(w.logs.some((l) => l.msg === 'request failed' && l.fields.status === 400 && typeof l.fields.requestId === 'string' && l.fields.author === 'e1')).toBe(true)
  })

  it('counts requests, latency, changes pushed and pulled and held changes, with a fixed set of series', async () => {
    const [e] = [{ id: 'e1', name: '专家e1' }]
    const txs = sheetTxs(e1, 'm1', 'p1', e, { i1: 5 })
    const pushed = await e1.push(txs.flat())
    expect(pushed.status).toBe(200)
    await sec.pullAll()
    // A flood of made-up paths (and methods) lands in one series, not one per path (401: no token).
    for (let i = 0; i < 50; i++) await fetch(`${w.server.url}/x${i}/${'y'.repeat(i)}`, { method: i % 2 ? 'DELETE' : 'GET' }).then((r) => r.text())
    const m = await get(`${w.server.url}/metrics`)
    expect(m.status).toBe(200)
    expect(m.text).toMatch(/^# HELP paneldesk_http_requests_total /m)
    expect(metric(m.text, 'paneldesk_http_requests_total{route="/v1/push",method="POST",status="200"}')).toBeGreaterThanOrEqual(2)
    expect(metric(m.text, 'paneldesk_http_requests_total{route="other",method="GET",status="401"}')).toBe(25)
    expect(metric(m.text, 'paneldesk_http_requests_total{route="other",method="other",status="401"}')).toBe(25)
    expect(m.text).not.toMatch(/route="\/x/)
    expect(metric(m.text, 'paneldesk_changes_pushed_total{verdict="accepted"}')).toBeGreaterThanOrEqual(txs.flat().length)
    expect(metric(m.text, 'paneldesk_changes_pulled_total')).toBeGreaterThan(0)
    expect(metric(m.text, 'paneldesk_store_up')).toBe(1)
    expect(metric(m.text, 'paneldesk_changes_held')).toBe(0)
    const count = metric(m.text, 'paneldesk_http_request_duration_seconds_count{route="/v1/push"}')
    expect(metric(m.text, 'paneldesk_http_request_duration_seconds_bucket{route="/v1/push",le="+Inf"}')).toBe(count)
    expect(metric(m.text, 'paneldesk_http_request_duration_seconds_bucket{route="/v1/push",le="30"}')).toBe(count)
  })

  it.skipIf(kind !== 'pg')('answers 503 in Chinese while the database is down, and recovers when it is back', async () => {
    const pg = w.pg
    if (!pg) throw new Error('no database')
    pg.halt()
    try {
      const hello = await e1.hello()
      expect(hello.status).toBe(503)
      expect(hello.body.error).toBe('同步服务器暂时无法访问其数据库，请稍后再同步')
      const ready = await get(`${w.server.url}/readyz`)
      expect(ready.status).toBe(503)
      expect(JSON.parse(ready.text).error).toMatch(/暂时无法访问其数据库/)
      expect((await get(`${w.server.url}/healthz`)).status).toBe(200)
      expect(metric((await get(`${w.server.url}/metrics`)).text, 'paneldesk_store_up')).toBe(0)
      // A device's own retries do not help while it is down: the answer stays a clean 503.
      await expect(e1.client().hello(4, {})).rejects.toThrow(/暂时无法访问其数据库/)
    } finally {
      pg.start()
    }
    // The first request after the restart may meet a connection that died with the old server: at most one 503.
    const statuses: number[] = []
    for (let i = 0; i < 3 && statuses[statuses.length - 1] !== 200; i++) statuses.push((await get(`${w.server.url}/readyz`)).status)
    expect(statuses[statuses.length - 1]).toBe(200)
    expect((await e1.hello()).status).toBe(200)
    expect(metric((await get(`${w.server.url}/metrics`)).text, 'paneldesk_http_errors_total')).toBeGreaterThan(0)
  }, 60_000)
})
