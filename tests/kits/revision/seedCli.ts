/**
 * Test helper run as a child process by the 复核 end-to-end test (which cannot import main-process code):
 *   seed DATA_DIR WORK_DIR → a signed meeting whose project has its reviewed package, a signed 核定 and a 修改稿 as
 *   version 2 in 复核中 with the 组长 named and the 组长's key installed under LEADER_PIN; prints { meetingId, projectId, versionId } as JSON.
 */
import { openBackend } from '../../../electron/main/backend'
import type { ImportResult } from '../../../shared/api/packageTypes'
import { waitJob } from '../../helpers/packages'
import { seedSignedMeeting } from '../documents/testDb'
import { signApprovalOpinion } from './approval'
import { writeRevisionPair } from './packages'
import { installFixtureKey } from '../../../electron/main/services/consoleTestUtil'

/** The 组长's PIN on this laptop (the e2e signs the 专家组复核意见 with it). */
export const LEADER_PIN = '258036'

const [cmd, dataDir, workDir] = process.argv.slice(2)
if (cmd !== 'seed' || !dataDir || !workDir) {
  console.error('usage: seedCli seed DATA_DIR WORK_DIR')
  process.exit(2)
}
const b = await openBackend({ dataDir, seedDemo: false })
try {
  const seeded = seedSignedMeeting(b.db(), { projects: 2, experts: 5, leaderSigns: false })
  const projectId = seeded.projectIds[0] as string
  const pair = await writeRevisionPair(workDir)
  let versionId = ''
  for (const [file, extra] of [[pair.reviewed, { projectId }], [pair.revision, {}]] as const) {
    const job = await waitJob<ImportResult>(b, await b.handlers['packages.import']({ meetingId: seeded.meetingId, source: { kind: 'path', path: file }, ...extra }), 120_000)
    if (job.status !== 'done') throw new Error(job.error ?? 'import failed')
    versionId = job.result?.version?.id ?? versionId
  }
  signApprovalOpinion(b.db(), seeded.meetingId, projectId, seeded.experts[0]!)
  await b.handlers['versions.update']({ versionId, stage: 'rereview', reviewers: [seeded.experts[0]!.id] })
  installFixtureKey(b.db(), seeded.experts[0]!, LEADER_PIN)
  console.log(JSON.stringify({ meetingId: seeded.meetingId, projectId, versionId, leaderId: seeded.experts[0]!.id }))
} finally {
  b.close()
}
