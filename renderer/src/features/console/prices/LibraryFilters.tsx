/** The library's search and filters: words (name, 规格, 来源, project, read as matching reads names), 来源, 分类, kind, dates, status. */
import { Button, Input, Select, Space, Typography } from 'antd'
import type { PriceFacet } from '../../../../../shared/api/priceTypes'
import { dateBoundProblem, isFiltered, type LibraryFilterState } from './libraryView'

const facetOptions = (facets: PriceFacet[] | undefined, none: string) =>
  (facets ?? []).map((f) => ({ value: f.value, label: `${f.value || none}（${f.count}）` }))

function DateBound({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const problem = dateBoundProblem(value)
  return (
    <span className="pd-price-date">
      <Input
        size="small"
        aria-label={label}
        placeholder={label === '日期从' ? '日期从 2024-01-01' : '日期到 2026-12-31'}
        value={value}
        status={problem ? 'error' : undefined}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
        style={{ width: 150 }}
      />
      {problem && (
        <Typography.Text type="danger" role="alert" style={{ fontSize: 12, display: 'block' }}>
          {problem}
        </Typography.Text>
      )}
    </span>
  )
}

export function LibraryFilters({ filter, sources, groups, onChange, onReset }: {
  filter: LibraryFilterState
  sources: PriceFacet[] | undefined
  groups: PriceFacet[] | undefined
  onChange: (patch: Partial<LibraryFilterState>, now?: boolean) => void
  onReset: () => void
}) {
  return (
    <Space wrap size={8} align="start" className="pd-toolbar" role="search" aria-label="筛选参考价">
      <Input
        type="search"
        size="small"
        placeholder="搜索名称、规格、来源、项目（同义词按匹配规则）"
        aria-label="搜索参考价"
        style={{ width: 320 }}
        value={filter.q}
        onChange={(e) => onChange({ q: e.target.value }, false)}
        onPressEnter={() => onChange({ q: filter.q })}
      />
      <Select
        size="small"
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder="来源"
        aria-label="按来源筛选"
        style={{ minWidth: 150, maxWidth: 260 }}
        value={filter.sources}
        onChange={(v: string[]) => onChange({ sources: v })}
        options={facetOptions(sources, '（无来源）')}
      />
      <Select
        size="small"
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder="概算分类"
        aria-label="按概算分类筛选"
        style={{ minWidth: 150, maxWidth: 260 }}
        value={filter.groups}
        onChange={(v: string[]) => onChange({ groups: v })}
        options={facetOptions(groups, '（未分类）')}
      />
      <Select
        size="small"
        aria-label="按类型筛选"
        style={{ width: 130 }}
        value={filter.kind}
        onChange={(kind: LibraryFilterState['kind']) => onChange({ kind })}
        options={[
          { value: 'all', label: '全部类型' },
          { value: 'meeting', label: '会议核定' },
          { value: 'import', label: '导入清单' }
        ]}
      />
      <DateBound label="日期从" value={filter.from} onChange={(from) => onChange({ from }, false)} />
      <DateBound label="日期到" value={filter.to} onChange={(to) => onChange({ to }, false)} />
      <Select
        size="small"
        aria-label="按状态筛选"
        style={{ width: 110 }}
        value={filter.status}
        onChange={(status: LibraryFilterState['status']) => onChange({ status })}
        options={[
          { value: 'active', label: '有效' },
          { value: 'retired', label: '已停用' },
          { value: 'all', label: '全部状态' }
        ]}
      />
      {isFiltered(filter) && (
        <Button size="small" onClick={onReset}>
          清除筛选
        </Button>
      )}
    </Space>
  )
}
