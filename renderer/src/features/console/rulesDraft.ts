/**
 * The rule set editor's model (issue 14 item 3), pure and without React: the parts a secretariat really changes
 * (keyword and synonym lists, thresholds and fee-rate bases, the shared platforms, the vetoes, the version) as
 * fields holding exactly what the user typed; the rule set those texts make, with every problem at its field in
 * Chinese; and undo of unsaved edits. Everything else of the rule set is kept as it was.
 */
import { BUDGET_CATEGORIES, type BudgetCategory } from '../../../../shared/domain/budget/types'
import { parseRuleSet, type RuleSet } from '../../../../shared/domain/compliance/ruleSet'
import { VETOABLE_CODES, type VetoableCode } from '../../../../shared/domain/compliance/ruleCodes'
import { VETO_LABELS } from './rulesLabels'

export type FieldKind = 'words' | 'rate' | 'categories' | 'platforms' | 'text'

export interface EditField {
  /** The dotted path in the rule set, e.g. "compliance.article3.officeEquipment.keywords". */
  id: string
  label: string
  kind: FieldKind
  help?: string
}

export interface EditSection {
  title: string
  fields: EditField[]
}

export interface VetoDraft {
  on: boolean
  reason: string
}

export interface Draft {
  /** Per field id: the text typed (a category field holds its chosen categories). */
  values: Record<string, string | string[]>
  vetoes: Record<VetoableCode, VetoDraft>
}

const WORDS_HELP = '用顿号、逗号或换行分隔'
const kw = (id: string, label: string): EditField => ({ id, label, kind: 'words', help: WORDS_HELP })

/** The fields of the editor, by section; the 第七条 elements and the platforms follow the rule set being edited. */
export function editSections(r: RuleSet): EditSection[] {
  const a3 = 'compliance.article3'
  return [
    { title: '版本', fields: [{ id: 'version', label: '新版本号', kind: 'text', help: '保存为新版本，须与当前版本不同，如“2027.01-市数据局修订”' }, { id: 'note', label: '修订说明', kind: 'text' }] },
    {
      title: '第三条 不列入申报范畴',
      fields: [
        kw(`${a3}.officeEquipment.keywords`, '（一）办公设备与通用软件：关键词'),
        kw(`${a3}.officeEquipment.exclude`, '（一）办公设备与通用软件：排除词'),
        kw(`${a3}.buildingIntelligence.keywords`, '（二）智能建筑：关键词'),
        kw(`${a3}.buildingIntelligence.exclude`, '（二）智能建筑：排除词'),
        kw(`${a3}.professionalEquipment.keywords`, '（三）业务专业与科研设备：关键词'),
        kw(`${a3}.professionalEquipment.exclude`, '（三）业务专业与科研设备：排除词')
      ]
    },
    { title: '第七条 方案要素（同义词）', fields: r.compliance.article7.elements.map((e, i) => kw(`compliance.article7.elements[${i}].keywords`, e.label)) },
    {
      title: '第十一条、第十二条',
      fields: [
        { id: 'compliance.article11.reapprovalThreshold', label: '超过原核定概算此比例须重新审批（%）', kind: 'rate' },
        kw('compliance.article12.selfBuiltInfrastructure.keywords', '自建服务器、存储、机房：关键词'),
        kw('compliance.article12.selfBuiltInfrastructure.exclude', '自建服务器、存储、机房：排除词'),
        kw('compliance.article12.sharingKeywords', '数据共享用语')
      ]
    },
    {
      title: '费率',
      fields: [
        { id: 'compliance.feeRates.contingencyMaxRate', label: '预备费上限（占其他费用，%）', kind: 'rate' },
        { id: 'compliance.feeRates.integrationMaxRate', label: '系统集成费上限（%）', kind: 'rate' },
        { id: 'compliance.feeRates.integrationBaseCategories', label: '系统集成费计费基数（分类）', kind: 'categories' }
      ]
    },
    {
      title: '共性平台（重复建设）',
      fields: [
        { id: 'compliance.sharedPlatforms.platforms', label: '共性平台清单', kind: 'platforms', help: '每行一个平台：平台名称：关键词、关键词' },
        kw('compliance.sharedPlatforms.reuseWords', '视为复用的用语')
      ]
    }
  ]
}

/** The value at a dotted path ("a.b[2].c"); undefined when absent. */
export function valueAtPath(root: unknown, id: string): unknown {
  let v: unknown = root
  for (const part of id.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string, unknown>)[part]
  }
  return v
}

function setAtPath(root: unknown, id: string, value: unknown): void {
  const parts = id.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')
  let v = root as Record<string, unknown>
  for (const part of parts.slice(0, -1)) v = v[part] as Record<string, unknown>
  v[parts.at(-1)!] = value
}

export const wordsText = (xs: readonly string[]): string => xs.join('、')
export const rateText = (x: number): string => String(Number((x * 100).toFixed(4)))
export const platformsText = (ps: readonly { name: string; keywords: string[] }[]): string => ps.map((p) => `${p.name}：${wordsText(p.keywords)}`).join('\n')

/** At most this many words or lines are read from one field (more than any schema bound, so too many is refused). */
const MAX_PARTS = 5000

export function splitWords(text: string): string[] {
  return text.split(/[、，,;；\n\r]+/).slice(0, MAX_PARTS).map((w) => w.trim()).filter((w) => w !== '')
}

export function draftOf(r: RuleSet): Draft {
  const values: Draft['values'] = {}
  for (const f of editSections(r).flatMap((s) => s.fields)) {
    const v = valueAtPath(r, f.id)
    if (f.kind === 'words') values[f.id] = wordsText(v as string[])
    else if (f.kind === 'rate') values[f.id] = rateText(v as number)
    else if (f.kind === 'categories') values[f.id] = [...(v as string[])]
    else if (f.kind === 'platforms') values[f.id] = platformsText(v as RuleSet['compliance']['sharedPlatforms']['platforms'])
    else values[f.id] = v as string
  }
  const vetoes = {} as Draft['vetoes']
  for (const code of VETOABLE_CODES) {
    const v = r.vetoes.find((x) => x.code === code)
    vetoes[code] = { on: !!v, reason: v?.reason ?? VETO_LABELS[code].reason }
  }
  return { values, vetoes }
}

function parseRate(text: string, before: number): number | string {
  const t = text.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[%％]$/, '')
  if (t === rateText(before)) return before
  if (!/^\d+(\.\d+)?$/.test(t)) return '请填写百分数，如 5 或 2.5'
  const n = Number(t)
  if (n <= 0 || n > 100) return '应大于 0 且不超过 100'
  return Number((n / 100).toFixed(8))
}

function parsePlatforms(text: string): { name: string; keywords: string[] }[] | string {
  const out: { name: string; keywords: string[] }[] = []
  const lines = text.split(/\r?\n/).slice(0, MAX_PARTS)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (!line) continue
    const m = /^([^：:]*)[：:](.*)$/.exec(line)
    if (!m) return `第 ${i + 1} 行缺少“：”（格式：平台名称：关键词、关键词）`
    out.push({ name: m[1]!.trim(), keywords: splitWords(m[2]!) })
  }
  return out
}

export type Built = { ruleSet: RuleSet; errors: Record<string, string> }

/** The value a field's text makes, or the Chinese reason it makes none. */
function fieldValue(f: EditField, typed: string | string[], before: unknown): unknown {
  // An untouched list is the list itself, even when one of its words holds a separator (a file imported so).
  if (f.kind === 'words' && typed === wordsText(before as string[])) return before
  if (f.kind === 'platforms' && typed === platformsText(before as Parameters<typeof platformsText>[0])) return before
  if (f.kind === 'words') return splitWords(typed as string)
  if (f.kind === 'rate') return parseRate(typed as string, before as number)
  if (f.kind === 'categories') return (typed as string[]).filter((c): c is BudgetCategory => (BUDGET_CATEGORIES as readonly string[]).includes(c))
  if (f.kind === 'platforms') return parsePlatforms(typed as string)
  return typed
}

/**
 * The rule set the draft makes from `base`, and the problems by field id ('' for those no field shows). A field
 * whose text cannot be read keeps the base value in the result; the result is usable only when `errors` is empty.
 */
export function buildRuleSet(base: RuleSet, draft: Draft): Built {
  const r = structuredClone(base)
  const errors: Record<string, string> = {}
  const fields = editSections(base).flatMap((s) => s.fields)
  for (const f of fields) {
    const v = fieldValue(f, draft.values[f.id] ?? '', valueAtPath(base, f.id))
    if (f.kind !== 'text' && typeof v === 'string') errors[f.id] = v
    else setAtPath(r, f.id, v)
  }
  // The vetoes kept stay in their order; new ones follow in the order of the codes.
  const kept = base.vetoes.map((v) => v.code).filter((c) => draft.vetoes[c]?.on)
  const added = VETOABLE_CODES.filter((c) => draft.vetoes[c]?.on && !kept.includes(c))
  r.vetoes = [...kept, ...added].map((code) => ({ code, reason: draft.vetoes[code].reason }))
  if (r.version.trim() === base.version && JSON.stringify({ ...r, version: '' }) !== JSON.stringify({ ...base, version: '' })) {
    errors.version ??= '修改后的规则集须使用新的版本号'
  }
  const checked = parseRuleSet(r)
  if (!checked.ok) for (const p of checked.problems) placeProblem(errors, fields, r, p.path, p.reason)
  return { ruleSet: r, errors }
}

/** The backend's refusal issues (dotted paths) at the fields that show them, for the rule set that was sent. */
export function fieldErrorsOf(sent: RuleSet, issues: readonly { path: string; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {}
  const fields = editSections(sent).flatMap((s) => s.fields)
  for (const i of issues.slice(0, 200)) placeProblem(errors, fields, sent, i.path, i.message)
  return errors
}

/** Puts a schema problem at the field that shows it (the longest field id its path starts with). */
function placeProblem(errors: Record<string, string>, fields: EditField[], r: RuleSet, path: string, reason: string): void {
  const dotted = path.replace(/（.*$/, '')
  const veto = /^vetoes\[(\d+)\]/.exec(dotted)
  if (veto) {
    const code = r.vetoes[Number(veto[1])]?.code
    if (code) errors[`vetoes.${code}`] ??= `否决理由${reason}`
    return
  }
  const field = fields.filter((f) => dotted === f.id || dotted.startsWith(`${f.id}.`) || dotted.startsWith(`${f.id}[`)).sort((a, b) => b.id.length - a.id.length)[0]
  if (!field) {
    errors[''] ??= path ? `${path}：${reason}` : reason
    return
  }
  const row = /^\[(\d+)\]/.exec(dotted.slice(field.id.length))
  const where = field.kind === 'platforms' && row ? `第 ${Number(row[1]) + 1} 个平台${dotted.endsWith('.name') ? '名称' : '关键词'}` : ''
  errors[field.id] ??= `${where}${reason}`
}

// ---- the editor's state: the draft, and the drafts before each edit (undo) ----

export interface EditorState {
  base: RuleSet
  draft: Draft
  undo: Draft[]
  /** The field of the last edit: further typing in it is one undo step. */
  lastField: string | null
}

export type EditorAction =
  | { kind: 'edit'; id: string; value: string | string[] }
  | { kind: 'veto'; code: VetoableCode; value: Partial<VetoDraft> }
  | { kind: 'undo' }
  | { kind: 'discard' }

export const UNDO_LIMIT = 100

export function editorStart(base: RuleSet): EditorState {
  return { base, draft: draftOf(base), undo: [], lastField: null }
}

export function editorReducer(s: EditorState, a: EditorAction): EditorState {
  switch (a.kind) {
    case 'edit':
      return step(s, `field:${a.id}`, { ...s.draft, values: { ...s.draft.values, [a.id]: a.value } })
    case 'veto':
      return step(s, `veto:${a.code}:${Object.keys(a.value).join()}`, { ...s.draft, vetoes: { ...s.draft.vetoes, [a.code]: { ...s.draft.vetoes[a.code], ...a.value } } })
    case 'undo':
      return s.undo.length === 0 ? s : { ...s, draft: s.undo.at(-1)!, undo: s.undo.slice(0, -1), lastField: null }
    case 'discard':
      return editorStart(s.base)
  }
}

function step(s: EditorState, field: string, draft: Draft): EditorState {
  // Typing on in the same text is one undo step; ticking a veto on or off is a step each time.
  const coalesce = s.lastField === field && !field.endsWith(':on')
  const undo = coalesce ? s.undo : [...s.undo, s.draft].slice(-UNDO_LIMIT)
  return { ...s, draft, undo, lastField: field }
}
