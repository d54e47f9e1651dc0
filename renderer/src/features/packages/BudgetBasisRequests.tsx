/**
 * Experts' requests for another budget basis in the 概算 tab (issue 14 item 1, migration 0037): an expert asks the
 * secretariat, with a reason, to make the previewed sheet the basis (only while the secretariat still could), sees
 * its own request and can withdraw it; the secretariat sees every expert's open request with a 预览 of the sheet.
 */
import { Alert, App as AntApp, Button, Input, Space, Typography } from 'antd'
import { useState } from 'react'
import type { BudgetBasisRequestView } from '../../../../shared/api/packageTypes'
import { call, errorMessage } from '../../api'
import { formatTime } from '../../format'

function useCall(done: () => void) {
  const { message } = AntApp.useApp()
  const [busy, setBusy] = useState(false)
  const run = async (fn: () => Promise<unknown>, ok: string): Promise<boolean> => {
    setBusy(true)
    try {
      await fn()
      message.success(ok)
      done()
      return true
    } catch (err) {
      message.error(errorMessage(err))
      return false
    } finally {
      setBusy(false)
    }
  }
  return { busy, run }
}

/** The expert's form under the preview: a reason, then 提交请求. */
export function RequestForm({ projectId, sheet, onDone }: { projectId: string; sheet: string; onDone: () => void }) {
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const { busy, run } = useCall(onDone)
  if (!open) return <Button size="small" onClick={() => setOpen(true)}>请求秘书处以此工作表为评审依据…</Button>
  const submit = async () => {
    if (await run(() => call('packages.requestBudgetBasis', { projectId, sheets: [sheet], reason }), '请求已保存，同步后秘书处可以看到')) setOpen(false)
  }
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      <Input.TextArea
        aria-label="请求更改评审依据的理由"
        placeholder={`为什么应以工作表“${sheet}”为评审依据（必填，最多 500 字）`}
        maxLength={500}
        autoSize={{ minRows: 2, maxRows: 4 }}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Space size={8}>
        <Button size="small" type="primary" loading={busy} disabled={!reason.trim()} onClick={() => void submit()}>提交请求</Button>
        <Button size="small" onClick={() => setOpen(false)}>取消</Button>
      </Space>
    </Space>
  )
}

function requestText(r: BudgetBasisRequestView): string {
  const who = r.mine ? '你已请求' : `专家${r.expertName}请求`
  return `${who}秘书处以工作表“${r.sheets.join('、')}”为评审依据（${formatTime(r.createdAt)}）：${r.reason}${r.met ? '——已采纳' : ''}`
}

/** Open requests above the sheet select: the expert's own (with 撤回), or every expert's for the secretariat. */
export function RequestList({ projectId, requests, onPreview, onDone }: { projectId: string; requests: BudgetBasisRequestView[]; onPreview: (sheet: string) => void; onDone: () => void }) {
  const { busy, run } = useCall(onDone)
  const shown = requests.filter((r) => r.mine || !r.met)
  if (shown.length === 0) return null
  return (
    <Alert
      type="info"
      showIcon
      data-testid="budget-basis-requests"
      style={{ marginBottom: 8 }}
      title={shown.some((r) => !r.mine) ? `专家请求更改评审依据（${shown.length}）` : '更改评审依据的请求'}
      description={
        <ul className="pd-sheet-checks" style={{ maxHeight: 120 }} tabIndex={0} aria-label="更改评审依据的请求">
          {shown.map((r) => (
            <li key={r.expertId}>
              <Typography.Text style={{ fontSize: 12 }}>{requestText(r)}</Typography.Text>
              {r.sheets.length === 1 && !r.met && (
                <Button size="small" type="link" onClick={() => onPreview(r.sheets[0] ?? '')}>预览</Button>
              )}
              {r.mine && (
                <Button size="small" type="link" loading={busy} onClick={() => void run(() => call('packages.withdrawBudgetBasisRequest', { projectId }), '请求已撤回')}>
                  撤回
                </Button>
              )}
            </li>
          ))}
        </ul>
      }
    />
  )
}
