/** The 评审承诺书: read once per meeting and accepted before any scoring. */
import { Alert, Button, Card, Checkbox, Typography, App as AntApp } from 'antd'
import { useState } from 'react'
import { call, errorMessage } from '../../api'
import { formatTime } from '../../format'
import { useQuery } from '../../hooks/useQuery'

export function CommitmentCard({ meetingId, onAccepted }: { meetingId: string; onAccepted: () => void }) {
  const q = useQuery(() => call('review.commitment', { meetingId }), [meetingId])
  const [agreed, setAgreed] = useState(false)
  const [busy, setBusy] = useState(false)
  const { message } = AntApp.useApp()
  const c = q.data
  if (!c) return null
  if (c.acceptedAt) {
    return <Alert type="success" showIcon title={`已签署评审承诺书（${formatTime(c.acceptedAt)}）`} />
  }
  const accept = async () => {
    setBusy(true)
    try {
      q.setData(await call('review.acceptCommitment', { meetingId }))
      onAccepted()
    } catch (err) {
      void message.error(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title="评审专家承诺书" data-testid="commitment">
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 16, lineHeight: 1.9 }}>{c.text}</Typography.Paragraph>
      <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)}>
        我已阅读上述承诺，并愿意遵守
      </Checkbox>
      <div style={{ marginTop: 12 }}>
        <Button type="primary" disabled={!agreed} loading={busy} onClick={() => void accept()}>
          签署承诺书
        </Button>
      </div>
    </Card>
  )
}
