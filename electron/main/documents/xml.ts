/** Minimal XML text helpers for the parts we write and read (no general XML parser is needed). */

const NEEDS_ESCAPE = /[&<>"']/

export function escapeXml(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

/** Escapes element text (quotes need no escaping outside attributes; JSON stays readable and small). */
export function escapeXmlText(s: string): string {
  return /[&<>]/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

export function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16))
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10))
    return NAMED[e] ?? ''
  })
}

/** Attributes of a start tag, by local name (prefixes dropped). */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of tag.matchAll(/([\w.-]+:)?([\w.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    const v = m[4] ?? m[5] ?? ''
    out[m[2]!] = v.includes('&') ? unescapeXml(v) : v
  }
  return out
}
