/**
 * Attack: guessing join codes by spreading the attempts over several server processes (a load balancer sends them
 * round-robin). The enrolment limit lives in the store, so two processes on one database — two PostgreSQL-backed
 * processes, or two processes on one SQLite file — allow one allowance per client address in all, not one each.
 * Behind the trusted proxy, the address is the client's (X-Forwarded-For), so another client is not locked out.
 */
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startChild, type Child } from '../kits/server/child'
import { startTestPostgres, type TestPostgres } from '../kits/server/postgres'
import { tempDir } from '../helpers/tmp'
import { STORES } from './serverKit'

const LIMIT = 4
const children: Child[] = []
const clusters: TestPostgres[] = []

afterAll(() => {
  for (const c of children.splice(0)) c.kill()
  for (const pg of clusters.splice(0)) pg.stop()
})

async function enrol(url: string, forwardedFor: string): Promise<number> {
  const r = await fetch(`${url}/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ joinCode: '00000-00000', deviceName: 'guess' })
  })
  await r.text()
  return r.status
}

describe.each(STORES)('enrolment limit across two server processes (%s store)', (kind) => {
  it(`allows ${LIMIT} attempts per client address in all, whichever process answers`, async () => {
    const dir = tempDir(`enrol-shared-${kind}`)
    let postgres: string | undefined
    if (kind === 'pg') {
      const pg = await startTestPostgres(dir)
      clusters.push(pg)
      postgres = pg.url
    }
    // Both processes on one store: the same PostgreSQL database, or the same SQLite data folder.
    const o = { enrolPerMinute: LIMIT, trustProxy: '127.0.0.1', ...(postgres ? { postgres } : {}) }
    const a = await startChild(path.join(dir, 'server'), o)
    children.push(a)
    const b = await startChild(path.join(dir, 'server'), o)
    children.push(b)
    const attacker = '203.0.113.66'
    const statuses: number[] = []
    for (let i = 0; i < 2 * LIMIT; i++) statuses.push(await enrol(i % 2 ? b.url : a.url, attacker))
    expect(statuses.slice(0, LIMIT).every((s) => s === 403)).toBe(true)
    expect(statuses.slice(LIMIT)).toEqual(Array(LIMIT).fill(429))
    // Concurrent attempts through both processes at once are counted too.
    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => enrol(i % 2 ? b.url : a.url, '203.0.113.77')))
    expect(burst.filter((s) => s === 429)).toHaveLength(6 - LIMIT)
    // Another client behind the same proxy keeps its own allowance, on either process.
    expect(await enrol(b.url, '198.51.100.5')).toBe(403)
    expect(await enrol(a.url, '198.51.100.5')).toBe(403)
  }, 90_000)
})
