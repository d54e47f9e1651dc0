/** The core methods: app, meetings, demo, session, projects, sheets, backups. */
import { z } from 'zod'
import { CONCLUSIONS } from '../../domain/conclusion'
import { CONCLUSION_REASON_MAX } from '../../domain/scoring'
import { dateProblem } from '../../domain/fieldRules'
import { LONG_TEXT_MAX } from '../../domain/sheet'
import { fieldRule } from './fieldRule'
import type {
  AppInfo,
  BackupInfo,
  MeetingDetail,
  MeetingSummary,
  ProjectWorkspace,
  SaveAck,
  SheetView
} from '../types'
import { returns } from './returns'

export const id = z.string().min(1).max(200)
const shortText = z.string().max(200)
const longText = z.string().max(LONG_TEXT_MAX, `不能超过 ${LONG_TEXT_MAX} 字`)

export const coreMethods = {
  'app.info': { input: z.object({}).strict(), output: returns<AppInfo>() },
  'meetings.list': { input: z.object({}).strict(), output: returns<MeetingSummary[]>() },
  'meetings.get': { input: z.object({ meetingId: id }).strict(), output: returns<MeetingDetail>() },
  'meetings.create': {
    input: z
      .object({
        name: z.string().trim().min(1, '请填写会议名称').max(200),
        date: z.string().superRefine(fieldRule(dateProblem)),
        place: shortText,
        organiser: shortText
      })
      .strict(),
    output: returns<MeetingSummary>()
  },
  'demo.seed': { input: z.object({}).strict(), output: returns<MeetingSummary>() },
  'demo.remove': { input: z.object({}).strict(), output: returns<{ removedMeetings: number }>() },
  'session.actAs': { input: z.object({ expertId: id.nullable() }).strict(), output: returns<AppInfo>() },
  'projects.workspace': { input: z.object({ projectId: id }).strict(), output: returns<ProjectWorkspace>() },
  'sheets.open': { input: z.object({ projectId: id }).strict(), output: returns<SheetView>() },
  'sheets.setScore': {
    input: z
      .object({
        sheetId: id,
        itemId: id,
        value: z.number().finite().nullable(),
        na: z.boolean().default(false)
      })
      .strict(),
    output: returns<SheetView>()
  },
  'sheets.setOpinion': {
    input: z.object({ sheetId: id, dimensionId: id, text: longText }).strict(),
    output: returns<SaveAck>()
  },
  'sheets.setConclusion': {
    input: z.object({ sheetId: id, conclusion: z.enum(CONCLUSIONS).nullable() }).strict(),
    output: returns<SheetView>()
  },
  'sheets.setConclusionReason': {
    input: z.object({ sheetId: id, text: z.string().max(CONCLUSION_REASON_MAX, `理由最多 ${CONCLUSION_REASON_MAX} 字`) }).strict(),
    output: returns<SaveAck>()
  },
  'backups.list': { input: z.object({}).strict(), output: returns<BackupInfo[]>() },
  'backups.create': { input: z.object({}).strict(), output: returns<BackupInfo>() },
  'backups.restore': { input: z.object({ name: z.string().regex(/^[\w.-]+\.sqlite$/, '备份文件名无效') }).strict(), output: returns<AppInfo>() }
} as const

