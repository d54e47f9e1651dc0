/**
 * The secretariat's reference library (issue 13), rules shared by the backend and the 价格参考 tab:
 *  - the search key of an entry and the terms of a search, both read by the code that reads names for matching
 *    (normaliseName, foldText), so that 机架式服务器 is found by “PC服务器” as the matcher would pair them;
 *  - the checks of an edit, field by field, in Chinese (the tab shows them at the field before sending; the
 *    service checks again);
 *  - 参考单价 typed in 元 to integer 分, exactly (no float rounding: the digits are read as text).
 */
import { parseNumberInput } from '../numberInput'
import { parseDate } from './importRows'
import { foldText, normaliseName } from './normalize'

const squeeze = (s: string) => s.replace(/\s+/g, '')

/** What a search looks in: the name as matching reads it, and the folded name, specification, 来源 and project. */
export function searchKey(r: { name: string; spec: string; source: string; project: string }): string {
  // '|' never survives foldText (it is a separator), so a term cannot match across two fields.
  return [normaliseName(r.name), foldText(r.name), foldText(r.spec.slice(0, 1000)), foldText(r.source), foldText(r.project)].map(squeeze).join('|')
}

export const MAX_SEARCH_TERMS = 6

/**
 * The terms of a search box: words split at spaces (all must be found), each with the spellings to look for
 * (folded as typed, and as matching reads a name). At most six words of 50 characters.
 */
export function searchTerms(query: string): string[][] {
  const words = foldText(query.slice(0, 300)).split(' ').filter(Boolean).slice(0, MAX_SEARCH_TERMS)
  return words.map((w) => {
    const word = w.slice(0, 50)
    return [...new Set([squeeze(word), squeeze(normaliseName(word))])].filter((v) => v.length > 0)
  }).filter((t) => t.length > 0)
}

/** The fields of an entry a person may change; history entries of closed meetings allow only `note` and 停用. */
export interface RefFields {
  name: string
  spec: string
  unit: string
  unitPriceFen: number
  source: string
  date: string
  note: string
}

export type RefField = keyof RefFields

export const REF_FIELD_LABELS: Record<RefField, string> = { name: '名称', spec: '规格', unit: '单位', unitPriceFen: '参考单价', source: '来源', date: '日期', note: '备注' }

/** What an entry from a closed meeting (历史核定) keeps as the panel approved it. */
export const HISTORY_FIXED: readonly RefField[] = ['name', 'spec', 'unit', 'unitPriceFen', 'source', 'date']

export const MAX_PRICE_FEN = 1e13 - 1

/** The field's problem in Chinese, or null. */
export function checkRefField<K extends RefField>(field: K, value: RefFields[K]): string | null {
  switch (field) {
    case 'name': {
      const v = value as string
      if (!v.trim()) return '名称不能为空'
      return v.length > 500 ? '名称不能超过 500 个字' : null
    }
    case 'spec':
      return (value as string).length > 1000 ? '规格不能超过 1000 个字' : null
    case 'unit':
      return (value as string).length > 20 ? '单位不能超过 20 个字' : null
    case 'unitPriceFen': {
      const v = value as number
      if (!Number.isSafeInteger(v)) return '参考单价应为以分计的整数'
      if (v <= 0) return '参考单价应大于 0'
      return v > MAX_PRICE_FEN ? '参考单价过大' : null
    }
    case 'source': {
      const v = value as string
      if (!v.trim()) return '来源不能为空（如 政府采购协议价、市场询价）'
      return v.length > 100 ? '来源不能超过 100 个字' : null
    }
    case 'date': {
      const v = value as string
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || parseDate(v) !== v) return '日期应为有效的日期，如 2026-03-01'
      return null
    }
    case 'note':
      return (value as string).length > 2000 ? '备注不能超过 2000 个字' : null
  }
  return null
}

/** Every problem of an edit, by field (empty when it may be saved). */
export function checkRefEdit(edit: Partial<RefFields>): { field: RefField; message: string }[] {
  const out: { field: RefField; message: string }[] = []
  for (const field of Object.keys(REF_FIELD_LABELS) as RefField[]) {
    const v = edit[field]
    if (v === undefined) continue
    const m = checkRefField(field, v)
    if (m) out.push({ field, message: m })
  }
  return out
}

export type ParsedFen = { ok: true; fen: number } | { ok: false; message: string }

/** 参考单价 typed in 元 (full-width digits and 。 accepted) to integer 分; more than two decimals is refused. */
export function yuanInputToFen(text: string): ParsedFen {
  const r = parseNumberInput(text.replace(/\s*元$/, ''), { decimals: 2 })
  if (!r.ok) return { ok: false, message: r.message === '最多 2 位小数' ? '参考单价最多到分（两位小数）' : r.message }
  if (r.value === null) return { ok: false, message: '请填写参考单价（元）' }
  const t = text.normalize('NFKC').replace(/[。．｡]/g, '.').replace(/\s*元$/, '').trim()
  const [int = '0', frac = ''] = t.split('.')
  const fen = Number(int) * 100 + Number(frac.padEnd(2, '0'))
  if (!Number.isSafeInteger(fen)) return { ok: false, message: '参考单价过大' }
  const problem = checkRefField('unitPriceFen', fen)
  return problem ? { ok: false, message: problem } : { ok: true, fen }
}

/** 分 as the text a 元 field shows (no grouping, so it reads back exactly): 8500000 → "85000", 12345 → "123.45". */
export function fenToYuanInput(fen: number): string {
  const int = Math.floor(fen / 100)
  const frac = fen % 100
  return frac === 0 ? String(int) : `${int}.${String(frac).padStart(2, '0').replace(/0$/, '')}`
}
