import { Checkbox, Space, Typography } from 'antd'
import type { RubricItem } from '../../../../shared/domain/rubric'
import type { ItemScore } from '../../../../shared/domain/sheet'
import { NumberField } from '../../components/NumberField'

/**
 * One sub-item: its score (within range and step), 不适用 where allowed. What was typed stays in the box; a score
 * that is not a plain number within 0…满分 in the item's steps is refused at the box, never clamped.
 */
export function ScoreInput({ item, score, disabled, onChange }: { item: RubricItem; score: ItemScore | undefined; disabled: boolean; onChange: (value: number | null, na: boolean) => void }) {
  const na = score?.na ?? false
  return (
    <Space align="start">
      <NumberField
        label={`${item.name}得分（满分${item.points}）`}
        inputProps={{ 'data-item-id': item.id }}
        value={na ? null : (score?.value ?? null)}
        // A stored score reads with the step's decimals (9.0 for half-point items), as typed it stays as typed.
        decimals={(String(item.step).split('.')[1] ?? '').length}
        rules={{ min: 0, max: item.points, step: item.step, maxLabel: `满分 ${item.points} 分` }}
        disabled={disabled || na}
        style={{ width: 96 }}
        onValue={(v) => onChange(v, false)}
      />
      <Typography.Text type="secondary" style={{ lineHeight: '32px' }}>
        / {item.points} 分
      </Typography.Text>
      {item.naAllowed && (
        <Checkbox checked={na} disabled={disabled} onChange={(e) => onChange(null, e.target.checked)} style={{ lineHeight: '32px' }}>
          不适用
        </Checkbox>
      )}
    </Space>
  )
}
