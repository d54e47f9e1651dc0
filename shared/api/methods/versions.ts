/** Project versions (issue 12): a 修改稿 imported as the next version of a reviewed project, and what changed. */
import { z } from 'zod'
import type { ChecklistView, FollowupExport, FollowupOpinionView, RereviewTask } from '../followupTypes'
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
  'versions.diff': { input: z.object({ versionId: id }).strict(), output: returns<VersionDiffView>() },
  /** The 整改落实 checklist: each point of the signed opinion, the 建设单位's answer, the re-reviewer's verdict. */
  'versions.checklist': { input: z.object({ versionId: id }).strict(), output: returns<ChecklistView>() },
  /** Records a verdict, note or typed answer for one point, as one of the version's named re-reviewers. */
  'versions.checklistSave': {
    input: z
      .object({
        versionId: id,
        kind: z.enum(['problem', 'suggestion']),
        number: z.number().int().min(1).max(1000),
        reviewerId: id,
        verdict: z.enum(['done', 'partial', 'open', '']).optional(),
        note: z.string().max(20_000).optional(),
        answer: z.string().max(20_000).nullable().optional()
      })
      .strict(),
    output: returns<ChecklistView>()
  },
  /** The 专家组复核意见: who must sign, who did (over what is composed now), and why it cannot be exported yet. */
  'versions.followup': { input: z.object({ versionId: id }).strict(), output: returns<FollowupOpinionView>() },
  /** The signer this laptop acts as signs the 复核意见 with their PIN (the 组长 first, giving the conclusion). */
  'versions.followupSign': {
    input: z
      .object({ versionId: id, pin: z.string().min(1).max(200), conclusion: z.enum(['agree', 'revise']).optional(), remarks: z.string().max(20_000).optional() })
      .strict(),
    output: returns<FollowupOpinionView>()
  },
  /** Builds the signed 专家组复核意见 and writes it into the default export folder (never over a file). */
  'versions.followupExport': { input: z.object({ versionId: id }).strict(), output: returns<FollowupExport>() },
  /** 我的评审: the re-reviews of the meeting the expert this laptop acts as is named for (or signs as 组长). */
  'versions.myRereviews': { input: z.object({ meetingId: id }).strict(), output: returns<RereviewTask[]>() }
} as const
