/**
 * Parts of the 概算 tab's sheet bar (issue 14 item 1): the list of every sheet of the budget workbook (role as
 * detected, hidden or not, lines, 合计, basis or not, and why), and the banner over a previewed sheet (not the basis,
 * its own checks, the secretariat's change or the reason it cannot be made here).
 */
import { Alert, Button, Popconfirm, Space, Tag, Typography } from 'antd'
import type { BudgetSheetOption, BudgetSheetPreview, BudgetSheetsView } from '../../../../shared/api/packageTypes'
import { formatWan } from '../../format'
import { RequestForm } from './BudgetBasisRequests'
import { arithmeticHeadline, previewable, previewTitle, reconciliationHeadline, roleLabel } from './budgetSheetText'

/** One line per sheet (it fits the narrow material pane): name, tags, lines and 合计, 预览; why below in small type. */
export function SheetList({ sheets, onPreview }: { sheets: BudgetSheetOption[]; onPreview: (name: string) => void }) {
  return (
    <ul className="pd-sheet-list" data-testid="budget-sheet-list" aria-label="概算表的工作表">
      {sheets.map((s) => (
        <li key={s.name} data-sheet={s.name}>
          <div className="pd-sheet-head">
            <Typography.Text strong>{s.name}</Typography.Text>
            <Tag>{roleLabel(s.role)}</Tag>
            {s.hidden && <Tag>隐藏</Tag>}
            {s.read && <Tag color="blue">评审依据</Tag>}
            <span className="pd-sheet-facts">
              {s.lineCount} 行{s.total === null ? '' : ` · 合计 ${formatWan(s.total)} 万元`}
            </span>
            {previewable(sheets, s) && (
              <Button size="small" type="link" aria-label={`预览工作表“${s.name}”`} onClick={() => onPreview(s.name)}>
                预览
              </Button>
            )}
          </div>
          <div className="pd-sheet-reason">{s.reason}</div>
        </li>
      ))}
    </ul>
  )
}

function CheckList({ headline, items, testId }: { headline: string; items: string[]; testId: string }) {
  return (
    <div data-testid={testId}>
      <Typography.Text strong style={{ fontSize: 13 }}>{headline}</Typography.Text>
      {items.length > 0 && (
        <ul className="pd-sheet-checks" tabIndex={0} aria-label={headline}>
          {items.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** The previewed sheet's own arithmetic and its 汇总 vs 明细. */
export function PreviewChecks({ preview }: { preview: BudgetSheetPreview }) {
  const reconciliation = reconciliationHeadline(preview)
  return (
    <Space direction="vertical" size={2} style={{ width: '100%' }}>
      <CheckList headline={arithmeticHeadline(preview)} items={preview.arithmetic} testId="budget-sheet-arithmetic" />
      {reconciliation && <CheckList headline={reconciliation} items={preview.reconciliation?.mismatches ?? []} testId="budget-sheet-reconciliation" />}
    </Space>
  )
}

interface BannerProps {
  projectId: string
  sheet: string
  basisName: string
  target: BudgetSheetOption | undefined
  currentLines: number
  change: BudgetSheetsView['change'] | undefined
  saving: boolean
  onMakeBasis: () => void
  onRequested: () => void
}

function ChangeAction({ projectId, sheet, target, currentLines, change, saving, onMakeBasis, onRequested }: Omit<BannerProps, 'basisName'>) {
  if (change?.allowed) {
    return (
      <Popconfirm
        title="更改概算的评审依据"
        description={`全体专家将按工作表“${sheet}”（${target?.lineCount ?? 0} 行）评审本项目的概算，概算行和审查发现将重新生成（现为 ${currentLines} 行）。`}
        okText="确定更改"
        cancelText="取消"
        onConfirm={onMakeBasis}
      >
        <Button size="small" type="primary" loading={saving}>以此工作表为评审依据</Button>
      </Popconfirm>
    )
  }
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      <Typography.Text type="secondary" data-testid="budget-basis-reason">
        评审依据不能在此更改：{change?.reason ?? '只有秘书处可以更改'}
        {change?.askSecretariat && '。开始评分前，秘书处可在其电脑上更改，全体专家随之按新的工作表评审；如认为应以此工作表为评审依据，可向秘书处提出请求'}
      </Typography.Text>
      {change?.askSecretariat && <RequestForm projectId={projectId} sheet={sheet} onDone={onRequested} />}
    </Space>
  )
}

export function PreviewBanner(props: BannerProps) {
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="budget-sheet-preview"
      style={{ marginBottom: 8 }}
      title={previewTitle(props.sheet, props.target?.read === true, props.basisName)}
      description={
        <Space direction="vertical" size={4}>
          <span>全体专家按工作表“{props.basisName}”评审本项目的概算。此处只供对照查看，不能审核或核减。</span>
          <ChangeAction {...props} />
        </Space>
      }
    />
  )
}
