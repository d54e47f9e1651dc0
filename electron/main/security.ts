/**
 * The content security policy of the renderer, for both the Electron window and the browser version. It reaches
 * the page twice: as a response header (HTTP adapter, `app://` protocol) and as a `<meta>` tag written into the
 * built index.html (electron.vite.config.ts), which holds wherever the file is loaded from. Both are the same
 * policy, except that a `<meta>` policy cannot carry `frame-ancestors` (browsers ignore it there; the header and
 * `X-Frame-Options` cover framing).
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  // antd injects its CSS-in-JS styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'"
]

export const CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ')

/** The same policy without what a `<meta>` policy may not hold. */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')).join('; ')

/** Writes the `<meta>` policy at the top of `<head>`, after the charset (before any script or style). */
export function withCspMeta(html: string): string {
  if (html.includes('http-equiv="Content-Security-Policy"')) return html
  const meta = `<meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`
  const charset = /<meta charset=[^>]*>/i.exec(html)
  const head = /<head[^>]*>/i.exec(html)
  const anchor = charset ?? head
  if (!anchor) throw new Error('index.html has no <head>: cannot add the content security policy')
  const end = anchor.index + anchor[0].length
  return `${html.slice(0, end)}\n    ${meta}${html.slice(end)}`
}
