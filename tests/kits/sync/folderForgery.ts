/** Writing a forger's device file into a shared folder, and one folder sync of a replica (security tests). */
import type { Change } from '../../../shared/sync/change'
import { emptyReport, type SyncReport } from '../../../shared/sync/report'
import { syncFolder } from '../../../electron/main/sync/folder'
import { writeFolderFile } from '../../../electron/main/sync/folderFile'
import { tempDir } from '../../helpers/tmp'
import type { Replica } from './replica'

/** One folder sync of meeting m1 on `r`; the report it wrote. */
export function syncM1(r: Replica, folder: string): SyncReport {
  const report = emptyReport('folder', folder, '')
  syncFolder(r.db, { folder, meetingId: 'm1', dataDir: r.dataDir, schemaVersion: 8, now: r.now }, report)
  return report
}

/** A device file of `origin` holding `changes` (as given: sealed or not), as someone with write access could leave it. */
export function writeForgery(folder: string, origin: string, changes: Change[]): void {
  const vv = { [origin]: changes[changes.length - 1]?.seq ?? 0 }
  writeFolderFile(folder, tempDir('forger-tmp'), { origin, meetingId: 'm1', maxSeq: vv[origin] as number, vv, schemaVersion: 8 }, changes)
}
