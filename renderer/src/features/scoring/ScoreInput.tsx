import { Checkbox, InputNumber, Space, Typography } from 'antd'
import { useState } from 'react'
import type { RubricItem } from '../../../../shared/domain/rubric'
import type { ItemScore } from '../../../../shared/domain/sheet'
import { validateItemScore } from '../../../../shared/domain/scoring'

/** One sub-item: its score (within range and step), 不适用 where allowed, and what is wrong when it is. */
export function ScoreInput({ item, score, disabled, onChange }: { item: RubricItem; score: ItemScore | undefined; disabled: boolean; onChange: (value: number | null, na: boolean) => void }) {
  const [problem, setProblem] = useState<string | null>(null)
  const na = score?.na ?? false
  return (
    <Space orientation="vertical" size={2}>
      <Space>
        <InputNumber<number>
          aria-label={`${item.name}得分（满分${item.points}）`}
          data-item-id={item.id}
          min={0}
          max={item.points}
          step={item.step}
          value={na ? null : (score?.value ?? null)}
          disabled={disabled || na}
          status={problem ? 'error' : undefined}
          style={{ width: 96 }}
          onChange={(v) => {
            const value = typeof v === 'number' ? v : null
            const check = validateItemScore(item, { value, na: false })
            setProblem(check.ok ? null : check.message)
            if (check.ok) onChange(value, false)
          }}
        />
        <Typography.Text type="secondary">/ {item.points} 分</Typography.Text>
        {item.naAllowed && (
          <Checkbox checked={na} disabled={disabled} onChange={(e) => onChange(null, e.target.checked)}>
            不适用
          </Checkbox>
        )}
      </Space>
      {problem && (
        <Typography.Text type="danger" role="alert">
          {problem}
        </Typography.Text>
      )}
    </Space>
  )
}
