/** Imports the 送审稿 into a seeded project and the 修改稿 as its version 2 (tests only); returns the version id. */
import { expect } from 'vitest'
import type { Backend } from '../../../electron/main/backend'
import type { ImportResult } from '../../../shared/api/packageTypes'
import { waitJob } from '../../helpers/packages'

export async function importRevisionPair(b: Backend, meetingId: string, projectId: string, pair: { reviewed: string; revision: string }): Promise<string> {
  let versionId = ''
  for (const [file, extra] of [[pair.reviewed, { projectId }], [pair.revision, {}]] as const) {
    const job = await waitJob<ImportResult>(b, await b.handlers['packages.import']({ meetingId, source: { kind: 'path', path: file }, ...extra }))
    expect(job.status, job.error ?? '').toBe('done')
    versionId = job.result?.version?.id ?? versionId
  }
  return versionId
}
