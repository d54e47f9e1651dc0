/**
 * The secretariat's rubric editor (issue 14, item 7): the meeting's rubric as a table — dimension, sub-item, maximum,
 * step, guidance — edited in place or imported from Excel/JSON, saved as the next version. Problems are shown at
 * the row and field; nothing is saved until all are fixed. Locked (read-only, with the reason) once scoring started.
 */
import { Alert, App as AntApp, Button, Card, Input, Space, Table, Typography } from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { RubricEditorView } from '../../../../shared/api/secretariatTypes'
import { numberText, parseNumberInput } from '../../../../shared/domain/numberInput'
import { ARTICLE8_DIMENSIONS, type RubricProblem, type RubricTable } from '../../../../shared/domain/rubricTable'
import { call, errorMessage } from '../../api'
import { downloadBase64, fileToBase64 } from './fileBase64'
import { useFocusableTableBody } from '../../components/focusableTableBody'

interface EditRow {
  key: number
  itemId: string
  dimension: string
  item: string
  /** Typed text, kept as typed. */
  points: string
  step: string
  guidance: string
}

let nextKey = 1
const toEdit = (t: RubricTable): EditRow[] =>
  t.rows.map((r) => ({ key: nextKey++, itemId: r.itemId, dimension: r.dimension, item: r.item, points: numberText(r.points), step: numberText(r.step), guidance: r.guidance }))

/** Local checks of the typed numbers (the backend checks everything again). */
function localProblems(rows: EditRow[]): RubricProblem[] {
  return rows.flatMap((r, i) => {
    const out: RubricProblem[] = []
    const p = parseNumberInput(r.points, { max: 100 })
    if (!p.ok) out.push({ row: i + 1, field: 'points', message: p.message })
    const s = parseNumberInput(r.step, { max: 100 })
    if (!s.ok) out.push({ row: i + 1, field: 'step', message: s.message })
    return out
  })
}

export function RubricEditorCard({ meetingId, closed, locked = false, onSaved }: { meetingId: string; closed: boolean; locked?: boolean; onSaved: () => void }) {
  const { message } = AntApp.useApp()
  const [view, setView] = useState<RubricEditorView | null>(null)
  const [name, setName] = useState('')
  const [rows, setRows] = useState<EditRow[]>([])
  const [problems, setProblems] = useState<RubricProblem[]>([])
  const [busy, setBusy] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)
  // Read-only (every field disabled), the table's scrolling body needs its own tab stop.
  const tableBox = useFocusableTableBody<HTMLDivElement>('评分细则表', [view, rows.length])
  const load = useCallback(async () => {
    const v = await call('rubric.get', { meetingId })
    setView(v)
    setName(v.table.name)
    setRows(toEdit(v.table))
    setProblems([])
  }, [meetingId])
  useEffect(() => {
    load().catch((e: unknown) => void message.error(errorMessage(e)))
  }, [load, message])
  // Scoring started meanwhile (开始评审 on this page): the lock and its reason are shown at once; what was typed stays.
  useEffect(() => {
    if (!locked) return
    call('rubric.get', { meetingId })
      .then(setView)
      .catch((e: unknown) => void message.error(errorMessage(e)))
  }, [locked, meetingId, message])
  if (!view) return <Card title="评分细则">正在读取…</Card>
  const readOnly = !!view.locked || closed
  const sum = rows.reduce((s, r) => s + (parseNumberInput(r.points).ok ? Math.round(Number(r.points.normalize('NFKC').replace(/[。．]/g, '.')) * 100) || 0 : 0), 0) / 100
  const present = new Set(rows.map((r) => r.dimension.trim()))
  const missing = ARTICLE8_DIMENSIONS.filter((d) => !present.has(d.name)).map((d) => d.name)
  const tableNow = (): RubricTable => ({
    name,
    passAt: view.rubric.conclusion.passAt,
    reviseAt: view.rubric.conclusion.reviseAt,
    rows: rows.map((r) => {
      const p = parseNumberInput(r.points)
      const s = parseNumberInput(r.step)
      return { itemId: r.itemId, dimension: r.dimension, item: r.item, points: p.ok ? p.value : null, step: s.ok ? (s.value ?? 0.5) : null, guidance: r.guidance }
    })
  })
  const edit = (key: number, patch: Partial<EditRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)))
  const errorAt = (i: number, field: string) => problems.filter((p) => p.row === i + 1 && p.field === field).map((p) => p.message).join('；')
  const save = async () => {
    const local = localProblems(rows)
    if (local.length > 0) return setProblems(local)
    setBusy(true)
    try {
      const v = await call('rubric.save', { meetingId, table: tableNow() })
      setView(v)
      setRows(toEdit(v.table))
      setProblems([])
      void message.success(`已保存为第 ${v.version} 版，本会议改用这一版`)
      onSaved()
    } catch (e) {
      const issues = (e as { issues?: { path: string; message: string }[] }).issues ?? []
      setProblems(issues.map((x) => { const m = /^rows\.(\d+)\.(\w+)$/.exec(x.path); return m ? { row: Number(m[1]) + 1, field: m[2]!, message: x.message } : { row: null, field: x.path, message: x.message } }))
      if (issues.length === 0) void message.error(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const importFile = async (file: File) => {
    try {
      const r = await call('rubric.parseFile', { meetingId, fileName: file.name, base64: await fileToBase64(file) })
      if (r.table) {
        setName(r.table.name)
        setRows(toEdit(r.table))
      }
      setProblems(r.problems)
      if (r.table && r.problems.length === 0) void message.success(`已读入“${file.name}”（尚未保存）`)
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }
  const exportAs = async (format: 'json' | 'xlsx') => {
    try {
      const r = await call('rubric.export', { meetingId, format })
      downloadBase64(r.base64, r.fileName)
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }
  const cell = (i: number, field: string, node: React.ReactNode) => {
    const err = errorAt(i, field)
    return (
      <div>
        {node}
        {err && (
          <Typography.Text type="danger" role="alert" style={{ fontSize: 12 }}>
            {err}
          </Typography.Text>
        )}
      </div>
    )
  }
  const tableProblems = problems.filter((p) => p.row === null)
  return (
    <Card title={`评分细则（第 ${view.version} 版）`} data-testid="rubric-editor">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {view.locked && <Alert type="info" showIcon title={view.locked} />}
        <Space wrap>
          <label htmlFor="rubric-name">名称</label>
          <Input id="rubric-name" style={{ width: 420 }} value={name} disabled={readOnly} onChange={(e) => setName(e.target.value)} />
          <Typography.Text type={Math.abs(sum - 100) < 0.005 ? 'success' : 'danger'} data-testid="rubric-sum">分值合计 {sum} / 100</Typography.Text>
          {missing.length > 0 && <Typography.Text type="danger">缺少第八条的维度：{missing.join('、')}</Typography.Text>}
        </Space>
        {tableProblems.length > 0 && <Alert type="error" showIcon title="未保存：" description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{tableProblems.map((p, i) => <li key={i}>{p.message}</li>)}</ul>} />}
        <div ref={tableBox}>
        <Table<EditRow>
          rowKey="key"
          size="small"
          pagination={false}
          bordered
          dataSource={rows}
          scroll={{ y: 420 }}
          columns={[
            { title: '序号', width: 52, render: (_: unknown, __: EditRow, i: number) => i + 1 },
            { title: '维度', width: 130, render: (_: unknown, r: EditRow, i: number) => cell(i, 'dimension', <Input aria-label={`第${i + 1}行维度`} value={r.dimension} disabled={readOnly} status={errorAt(i, 'dimension') ? 'error' : undefined} onChange={(e) => edit(r.key, { dimension: e.target.value })} />) },
            { title: '评分细则', width: 320, render: (_: unknown, r: EditRow, i: number) => cell(i, 'item', <Input aria-label={`第${i + 1}行评分细则`} value={r.item} disabled={readOnly} status={errorAt(i, 'item') || errorAt(i, 'itemId') ? 'error' : undefined} onChange={(e) => edit(r.key, { item: e.target.value })} />) },
            { title: '分值', width: 112, render: (_: unknown, r: EditRow, i: number) => cell(i, 'points', <Input aria-label={`第${i + 1}行分值`} inputMode="decimal" value={r.points} disabled={readOnly} status={errorAt(i, 'points') ? 'error' : undefined} onChange={(e) => edit(r.key, { points: e.target.value })} />) },
            { title: '步长', width: 72, render: (_: unknown, r: EditRow, i: number) => cell(i, 'step', <Input aria-label={`第${i + 1}行步长`} inputMode="decimal" value={r.step} disabled={readOnly} status={errorAt(i, 'step') ? 'error' : undefined} onChange={(e) => edit(r.key, { step: e.target.value })} />) },
            { title: '评分指引', render: (_: unknown, r: EditRow, i: number) => cell(i, 'guidance', <Input.TextArea aria-label={`第${i + 1}行评分指引`} autoSize={{ minRows: 1, maxRows: 3 }} value={r.guidance} disabled={readOnly} onChange={(e) => edit(r.key, { guidance: e.target.value })} />) },
            ...(readOnly ? [] : [{ title: '操作', width: 64, render: (_: unknown, r: EditRow, i: number) => <Button size="small" danger autoInsertSpace={false} aria-label={`删除第${i + 1}行`} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>删除</Button> }])
          ]}
        />
        </div>
        <Space wrap>
          {!readOnly && (
            <>
              <Button onClick={() => setRows((rs) => [...rs, { key: nextKey++, itemId: '', dimension: rs.at(-1)?.dimension ?? '', item: '', points: '', step: '0.5', guidance: '' }])}>添加一行</Button>
              <Button onClick={() => fileInput.current?.click()}>导入 Excel 或 JSON…</Button>
              <input ref={fileInput} type="file" accept=".xlsx,.csv,.json" hidden aria-label="选择评分细则文件" onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void importFile(f) }} />
              <Button onClick={() => void load()}>放弃修改</Button>
              <Button type="primary" loading={busy} onClick={() => void save()}>保存为第 {Math.max(view.version, ...view.versions.map((v) => v.version)) + 1} 版</Button>
            </>
          )}
          <Button onClick={() => void exportAs('xlsx')}>导出 Excel</Button>
          <Button onClick={() => void exportAs('json')}>导出 JSON</Button>
        </Space>
        <Typography.Text type="secondary">
          各细则分值之和须为 100，第八条的五个维度（{ARTICLE8_DIMENSIONS.map((d) => d.name).join('、')}）都须有细则。保存后生成新的版本（旧版本保留），本会议改用新版本；有专家开始评分后不能再修改。导入的文件须有表头“维度、编号、评分细则、分值、步长、评分指引”（编号、步长、评分指引可省略）。
        </Typography.Text>
      </Space>
    </Card>
  )
}
