/**
 * 价格参考 in a meeting (issue 13): the references the secretariat chose to travel with the meeting (replicated
 * table meeting_price_refs, written as the secretariat through writeChanges, so they go out sealed and experts'
 * laptops hold them read-only), each budget line matched against them, the reviewers' confirmations and
 * rejections (local, price_match_choices), and the 价格参考 findings that join the compliance findings.
 */
import { ApiError } from '../../../shared/api/errors'
import type { LinePriceView, PriceMatchView, ProjectPricesView } from '../../../shared/api/priceTypes'
import type { Finding } from '../../../shared/domain/compliance/types'
import { naturalId } from '../../../shared/domain/ids'
import { priceFindings, type PricedLine } from '../../../shared/domain/prices/findings'
import { acceptedMatches, buildPriceIndex, matchLine, MATCH_THRESHOLD, type PriceIndex, type PriceMatch, type PriceRef } from '../../../shared/domain/prices/match'
import { normaliseName, unitClass } from '../../../shared/domain/prices/normalize'
import { wanToFen } from '../../../shared/domain/money'
import { isOld, priceRange, type PriceSettings } from '../../../shared/domain/prices/range'
import type { Db } from '../db/connection'
import type { BudgetLinesTable } from '../db/schemaPackages'
import { writeChanges } from '../db/changeWriter'
import { prepare } from '../db/query'
import { SECRETARIAT } from './authors'
import { meetingSettings } from './console'
import { getMeetingRow } from './meetings'
import { libraryRefs } from './priceLibrary'

/** At most this many references travel with one meeting. */
export const MAX_MEETING_REFS = 20_000
const TOP_N = 8

interface MeetingRefRow {
  id: string
  name: string
  spec: string
  unit: string
  unit_price_fen: number
  group_name: string | null
  project: string
  source: string
  ref_date: string
}

export function meetingRefs(db: Db, meetingId: string): (PriceRef & { project: string })[] {
  const rows = prepare(db, 'SELECT * FROM meeting_price_refs WHERE meeting_id = ? AND deleted = 0 ORDER BY ref_date DESC, id LIMIT ?').all(meetingId, MAX_MEETING_REFS) as MeetingRefRow[]
  return rows.map((r) => ({ id: r.id, name: r.name, spec: r.spec, unit: r.unit, unitPriceFen: r.unit_price_fen, group: r.group_name, source: r.source, date: r.ref_date, project: r.project }))
}

type LeafLine = Pick<BudgetLinesTable, 'id' | 'project_id' | 'name' | 'spec' | 'unit' | 'quantity' | 'unit_price' | 'amount' | 'category'>

/** The reviewable lines (leaf items) of a project, in budget order. */
function leafLines(db: Db, projectId: string): LeafLine[] {
  return prepare(
    db,
    `SELECT id, project_id, name, spec, unit, quantity, unit_price, amount, category FROM budget_lines b
     WHERE project_id = ? AND deleted = 0 AND kind = 'item'
       AND NOT EXISTS (SELECT 1 FROM budget_lines c WHERE c.parent_id = b.id AND c.deleted = 0)
     ORDER BY sort_order`
  ).all(projectId) as LeafLine[]
}

function meetingLines(db: Db, meetingId: string): LeafLine[] {
  const projects = prepare(db, 'SELECT id FROM projects WHERE meeting_id = ? AND deleted = 0').all(meetingId) as { id: string }[]
  return projects.flatMap((p) => leafLines(db, p.id))
}

function queryOf(l: LeafLine) {
  return { name: l.name, spec: l.spec, unit: l.unit, group: l.category }
}

/**
 * Chooses which library references travel with a meeting: the given ones, or (`matched`) every reference that
 * matches a line of the meeting's budgets. Written as the secretariat; returns how many travel now.
 */
export function chooseMeetingRefs(db: Db, meetingId: string, input: { matched?: boolean; refIds?: readonly string[] }): number {
  getMeetingRow(db, meetingId)
  const library = libraryRefs(db)
  const byId = new Map(library.map((r) => [r.id, r]))
  const chosen = new Map<string, PriceRef>()
  for (const id of input.refIds ?? []) {
    const r = byId.get(id)
    if (!r) throw new ApiError('not_found', '所选参考价不存在或已停用')
    chosen.set(id, r)
  }
  if (input.matched) {
    const index = buildPriceIndex(library)
    for (const l of meetingLines(db, meetingId)) for (const m of acceptedMatches(matchLine(index, queryOf(l), TOP_N))) chosen.set(m.ref.id, m.ref)
  }
  const existing = new Set((prepare(db, 'SELECT id FROM meeting_price_refs WHERE meeting_id = ? AND deleted = 0').all(meetingId) as { id: string }[]).map((r) => r.id))
  const fresh = [...chosen.values()].filter((r) => !existing.has(naturalId('price', meetingId, r.id)))
  if (existing.size + fresh.length > MAX_MEETING_REFS) throw new ApiError('invalid_input', `一次会议最多携带 ${MAX_MEETING_REFS} 条参考价，请缩小选择范围`)
  const project = new Map((prepare(db, 'SELECT id, project FROM price_refs').all() as { id: string; project: string }[]).map((r) => [r.id, r.project]))
  if (fresh.length > 0) {
    writeChanges(db, SECRETARIAT, (w) => {
      for (const r of fresh) {
        w.write('meeting_price_refs', naturalId('price', meetingId, r.id), {
          meeting_id: meetingId, name: r.name, spec: r.spec, unit: r.unit, unit_price_fen: r.unitPriceFen, submitted_price_fen: null,
          group_name: r.group, project: project.get(r.id) ?? '', source: r.source, ref_date: r.date, deleted: false
        })
      }
    })
  }
  return existing.size + fresh.length
}

/** Stops references travelling with a meeting (tombstones, written as the secretariat). */
export function removeMeetingRefs(db: Db, meetingId: string, ids: readonly string[]): number {
  getMeetingRow(db, meetingId)
  const known = new Set(meetingRefs(db, meetingId).map((r) => r.id))
  const gone = ids.filter((id) => known.has(id))
  if (gone.length) writeChanges(db, SECRETARIAT, (w) => gone.forEach((id) => w.write('meeting_price_refs', id, { deleted: true })))
  return known.size - gone.length
}

function lineKey(l: Pick<LeafLine, 'name' | 'unit'>): string {
  return `${normaliseName(l.name)}|${unitClass(l.unit) ?? ''}`
}

function choicesFor(db: Db, key: string): Map<string, 'confirm' | 'reject'> {
  const rows = prepare(db, 'SELECT ref_id, choice FROM price_match_choices WHERE line_key = ?').all(key) as { ref_id: string; choice: 'confirm' | 'reject' }[]
  return new Map(rows.map((r) => [r.ref_id, r.choice]))
}

interface Context {
  meetingId: string
  asOf: string
  settings: PriceSettings
  refs: (PriceRef & { project: string })[]
  index: PriceIndex
}

function contextOf(db: Db, projectId: string): Context {
  const p = prepare(db, 'SELECT meeting_id FROM projects WHERE id = ? AND deleted = 0').get(projectId) as { meeting_id: string } | undefined
  if (!p) throw new ApiError('not_found', '找不到该项目，可能已被移除')
  const m = getMeetingRow(db, p.meeting_id)
  const refs = meetingRefs(db, m.id)
  return { meetingId: m.id, asOf: m.date.slice(0, 10), settings: meetingSettings(db, m).prices, refs, index: buildPriceIndex(refs) }
}

/** The matches of a line after the reviewers' choices: rejected ones are never counted, confirmed ones always. */
function lineMatches(db: Db, ctx: Context, l: LeafLine): { all: (PriceMatch & { choice: 'confirm' | 'reject' | null })[]; counted: PriceMatch[] } {
  const choices = choicesFor(db, lineKey(l))
  const found = matchLine(ctx.index, queryOf(l), TOP_N)
  const seen = new Set(found.map((m) => m.ref.id))
  for (const [refId, c] of choices) {
    const ref = c === 'confirm' && !seen.has(refId) ? ctx.refs.find((r) => r.id === refId) : undefined
    if (ref) found.push({ ref, score: 0, reasons: ['人工确认'] })
  }
  const all = found.map((m) => ({ ...m, choice: choices.get(m.ref.id) ?? null }))
  const auto = new Set(acceptedMatches(all.filter((m) => m.choice !== 'reject'), MATCH_THRESHOLD).map((m) => m.ref.id))
  const counted = all.filter((m) => m.choice === 'confirm' || (m.choice === null && auto.has(m.ref.id)))
  return { all, counted }
}

function linePriceView(db: Db, ctx: Context, l: LeafLine): { view: LinePriceView; priced: PricedLine } {
  const { all, counted } = lineMatches(db, ctx, l)
  const countedIds = new Set(counted.map((m) => m.ref.id))
  const project = new Map(ctx.refs.map((r) => [r.id, r.project]))
  const matches: PriceMatchView[] = all.map((m) => ({
    refId: m.ref.id, name: m.ref.name, spec: m.ref.spec, unit: m.ref.unit, unitPriceFen: m.ref.unitPriceFen, source: m.ref.source, date: m.ref.date,
    group: m.ref.group, project: project.get(m.ref.id) ?? '', score: m.score, reasons: m.reasons, old: isOld(m.ref.date, ctx.asOf, ctx.settings.maxAgeMonths),
    choice: m.choice, counted: countedIds.has(m.ref.id)
  }))
  const range = priceRange(counted.map((m) => m.ref), ctx.asOf, ctx.settings)
  const unitWan = l.unit_price ?? (l.amount !== null && l.quantity ? l.amount / l.quantity : null)
  const unitPriceFen = unitWan === null ? null : wanToFen(unitWan)
  const ratio = range && unitPriceFen !== null && range.medianFen > 0 ? Math.round((unitPriceFen / range.medianFen) * 100) / 100 : null
  return {
    view: { lineId: l.id, unitPriceFen, range, ratio, matches },
    priced: { lineId: l.id, name: l.name, spec: l.spec, unit: l.unit, quantity: l.quantity, unitPrice: unitWan, amount: l.amount, category: l.category, matches: counted }
  }
}

interface Computed {
  key: string
  ctx: Context
  views: LinePriceView[]
  findings: Finding[]
}

/**
 * The matches of a project, memoised on what they depend on (the meeting's references and settings, the
 * project's lines, this laptop's choices), so that saving a 核定金额 — which answers with the whole budget review —
 * does not match every line again. The key is read with a few aggregate queries.
 */
const memos = new WeakMap<Db, Map<string, Computed>>()
const MEMO_SIZE = 8

function stateKey(db: Db, projectId: string): string {
  const p = prepare(db, 'SELECT meeting_id FROM projects WHERE id = ?').get(projectId) as { meeting_id: string } | undefined
  const m = p ? (prepare(db, 'SELECT date, settings FROM meetings WHERE id = ?').get(p.meeting_id) as { date: string; settings: string } | undefined) : undefined
  const refs = prepare(db, "SELECT COUNT(*) AS n, SUM(unit_price_fen) AS s, group_concat(id || ':' || deleted || ':' || ref_date, ',') AS ids FROM meeting_price_refs WHERE meeting_id = ?").get(p?.meeting_id ?? '')
  const lines = prepare(db, 'SELECT COUNT(*) AS n, MAX(package_id) AS pkg, SUM(amount) AS s FROM budget_lines WHERE project_id = ? AND deleted = 0').get(projectId)
  const choices = prepare(db, 'SELECT COUNT(*) AS n, MAX(decided_at) AS t, SUM(length(choice)) AS c FROM price_match_choices').get()
  return JSON.stringify([projectId, m?.date, m?.settings, refs, lines, choices])
}

function computed(db: Db, projectId: string): Computed {
  const key = stateKey(db, projectId)
  let memo = memos.get(db)
  if (!memo) memos.set(db, (memo = new Map()))
  const hit = memo.get(projectId)
  if (hit && hit.key === key) return hit
  const ctx = contextOf(db, projectId)
  const both = leafLines(db, projectId).map((l) => linePriceView(db, ctx, l))
  const out: Computed = { key, ctx, views: both.map((b) => b.view), findings: priceFindings(both.map((b) => b.priced), ctx.asOf, ctx.settings) }
  memo.delete(projectId)
  memo.set(projectId, out)
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value as string)
  return out
}

export function projectPrices(db: Db, projectId: string): ProjectPricesView {
  const { ctx, views } = computed(db, projectId)
  return { projectId, meetingId: ctx.meetingId, referenceCount: ctx.refs.length, settings: ctx.settings, lines: views }
}

/** The 价格参考 findings of a project (单价偏高, 测算依据不足), for the budget review's findings list. */
export function projectPriceFindings(db: Db, projectId: string): Finding[] {
  return computed(db, projectId).findings
}

/** Remembers (or forgets, with null) a person's confirmation or rejection of a reference for a line. */
export function setMatchChoice(db: Db, projectId: string, lineId: string, refId: string, choice: 'confirm' | 'reject' | null, now = new Date()): ProjectPricesView {
  const line = leafLines(db, projectId).find((l) => l.id === lineId)
  if (!line) throw new ApiError('not_found', '找不到该概算行')
  const ctx = contextOf(db, projectId)
  if (!ctx.refs.some((r) => r.id === refId)) throw new ApiError('not_found', '该参考价未随本次会议提供')
  if (choice === null) prepare(db, 'DELETE FROM price_match_choices WHERE line_key = ? AND ref_id = ?').run(lineKey(line), refId)
  else {
    prepare(db, `INSERT INTO price_match_choices (line_key, ref_id, choice, decided_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (line_key, ref_id) DO UPDATE SET choice = excluded.choice, decided_at = excluded.decided_at`).run(lineKey(line), refId, choice, now.toISOString())
  }
  return projectPrices(db, projectId)
}
