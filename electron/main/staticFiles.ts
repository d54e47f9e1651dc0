/**
 * The built renderer as static files, for both ways the app's own pages are served: the browser version's HTTP
 * adapter (web/httpAdapter.ts) and the desktop app's `app://` protocol (appProtocol.ts). A request resolves to a
 * regular file inside the renderer folder or to nothing: `..`, encoded `..`, NUL, backslashes and symlinks leading
 * out are refused.
 */
import fs from 'node:fs'
import path from 'node:path'
import { CONTENT_SECURITY_POLICY } from './security'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf'
}

export interface StaticFile {
  file: string
  headers: Record<string, string>
}

/** The file a URL path names inside `root`, with its response headers, or null (answer 404). */
export function resolveStaticFile(root: string, urlPath: string): StaticFile | null {
  let rel: string
  try {
    rel = decodeURIComponent(urlPath.split(/[?#]/)[0] ?? '/')
  } catch {
    return null
  }
  if (rel.includes('\u0000') || rel.includes('\\')) return null
  if (rel === '/' || rel === '') rel = '/index.html'
  const base = path.resolve(root)
  const file = path.resolve(base, '.' + rel)
  if (!file.startsWith(base + path.sep)) return null
  try {
    // The real location too: a symlink inside the folder must not lead out of it.
    const real = fs.realpathSync(file)
    if (!real.startsWith(fs.realpathSync(base) + path.sep) || !fs.statSync(real).isFile()) return null
  } catch {
    return null
  }
  return { file, headers: staticHeaders(path.extname(file)) }
}

function staticHeaders(ext: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': MIME[ext] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'cache-control': ext === '.html' ? 'no-store' : 'public, max-age=3600'
  }
  if (ext === '.html') {
    headers['content-security-policy'] = CONTENT_SECURITY_POLICY
    headers['x-frame-options'] = 'DENY'
    headers['referrer-policy'] = 'no-referrer'
  }
  return headers
}
