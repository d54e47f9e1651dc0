/** The secretariat's console (issue 7): settings, projects, experts and roster, assignments, board, merge, panel opinion, audit, close, archive. */
import { z } from 'zod'
import { CONCLUSIONS } from '../../domain/conclusion'
import { MERGE_METHODS } from '../../domain/merge'
import { dateProblem, panelRuleProblem, phoneProblem } from '../../domain/fieldRules'
import { LONG_TEXT_MAX } from '../../domain/sheet'
import { fieldRule } from './fieldRule'
import type {
  ArchiveSummary,
  ArchiveVerification,
  AssignmentMatrix,
  AuditEntry,
  CloseCheck,
  ConsoleExpert,
  ConsoleMeeting,
  ConsoleSettings,
  DeviationNoteView,
  LiveBoard,
  MeetingMergeView,
  PanelOpinionView,
  ProjectBudgetView,
  RosterImportResult
} from '../secretariatTypes'
import { id } from './core'
import { pathGrant } from './files'
import { returns } from './returns'

const text = (max: number) => z.string().max(max)
export const base64 = (label: string, maxBytes: number) =>
  z
    .string()
    .min(1, `${label}为空`)
    .max(Math.ceil((maxBytes * 4) / 3) + 4, `${label}超过 ${Math.round(maxBytes / 1024 / 1024)} MB`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, `${label}编码无效`)

const expertInput = z
  .object({
    name: text(50),
    unit: text(200),
    title: text(100),
    specialty: text(100),
    phone: text(40).superRefine(fieldRule(phoneProblem)),
    pastUnits: z.array(text(200)).max(30)
  })
  .strict()

const settingsInput = z
  .object({
    mergeMethod: z.enum(MERGE_METHODS).optional(),
    budgetMergeMethod: z.enum(MERGE_METHODS).optional(),
    deviationRatio: z.number().min(0.01, '偏离阈值至少 1%').max(1, '偏离阈值至多 100%').optional(),
    conclusion: z
      .object({ passAt: z.number().min(0).max(1000), reviseAt: z.number().min(0).max(1000) })
      .strict()
      .refine((c) => c.reviseAt < c.passAt, { message: '修改完善后通过线应低于同意通过线', path: ['reviseAt'] })
      .optional(),
    panel: z
      .object({ minPerProject: z.number().int().min(1).max(99), requireOdd: z.boolean() })
      .strict()
      .superRefine((p, ctx) => {
        const problem = panelRuleProblem(p.minPerProject, p.requireOdd)
        if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['minPerProject'] })
      })
      .optional(),
    pin: z
      .object({ minLength: z.number().int().min(6, 'PIN 码至少 6 位').max(32, 'PIN 码最短长度至多 32 位'), requireLetters: z.boolean() })
      .strict()
      .optional(),
    prices: z
      .object({
        margin: z.number().min(0, '偏高幅度不能为负').max(10, '偏高幅度至多 1000%'),
        minRefs: z.number().int().min(1, '参考价至少 1 条').max(100),
        maxAgeMonths: z.number().int().min(1, '过时月数至少 1 个月').max(240)
      })
      .strict()
      .optional()
  })
  .strict()

const panelDraft = z
  .object({
    process: text(5000),
    opinions: z.record(z.string().max(100), text(10_000)),
    problems: z.array(text(LONG_TEXT_MAX)).max(200),
    suggestions: z.array(text(LONG_TEXT_MAX)).max(200),
    conclusion: z.enum(CONCLUSIONS)
  })
  .strict()

export const secretariatMethods = {
  'console.get': { input: z.object({ meetingId: id }).strict(), output: returns<ConsoleMeeting>() },
  'console.updateSettings': {
    input: z
      .object({
        meetingId: id,
        name: z.string().trim().min(1, '请填写会议名称').max(200).optional(),
        date: z.string().superRefine(fieldRule(dateProblem)).optional(),
        place: text(200).optional(),
        organiser: text(200).optional(),
        rubricId: id.optional(),
        settings: settingsInput.optional()
      })
      .strict(),
    output: returns<ConsoleSettings>()
  },
  'console.openMeeting': { input: z.object({ meetingId: id }).strict(), output: returns<ConsoleSettings>() },
  'console.reorderProjects': { input: z.object({ meetingId: id, projectIds: z.array(id).max(500) }).strict(), output: returns<ConsoleMeeting>() },
  'console.removeProject': { input: z.object({ projectId: id }).strict(), output: returns<ConsoleMeeting>() },
  'console.addExpert': { input: z.object({ meetingId: id, expert: expertInput }).strict(), output: returns<ConsoleExpert>() },
  'console.updateExpert': { input: z.object({ expertId: id, expert: expertInput }).strict(), output: returns<ConsoleExpert>() },
  'console.removeExpert': { input: z.object({ expertId: id }).strict(), output: returns<{ removed: true }>() },
  'console.setLeader': { input: z.object({ meetingId: id, expertId: id.nullable() }).strict(), output: returns<ConsoleExpert[]>() },
  /** The fingerprint as read out or the text of the expert's QR code. */
  'console.registerFingerprint': { input: z.object({ expertId: id, text: text(2000), confirmed: z.boolean().optional() }).strict(), output: returns<ConsoleExpert>() },
  /** A roster (.xlsx, or .csv in UTF-8 or GBK), base64, up to 5 MB: all rows or none. */
  'console.importRoster': {
    input: z.object({ meetingId: id, fileName: z.string().min(1).max(255), base64: base64('名单文件', 5 * 1024 * 1024) }).strict(),
    output: returns<RosterImportResult>()
  },
  'assignments.matrix': { input: z.object({ meetingId: id }).strict(), output: returns<AssignmentMatrix>() },
  'assignments.set': {
    input: z.object({ meetingId: id, projectId: id, expertId: id, assigned: z.boolean() }).strict(),
    output: returns<AssignmentMatrix>()
  },
  'assignments.everyone': { input: z.object({ meetingId: id }).strict(), output: returns<AssignmentMatrix>() },
  'board.get': { input: z.object({ meetingId: id }).strict(), output: returns<LiveBoard>() },
  'merge.meeting': { input: z.object({ meetingId: id }).strict(), output: returns<MeetingMergeView>() },
  'merge.budget': { input: z.object({ projectId: id, limit: z.number().int().min(1).max(5000).default(200) }).strict(), output: returns<ProjectBudgetView>() },
  /** The project's chart as an SVG image (ECharts server-side rendering). */
  'merge.chartSvg': { input: z.object({ projectId: id }).strict(), output: returns<{ fileName: string; svg: string }>() },
  /** The acting expert's flagged scores on a project (after submitting) and their 偏离说明. */
  'merge.myDeviations': {
    input: z.object({ projectId: id }).strict(),
    output: returns<{ flags: { dimensionId: string; name: string; score: number; median: number; threshold: number; note: string }[] }>()
  },
  'merge.setDeviationNote': {
    input: z.object({ projectId: id, dimensionId: id, text: text(2000) }).strict(),
    output: returns<DeviationNoteView>()
  },
  'panel.get': { input: z.object({ projectId: id }).strict(), output: returns<PanelOpinionView>() },
  'panel.saveDraft': { input: z.object({ projectId: id, draft: panelDraft }).strict(), output: returns<PanelOpinionView>() },
  'panel.setOverride': {
    input: z.object({ projectId: id, lineId: id, amount: z.number().finite().nullable(), reason: text(500) }).strict(),
    output: returns<PanelOpinionView>()
  },
  'panel.sign': { input: z.object({ projectId: id, pin: z.string().min(1, '请输入 PIN 码').max(64) }).strict(), output: returns<PanelOpinionView>() },
  'audit.list': { input: z.object({ meetingId: id }).strict(), output: returns<AuditEntry[]>() },
  'meeting.closeCheck': { input: z.object({ meetingId: id }).strict(), output: returns<CloseCheck>() },
  'meeting.close': { input: z.object({ meetingId: id, confirm: z.literal(true) }).strict(), output: returns<ConsoleSettings>() },
  'archive.export': { input: z.object({ meetingId: id, folder: z.string().max(1000), grant: pathGrant }).strict(), output: returns<ArchiveSummary>() },
  'archive.verify': { input: z.object({ base64: base64('归档文件', 12 * 1024 * 1024) }).strict(), output: returns<ArchiveVerification>() }
} as const
