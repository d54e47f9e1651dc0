/**
 * Matching budget lines to price references: an inverted index on name tokens gives the candidates (weighted by
 * how rare each token is), then each candidate is scored on the name (IDF-weighted Dice), the specification facts,
 * the unit class, the group and the model numbers; the top N come back with their reasons in Chinese.
 */
import { compareFacts, FACT_LABELS, specFacts, type SpecFacts } from './facts'
import { headWord, normaliseName, tokens, unitsCompatible } from './normalize'

export interface PriceRef {
  id: string
  name: string
  spec: string
  unit: string
  /** The reference unit price in 分 (for a past meeting's line: the 核定 unit price). */
  unitPriceFen: number
  /** The budget group (概算分类) when known. */
  group: string | null
  /** 历史核定 / 政府采购协议价 / 市场询价 / … */
  source: string
  /** YYYY-MM-DD. */
  date: string
}

export interface PriceQuery {
  name: string
  spec?: string | null
  unit?: string | null
  group?: string | null
}

export interface PriceMatch {
  ref: PriceRef
  /** 0..1. */
  score: number
  reasons: string[]
}

/** A candidate at or above this score counts as a match (tuned on the labelled set: bench/prices.bench.ts). */
export const MATCH_THRESHOLD = 0.5
/** Tokens in more postings than this are not used to find candidates, only to score them. */
const COMMON_POSTINGS = 2000
const MAX_CANDIDATES = 40

interface Prepared {
  tokenIds: Int32Array
  weight: number
  facts: SpecFacts
  models: string[]
  /** The normalised name without spaces, for containment. */
  compact: string
  head: string | null
}

export interface PriceIndex {
  refs: readonly PriceRef[]
  prepared: Prepared[]
  postings: Int32Array[]
  idf: Float64Array
  tokenIds: Map<string, number>
  /** Scratch space: per ref, accumulated score and the query it was last touched by. */
  acc: Float64Array
  stamp: Int32Array
  query: number
}

function isModel(tok: string): boolean {
  return /[a-z]/.test(tok) && /\d/.test(tok)
}

export function buildPriceIndex(refs: readonly PriceRef[]): PriceIndex {
  const tokenIds = new Map<string, number>()
  const lists: number[][] = []
  const refTokens: number[][] = []
  const prepared: Prepared[] = []
  refs.forEach((ref, i) => {
    const norm = normaliseName(ref.name)
    const toks = tokens(norm)
    const ids: number[] = []
    for (const tok of toks) {
      let id = tokenIds.get(tok)
      if (id === undefined) {
        id = lists.length
        tokenIds.set(tok, id)
        lists.push([])
      }
      lists[id]!.push(i)
      ids.push(id)
    }
    refTokens.push(ids)
    prepared.push({ tokenIds: Int32Array.from(ids), weight: 0, facts: specFacts(`${ref.name} ${ref.spec}`), models: toks.filter(isModel), compact: norm.replace(/ /g, ''), head: headWord(norm) })
  })
  const n = refs.length
  const idf = new Float64Array(lists.length)
  lists.forEach((l, id) => (idf[id] = Math.log(1 + n / l.length)))
  prepared.forEach((p, i) => (p.weight = refTokens[i]!.reduce((s, id) => s + idf[id]!, 0)))
  return {
    refs,
    prepared,
    postings: lists.map((l) => Int32Array.from(l)),
    idf,
    tokenIds,
    acc: new Float64Array(n),
    stamp: new Int32Array(n).fill(-1),
    query: 0
  }
}

interface QueryInfo {
  known: { id: number; idf: number }[]
  weight: number
  facts: SpecFacts
  models: string[]
  unit: string | null
  group: string | null
  compact: string
  head: string | null
}

function prepareQuery(index: PriceIndex, q: PriceQuery): QueryInfo {
  const norm = normaliseName(q.name)
  const toks = tokens(norm)
  const known: { id: number; idf: number }[] = []
  let weight = 0
  const unseen = Math.log(1 + index.refs.length)
  for (const tok of toks) {
    const id = index.tokenIds.get(tok)
    if (id === undefined) weight += unseen
    else {
      known.push({ id, idf: index.idf[id]! })
      weight += index.idf[id]!
    }
  }
  return { known, weight, facts: specFacts(`${q.name} ${q.spec ?? ''}`), models: toks.filter(isModel), unit: q.unit ?? null, group: q.group ?? null, compact: norm.replace(/ /g, ''), head: headWord(norm) }
}

function candidates(index: PriceIndex, qi: QueryInfo): number[] {
  const q = ++index.query
  const touched: number[] = []
  const rare = qi.known.filter((k) => index.postings[k.id]!.length <= COMMON_POSTINGS)
  const use = rare.length > 0 ? rare : qi.known.slice(0, 1)
  for (const { id, idf } of use) {
    const list = index.postings[id]!
    for (let j = 0; j < list.length; j++) {
      const r = list[j]!
      if (index.stamp[r] !== q) {
        index.stamp[r] = q
        index.acc[r] = 0
        touched.push(r)
      }
      index.acc[r]! += idf
    }
  }
  let best = 0
  for (const r of touched) if (index.acc[r]! > best) best = index.acc[r]!
  const keep = touched.filter((r) => index.acc[r]! >= best * 0.4)
  keep.sort((a, b) => index.acc[b]! - index.acc[a]!)
  return keep.slice(0, MAX_CANDIDATES)
}

function scoreRef(index: PriceIndex, qi: QueryInfo, r: number): PriceMatch | null {
  const ref = index.refs[r]!
  const p = index.prepared[r]!
  const units = unitsCompatible(qi.unit, ref.unit)
  if (units === 'different') return null
  let shared = 0
  for (const k of qi.known) if (p.tokenIds.includes(k.id)) shared += k.idf
  const nameSim = qi.weight + p.weight > 0 ? (2 * shared) / (qi.weight + p.weight) : 0
  const reasons = [`名称相近 ${Math.round(nameSim * 100)}%`]
  let score = nameSim
  const contained = containment(qi.compact, p.compact)
  if (contained > score) {
    score = contained
    reasons[0] = `名称包含 ${Math.round(contained * 100)}%`
  }
  // Different things named by their head noun: a 数据库 服务器 is a 服务器, not a 数据库.
  const headMissing = (h: string | null, other: string) => h !== null && !other.includes(h)
  if (headMissing(qi.head, p.compact) || headMissing(p.head, qi.compact)) {
    score *= 0.6
    reasons.push('品名不同')
  }
  const facts = compareFacts(qi.facts, p.facts)
  if (facts.agree.length) {
    score = Math.min(1, score + 0.08 * facts.agree.length)
    reasons.push(`规格一致：${facts.agree.map((k) => FACT_LABELS[k]).join('、')}`)
  }
  if (facts.differ.length) {
    score *= 0.45 ** facts.differ.length
    reasons.push(`规格不同：${facts.differ.map((k) => FACT_LABELS[k]).join('、')}`)
  }
  if (qi.models.length && p.models.length) {
    if (qi.models.some((m) => p.models.includes(m))) reasons.push('型号相同')
    else {
      score *= 0.8
      reasons.push('型号不同')
    }
  }
  if (units === 'unknown') {
    score *= 0.9
    reasons.push('单位未知')
  }
  if (qi.group && ref.group && qi.group !== ref.group) {
    score *= 0.85
    reasons.push(`分类不同（${ref.group}）`)
  }
  return { ref, score: Math.round(score * 1000) / 1000, reasons }
}

/**
 * One name ending the other (培训 in 系统操作培训): 0.55 … 0.85 by how much of the longer one it covers. Only at the
 * end, where a Chinese name keeps its head noun: 数据库服务器 is a 服务器, not a 数据库.
 */
function containment(a: string, b: string): number {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  if ([...short].length < 2 || !long.endsWith(short)) return 0
  return 0.55 + (0.3 * short.length) / long.length
}

/** The best `topN` references for one line, best first (score ties: newer first). */
export function matchLine(index: PriceIndex, query: PriceQuery, topN = 5): PriceMatch[] {
  const qi = prepareQuery(index, query)
  if (qi.known.length === 0) return []
  const out: PriceMatch[] = []
  for (const r of candidates(index, qi)) {
    const m = scoreRef(index, qi, r)
    if (m && m.score > 0.2) out.push(m)
  }
  out.sort((a, b) => b.score - a.score || (a.ref.date < b.ref.date ? 1 : a.ref.date > b.ref.date ? -1 : 0))
  return out.slice(0, Math.max(1, Math.min(topN, 50)))
}

/** The matches that count: at or above the threshold and within 0.1 of the best (the same thing, priced again). */
export function acceptedMatches(matches: readonly PriceMatch[], threshold = MATCH_THRESHOLD): PriceMatch[] {
  const best = matches[0]
  if (!best || best.score < threshold) return []
  return matches.filter((m) => m.score >= threshold && m.score >= best.score - 0.1)
}
