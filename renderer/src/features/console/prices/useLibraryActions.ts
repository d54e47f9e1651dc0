/**
 * What the library card does: import, template, choose for the meeting, edit/停用 results, 撤销 of the last edit of
 * this session (also Ctrl+Z, when no dialog is open), export of the current view; one problem kept until dismissed.
 */
import { App as AntApp } from 'antd'
import { useMemo, useState } from 'react'
import type { PriceEditResult, PriceLibraryRowView } from '../../../../../shared/api/priceTypes'
import { call, errorMessage } from '../../../api'
import { useShortcuts, type Shortcut } from '../../../hooks/useShortcuts'
import { downloadText, fileToBase64 } from '../fileBase64'
import type { LibraryState } from './useLibrary'
import { useLibraryExport } from './useLibraryExport'

export function useLibraryActions(lib: LibraryState, meetingId: string, onChanged: () => void) {
  const { message } = AntApp.useApp()
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [editing, setEditing] = useState<PriceLibraryRowView | null>(null)
  const exporter = useLibraryExport((t) => void message.success(t), setProblem)
  const act = async (fn: () => Promise<string>) => {
    setBusy(true)
    try {
      void message.success(await fn())
      setProblem(null)
      await lib.q.reload()
      onChanged()
    } catch (e) {
      setProblem(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const saved = (r: PriceEditResult, what: string) => {
    lib.replaceRow(r.row)
    if (r.editId !== null) lib.pushEdit({ editId: r.editId, name: r.row.name, what })
    void message.success(`已${what}「${r.row.name}」，可撤销（Ctrl+Z）`)
    setProblem(null)
  }
  const last = lib.edits.at(-1)
  const undo = () => {
    if (!last || busy) return
    void act(async () => {
      await call('prices.undo', { editId: last.editId })
      lib.popEdit()
      return `已撤销对「${last.name}」的${last.what}`
    })
  }
  const shortcuts: Shortcut[] = useMemo(() => [{ keys: 'Ctrl+Z', label: '撤销上一次修改参考价', run: () => editing === null && undo() }], [editing, last, busy]) // eslint-disable-line react-hooks/exhaustive-deps
  useShortcuts(shortcuts)
  return {
    problem, setProblem, busy, editing, setEditing, exporter, last, undo,
    retire: (r: PriceLibraryRowView) =>
      void call('prices.edit', { id: r.id, edit: { retired: !r.retired } }).then((res) => saved(res, r.retired ? '恢复' : '停用'), (e) => setProblem(errorMessage(e))),
    edited: (r: PriceEditResult) => {
      setEditing(null)
      saved(r, '修改')
    },
    importList: (file: File) => act(async () => `已导入 ${(await call('prices.import', { fileName: file.name, base64: await fileToBase64(file) })).added} 条参考价`),
    template: () => void call('prices.template', {}).then((t) => downloadText(t.csv, '参考价格清单模板.csv', 'text/csv;charset=utf-8'), (e) => setProblem(errorMessage(e))),
    choose: () => act(async () => `本次会议携带 ${(await call('prices.chooseForMeeting', { meetingId, matched: true })).count} 条参考价`)
  }
}

export type LibraryActions = ReturnType<typeof useLibraryActions>
