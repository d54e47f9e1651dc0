/**
 * Compressed static files for the browser version (issue 11 item 11): the build writes a brotli (`.br`) and a gzip
 * (`.gz`) copy next to every text asset (electron.vite.config.ts, `precompress`); the server sends the best one the
 * browser accepts, with `Content-Encoding` and `Vary: Accept-Encoding`. A file without a copy (a build without the
 * plugin) is gzipped once on first request and kept in memory (bounded), so nothing compressible goes out raw.
 */
import fs from 'node:fs'
import zlib from 'node:zlib'

/** Types worth compressing (fonts in woff2, images and pdf.js's cmaps are compressed already). */
export const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt|map|wasm|ttf)$/i
/** At most this many bytes of gzipped copies made on the fly are kept. */
const CACHE_BYTES = 64 * 1024 * 1024

export type Encoding = 'br' | 'gzip'

/** The encodings an Accept-Encoding header allows, of brotli and gzip (q=0 refuses one). */
export function acceptedEncodings(accept: string | undefined): Set<Encoding> {
  const offered = new Map<string, number>()
  for (const part of (accept ?? '').toLowerCase().split(',').slice(0, 50)) {
    const [name, ...params] = part.trim().split(';')
    if (!name) continue
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
    offered.set(name, q === undefined ? 1 : Number(q))
  }
  const ok = (n: string) => (offered.get(n) ?? offered.get('*') ?? 0) > 0
  return new Set((['br', 'gzip'] as const).filter(ok))
}

const made = new Map<string, Buffer>()
let madeBytes = 0

/** A gzipped copy of `file` made now (and cached by path, size and modification time). */
export function gzippedCopy(file: string): Buffer {
  const st = fs.statSync(file)
  const key = `${file}\u0000${st.size}\u0000${st.mtimeMs}`
  const hit = made.get(key)
  if (hit) return hit
  const gz = zlib.gzipSync(fs.readFileSync(file), { level: 6 })
  while (madeBytes + gz.length > CACHE_BYTES && made.size > 0) {
    const [oldest, bytes] = made.entries().next().value as [string, Buffer]
    made.delete(oldest)
    madeBytes -= bytes.length
  }
  made.set(key, gz)
  madeBytes += gz.length
  return gz
}
