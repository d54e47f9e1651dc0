/**
 * The rubric as the secretariat edits it (issue 14, item 7): one row per sub-item (dimension, item, maximum, step,
 * guidance), validated row by row with Chinese messages before anything is stored. A table that passes becomes a
 * new, immutable rubric version (services/rubricEditor.ts); one that does not changes nothing.
 */
import { rubricDefinitionSchema, type RubricDefinition } from './rubric'

export interface RubricRow {
  /** Kept from the definition when editing; '' for a new row (an id is made from the dimension). */
  itemId: string
  dimension: string
  item: string
  points: number | null
  step: number | null
  guidance: string
}

export interface RubricTable {
  name: string
  passAt: number
  reviseAt: number
  rows: RubricRow[]
}

/** `row` is 1-based (as shown in the editor and in an imported sheet below its header); null for the whole table. */
export interface RubricProblem {
  row: number | null
  field: string
  message: string
}

/** The five dimensions of 第八条, with the ids of the default rubric. */
export const ARTICLE8_DIMENSIONS: readonly { id: string; name: string }[] = [
  { id: 'tech', name: '技术方案' },
  { id: 'security', name: '安全方案' },
  { id: 'standards', name: '标准规范' },
  { id: 'data', name: '数据开发利用情况' },
  { id: 'budget', name: '投资概算' }
]
export const RUBRIC_MAX_ROWS = 200
const NAME_MAX = 200
const GUIDANCE_MAX = 2_000
const ITEM_ID = /^[a-z][a-z0-9_.-]*$/

export function tableOf(def: RubricDefinition): RubricTable {
  return {
    name: def.name,
    passAt: def.conclusion.passAt,
    reviseAt: def.conclusion.reviseAt,
    rows: def.dimensions.flatMap((d) => d.items.map((i) => ({ itemId: i.id, dimension: d.name, item: i.name, points: i.points, step: i.step, guidance: i.guidance })))
  }
}

const cents = (x: number) => Math.round(x * 100)

function rowProblems(r: RubricRow, n: number): RubricProblem[] {
  const out: RubricProblem[] = []
  const p = (field: string, message: string) => out.push({ row: n, field, message })
  if (!r.dimension.trim()) p('dimension', '维度不能为空')
  else if (r.dimension.trim().length > NAME_MAX) p('dimension', `维度名称最多 ${NAME_MAX} 字`)
  if (!r.item.trim()) p('item', '细则名称不能为空')
  else if (r.item.trim().length > NAME_MAX) p('item', `细则名称最多 ${NAME_MAX} 字`)
  if (r.itemId && !ITEM_ID.test(r.itemId)) p('itemId', '编号只能由小写字母、数字和 . _ - 组成，并以字母开头')
  const step = r.step ?? 0.5
  if (!Number.isFinite(step) || step <= 0 || step > 100) p('step', '步长应为大于 0、不超过 100 的数')
  if (r.points === null || !Number.isFinite(r.points)) p('points', '请填写分值')
  else if (r.points <= 0 || r.points > 100) p('points', '分值应大于 0 且不超过 100')
  else if (Number.isFinite(step) && step > 0 && Math.abs(r.points / step - Math.round(r.points / step)) > 1e-9) p('points', `分值应为步长 ${step} 的整数倍`)
  if (r.guidance.length > GUIDANCE_MAX) p('guidance', `评分指引最多 ${GUIDANCE_MAX} 字`)
  return out
}

function tableProblems(t: RubricTable): RubricProblem[] {
  const out: RubricProblem[] = []
  if (!t.name.trim()) out.push({ row: null, field: 'name', message: '评分细则名称不能为空' })
  if (!(Number.isFinite(t.passAt) && Number.isFinite(t.reviseAt) && t.reviseAt >= 0 && t.reviseAt <= t.passAt && t.passAt <= 100)) {
    out.push({ row: null, field: 'conclusion', message: '结论阈值无效：应满足 0 ≤ 修改完善线 ≤ 通过线 ≤ 100' })
  }
  const names = new Set(t.rows.map((r) => r.dimension.trim()))
  for (const d of ARTICLE8_DIMENSIONS) if (!names.has(d.name)) out.push({ row: null, field: 'dimension', message: `缺少第八条的评审维度「${d.name}」` })
  const sum = t.rows.reduce((s, r) => s + (r.points !== null && Number.isFinite(r.points) ? cents(r.points) : 0), 0)
  if (sum !== 10_000) out.push({ row: null, field: 'points', message: `各细则分值之和为 ${sum / 100}，应为 100` })
  return out
}

/** Dimension ids: the default's for the five of 第八条, dim2, dim3 … for others, in order of first appearance. */
function dimensionIds(rows: readonly RubricRow[]): Map<string, string> {
  const ids = new Map<string, string>()
  for (const r of rows) {
    const name = r.dimension.trim()
    if (ids.has(name)) continue
    ids.set(name, ARTICLE8_DIMENSIONS.find((d) => d.name === name)?.id ?? `dim${ids.size + 1}`)
  }
  return ids
}

/** Item ids: kept when given (a duplicate is a problem), otherwise `<dimension>.item<k>` not used elsewhere. */
function itemIds(rows: readonly RubricRow[], dims: Map<string, string>, problems: RubricProblem[]): string[] {
  const taken = new Map<string, number>()
  rows.forEach((r, i) => {
    if (!r.itemId) return
    const before = taken.get(r.itemId)
    if (before !== undefined) problems.push({ row: i + 1, field: 'itemId', message: `编号「${r.itemId}」与第 ${before} 行重复` })
    else taken.set(r.itemId, i + 1)
  })
  let k = 1
  return rows.map((r) => {
    if (r.itemId) return r.itemId
    const dim = dims.get(r.dimension.trim()) ?? 'dim'
    while (taken.has(`${dim}.item${k}`)) k++
    const id = `${dim}.item${k}`
    taken.set(id, -1)
    return id
  })
}

export type TableCheck = { ok: true; rubric: RubricDefinition } | { ok: false; problems: RubricProblem[] }

/** The rubric a table describes, as version `version` of `id`; or every problem found (nothing is half-applied). */
export function definitionFromTable(t: RubricTable, id: string, version: number): TableCheck {
  if (t.rows.length === 0) return { ok: false, problems: [{ row: null, field: 'rows', message: '评分细则至少要有一项' }] }
  if (t.rows.length > RUBRIC_MAX_ROWS) return { ok: false, problems: [{ row: null, field: 'rows', message: `评分细则最多 ${RUBRIC_MAX_ROWS} 项` }] }
  const problems = t.rows.flatMap((r, i) => rowProblems(r, i + 1))
  const dims = dimensionIds(t.rows)
  const ids = itemIds(t.rows, dims, problems)
  problems.push(...tableProblems(t))
  if (problems.length > 0) return { ok: false, problems }
  const dimensions = [...dims].map(([name, dimId]) => {
    const items = t.rows.flatMap((r, i) => (r.dimension.trim() === name ? [{ id: ids[i]!, name: r.item.trim(), points: r.points!, step: r.step ?? 0.5, required: true, naAllowed: false, guidance: r.guidance.trim() }] : []))
    return { id: dimId, name, article: 8, points: items.reduce((s, i) => cents(i.points) + s, 0) / 100, items }
  })
  const parsed = rubricDefinitionSchema.safeParse({ id, version, name: t.name.trim(), totalPoints: 100, dimensions, conclusion: { passAt: t.passAt, reviseAt: t.reviseAt }, lowScoreRatio: 0.6 })
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => ({ row: null, field: i.path.join('.'), message: i.message })) }
  return { ok: true, rubric: parsed.data }
}
