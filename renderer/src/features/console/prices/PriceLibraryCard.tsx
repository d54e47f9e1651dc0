/**
 * The reference library in the 价格参考 tab (issue 13): the whole library searchable and filterable, paged on the
 * backend; import, the template, export of the current view (CSV or Excel, with progress and 取消); edits and
 * 停用/恢复 with 撤销 of the last one (also Ctrl+Z); 按本次概算选择随会参考价.
 */
import { Alert, Button, Card, Dropdown, Empty, Progress, Space, Typography, Upload } from 'antd'
import type { ConsoleMeeting } from '../../../../../shared/api/secretariatTypes'
import { isFiltered } from './libraryView'
import { LibraryFilters } from './LibraryFilters'
import { LibraryTable } from './LibraryTable'
import { PriceEditDialog } from './PriceEditDialog'
import { useLibrary, type LibraryState } from './useLibrary'
import { useLibraryActions, type LibraryActions } from './useLibraryActions'

function LibraryButtons({ a, lib, closed }: { a: LibraryActions; lib: LibraryState; closed: boolean }) {
  return (
    <Space wrap>
      <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={(f) => (void a.importList(f), false)}>
        <Button autoInsertSpace={false}>导入价格清单</Button>
      </Upload>
      <Button autoInsertSpace={false} onClick={a.template}>
        下载模板
      </Button>
      <Dropdown
        menu={{ items: [{ key: 'csv', label: '导出为 CSV' }, { key: 'xlsx', label: '导出为 Excel' }], onClick: ({ key }) => void a.exporter.run(lib.applied, key as 'csv' | 'xlsx') }}
        disabled={a.exporter.state !== null}
      >
        <Button autoInsertSpace={false}>导出当前筛选结果</Button>
      </Dropdown>
      <Button autoInsertSpace={false} type="primary" loading={a.busy} disabled={closed} onClick={() => void a.choose()}>
        按本次概算选择随会参考价
      </Button>
    </Space>
  )
}

function LibraryNotices({ a }: { a: LibraryActions }) {
  const x = a.exporter.state
  return (
    <>
      {a.problem && <Alert type="error" showIcon closable onClose={() => a.setProblem(null)} title={a.problem} style={{ marginBottom: 12 }} />}
      {x && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={
            <Space wrap>
              <span role="status">正在导出（{x.format === 'csv' ? 'CSV' : 'Excel'}）：{x.message}</span>
              <Progress percent={x.total ? Math.floor((x.done / x.total) * 100) : 0} size="small" style={{ width: 200 }} />
              <Button size="small" onClick={a.exporter.cancel}>
                取消导出
              </Button>
            </Space>
          }
        />
      )}
      {a.last && (
        <Alert
          type="success"
          style={{ marginBottom: 12 }}
          title={
            <Space wrap>
              <span>
                上一次修改：{a.last.what}「{a.last.name}」
              </span>
              <Button size="small" loading={a.busy} onClick={a.undo}>
                撤销（Ctrl+Z）
              </Button>
            </Space>
          }
        />
      )}
    </>
  )
}

function EmptyLibrary({ lib, a }: { lib: LibraryState; a: LibraryActions }) {
  if (lib.q.data?.total === 0) {
    return (
      <Empty description="参考价格库还没有条目：会议结束时各概算行的核定单价会自动记入；也可以下载模板，填好后导入价格清单。">
        <Button onClick={a.template}>下载导入模板</Button>
      </Empty>
    )
  }
  const filtered = isFiltered(lib.applied)
  return <Empty description={filtered ? '没有符合条件的参考价。' : '没有有效的参考价。'}>{filtered && <Button onClick={lib.reset}>清除筛选</Button>}</Empty>
}

export function PriceLibraryCard({ meeting, onChanged }: { meeting: ConsoleMeeting; onChanged: () => void }) {
  const meetingId = meeting.settings.meetingId
  const lib = useLibrary(meetingId)
  const a = useLibraryActions(lib, meetingId, onChanged)
  const data = lib.q.data
  return (
    <Card
      title={`参考价格库（本机 ${data?.total.toLocaleString('zh-CN') ?? 0} 条；随本次会议携带 ${data?.chosenForMeeting ?? 0} 条）`}
      extra={<LibraryButtons a={a} lib={lib} closed={meeting.settings.phase === 'closed'} />}
    >
      <Typography.Paragraph type="secondary">
        会议结束时，每个概算行的送审单价与核定单价自动记入本机参考价格库（会议核定，只能改备注或停用）。价格清单第一行为表头：名称、规格、单位、参考单价（元，表头写“万元”则按万元）、来源、日期，可另有分类、项目、备注、状态；任何一行有问题时整个文件都不导入。导出的文件与模板列相同，可再导入。
        “按本次概算选择”把与本次会议概算行匹配的参考价随会议同步到专家电脑（只读，离线可用）；会议结束前修改或停用的参考价随之更新。
      </Typography.Paragraph>
      <LibraryNotices a={a} />
      <LibraryFilters filter={lib.typed} sources={data?.sources} groups={data?.groups} onChange={lib.setFilter} onReset={lib.reset} />
      <Typography.Paragraph style={{ margin: '8px 0' }} data-testid="library-matches" role="status">
        {data ? `符合条件 ${data.matches.toLocaleString('zh-CN')} 条` : '正在读取参考价格库…'}
      </Typography.Paragraph>
      <LibraryTable
        rows={data?.rows ?? []}
        loading={lib.q.loading}
        filter={lib.applied}
        page={lib.page}
        pageSize={lib.pageSize}
        matches={data?.matches ?? 0}
        empty={<EmptyLibrary lib={lib} a={a} />}
        onPage={lib.setPage}
        onSort={(s) => lib.setFilter(s)}
        onEdit={a.setEditing}
        onRetire={a.retire}
      />
      {a.editing && <PriceEditDialog row={a.editing} onClose={() => a.setEditing(null)} onSaved={a.edited} />}
    </Card>
  )
}
