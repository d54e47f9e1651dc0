/**
 * A re-review opened from 我的评审 (issue 12, item 5): the 整改落实 checklist, the 专家组复核意见 to sign and the
 * comparison of the 修改稿 with the reviewed package — the same cards as the console's 复核 tab, for one version.
 */
import { Space, Typography } from 'antd'
import { useState } from 'react'
import { ChecklistCard } from './ChecklistCard'
import { FollowupOpinionCard } from './FollowupOpinionCard'
import { VersionDiffView } from './VersionDiffView'
import { call } from '../../api'
import { PageError } from '../../components/PageError'
import { useQuery } from '../../hooks/useQuery'

export function RereviewPage({ versionId }: { versionId: string }) {
  const q = useQuery(() => call('versions.checklist', { versionId }), [versionId])
  const [saved, setSaved] = useState(0)
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const v = q.data
  if (!v) return null
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2} style={{ margin: 0 }}>
          复核：修改稿第 {v.version} 版
        </Typography.Title>
        <Typography.Text type="secondary">
          <a href="#/review">返回我的评审</a>
        </Typography.Text>
      </div>
      <ChecklistCard versionId={versionId} readOnly={false} onChanged={() => setSaved((n) => n + 1)} />
      <FollowupOpinionCard versionId={versionId} refresh={saved} readOnly={false} />
      <VersionDiffView versionId={versionId} version={v.version} />
    </Space>
  )
}
