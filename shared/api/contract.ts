/**
 * The one API contract between the UI and the backend: method name → input schema (zod) and output type.
 * Served by two adapters (Electron IPC and HTTP on 127.0.0.1); both validate every input with these schemas.
 */
import { z } from 'zod'
import { CONCLUSIONS } from '../domain/conclusion'
import type {
  AppInfo,
  BackupInfo,
  MeetingDetail,
  MeetingSummary,
  ProjectWorkspace,
  SaveAck,
  SheetView
} from './types'

/** Declares the output type of a method without a runtime schema (outputs come from our own backend). */
function returns<T>(): T {
  return undefined as unknown as T
}

const id = z.string().min(1).max(200)
const shortText = z.string().max(200)
const longText = z.string().max(20_000)

export const contract = {
  'app.info': { input: z.object({}).strict(), output: returns<AppInfo>() },
  'meetings.list': { input: z.object({}).strict(), output: returns<MeetingSummary[]>() },
  'meetings.get': { input: z.object({ meetingId: id }).strict(), output: returns<MeetingDetail>() },
  'meetings.create': {
    input: z
      .object({
        name: z.string().trim().min(1, '请填写会议名称').max(200),
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
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
  'backups.list': { input: z.object({}).strict(), output: returns<BackupInfo[]>() },
  'backups.create': { input: z.object({}).strict(), output: returns<BackupInfo>() },
  'backups.restore': { input: z.object({ name: z.string().regex(/^[\w.-]+\.sqlite$/, '备份文件名无效') }).strict(), output: returns<AppInfo>() }
} as const

export type Contract = typeof contract
export type MethodName = keyof Contract
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>
export type MethodOutput<M extends MethodName> = Contract[M]['output']

export const METHOD_NAMES = Object.keys(contract) as MethodName[]

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name)
}

/** The implementation of the contract, as the backend provides it. */
export type ApiHandlers = { [M in MethodName]: (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> }

/** How the renderer calls the backend, whatever the transport. */
export type ApiCaller = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>
