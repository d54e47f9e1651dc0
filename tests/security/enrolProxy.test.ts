/**
 * Attack (issue 15, item 10): guessing join codes past the enrolment rate limit. The limit is per client address.
 * Without a trusted proxy, a forged X-Forwarded-For must not give each attempt a fresh address; with the reverse
 * proxy trusted (`--trust-proxy`), clients behind it are limited separately, by the rightmost untrusted hop.
 * Over real HTTP against the real server.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { parseTrustedProxies } from '../../server/clientAddress'
import { startServer, type RunningServer } from '../../server/main'
import { memoryLogger } from '../kits/server/harness'
import { tempDir } from '../helpers/tmp'

const running: RunningServer[] = []
afterEach(async () => {
  for (const s of running.splice(0)) await s.close()
})

async function server(trustProxy?: string[]) {
  const logs = memoryLogger()
  const s = await startServer({ dataDir: tempDir('sec-proxy'), port: 0, log: logs.log, enrolPerMinute: 3, ...(trustProxy ? { trustProxy } : {}) })
  running.push(s)
  return { s, logs }
}

async function enrol(s: RunningServer, forwardedFor?: string): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor
  const r = await fetch(`${s.url}/v1/enrol`, { method: 'POST', headers, body: JSON.stringify({ joinCode: '00000-00000', deviceName: 'x' }) })
  await r.text()
  return r.status
}

describe('enrolment rate limit behind a proxy', () => {
  it('without a trusted proxy, a forged X-Forwarded-For does not escape the limit', async () => {
    const { s, logs } = await server()
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push(await enrol(s, `198.51.100.${i + 1}`))
    expect(statuses.slice(0, 3).every((x) => x !== 429)).toBe(true)
    expect(statuses.slice(3)).toEqual([429, 429, 429])
    // The refusals are logged under the socket address, not the forged one.
    expect(logs.lines.filter((l) => l.msg === 'enrol refused').map((l) => l.fields.ip)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1'])
  })

  it('with the proxy trusted, distinct clients are limited separately, and a client cannot pick its own address', async () => {
    const { s } = await server(['127.0.0.1', '10.0.0.0/8'])
    const a: number[] = []
    // Client A's attempts: it writes a fresh address of its own into the header each time, the proxies append theirs.
    for (let i = 0; i < 5; i++) a.push(await enrol(s, `198.51.100.${i + 1}, 203.0.113.7, 10.1.2.3`))
    expect(a.slice(3)).toEqual([429, 429])
    // Client B behind the same proxies still has its own allowance.
    expect(await enrol(s, '203.0.113.8, 10.1.2.3')).not.toBe(429)
    // A header of trusted hops only, or none at all, is the proxy's own address: limited as one more client.
    expect(await enrol(s)).not.toBe(429)
  })

  it('refuses a --trust-proxy entry that is neither an address nor a range, and matches IPv4-mapped and IPv6 peers', () => {
    expect(() => parseTrustedProxies(['10.0.0.0/33'])).toThrow('--trust-proxy 中的“10.0.0.0/33”不是 IP 地址或 CIDR 网段')
    expect(() => parseTrustedProxies(['proxy.example'])).toThrow('不是 IP 地址或 CIDR 网段')
    const t = parseTrustedProxies(['127.0.0.1,fd00::/8'])
    expect([t.has('::ffff:127.0.0.1'), t.has('fd12::1'), t.has('fe80::1'), t.has('127.0.0.2'), t.has('junk')]).toEqual([true, true, false, false, false])
  })
})
