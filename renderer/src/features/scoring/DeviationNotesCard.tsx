/**
 * The expert's 偏离说明: after submitting, the dimensions where this expert's score deviates from the panel's
 * median beyond the meeting's threshold (merge.myDeviations: only the expert's own counted sheet, only once it
 * is submitted), each with a note the secretariat sees under the merge. Notes are saved as they are typed, like
 * the scoring form's opinions (useSheetEditor): after a short pause, on blur and when the page goes away, one
 * save after another. The list is looked up again now and then: other experts' sheets may still be arriving.
 */
import { Alert, Card, Input, Space, Typography } from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import { call, errorMessage } from '../../api'
import { Badge } from '../../components/Badge'
import { formatTime } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { TEXT_SAVE_DELAY_MS } from './useSheetEditor'

const REFRESH_MS = 15_000

const points = (x: number) => String(Math.round(x * 100) / 100)

/** Per-dimension texts saved as typed (serial saves; what is typed locally always wins over what is loaded). */
function useNoteSaver(projectId: string) {
  const [texts, setTexts] = useState<Record<string, string>>({})
  const [pending, setPending] = useState(0)
  const [savedAt, setSavedAt] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>())
  const unsaved = useRef(new Map<string, string>())
  const queue = useRef<Promise<unknown>>(Promise.resolve())

  const save = useCallback(
    (dimensionId: string) => {
      const t = timers.current.get(dimensionId)
      if (t) clearTimeout(t)
      timers.current.delete(dimensionId)
      const text = unsaved.current.get(dimensionId)
      if (text === undefined) return
      unsaved.current.delete(dimensionId)
      setPending((n) => n + 1)
      queue.current = queue.current
        .then(() => call('merge.setDeviationNote', { projectId, dimensionId, text }))
        .then(
          (ack) => {
            setSavedAt(ack.updatedAt)
            setError(null)
          },
          (err: unknown) => setError(errorMessage(err))
        )
        .finally(() => setPending((n) => n - 1))
    },
    [projectId]
  )

  const type = useCallback(
    (dimensionId: string, text: string) => {
      setTexts((x) => ({ ...x, [dimensionId]: text }))
      unsaved.current.set(dimensionId, text)
      const t = timers.current.get(dimensionId)
      if (t) clearTimeout(t)
      timers.current.set(
        dimensionId,
        setTimeout(() => save(dimensionId), TEXT_SAVE_DELAY_MS)
      )
    },
    [save]
  )

  useEffect(() => {
    const flushAll = () => {
      for (const id of [...unsaved.current.keys()]) save(id)
    }
    window.addEventListener('beforeunload', flushAll)
    return () => {
      window.removeEventListener('beforeunload', flushAll)
      flushAll()
    }
  }, [save])

  return { texts, pending, savedAt, error, type, save }
}

export function DeviationNotesCard({ projectId, version }: { projectId: string; version: string }) {
  const q = useQuery(() => call('merge.myDeviations', { projectId }), [projectId, version])
  const notes = useNoteSaver(projectId)
  const { reload } = q
  useEffect(() => {
    const timer = setInterval(() => void reload(), REFRESH_MS)
    return () => clearInterval(timer)
  }, [reload])
  const flags = q.data?.flags ?? []
  if (flags.length === 0) return null
  const state = notes.error ? null : notes.pending > 0 ? '正在保存…' : notes.savedAt ? `已保存（${formatTime(notes.savedAt)}）` : null
  return (
    <div data-testid="deviation-notes">
      <Card size="small" title="偏离说明" extra={state && <Typography.Text type="secondary" aria-live="polite">{state}</Typography.Text>}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            以下维度您的得分与专家组中位数之差超过会议设定的阈值。可以在此说明理由：说明不改变已签名的评分表，秘书处汇总时显示在您的得分旁。
          </Typography.Text>
          {notes.error && <Alert type="error" showIcon title={`偏离说明未能保存：${notes.error}`} />}
          {flags.map((f) => {
            const deviation = f.score - f.median
            return (
              <div key={f.dimensionId}>
                <Typography.Paragraph style={{ marginBottom: 6 }}>
                  <strong>{f.name}</strong>：您的得分 <span className="num">{points(f.score)}</span>，专家组中位数 <span className="num">{points(f.median)}</span>{' '}
                  <Badge tone="danger">
                    偏离 {deviation > 0 ? '+' : ''}
                    {points(deviation)}（阈值 ±{points(f.threshold)}）
                  </Badge>
                </Typography.Paragraph>
                <Input.TextArea
                  aria-label={`「${f.name}」偏离说明`}
                  rows={3}
                  maxLength={2000}
                  placeholder="说明您评分的理由"
                  value={notes.texts[f.dimensionId] ?? f.note}
                  onChange={(e) => notes.type(f.dimensionId, e.target.value)}
                  onBlur={() => notes.save(f.dimensionId)}
                />
              </div>
            )
          })}
        </Space>
      </Card>
    </div>
  )
}
