/** 数据目录 / 数据需求清单 as read from the package, with the required columns it lacks. */
import { Alert, Empty, Table } from 'antd'
import type { DataListView } from '../../../../shared/api/packageTypes'

const NAMES = { dataCatalog: '数据目录', dataNeeds: '数据需求清单' } as const

export function DataListTable({ list }: { list: DataListView }) {
  const name = NAMES[list.kind]
  if (!list.present) {
    return (
      <Alert
        type="warning"
        showIcon
        title={`申报包中没有${name}`}
        description={`第七条要求说明数据资源开发利用情况，包括${name}。请建设单位补充后重新导入申报材料。`}
      />
    )
  }
  return (
    <>
      {list.missingColumns.length > 0 && (
        <Alert type="warning" showIcon title={`${name}缺少必填列：${list.missingColumns.join('、')}`} style={{ marginBottom: 8 }} />
      )}
      <Table
        size="small"
        rowKey="id"
        dataSource={list.rows}
        pagination={list.rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={`${name}没有内容`} /> }}
        columns={list.columns.map((c) => ({
          key: c.key,
          title: c.label,
          render: (_: unknown, r: DataListView['rows'][number]) => r.values[c.key] ?? '',
          ...(c.key === 'seq' ? { width: 60 } : {})
        }))}
        caption={`${name}（${list.path}，${list.rows.length} 行）`}
      />
    </>
  )
}
