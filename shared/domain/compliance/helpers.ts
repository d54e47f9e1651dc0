import { normaliseForMatch } from '../budget/cells'
import { firstKeyword, normalisedKeywords } from '../budget/keywords'
import { childrenByParent, costLeaves, effectiveFen } from '../budget/hierarchy'
import { fenToWan } from '../money'
import type { BudgetCategory, BudgetLine } from '../budget/types'
import type { KeywordRule, RequiredCost } from './config'
import type { ContentDocument, Finding, FindingRef, PackageContent } from './types'

/** 万元 for messages: two decimals, the only place where amounts are rounded. */
export function wan(amount: number): string {
  return `${amount.toFixed(2)}万元`
}

/** "多12.00万元" / "少3.50万元": how the sheet differs from what it should say. */
export function difference(amount: number): string {
  return amount >= 0 ? `多${wan(amount)}` : `少${wan(-amount)}`
}

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`
}

export function lineLabel(line: BudgetLine): string {
  return `${line.sheetName ? `工作表“${line.sheetName}”` : ''}第${line.sourceRow}行“${line.numbering ? `${line.numbering} ` : ''}${line.name}”`
}

// Keyword rules run over every line (50,000 in a large sheet): see firstKeyword.
const containsAnyNormalised = firstKeyword
const normalisedList = normalisedKeywords

export function containsAny(text: string, keywords: readonly string[]): string | null {
  return containsAnyNormalised(normaliseForMatch(text), keywords)
}

/** A normalised text (`budgetIndex` names and texts) that contains one of the keywords: the first such keyword, or null. */
export const textContainsAny = containsAnyNormalised

/**
 * The budget as the keyword rules read it, built once per lines array (each rule walks every line; the lines are
 * not changed meanwhile): the tree, and each line's name and name + spec normalised for matching, by position.
 */
interface BudgetIndex {
  size: number
  children: Map<string | null, BudgetLine[]>
  byId: Map<string, BudgetLine>
  names: string[]
  matchTexts: string[]
}
let runIndexes: WeakMap<readonly BudgetLine[], BudgetIndex> | null = null
function buildIndex(lines: readonly BudgetLine[]): BudgetIndex {
  return {
    size: lines.length,
    children: childrenByParent(lines),
    byId: new Map(lines.map((l) => [l.id, l])),
    names: lines.map((l) => normaliseForMatch(l.name)),
    matchTexts: lines.map((l) => normaliseForMatch(`${l.name} ${l.spec ?? ''}`))
  }
}
/**
 * The index of `lines`: shared by the rules of one run (`withBudgetIndexes`), built afresh outside a run, so a line
 * edited in place between two runs is never matched by its old text.
 */
export function budgetIndex(lines: readonly BudgetLine[]): BudgetIndex {
  if (!runIndexes) return buildIndex(lines)
  let t = runIndexes.get(lines)
  if (!t || t.size !== lines.length) {
    t = buildIndex(lines)
    runIndexes.set(lines, t)
  }
  return t
}

/** Runs `fn` (one pass of the rules over unchanging content) with budget indexes shared between its rules. */
export function withBudgetIndexes<T>(fn: () => T): T {
  const outer = runIndexes
  runIndexes = new WeakMap()
  try {
    return fn()
  } finally {
    runIndexes = outer
  }
}

/** The first keyword found in a line's name, or null. */
export function nameContainsAny(line: BudgetLine, keywords: readonly string[]): string | null {
  return containsAnyNormalised(normaliseForMatch(line.name), keywords)
}

/** The keyword of a rule that a line hits (in name or spec), or null. */
export function lineHit(
  line: BudgetLine,
  rule: Pick<KeywordRule, 'keywords' | 'exclude' | 'excludeCategories'>,
  text = normaliseForMatch(`${line.name} ${line.spec ?? ''}`)
): string | null {
  if (line.isSubtotal || line.isTotal || line.isMemo) return null
  if (rule.excludeCategories.includes(line.category)) return null
  if (containsAnyNormalised(text, rule.exclude)) return null
  return containsAnyNormalised(text, rule.keywords)
}

/**
 * Lines a keyword rule hits, top-down: when a group line is hit its lines are not reported again
 * (its amount already covers them).
 */
export interface LineHit {
  line: BudgetLine
  keyword: string
  /** 万元, exact. */
  amount: number
  amountFen: number
}

export function topmostHits(lines: readonly BudgetLine[], rule: KeywordRule): LineHit[] {
  const { children, byId, matchTexts } = budgetIndex(lines)
  const hits: LineHit[] = []
  const hitIds = new Set<string>()
  const ancestorHit = (line: BudgetLine): boolean => {
    let parentId = line.parentId
    while (parentId) {
      if (hitIds.has(parentId)) return true
      parentId = byId.get(parentId)?.parentId ?? null
    }
    return false
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const keyword = lineHit(line, rule, matchTexts[i])
    if (!keyword || ancestorHit(line)) continue
    hitIds.add(line.id)
    const amountFen = effectiveFen(line, children)
    hits.push({ line, keyword, amount: fenToWan(amountFen), amountFen })
  }
  return hits
}

/** Cost lines that satisfy a required cost (by category or keyword). */
export function costLines(content: PackageContent, cost: RequiredCost): BudgetLine[] {
  if (!content.budget) return []
  const { names } = budgetIndex(content.budget.lines)
  return content.budget.lines.filter(
    (l, i) => !l.isSubtotal && !l.isTotal && !l.isMemo && (cost.categories.includes(l.category) || containsAnyNormalised(names[i]!, cost.keywords) !== null)
  )
}

export function sumByCategory(
  lines: readonly BudgetLine[],
  categories: readonly BudgetCategory[]
): { amount: number; amountFen: number; lines: BudgetLine[] } {
  const leaves = costLeaves(lines).filter((l) => categories.includes(l.category))
  const amountFen = leaves.reduce((s, l) => s + (l.amountFen ?? 0), 0)
  return { amount: fenToWan(amountFen), amountFen, lines: leaves }
}

export interface DocumentHit {
  documentPath: string
  page: number | undefined
  keyword: string
}

/** First document page containing any keyword (whitespace ignored: PDF text breaks lines anywhere). */
export function findInDocuments(documents: readonly ContentDocument[], keywords: readonly string[]): DocumentHit | null {
  for (const doc of documents) {
    for (let i = 0; i < doc.pages.length; i++) {
      const keyword = containsAny(doc.pages[i] ?? '', keywords)
      if (keyword) return { documentPath: doc.path, page: doc.paged ? i + 1 : undefined, keyword }
    }
  }
  return null
}

export function findPatternInDocuments(documents: readonly ContentDocument[], patterns: readonly string[]): DocumentHit | null {
  const regexes = patterns.map((p) => new RegExp(p))
  for (const doc of documents) {
    for (let i = 0; i < doc.pages.length; i++) {
      const text = (doc.pages[i] ?? '').replace(/\s+/g, '')
      for (const regex of regexes) {
        const match = regex.exec(text)
        if (match) return { documentPath: doc.path, page: doc.paged ? i + 1 : undefined, keyword: match[0] }
      }
    }
  }
  return null
}

export interface AffirmedSearch {
  /** A sentence naming a keyword without a negation before it. */
  affirmed: DocumentHit | null
  /** The first sentence that names a keyword only to negate it ("本项目暂不开展密码应用方案编制"). */
  negated: (DocumentHit & { sentence: string }) | null
}

/**
 * Keywords judged by sentence: whitespace (PDF line breaks) removed, the page cut at 。；！？, and a keyword
 * counts only when no negation word comes before it in its sentence.
 */
export function findAffirmedInDocuments(documents: readonly ContentDocument[], keywords: readonly string[], negations: readonly string[]): AffirmedSearch {
  let negated: AffirmedSearch['negated'] = null
  const normalisedNegations = normalisedList(negations)
  const normalisedKeywords = normalisedList(keywords)
  for (const doc of documents) {
    for (let i = 0; i < doc.pages.length; i++) {
      const page = normaliseForMatch(doc.pages[i] ?? '')
      if (!containsAnyNormalised(page, keywords)) continue
      for (const sentence of page.split(/[。；;！!？?]/)) {
        for (let k = 0; k < keywords.length; k++) {
          const keyword = keywords[k]!
          const at = sentence.indexOf(normalisedKeywords[k]!)
          if (at < 0) continue
          const before = sentence.slice(0, at)
          const hit = { documentPath: doc.path, page: doc.paged ? i + 1 : undefined, keyword }
          if (!normalisedNegations.some((n) => before.includes(n))) return { affirmed: hit, negated }
          negated ??= { ...hit, sentence }
        }
      }
    }
  }
  return { affirmed: null, negated }
}

export function mainDocumentRefs(content: PackageContent): FindingRef[] {
  const main = content.documents.filter((d) => d.role === 'main')
  return (main.length > 0 ? main : content.documents).map((d) => ({ kind: 'document', documentPath: d.path }))
}

export function documentsHaveText(content: PackageContent): boolean {
  return content.documents.some((d) => d.pages.some((p) => p.trim().length > 0))
}

/** A document with (almost) no extractable text: a scan or images (fewer than 10 characters a page on average). */
export function isScanned(doc: ContentDocument): boolean {
  const chars = doc.pages.reduce((n, p) => n + p.replace(/\s+/g, '').length, 0)
  return chars < 10 * Math.max(1, doc.pages.length)
}

/**
 * What text rules may judge: the documents that could be read, and whether the main document (the 可研暨初设方案)
 * is among them. When it is a scan, rules about what the plan says are not judged at all: nothing is reported
 * "missing" from a document that could not be read.
 */
export function readableMaterial(content: PackageContent): { documents: ContentDocument[]; mainReadable: boolean; scanned: ContentDocument[] } {
  const documents = content.documents.filter((d) => !isScanned(d))
  const scanned = content.documents.filter(isScanned)
  const main = content.documents.filter((d) => d.role === 'main')
  const mainReadable = main.length > 0 ? main.some((d) => !isScanned(d)) : documents.length > 0
  return { documents, mainReadable, scanned }
}

/** A finding about one budget line with a cut of its whole (exact) amount when positive. */
export function wholeLineCut(
  line: BudgetLine,
  amount: number,
  f: Pick<Finding, 'article' | 'code' | 'severity' | 'message'>,
  reason: string
): Finding {
  return {
    id: `${f.code}:${line.id}`,
    ...f,
    refs: [{ kind: 'budgetLine', lineId: line.id }],
    ...(amount > 0 ? { suggestedCut: { amount, reason } } : {})
  }
}

export function lineRefs(lines: readonly BudgetLine[]): FindingRef[] {
  return lines.map((l) => ({ kind: 'budgetLine', lineId: l.id }))
}
