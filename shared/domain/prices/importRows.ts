/**
 * Reading a reference price list (Excel or CSV sheet already read into rows): the header row names the columns
 * 名称, 规格, 单位, 参考单价, 来源, 日期 (a few spellings each); every data row is checked and any problem is reported
 * with its row number in Chinese. Prices become integer 分; the header says 元 (default) or 万元.
 */
import type { CellValue } from '../budget/types'

export interface ImportedRef {
  /** 1-based row in the sheet. */
  row: number
  name: string
  spec: string
  unit: string
  unitPriceFen: number
  source: string
  /** YYYY-MM-DD. */
  date: string
  /** 分类 (概算分类), 项目, 备注 and 状态 when the list has them (an exported library does). */
  group: string | null
  project: string
  note: string
  retired: boolean
}

export interface ImportProblem {
  row: number
  message: string
}

export type ImportRole = 'name' | 'spec' | 'unit' | 'price' | 'source' | 'date' | 'group' | 'project' | 'note' | 'status'

const ROLE_HEADERS: [ImportRole, RegExp][] = [
  ['price', /^(参考)?(单价|价格|参考价)/],
  ['name', /^(名称|品名|项目名称|货物名称|设备名称|产品名称|品目)/],
  ['spec', /^(规格|规格型号|型号|技术参数|配置|主要参数)/],
  ['unit', /^(单位|计量单位)$/],
  ['source', /^(来源|价格来源|数据来源)/],
  ['date', /^(日期|时间|报价日期|价格日期|核定日期)/],
  ['group', /^(分类|概算分类|类别)$/],
  ['project', /^(项目|所属项目)$/],
  ['note', /^(备注|说明)$/],
  ['status', /^(状态)$/]
]

export const MAX_IMPORT_ROWS = 100_000
const MAX_PROBLEMS = 200

function text(v: CellValue | undefined): string {
  if (v === null || v === undefined) return ''
  // A leading ' before = + - @ is how an export keeps a cell from running as a formula: read it back as typed.
  return String(v).normalize('NFKC').replace(/\s+/g, ' ').trim().replace(/^'(?=[=+\-@])/, '')
}

const STATUS: Record<string, boolean> = { '': false, 有效: false, 已停用: true, 停用: true }

export function detectColumns(row: readonly CellValue[]): { columns: Partial<Record<ImportRole, number>>; priceUnit: '元' | '万元' } {
  const columns: Partial<Record<ImportRole, number>> = {}
  let priceUnit: '元' | '万元' = '元'
  row.slice(0, 50).forEach((cell, i) => {
    const h = text(cell).replace(/\s/g, '')
    for (const [role, re] of ROLE_HEADERS) {
      if (columns[role] === undefined && re.test(h)) {
        columns[role] = i
        if (role === 'price' && h.includes('万元')) priceUnit = '万元'
        break
      }
    }
  })
  return { columns, priceUnit }
}

/** 元 or 万元 text or number to 分; null when it is not a price. */
export function parsePriceFen(v: CellValue | undefined, unit: '元' | '万元'): number | null {
  let s = typeof v === 'number' ? String(v) : text(v).replace(/[,，¥￥\s]/g, '')
  let factor = unit === '万元' ? 1_000_000 : 100
  if (s.endsWith('万元') || s.endsWith('万')) {
    s = s.replace(/万元?$/, '')
    factor = 1_000_000
  } else if (s.endsWith('元')) {
    s = s.slice(0, -1)
    factor = 100
  }
  if (!/^\d+(\.\d+)?$/.test(s)) return null
  const fen = Math.round(Number(s) * factor)
  return Number.isSafeInteger(fen) && fen > 0 && fen < 1e13 ? fen : null
}

/** YYYY-MM-DD from 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 2026年3月, or an Excel date serial. */
export function parseDate(v: CellValue | undefined): string | null {
  if (typeof v === 'number' && v > 20000 && v < 80000) {
    const d = new Date(Date.UTC(1899, 11, 30) + Math.round(v) * 86400000)
    return d.toISOString().slice(0, 10)
  }
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?|\s*月?)$/.exec(text(v))
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 1)]
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (y < 1990 || y > 2100 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null
  return date.toISOString().slice(0, 10)
}

/** The header is the first of the first 20 rows that names at least 名称 and 参考单价. */
export function readPriceRows(rows: readonly (readonly CellValue[])[], defaultSource: string): { refs: ImportedRef[]; problems: ImportProblem[] } {
  const headerAt = rows.slice(0, 20).findIndex((r) => {
    const c = detectColumns(r).columns
    return c.name !== undefined && c.price !== undefined
  })
  if (headerAt < 0) return { refs: [], problems: [{ row: 1, message: '找不到表头：前 20 行中没有同时包含“名称”和“参考单价”的行' }] }
  const { columns: c, priceUnit } = detectColumns(rows[headerAt] ?? [])
  const refs: ImportedRef[] = []
  const problems: ImportProblem[] = []
  const limit = Math.min(rows.length, headerAt + 1 + MAX_IMPORT_ROWS)
  if (rows.length > limit) problems.push({ row: limit + 1, message: `超过 ${MAX_IMPORT_ROWS} 行，超出导入上限` })
  for (let i = headerAt + 1; i < limit && problems.length < MAX_PROBLEMS; i++) {
    const r = rows[i] ?? []
    const get = (role: ImportRole) => (c[role] === undefined ? undefined : r[c[role] as number])
    if (r.every((v) => text(v) === '')) continue
    const row = i + 1
    const name = text(get('name'))
    const bad = (message: string) => problems.push({ row, message: `第 ${row} 行：${message}` })
    if (!name) bad('名称为空')
    else if (name.length > 500) bad('名称超过 500 个字')
    const priceCell = get('price')
    const fen = parsePriceFen(priceCell, priceUnit)
    if (fen === null) bad(`参考单价“${text(priceCell)}”不是大于 0 的金额`)
    const dateCell = get('date')
    const date = c.date === undefined || text(dateCell) === '' ? null : parseDate(dateCell)
    if (c.date !== undefined && text(dateCell) !== '' && date === null) bad(`日期“${text(dateCell)}”无法识别（应为 2026-03-01 或 2026年3月1日）`)
    if (c.date === undefined || text(dateCell) === '') bad('日期为空：参考价必须注明日期，以便判断是否过时')
    const status = text(get('status'))
    const retired = STATUS[status]
    if (retired === undefined) bad(`状态“${status.slice(0, 20)}”应为“有效”或“已停用”`)
    if (name && name.length <= 500 && fen !== null && date !== null && retired !== undefined) {
      refs.push({
        row, name, spec: text(get('spec')).slice(0, 1000), unit: text(get('unit')).slice(0, 20), unitPriceFen: fen, source: text(get('source')).slice(0, 100) || defaultSource, date,
        group: text(get('group')).slice(0, 100) || null, project: text(get('project')).slice(0, 500), note: text(get('note')).slice(0, 2000), retired
      })
    }
  }
  return { refs, problems: problems.slice(0, MAX_PROBLEMS) }
}
