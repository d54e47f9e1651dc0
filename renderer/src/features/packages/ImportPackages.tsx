/** 导入项目材料: choose one or many .pdpkg files; each is uploaded and imported with its own progress and outcome. */
import { Alert, Button, Card, List, Progress, Space, Typography } from 'antd'
import { useRef } from 'react'
import { Badge } from '../../components/Badge'
import type { ImportItem } from './useImportQueue'

const PHASE_TONE = { waiting: 'neutral', uploading: 'info', importing: 'info', done: 'success', failed: 'danger', cancelled: 'neutral' } as const
const PHASE_LABEL = { waiting: '等待', uploading: '上传中', importing: '导入中', done: '已导入', failed: '失败', cancelled: '已取消' } as const

function ItemRow({ item, onCancel }: { item: ImportItem; onCancel: () => void }) {
  const running = item.phase === 'uploading' || item.phase === 'importing' || item.phase === 'waiting'
  return (
    <List.Item
      data-testid="import-item"
      actions={running ? [<Button key="cancel" size="small" onClick={onCancel} aria-label={`取消导入 ${item.fileName}`}>取消</Button>] : []}
    >
      <div style={{ width: '100%' }}>
        <Space wrap>
          <Badge tone={PHASE_TONE[item.phase]}>{PHASE_LABEL[item.phase]}</Badge>
          <Typography.Text strong>{item.fileName}</Typography.Text>
          {item.result && (
            <Typography.Text>
              → 项目“{item.result.projectName}”{item.result.version ? `的第 ${item.result.version.number} 版修改稿` : ''}：{item.result.lineCount} 行概算，{item.result.findingCount} 条合规提示
            </Typography.Text>
          )}
        </Space>
        {running && (
          <Progress
            percent={Math.round(item.fraction * 100)}
            size="small"
            status="active"
            aria-label={`${item.fileName} 导入进度`}
            format={(p) => `${p ?? 0}%`}
          />
        )}
        {running && <Typography.Text type="secondary" style={{ fontSize: 13 }}>{item.message}</Typography.Text>}
        {item.error && <Alert type="error" showIcon title={<span style={{ whiteSpace: 'pre-line' }}>{item.error}</span>} style={{ marginTop: 6 }} />}
      </div>
    </List.Item>
  )
}

/** The hidden file input and its button. */
export function ImportButton({ onFiles }: { onFiles: (files: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".pdpkg,application/zip"
        multiple
        hidden
        data-testid="import-input"
        aria-label="选择申报包文件"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])]
          e.target.value = ''
          if (files.length) onFiles(files)
        }}
      />
      <Button type="primary" onClick={() => input.current?.click()}>
        导入项目材料
      </Button>
    </>
  )
}

/** Each chosen file with its progress, outcome or error (naming the file and the problem). */
export function ImportProgressList({ items, onCancel, onClear }: { items: ImportItem[]; onCancel: (key: string) => void; onClear: () => void }) {
  if (items.length === 0) return null
  const finished = items.some((i) => i.phase === 'done' || i.phase === 'failed' || i.phase === 'cancelled')
  return (
    <Card size="small" title="导入进度" extra={finished && <Button size="small" onClick={onClear}>清除已完成</Button>} style={{ marginTop: 12 }}>
      <List dataSource={items} rowKey="key" renderItem={(item) => <ItemRow item={item} onCancel={() => onCancel(item.key)} />} />
    </Card>
  )
}
