/**
 * An expert roster as the secretariat keeps it in Excel: one header row (姓名, 工作单位, 职称, 专业, 电话 and
 * common variants; 曾任职单位 optional) and one expert per row. Parsing is all-or-nothing: any problem is reported
 * with its row number and nothing is imported.
 */
import type { CellValue } from './budget/types'

export interface RosterExpert {
  /** 1-based row number in the file. */
  row: number
  name: string
  unit: string
  title: string
  specialty: string
  phone: string
  pastUnits: string[]
}

export type RosterField = 'name' | 'unit' | 'title' | 'specialty' | 'phone' | 'pastUnits'

export const ROSTER_FIELD_LABELS: Record<RosterField, string> = {
  name: '姓名',
  unit: '工作单位',
  title: '职称',
  specialty: '专业',
  phone: '电话',
  pastUnits: '曾任职单位'
}

/** Header names accepted for each field (compared without spaces, punctuation and case). */
export const ROSTER_HEADER_ALIASES: Record<RosterField, readonly string[]> = {
  name: ['姓名', '专家姓名', '名字', '姓 名', 'name'],
  unit: ['工作单位', '单位', '所在单位', '单位名称', '工作单位名称', '就职单位', 'unit', 'organization'],
  title: ['职称', '技术职称', '专业技术职称', '职务/职称', '职称/职务', '职务', 'title'],
  specialty: ['专业', '专业领域', '从事专业', '专长', '研究方向', '专业方向', 'specialty'],
  phone: ['电话', '联系电话', '手机', '手机号', '手机号码', '联系方式', '电话号码', 'phone', 'mobile'],
  pastUnits: ['曾任职单位', '近三年任职单位', '曾工作单位', '关联单位', '曾服务单位']
}

const REQUIRED: readonly RosterField[] = ['name', 'unit']
export const MAX_ROSTER_ROWS = 500

export interface RosterProblem {
  /** 1-based row, or null for the whole file. */
  row: number | null
  message: string
}

export type RosterResult = { ok: true; experts: RosterExpert[]; headerRow: number } | { ok: false; problems: RosterProblem[] }

function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v)
  return String(v).replace(/\s+/g, ' ').trim()
}

function headerKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s*＊:：()（）[\]【】]/g, '')
    .toLowerCase()
}

const ALIAS_INDEX: Map<string, RosterField> = new Map(
  (Object.entries(ROSTER_HEADER_ALIASES) as [RosterField, readonly string[]][]).flatMap(([f, names]) => names.map((n) => [headerKey(n), f] as const))
)

function fieldOfHeader(text: string): RosterField | null {
  return ALIAS_INDEX.get(headerKey(text)) ?? null
}

/** A phone number as people write it: digits with optional +, spaces, hyphens and an extension. */
const PHONE = /^\+?[0-9][0-9\s-]{5,18}[0-9](\s*(转|-|ext\.?)\s*[0-9]{1,6})?$/i

/**
 * Parses the rows of a roster sheet. The header is the first row (within the first 10) that names at least
 * 姓名 and 工作单位; a title row above it is skipped. Empty rows are ignored.
 */
export function parseRoster(rows: readonly (readonly CellValue[])[]): RosterResult {
  let headerRow = -1
  let columns: Partial<Record<RosterField, number>> = {}
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const found: Partial<Record<RosterField, number>> = {}
    ;(rows[r] ?? []).forEach((cell, c) => {
      const f = fieldOfHeader(cellText(cell))
      if (f && found[f] === undefined) found[f] = c
    })
    if (found.name !== undefined && found.unit !== undefined) {
      headerRow = r
      columns = found
      break
    }
  }
  if (headerRow < 0) {
    return {
      ok: false,
      problems: [{ row: null, message: '找不到表头：前 10 行中没有同时包含“姓名”和“工作单位”两列的行。请把第一行设为表头（姓名、工作单位、职称、专业、电话）。' }]
    }
  }
  const problems: RosterProblem[] = []
  const experts: RosterExpert[] = []
  const seen = new Map<string, number>()
  const get = (row: readonly CellValue[], f: RosterField): string => (columns[f] === undefined ? '' : cellText(row[columns[f] as number]))
  for (let r = headerRow + 1; r < rows.length; r++) {
    const row = rows[r] ?? []
    if (row.every((c) => cellText(c) === '')) continue
    const rowNo = r + 1
    const e: RosterExpert = {
      row: rowNo,
      name: get(row, 'name'),
      unit: get(row, 'unit'),
      title: get(row, 'title'),
      specialty: get(row, 'specialty'),
      phone: get(row, 'phone'),
      pastUnits: get(row, 'pastUnits')
        .split(/[、;；,，\n]/)
        .map((s) => s.trim())
        .filter(Boolean)
    }
    for (const f of REQUIRED) if (!e[f]) problems.push({ row: rowNo, message: `第 ${rowNo} 行：缺少${ROSTER_FIELD_LABELS[f]}` })
    if (e.name.length > 50) problems.push({ row: rowNo, message: `第 ${rowNo} 行：姓名过长（${e.name.length} 个字）` })
    if (e.unit.length > 200) problems.push({ row: rowNo, message: `第 ${rowNo} 行：工作单位过长` })
    if (e.title.length > 100 || e.specialty.length > 100) problems.push({ row: rowNo, message: `第 ${rowNo} 行：职称或专业过长` })
    if (e.phone && !PHONE.test(e.phone)) problems.push({ row: rowNo, message: `第 ${rowNo} 行：电话“${e.phone}”格式不正确` })
    if (e.name) {
      const key = `${e.name}\u0000${e.unit}`
      const prev = seen.get(key)
      if (prev !== undefined) problems.push({ row: rowNo, message: `第 ${rowNo} 行：与第 ${prev} 行重复（${e.name}，${e.unit}）` })
      else seen.set(key, rowNo)
    }
    experts.push(e)
    if (experts.length > MAX_ROSTER_ROWS) return { ok: false, problems: [{ row: null, message: `名单超过 ${MAX_ROSTER_ROWS} 人，请拆分后导入` }] }
  }
  if (problems.length > 0) return { ok: false, problems }
  if (experts.length === 0) return { ok: false, problems: [{ row: null, message: '表头下面没有任何专家' }] }
  return { ok: true, experts, headerRow: headerRow + 1 }
}
