/** During the meeting: who has declared, who is scoring, who has submitted, signatures checked; refreshed every 3 s. */
import { App as AntApp, Button, Card, Input, Modal, Space, Table, Tooltip, Typography } from 'antd'
import { useEffect, useState } from 'react'
import type { BoardCell, BoardRow } from '../../../../shared/api/secretariatTypes'
import { call, errorMessage } from '../../api'
import { Badge } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { formatTime } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { BOARD_TONES } from './labels'

export function BoardTab({ meetingId, readOnly }: { meetingId: string; readOnly: boolean }) {
  const { message } = AntApp.useApp()
  const q = useQuery(() => call('board.get', { meetingId }), [meetingId])
  const [reopen, setReopen] = useState<{ row: BoardRow; cell: BoardCell } | null>(null)
  const [reason, setReason] = useState('')
  const { reload } = q
  useEffect(() => {
    const t = setInterval(() => void reload(), 3000)
    return () => clearInterval(t)
  }, [reload])
  const doReopen = async () => {
    if (!reopen?.cell.sheetId) return
    try {
      await call('sheets.reopen', { sheetId: reopen.cell.sheetId, reason })
      void message.success(`已退回${reopen.cell.name}的评分表`)
      setReopen(null)
      void reload()
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }
  if (q.error && !q.data) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const b = q.data
  return (
    <Card
      title="评审看板"
      extra={
        <Typography.Text type="secondary" aria-live="polite">
          {b ? `每 3 秒刷新 · ${formatTime(b.at)}` : '加载中…'}
        </Typography.Text>
      }
    >
      <Typography.Paragraph type="secondary">
        评分表提交后立即核验签名（SM2/SM3，且公钥须与报到时登记的指纹一致）。“已篡改”“无法验证”的评分表不计入汇总。
      </Typography.Paragraph>
      <Table<BoardRow>
        rowKey="projectId"
        size="small"
        dataSource={b?.rows ?? []}
        pagination={false}
        locale={{ emptyText: '还没有项目。' }}
        columns={[
          { title: '项目', dataIndex: 'name', width: 260 },
          {
            title: '进度',
            width: 110,
            render: (_: unknown, r) => (
              <Space orientation="vertical" size={2}>
                <span className="num">
                  {r.submitted}/{r.expected} 已计入
                </span>
                {r.tampered > 0 && <Badge tone="danger">{r.tampered} 份已篡改</Badge>}
              </Space>
            )
          },
          {
            title: '专家',
            render: (_: unknown, r) => (
              <Space wrap size={[12, 8]}>
                {r.cells.length === 0 && <Typography.Text type="secondary">未分配专家</Typography.Text>}
                {r.cells.map((c) => (
                  <Space key={c.expertId} size={4} data-testid={`board-${r.projectId}-${c.expertId}`}>
                    <Tooltip title={c.detail}>
                      <span tabIndex={0}>
                        {c.name}：<Badge tone={BOARD_TONES[c.state]}>{c.label}</Badge>
                      </span>
                    </Tooltip>
                    {(c.state === 'submitted' || c.state === 'tampered' || c.state === 'unverifiable') && !readOnly && (
                      <Button autoInsertSpace={false} size="small" onClick={() => (setReopen({ row: r, cell: c }), setReason(''))} aria-label={`退回：${c.name}·${r.name}`}>
                        退回
                      </Button>
                    )}
                  </Space>
                ))}
              </Space>
            )
          }
        ]}
      />
      <Modal open={reopen !== null} title={`退回评分表：${reopen?.cell.name ?? ''}`} okText="退回" cancelText="取消" onCancel={() => setReopen(null)} onOk={() => void doReopen()} okButtonProps={{ disabled: !reason.trim() }}>
        <Typography.Paragraph>
          项目：{reopen?.row.name}。退回后原签名版本保留备查，专家再次打开时生成新的一版草稿。退回理由记入审计日志。
        </Typography.Paragraph>
        <Input.TextArea aria-label="退回理由" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请填写退回理由" />
      </Modal>
    </Card>
  )
}
