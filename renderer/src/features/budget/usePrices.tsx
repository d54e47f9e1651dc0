/** 价格参考 for the budget review (issue 13): loads the project's line prices and renders each line's slot. */
import { Alert, App as AntApp } from 'antd'
import type { ReactNode } from 'react'
import type { BudgetReviewLineView } from '../../../../shared/api/budgetTypes'
import { call, errorMessage } from '../../api'
import { useQuery } from '../../hooks/useQuery'
import { LinePrice } from './LinePrice'

export interface PriceSlot {
  summary: ReactNode
  slot: (line: BudgetReviewLineView) => ReactNode
}

export function usePrices(projectId: string, version: string, onChanged: () => void): PriceSlot {
  const q = useQuery(() => call('prices.project', { projectId }), [projectId, version])
  const { message } = AntApp.useApp()
  const data = q.data
  const byLine = new Map((data?.lines ?? []).map((l) => [l.lineId, l]))
  const choose = (lineId: string) => async (refId: string, choice: 'confirm' | 'reject' | null) => {
    try {
      q.setData(await call('prices.choose', { projectId, lineId, refId, choice }))
      onChanged()
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }
  const summary = q.error ? (
    <Alert type="warning" showIcon title={`价格参考暂不可用：${q.error}`} />
  ) : data && data.referenceCount > 0 ? (
    <Alert
      type="info"
      showIcon
      title={`价格参考：本次会议携带 ${data.referenceCount} 条参考价（历史核定价、协议价、询价）。单价高于参考中位数 ${Math.round(data.settings.margin * 100)}% 以上且参考价不少于 ${data.settings.minRefs} 条时提示“单价偏高”；${data.settings.maxAgeMonths} 个月以前的参考价标为过时，不作提示依据。`}
    />
  ) : null
  return {
    summary,
    slot: (line) => {
      const v = byLine.get(line.lineId)
      return v && data ? <LinePrice name={line.name} view={v} margin={data.settings.margin} onChoose={(refId, c) => void choose(line.lineId)(refId, c)} /> : null
    }
  }
}
