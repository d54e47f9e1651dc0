/**
 * What an edit changes in the rule set (issue 14 item 3): the preview the secretariat reads before saving a new
 * version, one line per changed field — words added and removed, a rate from → to, platforms added, removed or
 * changed, vetoes on, off or reworded. Pure; compares the current version with the one the draft makes.
 */
import type { RuleSet } from '../../../../shared/domain/compliance/ruleSet'
import { editSections, rateText, valueAtPath, type EditField } from './rulesDraft'
import { VETO_LABELS } from './rulesLabels'

export interface DiffLine {
  /** e.g. "第三条 不列入申报范畴 › （一）办公设备与通用软件：关键词" */
  where: string
  /** e.g. "新增：扫描笔；删除：传真机" or "5% → 8%" */
  change: string
}

const list = (xs: readonly string[]) => xs.join('、')

function wordChange(before: readonly string[], after: readonly string[]): string {
  const added = after.filter((w) => !before.includes(w))
  const removed = before.filter((w) => !after.includes(w))
  const parts = [added.length ? `新增：${list(added)}` : '', removed.length ? `删除：${list(removed)}` : ''].filter(Boolean)
  if (parts.length === 0 && list(before) !== list(after)) parts.push('调整了顺序')
  return parts.join('；')
}

type Platform = { name: string; keywords: string[] }

function platformChanges(where: string, before: readonly Platform[], after: readonly Platform[]): DiffLine[] {
  const out: DiffLine[] = []
  for (const p of after) {
    const old = before.find((b) => b.name === p.name)
    if (!old) out.push({ where, change: `新增平台“${p.name}”：${list(p.keywords)}` })
    else {
      const c = wordChange(old.keywords, p.keywords)
      if (c) out.push({ where: `${where} › ${p.name}`, change: c })
    }
  }
  for (const b of before) if (!after.some((p) => p.name === b.name)) out.push({ where, change: `删除平台“${b.name}”` })
  return out
}

function fieldChange(f: EditField, before: unknown, after: unknown): string {
  if (f.kind === 'rate') return before === after ? '' : `${rateText(before as number)}% → ${rateText(after as number)}%`
  if (f.kind === 'words' || f.kind === 'categories') return wordChange(before as string[], after as string[])
  return before === after ? '' : `“${String(before)}” → “${String(after)}”`
}

function vetoChanges(before: RuleSet, after: RuleSet): DiffLine[] {
  const out: DiffLine[] = []
  for (const v of after.vetoes) {
    const old = before.vetoes.find((b) => b.code === v.code)
    const where = `否决项 › ${VETO_LABELS[v.code].label}`
    if (!old) out.push({ where, change: `设为否决：${v.reason}` })
    else if (old.reason !== v.reason) out.push({ where, change: `否决理由“${old.reason}” → “${v.reason}”` })
  }
  for (const b of before.vetoes) if (!after.vetoes.some((v) => v.code === b.code)) out.push({ where: `否决项 › ${VETO_LABELS[b.code].label}`, change: '不再否决' })
  return out
}

/** Every change from `before` to `after` in the fields the editor shows, in the editor's order. */
export function diffRuleSets(before: RuleSet, after: RuleSet): DiffLine[] {
  const out: DiffLine[] = []
  for (const s of editSections(before)) {
    for (const f of s.fields) {
      const where = `${s.title} › ${f.label}`
      const b = valueAtPath(before, f.id)
      const a = valueAtPath(after, f.id)
      if (f.kind === 'platforms') out.push(...platformChanges(where, b as Platform[], a as Platform[]))
      else {
        const change = fieldChange(f, b, a)
        if (change) out.push({ where, change })
      }
    }
  }
  return [...out, ...vetoChanges(before, after)]
}
