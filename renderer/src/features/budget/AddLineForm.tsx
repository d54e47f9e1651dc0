/**
 * 核增 of a cost the budget left out (issue 14 item 6): name, 费用类别, amount and the reason, which is mandatory.
 * Refusals stay under the form with what was typed.
 */
import { AutoComplete, Button, Input, Space, Typography } from 'antd'
import { useState } from 'react'
import { NumberField } from '../../components/NumberField'

export interface AddedLineInput {
  name: string
  category: string
  amount: number
  note: string
}

/** Usual missing costs (第十四、十五条): one click fills the name and category. */
const USUAL = [
  { name: '商用密码应用安全性评估费', category: '密评' },
  { name: '工程监理费', category: '监理' },
  { name: '网络安全等级保护测评费', category: '等保测评' },
  { name: '第三方软件测试费', category: '第三方测试' }
]

export function AddLineForm({ categories, onAdd, onCancel }: { categories: string[]; onAdd: (l: AddedLineInput) => Promise<string | null>; onCancel: () => void }) {
  const [name, setName] = useState('')
  const [category, setCategory] = useState('')
  const [amount, setAmount] = useState<number | null>(null)
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async () => {
    if (!name.trim()) return setProblem('请填写漏项的名称')
    if (!category.trim()) return setProblem('请填写漏项的费用类别')
    if (amount === null || amount <= 0) return setProblem('请填写核增金额（大于 0）')
    if (!note.trim()) return setProblem('请说明核增的理由')
    setBusy(true)
    const refused = await onAdd({ name, category, amount, note })
    setBusy(false)
    setProblem(refused)
  }
  return (
    <div className="pd-add-line" role="group" aria-label="核增漏项">
      <Space wrap size={6} align="start">
        <Input aria-label="漏项名称" placeholder="漏项名称，如 密评费" value={name} onChange={(e) => setName(e.target.value)} style={{ width: 220 }} />
        <AutoComplete
          aria-label="费用类别"
          placeholder="费用类别"
          value={category}
          onChange={setCategory}
          options={[...new Set([...categories, ...USUAL.map((u) => u.category)])].map((c) => ({ value: c }))}
          style={{ width: 150 }}
        />
        <NumberField label="核增金额（万元）" value={amount} decimals={2} rules={{ min: 0, max: 100_000_000, decimals: 2 }} onValue={setAmount} placeholder="核增金额（万元）" style={{ width: 140 }} />
        <Input aria-label="核增理由" placeholder="核增理由（必填），如 第十五条要求开展密评" value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 300 }} />
        <Button type="primary" loading={busy} onClick={() => void submit()}>
          添加核增
        </Button>
        <Button onClick={onCancel}>取消</Button>
      </Space>
      <div style={{ marginTop: 6 }}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          常见漏项：
        </Typography.Text>
        {USUAL.map((u) => (
          <Button key={u.name} size="small" type="link" onClick={() => (setName(u.name), setCategory(u.category))}>
            {u.name}
          </Button>
        ))}
      </div>
      {problem && (
        <Typography.Text type="danger" role="alert">
          {problem}
        </Typography.Text>
      )}
    </div>
  )
}
