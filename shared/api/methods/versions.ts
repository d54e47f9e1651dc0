/** Project versions (issue 12): a 修改稿 imported as the next version of a reviewed project, and what changed. */
import { z } from 'zod'
import type { ProjectVersionsView, VersionDiffView } from '../packageTypes'
import { returns } from './returns'

const id = z.string().min(1).max(200)

export const versionMethods = {
  /** The reviewed package and the later versions of a project, with the 复核 stage. */
  'versions.list': { input: z.object({ projectId: id }).strict(), output: returns<ProjectVersionsView>() },
  /** The secretariat sets a version's 复核 stage and names its re-reviewers (experts of the meeting). */
  'versions.update': {
    input: z
      .object({ versionId: id, stage: z.enum(['received', 'rereview', 'done']).optional(), reviewers: z.array(id).max(50).optional() })
      .strict(),
    output: returns<ProjectVersionsView>()
  },
  /** What changed from the reviewed package to this version, each budget line against the signed 核定. */
  'versions.diff': { input: z.object({ versionId: id }).strict(), output: returns<VersionDiffView>() }
} as const
