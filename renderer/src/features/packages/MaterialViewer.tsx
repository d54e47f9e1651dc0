/**
 * The left side of the project page: the proposal's materials in tabs — 概况, 文档 (PDF/DOCX with notes), 概算,
 * 数据目录, 数据需求清单, 合规提示 (whose links jump to a budget line or a document page).
 */
import { Alert, Empty, Select, Spin, Tabs } from 'antd'
import { useState, type ReactNode } from 'react'
import { PageError } from '../../components/PageError'
import { BudgetGrid, type LineFocus } from './BudgetGrid'
import { BudgetSheetBar } from './BudgetSheetBar'
import { DataListTable } from './DataListTable'
import { DocxView } from './DocxView'
import { FindingsPanel } from './FindingsPanel'
import { PdfView } from './PdfView'
import { useDataList, useMaterials } from './useMaterials'
import './packages.css'

type TabKey = 'overview' | 'documents' | 'budget' | 'dataCatalog' | 'dataNeeds' | 'findings'

function DataListTab({ projectId, kind }: { projectId: string; kind: 'dataCatalog' | 'dataNeeds' }) {
  const q = useDataList(projectId, kind, true)
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  return q.data ? <DataListTable list={q.data} /> : <Spin />
}

export function MaterialViewer({ projectId, overview, canWrite }: { projectId: string; overview: ReactNode; canWrite: boolean }) {
  const { materials, budget, findings, lineMap } = useMaterials(projectId)
  const [tab, setTab] = useState<TabKey>('overview')
  const [lineFocus, setLineFocus] = useState<LineFocus | null>(null)
  const [docId, setDocId] = useState<string | null>(null)
  const [page, setPage] = useState(1)
  const m = materials.data
  const documents = m?.documents ?? []
  const doc = documents.find((d) => d.id === docId) ?? documents.find((d) => d.role === 'main') ?? documents[0]

  const reloadAll = () => {
    void materials.reload()
    void budget.reload()
    void findings.reload()
  }
  const goToLine = (lineId: string) => {
    setTab('budget')
    setLineFocus({ lineId, nonce: Date.now() })
  }
  const goToDocument = (documentId: string, p: number | null) => {
    setDocId(documentId)
    setPage(p ?? 1)
    setTab('documents')
  }
  const noPackage = (
    <Empty description="该项目还没有导入申报材料。秘书处可在会议页面点击“导入项目材料”导入 .pdpkg 申报包。" />
  )
  const warnings = m?.counts.warnings ?? 0
  const items = [
    { key: 'overview', label: '概况', children: overview },
    {
      key: 'documents',
      label: '文档',
      children: !m?.package ? (
        noPackage
      ) : !doc ? (
        <Empty description="申报包中没有文档" />
      ) : (
        <div>
          {documents.length > 1 && (
            <Select
              size="small"
              value={doc.id}
              onChange={(id: string) => goToDocument(id, 1)}
              aria-label="选择文档"
              style={{ minWidth: 240, marginBottom: 8 }}
              options={documents.map((d) => ({ value: d.id, label: `${d.role === 'main' ? '【主文档】' : '【附件】'}${d.title || d.path}` }))}
            />
          )}
          {doc.format === 'pdf' ? (
            <PdfView key={doc.id} doc={doc} page={page} onPage={setPage} canWrite={canWrite} />
          ) : doc.format === 'docx' ? (
            <DocxView key={doc.id} doc={doc} canWrite={canWrite} />
          ) : (
            <Alert
              type="info"
              showIcon
              title={
                /\.doc$/i.test(doc.path)
                  ? `“${doc.title || doc.path}”是旧版 Word（.doc）文档：文字已读取并用于合规检查，但无法在此显示，请用 Word 或 WPS 打开原文件`
                  : `“${doc.title || doc.path}”不是 PDF 或 Word 文档，无法在此显示`
              }
            />
          )}
        </div>
      )
    },
    {
      key: 'budget',
      label: '概算',
      children: !m?.package ? (
        noPackage
      ) : budget.error ? (
        <PageError error={budget.error} />
      ) : budget.data ? (
        <BudgetSheetBar projectId={projectId} budget={budget.data} onChanged={reloadAll}>
          <BudgetGrid budget={budget.data} focus={lineFocus} />
        </BudgetSheetBar>
      ) : (
        <Spin />
      )
    },
    { key: 'dataCatalog', label: '数据目录', children: !m?.package ? noPackage : <DataListTab projectId={projectId} kind="dataCatalog" /> },
    { key: 'dataNeeds', label: '数据需求清单', children: !m?.package ? noPackage : <DataListTab projectId={projectId} kind="dataNeeds" /> },
    {
      key: 'findings',
      label: m?.package ? (
        <span>
          合规提示<span className="pd-tab-count">{m.counts.findings}</span>
          <span className="pd-sr-only">条，需关注 {warnings} 条</span>
        </span>
      ) : (
        '合规提示'
      ),
      children: !m?.package ? (
        noPackage
      ) : findings.error ? (
        <PageError error={findings.error} />
      ) : (
        <FindingsPanel findings={findings.data ?? []} lines={lineMap} onLine={goToLine} onDocument={goToDocument} />
      )
    }
  ]
  if (materials.error) return <PageError error={materials.error} onRetry={() => void materials.reload()} />
  const derivation = m?.derivation
  const derivationNote =
    derivation?.state === 'processing' ? (
      <Alert type="info" showIcon title="材料处理中" description="申报材料已同步到本机，正在读取文档、概算和数据清单，稍候自动显示。" data-testid="materials-state" />
    ) : derivation?.state === 'missing-files' ? (
      <Alert type="warning" showIcon title="材料文件尚未同步" description="申报包的文件还没有同步到本机，下次同步后会自动处理。" data-testid="materials-state" />
    ) : derivation?.state === 'failed' ? (
      <Alert type="error" showIcon title="材料无法读取" description={derivation.message} data-testid="materials-state" />
    ) : null
  return (
    <div className="pd-materials">
      {derivationNote}
      <Tabs activeKey={tab} onChange={(k) => setTab(k as TabKey)} items={items} size="small" tabBarGutter={20} destroyOnHidden={false} />
    </div>
  )
}
