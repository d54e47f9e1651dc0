/**
 * Keyword search over many short texts (every line of a 50,000-line budget, against lists of dozens of keywords):
 * each keyword list is normalised once and indexed by the first code unit of its keywords, so a text is scanned
 * once per list rather than once per keyword. The list's order still decides: the keyword returned is the first
 * of the list that the text contains, as a loop of `includes` over the list would return.
 */
import { normaliseForMatch } from './cells'

interface KeywordIndex {
  normalised: string[]
  /** Positions in the list of the keywords starting with a code unit, ascending. */
  byFirst: Map<number, number[]>
  /** The first keyword that normalises to '' (contained in any text), or -1. */
  empty: number
}

// Kept while the list (a rule of the configuration) lives.
const indexes = new WeakMap<readonly string[], KeywordIndex>()

function indexOf(keywords: readonly string[]): KeywordIndex {
  let n = indexes.get(keywords)
  if (n === undefined) {
    const normalised = keywords.map((k) => normaliseForMatch(k))
    const byFirst = new Map<number, number[]>()
    normalised.forEach((k, i) => {
      if (k === '') return
      const list = byFirst.get(k.charCodeAt(0))
      if (list) list.push(i)
      else byFirst.set(k.charCodeAt(0), [i])
    })
    n = { normalised, byFirst, empty: normalised.indexOf('') }
    indexes.set(keywords, n)
  }
  return n
}

/** The keywords normalised for matching (normaliseForMatch), computed once per list. */
export function normalisedKeywords(keywords: readonly string[]): string[] {
  return indexOf(keywords).normalised
}

/** The first keyword of the list that a normalised text contains, or null. */
export function firstKeyword(normalisedText: string, keywords: readonly string[]): string | null {
  const i = firstKeywordIndex(normalisedText, keywords)
  return i < 0 ? null : keywords[i]!
}

/** The position in the list of the first keyword that a normalised text contains, or -1. */
export function firstKeywordIndex(normalisedText: string, keywords: readonly string[]): number {
  const { normalised, byFirst, empty } = indexOf(keywords)
  let best = empty >= 0 ? empty : normalised.length
  for (let at = 0; at < normalisedText.length && best > 0; at++) {
    const candidates = byFirst.get(normalisedText.charCodeAt(at))
    if (!candidates) continue
    for (const i of candidates) {
      if (i >= best) break
      if (normalisedText.startsWith(normalised[i]!, at)) best = i
    }
  }
  return best < normalised.length ? best : -1
}
