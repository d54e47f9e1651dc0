/** The meeting page's package actions: 导入项目材料 (one or many .pdpkg) and 制作申报包 (from loose files). */
import { Button, Space, Typography, App as AntApp } from 'antd'
import { useCallback, useState } from 'react'
import type { ImportResult } from '../../../../shared/api/packageTypes'
import { BuildPackageDialog } from './BuildPackageDialog'
import { ImportButton, ImportProgressList } from './ImportPackages'
import { useImportQueue } from './useImportQueue'

export function MeetingMaterialsBar({ meetingId, onChanged }: { meetingId: string; onChanged: () => void }) {
  const [building, setBuilding] = useState(false)
  const { message } = AntApp.useApp()
  const imported = useCallback(
    (r: ImportResult) => {
      if (!r.unchanged) void message.success(r.version ? `已导入项目“${r.projectName}”的第 ${r.version.number} 版修改稿（在秘书处工作台“复核”页比较）` : `已导入项目“${r.projectName}”`)
      onChanged()
    },
    [message, onChanged]
  )
  const queue = useImportQueue(meetingId, imported)
  return (
    <section aria-label="项目材料">
      <Space wrap align="center">
        <ImportButton onFiles={queue.add} />
        <Button onClick={() => setBuilding(true)}>用零散文件制作申报包</Button>
        <Typography.Text type="secondary">申报包（.pdpkg）含可研暨初设方案、投资概算表、数据目录和数据需求清单；可一次选择多个。</Typography.Text>
      </Space>
      <ImportProgressList items={queue.items} onCancel={queue.cancel} onClear={queue.clearFinished} />
      <BuildPackageDialog meetingId={meetingId} open={building} onClose={() => setBuilding(false)} onImported={imported} />
    </section>
  )
}
