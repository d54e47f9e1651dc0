/**
 * Page logic of the 价格参考 tab's library (issue 13), pure: the filter state and the query it sends, the edit form
 * (what was typed → the fields that changed, 参考单价 in 元 → 分, each problem at its field), the backend's issues
 * mapped to the form's fields, and the words of the edit log.
 */
import type { PriceEditField, PriceEditRecordView, PriceLibraryRowView } from '../../../../../shared/api/priceTypes'
import { parseDate } from '../../../../../shared/domain/prices/importRows'
import { checkRefField, fenToYuanInput, HISTORY_FIXED, REF_FIELD_LABELS, yuanInputToFen, type RefField, type RefFields } from '../../../../../shared/domain/prices/library'
import { fenText } from '../../../../../shared/domain/prices/range'

export type LibraryStatus = 'active' | 'retired' | 'all'
export type LibrarySort = 'date' | 'price' | 'name'

export interface LibraryFilterState {
  q: string
  sources: string[]
  groups: string[]
  kind: 'all' | 'meeting' | 'import'
  /** As typed (2026-03-01, 2026/3/1, 2026年3月1日); applied once it reads as a date. */
  from: string
  to: string
  status: LibraryStatus
  sort: LibrarySort
  order: 'asc' | 'desc'
}

export const EMPTY_FILTER: LibraryFilterState = { q: '', sources: [], groups: [], kind: 'all', from: '', to: '', status: 'active', sort: 'date', order: 'desc' }

export const PAGE_SIZE = 50

/** The problem of a typed date bound, or null (empty is no bound). */
export function dateBoundProblem(text: string): string | null {
  return text.trim() === '' || parseDate(text.trim()) !== null ? null : '日期应为 2026-03-01 或 2026年3月1日'
}

/** The filter as the backend reads it (a view: search, filters, order); dates that do not read yet are left out. */
export function viewQuery(f: LibraryFilterState) {
  const from = f.from.trim() ? parseDate(f.from.trim()) : null
  const to = f.to.trim() ? parseDate(f.to.trim()) : null
  return {
    ...(f.q.trim() ? { q: f.q.trim().slice(0, 300) } : {}),
    ...(f.sources.length > 0 ? { sources: f.sources } : {}),
    ...(f.groups.length > 0 ? { groups: f.groups } : {}),
    ...(f.kind !== 'all' ? { kind: f.kind } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    status: f.status,
    sort: f.sort,
    order: f.order
  }
}

/** One page of the view (1-based page). */
export function pageQuery(f: LibraryFilterState, page: number, pageSize = PAGE_SIZE) {
  return { ...viewQuery(f), offset: Math.max(0, page - 1) * pageSize, limit: pageSize }
}

/** Whether anything narrows the view (the empty state then offers 清除筛选 rather than an import). */
export function isFiltered(f: LibraryFilterState): boolean {
  return f.q.trim() !== '' || f.sources.length > 0 || f.groups.length > 0 || f.kind !== 'all' || f.from.trim() !== '' || f.to.trim() !== '' || f.status !== 'active'
}

/** A table header click: the column's order, or back to the default (newest first). */
export function sortOf(field: unknown, order: 'ascend' | 'descend' | null | undefined): Pick<LibraryFilterState, 'sort' | 'order'> {
  const sort: LibrarySort | null = field === 'date' ? 'date' : field === 'unitPriceFen' ? 'price' : field === 'name' ? 'name' : null
  if (!sort || !order) return { sort: 'date', order: 'desc' }
  return { sort, order: order === 'ascend' ? 'asc' : 'desc' }
}

/** The edit form, every field text as typed. */
export interface EditFormValues {
  name: string
  spec: string
  unit: string
  price: string
  source: string
  date: string
  note: string
}

export type FormField = keyof EditFormValues

const FORM_FIELD: Record<RefField, FormField> = { name: 'name', spec: 'spec', unit: 'unit', unitPriceFen: 'price', source: 'source', date: 'date', note: 'note' }

export function formValuesOf(r: PriceLibraryRowView): EditFormValues {
  return { name: r.name, spec: r.spec, unit: r.unit, price: fenToYuanInput(r.unitPriceFen), source: r.source, date: r.date, note: r.note }
}

/** Form fields that an entry keeps as approved (历史核定: everything but 备注). */
export function lockedFields(r: PriceLibraryRowView): Set<FormField> {
  return new Set(r.kind === 'meeting' ? HISTORY_FIXED.map((f) => FORM_FIELD[f]) : [])
}

/** The problem of one typed field, in Chinese, or null. */
export function fieldProblem(field: FormField, text: string): string | null {
  switch (field) {
    case 'price': {
      const p = yuanInputToFen(text)
      return p.ok ? null : p.message
    }
    case 'date':
      return parseDate(text.trim()) === null ? '日期应为 2026-03-01 或 2026年3月1日' : null
    default:
      return checkRefField(field, field === 'name' || field === 'source' ? text.trim() : text)
  }
}

export type EditOutcome = { ok: true; edit: Partial<RefFields> } | { ok: false; problems: { name: FormField; errors: string[] }[] }

/** What was typed → the fields that changed (price in 分, date as YYYY-MM-DD), or each field's problem. */
export function editOf(row: PriceLibraryRowView, v: EditFormValues): EditOutcome {
  const locked = lockedFields(row)
  const problems = (Object.keys(v) as FormField[])
    .filter((f) => !locked.has(f))
    .map((f) => ({ name: f, errors: [fieldProblem(f, v[f])].filter((m): m is string => m !== null) }))
    .filter((p) => p.errors.length > 0)
  if (problems.length > 0) return { ok: false, problems }
  const next: RefFields = {
    name: v.name.trim(), spec: v.spec.trim(), unit: v.unit.trim(), source: v.source.trim(), note: v.note.trim(),
    unitPriceFen: (yuanInputToFen(v.price) as { fen: number }).fen, date: parseDate(v.date.trim()) as string
  }
  const now: RefFields = { name: row.name, spec: row.spec, unit: row.unit, unitPriceFen: row.unitPriceFen, source: row.source, date: row.date, note: row.note }
  const edit: Partial<RefFields> = {}
  for (const k of Object.keys(next) as RefField[]) {
    if (locked.has(FORM_FIELD[k]) || next[k] === now[k]) continue
    Object.assign(edit, { [k]: next[k] })
  }
  return { ok: true, edit }
}

/** The backend's issues (paths edit.<field>) on the form's fields; what names no field is left to the caller. */
export function issuesOnFields(issues: readonly { path: string; message: string }[] | undefined): { name: FormField; errors: string[] }[] {
  const out: { name: FormField; errors: string[] }[] = []
  for (const i of issues ?? []) {
    const f = FORM_FIELD[i.path.replace(/^edit\./, '') as RefField]
    if (f) out.push({ name: f, errors: [i.message] })
  }
  return out
}

const LABEL: Record<PriceEditField, string> = { ...REF_FIELD_LABELS, retired: '状态' }

function valueText(field: PriceEditField, v: string | number): string {
  if (field === 'unitPriceFen') return fenText(Number(v))
  if (field === 'retired') return v ? '已停用' : '有效'
  return v === '' ? '（空）' : String(v)
}

/** One line per changed field: 参考单价：22,000.00 元 → 21,500.99 元. */
export function changeLines(r: PriceEditRecordView): string[] {
  return r.changes.map((c) => `${LABEL[c.field]}：${valueText(c.field, c.before)} → ${valueText(c.field, c.after)}`)
}

/** 2026-12-07T16:50:00.000Z → 2026-12-07 16:50 (local time). */
export function timeText(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}
