/**
 * 价格参考 beside a budget line (issue 13): the reference range (median, spread, count, newest date) and the
 * line's ratio to the median; 依据 opens the matched references with their source, date, how well they match and
 * why, and lets the reviewer confirm or reject each match (remembered on this laptop).
 */
import { Button, Modal, Space, Table, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import { Badge } from '../../components/Badge'
import type { LinePriceView, PriceMatchView } from '../../../../shared/api/priceTypes'
import { lineRatioText, rangeText, standing } from './linePriceView'

export function yuanText(fen: number): string {
  return `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })} 元`
}

export function LinePrice({ name, view, margin, onChoose }: { name: string; view: LinePriceView; margin: number; onChoose: (refId: string, choice: 'confirm' | 'reject' | null) => void }) {
  const [open, setOpen] = useState(false)
  const r = view.range
  if (!r && view.matches.length === 0) return null
  const high = view.ratio !== null && view.ratio > 1 + margin
  return (
    <span className="pd-price" data-testid="line-price">
      {r ? (
        <Tooltip title={`参考价 ${yuanText(r.minFen)}～${yuanText(r.maxFen)}，离散度 ${Math.round(r.spread * 100)}%`}>
          <span>
            参考中位 <span className="num">{yuanText(r.medianFen)}</span>（{r.count} 条，最新 {r.newestDate}）
            {r.old && <Badge tone="neutral">参考价已过时</Badge>}
            {view.ratio !== null && <Badge tone={high ? 'danger' : 'success'}>{`为参考价 ${Math.round(view.ratio * 100)}%`}</Badge>}
          </span>
        </Tooltip>
      ) : (
        <Typography.Text type="secondary">有相近参考价，未计入</Typography.Text>
      )}
      <Button size="small" type="link" onClick={() => setOpen(true)} aria-label={`查看「${name}」的参考价依据`}>
        依据
      </Button>
      <Modal open={open} onCancel={() => setOpen(false)} footer={null} width={1000} title={`价格参考 · ${name}`} destroyOnHidden>
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          本行单价 {view.unitPriceFen === null ? '未列明' : yuanText(view.unitPriceFen)}
          {r ? `；${rangeText(r)}` : '；没有计入的参考价'}
          {view.ratio !== null && `；本行为中位数的 ${Math.round(view.ratio * 100)}%`}。
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          价格参考不是《办法》条款，仅供专家判断；排除或确认的匹配会记在本机，下次自动沿用。
        </Typography.Paragraph>
        <MatchTable matches={view.matches} lineFen={view.unitPriceFen} onChoose={onChoose} />
      </Modal>
    </span>
  )
}

function MatchTable({ matches, lineFen, onChoose }: { matches: PriceMatchView[]; lineFen: number | null; onChoose: (refId: string, choice: 'confirm' | 'reject' | null) => void }) {
  return (
    <Table<PriceMatchView>
      size="small"
      rowKey="refId"
      pagination={false}
      dataSource={matches}
      scroll={{ x: 930 }}
      columns={[
        { title: '名称 / 规格', key: 'name', render: (_, m) => <span>{m.name}{m.spec ? <Typography.Text type="secondary">（{m.spec}）</Typography.Text> : null}</span> },
        { title: '单位', dataIndex: 'unit', width: 60 },
        {
          title: '参考单价',
          key: 'price',
          align: 'right',
          width: 130,
          render: (_, m) => (
            <span className="num">
              {yuanText(m.unitPriceFen)}
              {lineRatioText(lineFen, m.unitPriceFen) && <div style={{ fontSize: 12, color: '#595959' }}>{lineRatioText(lineFen, m.unitPriceFen)}</div>}
            </span>
          )
        },
        { title: '来源', key: 'source', width: 160, render: (_, m) => <span>{m.source}{m.project ? <div style={{ fontSize: 12, color: '#666' }}>{m.project}</div> : null}</span> },
        { title: '日期', key: 'date', width: 120, render: (_, m) => <span>{m.date}{m.old && <Badge tone="neutral">已过时</Badge>}</span> },
        {
          title: '匹配',
          key: 'score',
          width: 220,
          render: (_, m) => (
            <span>
              {Math.round(m.score * 100)}% · {standing(m)}
              {m.reasons.length > 0 && <div style={{ fontSize: 12, color: '#595959' }}>{m.reasons.join('；')}</div>}
            </span>
          )
        },
        {
          title: '操作',
          key: 'act',
          width: 140,
          render: (_, m) => (
            <Space size={0}>
              {m.choice !== 'confirm' && <Button size="small" type="link" onClick={() => onChoose(m.refId, 'confirm')}>确认</Button>}
              {m.choice !== 'reject' && <Button size="small" type="link" danger onClick={() => onChoose(m.refId, 'reject')}>排除</Button>}
              {m.choice && <Button size="small" type="link" onClick={() => onChoose(m.refId, null)}>撤销</Button>}
            </Space>
          )
        }
      ]}
    />
  )
}
