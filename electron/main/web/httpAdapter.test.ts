import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { tempDir } from '../../../tests/helpers/tmp'
import { createHttpAdapter, MAX_BODY_BYTES } from './httpAdapter'

let server: http.Server
let base = ''
const token = 'test-token-0123456789'
let staticDir = ''

beforeAll(async () => {
  const b = await testBackend()
  staticDir = tempDir('static')
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>')
  fs.writeFileSync(path.join(tempDir('outside'), 'secret.txt'), 'secret')
  server = createHttpAdapter({ handlers: b.handlers, token, staticDir, logError: () => {} })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

function post(method: string, body: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) {
  return fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
}

/** Raw request, to send a Host header that fetch would not let us forge. */
function rawGet(pathName: string, host: string): Promise<number> {
  const { port } = server.address() as { port: number }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathName, method: 'GET', headers: { host } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('the HTTP adapter', () => {
  it('serves the contract with the token', async () => {
    const res = await post('meetings.list', '{}')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { ok: boolean; data: { isDemo: boolean }[] }
    expect(body.ok).toBe(true)
    expect(body.data[0]?.isDemo).toBe(true)
  })

  it('refuses requests without the right token', async () => {
    expect((await post('meetings.list', '{}', {})).status).toBe(401)
    expect((await post('meetings.list', '{}', { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401)
  })

  it('answers malformed requests with typed errors and status codes', async () => {
    const notJson = await post('meetings.list', '{not json')
    expect(notJson.status).toBe(400)
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toBe('请求内容不是有效的 JSON')
    expect((await post('meetings.get', '{"meetingId": 1}')).status).toBe(400)
    expect((await post('meetings.get', '{"meetingId": "nope"}')).status).toBe(404)
    expect((await post('no.such.method', '{}')).status).toBe(404)
    expect((await fetch(`${base}/api/meetings.list`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(405)
    const big = await post('meetings.list', JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES + 10) }))
    expect(big.status).toBe(413)
  })

  it('serves the UI with a strict CSP and never a file outside its folder', async () => {
    const res = await fetch(`${base}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    expect((await fetch(`${base}/../secret.txt`)).status).toBe(404)
    expect((await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { port } = server.address() as { port: number }
    expect(await rawGet('/', `127.0.0.1:${port}`)).toBe(200)
    expect(await rawGet('/', `evil.example:${port}`)).toBe(403)
  })
})
