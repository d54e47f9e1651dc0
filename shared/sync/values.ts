/**
 * Checking a change's value against the registry (type, nullability) and the tables' CHECK lists, so that a
 * value the database would refuse is rejected by the verdict (the same on every replica), never half-applied.
 */
import type { ColumnSpec } from './tables'

/** Columns with a closed list of values (the CHECK constraints of the migrations). */
export const COLUMN_VALUES: Record<string, readonly string[]> = {
  'score_sheets.status': ['draft', 'submitted', 'reopened'],
  'declarations.kind': ['none', 'recuse'],
  'packages.budget_unit': ['万元', '元']
}

/** Returns null when the JSON text is a valid value of the column, else the problem. */
export function checkValue(tbl: string, col: string, spec: ColumnSpec, json: string): string | null {
  let v: unknown
  try {
    v = JSON.parse(json)
  } catch {
    return '值不是有效的 JSON'
  }
  if (v === null) return spec.nullable ? null : '该字段不能为空'
  switch (spec.type) {
    case 'text': {
      if (typeof v !== 'string') return '应为文本'
      const allowed = COLUMN_VALUES[`${tbl}.${col}`]
      return allowed && !allowed.includes(v) ? `不是允许的取值：${v.slice(0, 40)}` : null
    }
    case 'real':
      return typeof v === 'number' && Number.isFinite(v) ? null : '应为数值'
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) ? null : '应为整数'
    case 'bool':
      return typeof v === 'boolean' ? null : '应为是/否'
    case 'json':
      return null
  }
}

/** The SQLite value of a checked JSON value, as the one write path stores it. */
export function toSqlValue(spec: ColumnSpec, json: string): string | number | null {
  const v: unknown = JSON.parse(json)
  if (v === null) return null
  switch (spec.type) {
    case 'bool':
      return v ? 1 : 0
    case 'json':
      return JSON.stringify(v)
    default:
      return v as string | number
  }
}
