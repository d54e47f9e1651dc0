/** A short list of what is left to do (无 when nothing), at most `max` items then the count. */
import { Typography } from 'antd'

export function TodoList({ items, max = 4 }: { items: readonly string[]; max?: number }) {
  if (items.length === 0) return <Typography.Text type="secondary">无</Typography.Text>
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
      {items.slice(0, max).map((t) => (
        <li key={t}>{t}</li>
      ))}
      {items.length > max && <li>……共 {items.length} 项</li>}
    </ul>
  )
}
