/**
 * Text search over extracted document pages. PDF text breaks lines (and sometimes words) anywhere, so whitespace
 * is ignored on both sides; matching is case-insensitive. Returns plain-text snippets (never HTML).
 */
export interface PageHit {
  /** 1-based page (DOCX: 1). */
  page: number
  before: string
  match: string
  after: string
}

const CONTEXT = 24

export function compactText(text: string): string {
  return text.replace(/\s+/g, '')
}

export function searchPages(pages: readonly string[], query: string, maxHits = 200): PageHit[] {
  const needle = compactText(query).toLowerCase()
  if (!needle) return []
  const hits: PageHit[] = []
  pages.forEach((text, index) => {
    const compact = compactText(text)
    const lower = compact.toLowerCase()
    let at = lower.indexOf(needle)
    while (at >= 0 && hits.length < maxHits) {
      hits.push({
        page: index + 1,
        before: compact.slice(Math.max(0, at - CONTEXT), at),
        match: compact.slice(at, at + needle.length),
        after: compact.slice(at + needle.length, at + needle.length + CONTEXT)
      })
      at = lower.indexOf(needle, at + needle.length)
    }
  })
  return hits
}
