/**
 * The five dimensions of 第八条 with their sub-items, an opinion per dimension, 主要问题 and 修改建议, live
 * totals, the conclusion, and submission. Keyboard first: Tab through fields, Alt+1…5 to a dimension,
 * Ctrl+Z / Ctrl+Y to undo and redo, ? for the list.
 */
import { Alert, Card } from 'antd'
import { useMemo, useState } from 'react'
import type { SheetView } from '../../../../shared/api/types'
import type { RubricDefinition } from '../../../../shared/domain/rubric'
import { computeTotals, suggestConclusionWithReasons } from '../../../../shared/domain/scoring'
import { SCORING_KEY_HINTS, ShortcutHelp } from '../../components/ShortcutHelp'
import { useShortcuts, type Shortcut } from '../../hooks/useShortcuts'
import { ConclusionCard } from './ConclusionCard'
import { DimensionCard } from './DimensionCard'
import { focusDimension } from './focus'
import { ListEditor } from './ListEditor'
import { ScoringHeader } from './ScoringHeader'
import { SubmitPanel } from './SubmitPanel'
import { useDimensionFindings } from './useDimensionFindings'
import { useSheetEditor } from './useSheetEditor'

export interface ScoringFormProps {
  rubric: RubricDefinition
  initial: SheetView
  onSubmitted: (s: SheetView) => void
  extraShortcuts?: Shortcut[]
  projectName: string
  /** The meeting is closed: everything is shown read-only. */
  closed?: boolean
}

export function ScoringForm({ rubric, initial, projectName, onSubmitted, extraShortcuts = [], closed = false }: ScoringFormProps) {
  const ed = useSheetEditor(initial)
  const findings = useDimensionFindings(initial.projectId)
  const [help, setHelp] = useState(false)
  const locked = ed.sheet.status !== 'draft' || closed
  const totals = computeTotals(rubric, ed.sheet.scores)
  const anyScored = Object.values(ed.sheet.scores).some((s) => s.na || s.value !== null)
  const vetoes = [...findings.values()].flat().flatMap((f) => (f.veto ? [f.veto] : []))
  const suggestion = suggestConclusionWithReasons(rubric, totals.total, vetoes)
  // An empty sheet suggests nothing yet, unless a finding vetoes the project whatever the score.
  const suggested = anyScored || vetoes.length > 0 ? suggestion.conclusion : null
  const shortcuts: Shortcut[] = useMemo(
    () => [
      ...rubric.dimensions.slice(0, 9).map((d, i) => ({ keys: `Alt+${i + 1}`, label: `跳到「${d.name}」`, run: () => focusDimension(i) })),
      { keys: 'Ctrl+Z', label: '撤销上一次修改（在文字框中为撤销文字输入）', run: ed.undo },
      { keys: 'Ctrl+Y', label: '重做', run: ed.redo },
      { keys: 'Ctrl+Shift+Z', label: '重做', run: ed.redo },
      ...extraShortcuts,
      { keys: '?', label: '显示快捷键列表', run: () => setHelp(true) }
    ],
    [rubric, ed.undo, ed.redo, extraShortcuts]
  )
  useShortcuts(shortcuts)

  return (
    // A plain column (not antd Space, whose item wrappers would end the sticky head's range at its own height).
    <div className="pd-stack">
      <ScoringHeader ed={ed} total={totals.total} totalPoints={rubric.totalPoints} suggested={suggested} vetoReasons={vetoes.length > 0 ? suggestion.reasons : []} locked={locked} onHelp={() => setHelp(true)} />
      {ed.sheet.status !== 'draft' && <Alert type="info" showIcon title={ed.sheet.status === 'reopened' ? '这一版评分表已被秘书处退回，请重新打开项目继续评审。' : '评分表已提交并签名，不能再修改。'} />}
      {rubric.dimensions.map((d, di) => (
        <DimensionCard
          key={d.id}
          rubric={rubric}
          d={d}
          index={di}
          score={totals.dimensions.find((x) => x.dimensionId === d.id)?.score ?? 0}
          ed={ed}
          locked={locked}
          findings={findings.get(d.id) ?? []}
        />
      ))}
      <Card title="主要问题（必须修改）">
        <ListEditor label="主要问题" items={ed.sheet.mainProblems} disabled={locked} error={ed.fieldErrors.mainProblems} onSave={(items) => ed.setList('mainProblems', items)} />
      </Card>
      <Card title="修改建议（建议完善）">
        <ListEditor label="修改建议" items={ed.sheet.suggestions} disabled={locked} error={ed.fieldErrors.suggestions} onSave={(items) => ed.setList('suggestions', items)} />
      </Card>
      <ConclusionCard ed={ed} rubric={rubric} suggested={suggested} vetoes={suggestion.vetoes} locked={locked} />
      {!closed && <SubmitPanel sheet={ed.sheet} projectName={projectName} total={totals.total} totalPoints={rubric.totalPoints} beforeSubmit={ed.flush} onSubmitted={onSubmitted} conclusionReason={ed.conclusionReason} />}
      <ShortcutHelp open={help} shortcuts={shortcuts} hints={SCORING_KEY_HINTS} onClose={() => setHelp(false)} />
    </div>
  )
}
