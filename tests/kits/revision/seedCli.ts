/**
 * Test helper run as a child process by the 复核 end-to-end test (which cannot import main-process code):
 *   seed DATA_DIR WORK_DIR → a signed meeting whose project has its reviewed package, a signed 核定 and a 修改稿 as
 *   version 2 in 复核中 with the 组长 named and the 组长's key installed under LEADER_PIN; prints { meetingId, projectId,
 *   versionId, leaderId, leaderName } as JSON.
 *   With LEADER_LAPTOP_DIR: the 组长's own laptop too — the same seeded meeting, the 组长's key and signed 专家组评审意见
 *   (seeded outside the change log, so copied as followupWorld does), acting as the 组长; what the secretariat's laptop
 *   did since (the 修改稿, the checklist, the signatures) reaches it by sync only. The seeded rows the sync needs (the
 *   registered fingerprints) are written again through the change log on the secretariat's laptop.
 */
import { openBackend } from '../../../electron/main/backend'
import type { ImportResult } from '../../../shared/api/packageTypes'
import { waitJob } from '../../helpers/packages'
import { seedSignedMeeting } from '../documents/testDb'
import { signApprovalOpinion } from './approval'
import { writeRevisionPair } from './packages'
import { installFixtureKey } from '../../../electron/main/services/consoleTestUtil'
import { replicateSeed } from './replicateSeed'

/** The 组长's PIN on this laptop (the e2e signs the 专家组复核意见 with it). */
export const LEADER_PIN = '258036'

const [cmd, dataDir, workDir, leaderLaptopDir] = process.argv.slice(2)
if (cmd !== 'seed' || !dataDir || !workDir) {
  console.error('usage: seedCli seed DATA_DIR WORK_DIR [LEADER_LAPTOP_DIR]')
  process.exit(2)
}
const SEED = { projects: 2, experts: 5, leaderSigns: false }
const b = await openBackend({ dataDir, seedDemo: false })
try {
  const seeded = seedSignedMeeting(b.db(), SEED)
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
  if (leaderLaptopDir) {
    replicateSeed(b, seeded.meetingId, projectId, seeded.experts)
    const laptop = await openBackend({ dataDir: leaderLaptopDir, seedDemo: false })
    try {
      seedSignedMeeting(laptop.db(), SEED)
      installFixtureKey(laptop.db(), seeded.experts[0]!, LEADER_PIN)
      await laptop.handlers['session.actAs']({ expertId: seeded.experts[0]!.id })
      const opinion = b.db().sqlite.prepare('SELECT * FROM panel_opinions WHERE project_id = ?').get(projectId) as Record<string, unknown>
      const cols = Object.keys(opinion)
      laptop.db().sqlite.prepare(`INSERT OR REPLACE INTO panel_opinions (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => opinion[c]))
    } finally {
      laptop.close()
    }
  }
  console.log(JSON.stringify({ meetingId: seeded.meetingId, projectId, versionId, leaderId: seeded.experts[0]!.id, leaderName: seeded.experts[0]!.name }))
} finally {
  b.close()
}
