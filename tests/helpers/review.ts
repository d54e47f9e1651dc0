/** Test steps of an expert's review, on a real backend. */
import type { Backend } from '../../electron/main/backend'

/** The 承诺书 for the meeting and 无利害关系 for a project: what an expert does before scoring. */
export async function readyToScore(b: Backend, meetingId: string, projectId: string, reason = ''): Promise<void> {
  await b.handlers['review.acceptCommitment']({ meetingId })
  await b.handlers['review.declare']({ projectId, kind: 'none', reason })
}

/** Scores every item of the rubric at `points - less` (never below 0) and picks a conclusion. */
export async function scoreEverything(b: Backend, projectId: string, sheetId: string, less = 0, conclusion: 'pass' | 'revise' | 'reject' = 'revise'): Promise<void> {
  const rubric = (await b.handlers['projects.workspace']({ projectId })).rubric
  for (const d of rubric.dimensions) {
    for (const i of d.items) await b.handlers['sheets.setScore']({ sheetId, itemId: i.id, value: Math.max(0, i.points - less), na: false })
  }
  await b.handlers['sheets.setConclusion']({ sheetId, conclusion })
}

/** The error a call rejects (or throws) with; fails the test when it succeeds. */
export async function rejection(call: () => unknown): Promise<{ code: string; message: string; issues?: { path: string; message: string }[] }> {
  try {
    await call()
  } catch (e) {
    return e as { code: string; message: string; issues?: { path: string; message: string }[] }
  }
  throw new Error('expected the call to fail')
}
