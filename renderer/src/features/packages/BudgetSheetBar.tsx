/**
 * Which sheet of the budget workbook is the basis of review (issue 14 item 1). The select lists every sheet with
 * its role, line count and 合计, marking the basis; 工作表一览 shows them as a table with why each is read or not.
 * Choosing another sheet shows its parsed lines read-only, with its own arithmetic and 汇总 vs 明细, as a preview
 * clearly labelled as not the basis, so the expert can compare; the secretariat (on its own laptop, before scoring
 * starts, nothing typed on the budget yet) can make the previewed sheet the basis for every reviewer. Elsewhere the
 * reason is shown instead (an expert is told to ask the secretariat while it still could).
 */
import { App as AntApp, Button, Select, Space, Spin, Typography } from 'antd'
import { useState } from 'react'
import type { BudgetSheetPreview, BudgetView } from '../../../../shared/api/packageTypes'
import { call, errorMessage } from '../../api'
import { PageError } from '../../components/PageError'
import { useQuery } from '../../hooks/useQuery'
import { BudgetGrid } from './BudgetGrid'
import { RequestList } from './BudgetBasisRequests'
import { PreviewBanner, PreviewChecks, SheetList } from './BudgetSheetParts'
import { previewedSheet, sheetOptions, WHOLE_BASIS } from './budgetSheetText'

/** A preview shown in the read-only grid: the same columns, never stored. */
function previewAsBudget(p: BudgetSheetPreview, budget: BudgetView): BudgetView {
  return { ...budget, sheetName: p.sheetName, sourceUnit: p.sourceUnit, computedTotal: p.computedTotal, sheetTotal: p.sheetTotal, notes: p.notes, lines: p.lines }
}

function useMakeBasis(projectId: string, done: () => void) {
  const { message } = AntApp.useApp()
  const [saving, setSaving] = useState(false)
  const makeBasis = async (sheet: string) => {
    setSaving(true)
    try {
      const r = await call('packages.setBudgetBasis', { projectId, sheets: [sheet] })
      message.success(`评审依据已改为工作表“${r.sheetName}”：概算 ${r.lineCount} 行（原“${r.previousSheetName}” ${r.previousLineCount} 行），审查发现已重新生成`)
      done()
    } catch (err) {
      message.error(errorMessage(err))
    } finally {
      setSaving(false)
    }
  }
  return { saving, makeBasis }
}

export function BudgetSheetBar({ projectId, budget, children, onChanged }: { projectId: string; budget: BudgetView; children: React.ReactNode; onChanged: () => void }) {
  const sheets = useQuery(() => call('packages.budgetSheets', { projectId }), [projectId, budget.sheetName])
  const [chosen, setChosen] = useState<string | null>(null)
  const [listOpen, setListOpen] = useState(false)
  const preview = useQuery(() => (chosen ? call('packages.budgetSheetPreview', { projectId, sheet: chosen }) : Promise.resolve(null)), [projectId, chosen])
  const { saving, makeBasis } = useMakeBasis(projectId, () => {
    setChosen(null)
    onChanged()
  })
  const list = sheets.data?.sheets ?? []
  if (list.length < 2) return <>{children}</>
  const basisName = list.filter((s) => s.read).map((s) => s.name).join('、')
  const previewing = previewedSheet(list, chosen)

  return (
    <div className="pd-budget-basis">
      <RequestList projectId={projectId} requests={sheets.data?.requests ?? []} onPreview={setChosen} onDone={sheets.reload} />
      <Space wrap size={8} style={{ marginBottom: 8 }}>
        <Typography.Text style={{ fontSize: 13 }}>工作表：</Typography.Text>
        <Select
          size="small"
          aria-label="选择概算工作表"
          data-testid="budget-sheet-select"
          style={{ minWidth: 320 }}
          value={previewing ?? (list.filter((s) => s.read).length > 1 ? WHOLE_BASIS : (list.find((s) => s.read)?.name ?? null))}
          onChange={(name: string) => setChosen(previewedSheet(list, name))}
          options={sheetOptions(list)}
        />
        <Button size="small" aria-expanded={listOpen} onClick={() => setListOpen(!listOpen)}>
          {listOpen ? '收起工作表一览' : `工作表一览（${list.length}）`}
        </Button>
        {previewing && <Button size="small" onClick={() => setChosen(null)}>返回评审依据</Button>}
      </Space>
      {listOpen && <SheetList sheets={list} onPreview={(name) => setChosen(name)} />}
      {previewing ? (
        <>
          <PreviewBanner
            projectId={projectId}
            sheet={previewing}
            basisName={basisName}
            target={list.find((s) => s.name === previewing)}
            currentLines={budget.lines.length}
            change={sheets.data?.change}
            saving={saving}
            onMakeBasis={() => void makeBasis(previewing)}
            onRequested={sheets.reload}
          />
          {preview.error ? (
            <PageError error={preview.error} />
          ) : preview.data ? (
            <>
              <PreviewChecks preview={preview.data} />
              <BudgetGrid budget={previewAsBudget(preview.data, budget)} focus={null} sheetLabel="预览工作表" />
            </>
          ) : (
            <Spin />
          )}
        </>
      ) : (
        children
      )}
    </div>
  )
}
