/** Test steps an expert takes before scoring: the 承诺书 for the meeting and 无利害关系 for a project. */
import type { Backend } from '../../electron/main/backend'

export async function readyToScore(b: Backend, meetingId: string, projectId: string, reason = ''): Promise<void> {
  await b.handlers['review.acceptCommitment']({ meetingId })
  await b.handlers['review.declare']({ projectId, kind: 'none', reason })
}
