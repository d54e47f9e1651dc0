/**
 * The desktop app's pages come from app://paneldesk (issue 15: file:// pages, whose CSP 'self' is the whole disk).
 * The handler serves only the renderer folder: traversal in every spelling, other hosts and symlinks out are 404.
 * Also the <meta> policy written into the built index.html.
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { answerAppRequest, APP_INDEX_URL, isAppUrl } from '../../electron/main/appProtocol'
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY, withCspMeta } from '../../electron/main/security'
import { tempDir } from '../helpers/tmp'

let root = ''
let outside = ''

beforeAll(() => {
  const base = tempDir('app-protocol')
  root = path.join(base, 'renderer')
  outside = path.join(base, 'secret.txt')
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true })
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>')
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)')
  fs.writeFileSync(outside, 'secret')
  if (process.platform !== 'win32') fs.symlinkSync(outside, path.join(root, 'assets', 'link.js'))
})

const text = (b: Uint8Array | null) => new TextDecoder().decode(b ?? new Uint8Array())

describe('app://paneldesk', () => {
  it('serves the renderer with the CSP header', async () => {
    const index = await answerAppRequest(root, APP_INDEX_URL)
    expect(index.status).toBe(200)
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(index.headers['content-type']).toMatch(/^text\/html/)
    const js = await answerAppRequest(root, 'app://paneldesk/assets/app.js?v=1')
    expect(js.status).toBe(200)
    expect(text(js.body)).toBe('console.log(1)')
  })

  it('refuses traversal in every spelling, other hosts, symlinks out and writes', async () => {
    const attempts = [
      'app://paneldesk/../secret.txt',
      'app://paneldesk/assets/../../secret.txt',
      'app://paneldesk/%2e%2e/secret.txt',
      'app://paneldesk/.%2E/secret.txt',
      'app://paneldesk/assets%2f..%2f..%2fsecret.txt',
      'app://paneldesk/..%5csecret.txt',
      `app://paneldesk/${encodeURIComponent(outside)}`,
      'app://paneldesk/assets/app.js%00.html',
      'app://evil/index.html',
      'app://paneldesk.evil/index.html',
      `file://${outside}`,
      ...(process.platform !== 'win32' ? ['app://paneldesk/assets/link.js'] : [])
    ]
    for (const url of attempts) {
      const r = await answerAppRequest(root, url)
      expect(r.status, url).toBe(404)
      expect(text(r.body), url).not.toContain('secret')
    }
    expect((await answerAppRequest(root, APP_INDEX_URL, 'POST')).status).toBe(405)
    expect(isAppUrl('app://paneldesk/index.html#/meetings')).toBe(true)
    expect(isAppUrl('file:///index.html')).toBe(false)
    expect(isAppUrl('https://paneldesk/')).toBe(false)
  })
})

describe('the content security policy', () => {
  it('is written into index.html as the first policy, after the charset, without what a meta cannot hold', () => {
    const source = fs.readFileSync(path.resolve(__dirname, '../../renderer/index.html'), 'utf8')
    const built = withCspMeta(source)
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)" \/>/.exec(built)
    expect(meta?.[1]).toBe(META_CONTENT_SECURITY_POLICY)
    expect(built.indexOf('charset')).toBeLessThan(built.indexOf('Content-Security-Policy'))
    expect(built.indexOf('Content-Security-Policy')).toBeLessThan(built.indexOf('<script'))
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors')
    expect(withCspMeta(built)).toBe(built)
  })

  it('allows no inline or evaluated script, no plugins, no frames, no foreign connections', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const))
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('connect-src')).toEqual(["'self'"])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('frame-src')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'none'"])
  })
})
