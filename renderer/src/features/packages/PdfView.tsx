/** A PDF page viewer: page navigation, zoom, text search over the extracted text, and the expert's page notes. */
import { Alert, Button, Input, InputNumber, List, Space, Spin, Typography } from 'antd'
import { useEffect, useRef, useState } from 'react'
import type { DocumentView, SearchHit } from '../../../../shared/api/packageTypes'
import { call, errorMessage } from '../../api'
import { NotesPanel } from './NotesPanel'
import { notesByPage, useDocumentNotes } from './useDocumentNotes'
import { fitWidthScale, usePdfDocument, usePdfPage } from './usePdfDocument'
import { CLEAR_INPUT } from '../../components/clear'

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3]

export function PdfView({ doc: info, page, onPage, canWrite }: { doc: DocumentView; page: number; onPage: (p: number) => void; canWrite: boolean }) {
  const { doc, error } = usePdfDocument(info.id)
  const [scale, setScale] = useState(1)
  const canvas = useRef<HTMLCanvasElement>(null)
  const frame = useRef<HTMLDivElement>(null)
  const pageCount = doc?.numPages ?? info.pageCount ?? 1
  const current = Math.min(Math.max(1, page), pageCount)
  const { rendering, renderedPage } = usePdfPage(doc, current, scale, canvas)
  const notes = useDocumentNotes(info.id, canWrite)
  const perPage = notesByPage(notes.notes)
  const [query, setQuery] = useState('')
  const [hits, setHits] = useState<SearchHit[] | null>(null)
  const [searchError, setSearchError] = useState<string | null>(null)

  // Fit the page to the panel's width when a document opens.
  useEffect(() => {
    if (!doc || !frame.current) return
    void fitWidthScale(doc, frame.current.clientWidth).then((s) => setScale(Math.round(s * 100) / 100))
  }, [doc])

  const search = async (q: string) => {
    setQuery(q)
    if (!q.trim()) {
      setHits(null)
      return
    }
    try {
      setSearchError(null)
      setHits(await call('packages.search', { documentId: info.id, query: q }))
    } catch (err) {
      setSearchError(errorMessage(err))
    }
  }
  const zoomStep = (dir: 1 | -1) => {
    const next = dir > 0 ? ZOOMS.find((z) => z > scale + 0.001) : [...ZOOMS].reverse().find((z) => z < scale - 0.001)
    if (next) setScale(next)
  }
  if (error) return <Alert type="error" showIcon title={`无法显示“${info.title || info.path}”`} description={error} />
  return (
    <div className="pd-pdf">
      <div className="pd-toolbar" role="toolbar" aria-label="文档工具栏">
        <Space wrap size={6}>
          <Button size="small" disabled={current <= 1} onClick={() => onPage(current - 1)}>
            上一页
          </Button>
          <span>
            第{' '}
            <InputNumber
              size="small"
              min={1}
              max={pageCount}
              value={current}
              onChange={(v) => typeof v === 'number' && onPage(v)}
              style={{ width: 64 }}
              aria-label="页码"
            />{' '}
            / {pageCount} 页
          </span>
          <Button size="small" disabled={current >= pageCount} onClick={() => onPage(current + 1)}>
            下一页
          </Button>
          <Button size="small" onClick={() => zoomStep(-1)}>
            缩小
          </Button>
          <span aria-live="polite" className="num" style={{ minWidth: 44, display: 'inline-block' }}>
            {Math.round(scale * 100)}%
          </span>
          <Button size="small" onClick={() => zoomStep(1)}>
            放大
          </Button>
          <Button size="small" onClick={() => doc && frame.current && void fitWidthScale(doc, frame.current.clientWidth).then(setScale)}>
            适合宽度
          </Button>
          <Input.Search size="small" allowClear={CLEAR_INPUT} placeholder="在文档中搜索" aria-label="在文档中搜索" onSearch={(q) => void search(q)} style={{ width: 180 }} />
        </Space>
      </div>
      {searchError && <Alert type="error" showIcon title={searchError} />}
      {hits && (
        <div className="pd-hits" aria-label="搜索结果">
          <Typography.Text>
            “{query}”：{hits.length === 0 ? '未找到' : `找到 ${hits.length} 处`}
          </Typography.Text>
          <List
            size="small"
            dataSource={hits.slice(0, 50)}
            renderItem={(h, i) => (
              <List.Item key={i}>
                <Button type="link" size="small" onClick={() => h.page && onPage(h.page)}>
                  第 {h.page} 页
                </Button>
                <span>
                  …{h.before}
                  <mark>{h.match}</mark>
                  {h.after}…
                </span>
              </List.Item>
            )}
          />
        </div>
      )}
      <div className="pd-pdf-body">
        <div className="pd-pdf-frame" ref={frame} tabIndex={0} aria-label={`${info.title} 第 ${current} 页`}>
          {!doc && <Spin tip="正在打开文档…" />}
          <canvas ref={canvas} role="img" aria-label={`${info.title} 第 ${current} 页`} data-testid="pdf-canvas" data-page={current} data-rendering={rendering ? 'true' : 'false'} data-rendered-page={renderedPage ?? ''} />
        </div>
        <NotesPanel
          page={current}
          notes={notes.notes}
          canWrite={canWrite}
          onAdd={notes.add}
          onDelete={notes.remove}
          onGoTo={onPage}
        />
      </div>
      {perPage.size > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          有批注的页：{[...perPage.keys()].filter((p): p is number => p !== null).sort((a, b) => a - b).map((p) => `第${p}页`).join('、')}
        </Typography.Text>
      )}
    </div>
  )
}
