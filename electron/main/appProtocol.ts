/**
 * The desktop app's own pages come from `app://paneldesk/…` rather than `file://`: a `file://` page's 'self' is
 * the whole disk (its CSP cannot tell the app's files from /etc or C:\Users), while `app://paneldesk` is one origin
 * whose handler serves only the files of the renderer folder. This module is the handler's logic without
 * Electron (app/protocol.ts registers it), so it is tested in Vitest.
 */
import fs from 'node:fs'
import { resolveStaticFile, type StaticFile } from './staticFiles'

export const APP_SCHEME = 'app'
export const APP_HOST = 'paneldesk'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/** Whether a URL is one of the app's own pages (exactly our scheme and host). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST
  } catch {
    return false
  }
}

/** The renderer file an `app://` URL names, or null (foreign host, traversal, not a file). */
export function resolveAppUrl(rendererDir: string, url: string): StaticFile | null {
  if (!isAppUrl(url)) return null
  // The raw path as sent, before URL parsing collapses `..`: a traversal attempt is refused, not redirected.
  const raw = url.slice(APP_ORIGIN.length).split(/[?#]/)[0] ?? '/'
  if (/(^|\/)(\.|%2e){2}(\/|$)/i.test(raw) || /%2f|%5c/i.test(raw)) return null
  return resolveStaticFile(rendererDir, new URL(url).pathname)
}

/** The response to an `app://` request, as status, headers and bytes (app/protocol.ts wraps it in a Response). */
export async function answerAppRequest(rendererDir: string, url: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string>; body: Uint8Array | null }> {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: {}, body: null }
  const found = resolveAppUrl(rendererDir, url)
  if (!found) return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: new TextEncoder().encode('未找到') }
  const body = method === 'HEAD' ? null : new Uint8Array(await fs.promises.readFile(found.file))
  return { status: 200, headers: found.headers, body }
}
