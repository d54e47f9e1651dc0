/**
 * Which sheet of the budget workbook is the basis of review (issue 14 item 1). The select lists every sheet with
 * its role, line count and 合计, marking the basis. Choosing another sheet shows its parsed lines read-only, as a
 * preview clearly labelled as not the basis, so the expert can compare; the secretariat (on its own laptop, before
 * scoring starts) can make the previewed sheet the basis for every reviewer. Elsewhere the reason is shown instead.
 */
import { Alert, App as AntApp, Button, Popconfirm, Select, Space, Spin, Typography } from 'antd'
import { useState } from 'react'
import type { BudgetSheetOption, BudgetSheetPreview, BudgetView } from '../../../../shared/api/packageTypes'
import { call, errorMessage } from '../../api'
import { PageError } from '../../components/PageError'
import { formatWan } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { BudgetGrid } from './BudgetGrid'

const ROLE_LABEL: Record<string, string> = { detail: '明细', summary: '汇总', notes: '说明', other: '其他' }

function optionLabel(s: BudgetSheetOption): string {
  // A sheet read as the budget is reported as the detail whatever it looked like: its role says nothing then.
  const facts = [...(s.read ? [] : [ROLE_LABEL[s.role] ?? '其他']), `${s.lineCount} 行`, ...(s.total === null ? [] : [`合计 ${formatWan(s.total)} 万元`])]
  return `${s.read ? '【评审依据】' : ''}${s.name}（${facts.join('，')}）`
}

/** A preview shown in the read-only grid: the same columns, never stored. */
function previewAsBudget(p: BudgetSheetPreview, budget: BudgetView): BudgetView {
  return { ...budget, sheetName: p.sheetName, sourceUnit: p.sourceUnit, computedTotal: p.computedTotal, sheetTotal: p.sheetTotal, notes: p.notes, lines: p.lines }
}

export function BudgetSheetBar({ projectId, budget, children, onChanged }: { projectId: string; budget: BudgetView; children: React.ReactNode; onChanged: () => void }) {
  const { message } = AntApp.useApp()
  const sheets = useQuery(() => call('packages.budgetSheets', { projectId }), [projectId, budget.sheetName])
  const [chosen, setChosen] = useState<string | null>(null)
  const preview = useQuery(() => (chosen ? call('packages.budgetSheetPreview', { projectId, sheet: chosen }) : Promise.resolve(null)), [projectId, chosen])
  const [saving, setSaving] = useState(false)
  const list = sheets.data?.sheets ?? []
  if (list.length < 2) return <>{children}</>
  const basisName = list.filter((s) => s.read).map((s) => s.name).join('、')
  const previewing = chosen !== null && !list.some((s) => s.read && s.name === chosen)
  const change = sheets.data?.change

  const makeBasis = async (sheet: string) => {
    setSaving(true)
    try {
      const r = await call('packages.setBudgetBasis', { projectId, sheets: [sheet] })
      message.success(`评审依据已改为工作表“${r.sheetName}”：概算 ${r.lineCount} 行（原“${r.previousSheetName}” ${r.previousLineCount} 行），审查发现已重新生成`)
      setChosen(null)
      onChanged()
    } catch (err) {
      message.error(errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  const target = list.find((s) => s.name === chosen)
  return (
    <div className="pd-budget-basis">
      <Space wrap size={8} style={{ marginBottom: 8 }}>
        <Typography.Text style={{ fontSize: 13 }}>工作表：</Typography.Text>
        <Select
          size="small"
          aria-label="选择概算工作表"
          data-testid="budget-sheet-select"
          style={{ minWidth: 320 }}
          value={previewing ? chosen : (list.find((s) => s.read)?.name ?? null)}
          onChange={(name: string) => setChosen(list.some((s) => s.read && s.name === name) ? null : name)}
          options={list.map((s) => ({ value: s.name, label: optionLabel(s) }))}
        />
        {previewing && <Button size="small" onClick={() => setChosen(null)}>返回评审依据</Button>}
      </Space>
      {previewing ? (
        <>
          <Alert
            type="warning"
            showIcon
            data-testid="budget-sheet-preview"
            style={{ marginBottom: 8 }}
            title={`预览（只读）：工作表“${chosen}”——不是本项目的评审依据`}
            description={
              <Space direction="vertical" size={4}>
                <span>全体专家按工作表“{basisName}”评审本项目的概算。此处只供对照查看，不能审核或核减。</span>
                {change?.allowed ? (
                  <Popconfirm
                    title="更改概算的评审依据"
                    description={`全体专家将按工作表“${chosen}”（${target?.lineCount ?? 0} 行）评审本项目的概算，概算行和审查发现将重新生成（现为 ${budget.lines.length} 行）。`}
                    okText="确定更改"
                    cancelText="取消"
                    onConfirm={() => void makeBasis(chosen ?? '')}
                  >
                    <Button size="small" type="primary" loading={saving}>以此工作表为评审依据</Button>
                  </Popconfirm>
                ) : (
                  <Typography.Text type="secondary" data-testid="budget-basis-reason">评审依据不能在此更改：{change?.reason ?? '只有秘书处可以更改'}</Typography.Text>
                )}
              </Space>
            }
          />
          {preview.error ? <PageError error={preview.error} /> : preview.data ? <BudgetGrid budget={previewAsBudget(preview.data, budget)} focus={null} sheetLabel="预览工作表" /> : <Spin />}
        </>
      ) : (
        children
      )}
    </div>
  )
}
