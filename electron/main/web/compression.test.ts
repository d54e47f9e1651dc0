/** Compressed static files from the browser version's server (issue 11 item 11), over real HTTP on real files. */
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { createHttpAdapter } from './httpAdapter'
import { acceptedEncodings } from './compression'

let server: http.Server
let port = 0
const js = 'export const x = "评审台";\n'.repeat(2000)
const css = 'body { color: red; }\n'.repeat(500)

beforeAll(async () => {
  const dir = tempDir('static-gz')
  fs.mkdirSync(path.join(dir, 'assets'))
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>')
  fs.writeFileSync(path.join(dir, 'assets', 'app.js'), js)
  fs.writeFileSync(path.join(dir, 'assets', 'app.js.br'), zlib.brotliCompressSync(js))
  fs.writeFileSync(path.join(dir, 'assets', 'app.css'), css)
  fs.writeFileSync(path.join(dir, 'assets', 'logo.png'), Buffer.alloc(4096, 7))
  server = createHttpAdapter({ handlers: {} as never, token: 'compression-test-token-0123456789', staticDir: dir, logError: () => {} })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  port = (server.address() as { port: number }).port
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

function get(p: string, acceptEncoding?: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p, headers: { host: `127.0.0.1:${port}`, ...(acceptEncoding !== undefined ? { 'accept-encoding': acceptEncoding } : {}) } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', reject)
  })
}

describe('compressed static files', () => {
  it('sends the build’s brotli copy to a browser that accepts it', async () => {
    const r = await get('/assets/app.js', 'gzip, deflate, br')
    expect(r.headers['content-encoding']).toBe('br')
    expect(r.headers['content-type']).toMatch(/javascript/)
    expect(r.headers.vary).toBe('Accept-Encoding')
    expect(zlib.brotliDecompressSync(r.body).toString()).toBe(js)
    expect(r.body.length).toBeLessThan(js.length / 20)
  })

  it('gzips on the fly when there is no copy for the accepted encoding, and sends the file as it is when none is accepted', async () => {
    const g = await get('/assets/app.js', 'gzip')
    expect(g.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(g.body).toString()).toBe(js)
    const c = await get('/assets/app.css', 'br;q=0, gzip')
    expect(c.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(c.body).toString()).toBe(css)
    const plain = await get('/assets/app.js', 'identity')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(js)
    const html = await get('/', 'gzip')
    expect(zlib.gunzipSync(html.body).toString()).toContain('<title>t</title>')
  })

  it('leaves images alone, and a compressed copy is never reachable in place of another file', async () => {
    const png = await get('/assets/logo.png', 'br, gzip')
    expect(png.headers['content-encoding']).toBeUndefined()
    expect(png.body.length).toBe(4096)
    expect(acceptedEncodings('*;q=0')).toEqual(new Set())
    expect(acceptedEncodings('BR;q=0.5')).toEqual(new Set(['br']))
  })
})
