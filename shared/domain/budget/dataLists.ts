import { cellText, isEmptyRow, normaliseForMatch } from './cells'
import { fillMergedCells } from './header'
import type { CellValue, SheetData } from './types'

export type DataListKind = 'dataCatalog' | 'dataNeeds'

export interface DataListColumn {
  key: string
  /** The Chinese label used in messages. */
  label: string
  synonyms: readonly string[]
  required: boolean
}

/** 数据目录: what the project will produce. */
export const DATA_CATALOG_COLUMNS: readonly DataListColumn[] = [
  { key: 'seq', label: '序号', synonyms: ['序号', '编号'], required: false },
  {
    key: 'name',
    label: '数据名称',
    synonyms: ['数据名称', '目录名称', '信息资源名称', '资源名称', '数据资源名称', '数据集名称', '表名'],
    required: true
  },
  { key: 'fields', label: '数据项', synonyms: ['数据项', '字段', '信息项', '数据元素', '数据元'], required: true },
  { key: 'shareType', label: '共享属性', synonyms: ['共享属性', '共享类型', '共享方式'], required: true },
  { key: 'shareCondition', label: '共享条件', synonyms: ['共享条件'], required: false },
  { key: 'openType', label: '开放属性', synonyms: ['开放属性', '开放类型'], required: false },
  { key: 'updateCycle', label: '更新周期', synonyms: ['更新周期', '更新频率', '更新频度'], required: true },
  { key: 'format', label: '数据格式', synonyms: ['数据格式', '格式'], required: false },
  { key: 'department', label: '责任部门', synonyms: ['责任部门', '提供部门', '来源部门', '所属部门'], required: false },
  { key: 'remark', label: '备注', synonyms: ['备注', '说明'], required: false }
]

/** 数据需求清单: what the project needs from other departments. */
export const DATA_NEEDS_COLUMNS: readonly DataListColumn[] = [
  { key: 'seq', label: '序号', synonyms: ['序号', '编号'], required: false },
  {
    key: 'name',
    label: '所需数据',
    synonyms: ['所需数据', '需求数据', '数据名称', '数据资源名称', '信息资源名称', '需求资源', '资源名称'],
    required: true
  },
  {
    key: 'provider',
    label: '提供部门',
    synonyms: ['提供部门', '数据提供方', '提供单位', '来源部门', '数据来源', '提供方', '责任部门'],
    required: true
  },
  { key: 'purpose', label: '用途', synonyms: ['用途', '使用用途', '应用场景', '需求说明', '使用场景', '需求事由'], required: true },
  { key: 'fields', label: '数据项', synonyms: ['数据项', '字段', '信息项'], required: false },
  { key: 'shareType', label: '共享属性', synonyms: ['共享属性', '共享类型', '共享方式'], required: false },
  { key: 'updateCycle', label: '更新周期', synonyms: ['更新周期', '更新频率'], required: false },
  { key: 'remark', label: '备注', synonyms: ['备注'], required: false }
]

export interface DataListRow {
  sourceRow: number
  values: Record<string, string | null>
}

export interface ParsedDataList {
  kind: DataListKind
  sheetName: string
  /** 0-based header row, or null when no header was recognised. */
  headerRow: number | null
  columns: Record<string, number>
  /** Labels of required columns that were not found. */
  missingColumns: string[]
  rows: DataListRow[]
}

function columnFor(text: string, spec: readonly DataListColumn[]): DataListColumn | null {
  const t = normaliseForMatch(text)
  for (const column of spec) if (column.synonyms.some((s) => t.includes(normaliseForMatch(s)))) return column
  return null
}

function matchHeader(row: readonly CellValue[], spec: readonly DataListColumn[]): Record<string, number> {
  const columns: Record<string, number> = {}
  row.forEach((cell, index) => {
    const text = cellText(cell)
    if (!text || text.length > 30) return
    const column = columnFor(text, spec)
    if (column && columns[column.key] === undefined) columns[column.key] = index
  })
  return columns
}

/** Parses a 数据目录 or 数据需求清单 sheet; reports the required columns it could not find. */
export function parseDataList(sheet: SheetData, kind: DataListKind): ParsedDataList {
  const spec = kind === 'dataCatalog' ? DATA_CATALOG_COLUMNS : DATA_NEEDS_COLUMNS
  const merges = sheet.merges ?? []
  let headerRow: number | null = null
  let columns: Record<string, number> = {}
  const limit = Math.min(sheet.rows.length, 20)
  for (let r = 0; r < limit; r++) {
    const found = matchHeader(fillMergedCells(sheet.rows, merges, r), spec)
    const count = Object.keys(found).length
    if (count >= 2 && count > Object.keys(columns).length) {
      headerRow = r
      columns = found
    }
  }
  const missingColumns = spec.filter((c) => c.required && columns[c.key] === undefined).map((c) => c.label)
  const rows: DataListRow[] = []
  if (headerRow !== null) {
    for (let r = headerRow + 1; r < sheet.rows.length; r++) {
      const row = sheet.rows[r] ?? []
      if (isEmptyRow(row)) continue
      const values: Record<string, string | null> = {}
      for (const [key, index] of Object.entries(columns)) values[key] = cellText(row[index])
      const meaningful = Object.entries(values).some(([key, v]) => key !== 'seq' && v !== null)
      if (meaningful) rows.push({ sourceRow: r + 1, values })
    }
  }
  return { kind, sheetName: sheet.name, headerRow, columns, missingColumns, rows }
}
