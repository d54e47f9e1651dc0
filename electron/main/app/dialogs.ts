/**
 * The OS dialogs behind `files.pick`: each purpose opens a folder or file dialog on the main window; what the user
 * picks is recorded in the GrantList (../paths/grants.ts), the only paths the backend then accepts from the page.
 */
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron'
import type { PathPurpose } from '../../../shared/api/methods/files'
import { GrantList } from '../paths/grants'

const DIALOGS: Record<PathPurpose, OpenDialogOptions> = {
  'export-folder': { title: '选择导出文件夹', properties: ['openDirectory', 'createDirectory', 'promptToCreate'] },
  'archive-folder': { title: '选择归档文件保存到的文件夹', properties: ['openDirectory', 'createDirectory', 'promptToCreate'] },
  'sync-folder': { title: '选择同步文件夹（U 盘、网络共享盘或同步盘中的文件夹）', properties: ['openDirectory', 'createDirectory', 'promptToCreate'] },
  'package-file': { title: '选择申报包', properties: ['openFile'], filters: [{ name: '评审台申报包', extensions: ['pdpkg'] }] }
}

export function desktopGrants(window: () => BrowserWindow | null): GrantList {
  return new GrantList(async (purpose) => {
    const win = window()
    const options = DIALOGS[purpose]
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return r.canceled ? null : (r.filePaths[0] ?? null)
  })
}
