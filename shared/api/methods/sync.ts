/** Sync (issue 5): where this device syncs, a sync now (in the background), its status and reports. */
import { z } from 'zod'
import type { SyncReport } from '../../sync/report'
import { pathGrant } from './files'
import { returns } from './returns'

export type SyncTarget =
  | { kind: 'folder'; folder: string; meetingId: string }
  | { kind: 'server'; url: string; meetingId: string; author: string }

export interface SyncRunSummary {
  id: number
  startedAt: string
  finishedAt: string | null
  transport: string
  status: 'running' | 'ok' | 'partial' | 'failed'
  sent: number
  received: number
  rejected: number
}

export interface SyncStatus {
  target: SyncTarget | null
  running: boolean
  progress: { done: number; total: number } | null
  /** The last finished run's report. */
  last: SyncReport | null
  history: SyncRunSummary[]
  /** Automatic sync: when the folder appears or the server answers. */
  auto: boolean
  /** When the last run that finished without error ended (ISO), or null. */
  lastOkAt: string | null
  /** Edits (transactions) made on this device since the start of the last run that finished without error (all before one). */
  unsent: number
}

/** 会场模式 on the secretariat's laptop (electron/main/venue/venueHost.ts). */
export interface VenueStatus {
  running: boolean
  /** https://<LAN address>:<port> */
  url: string | null
  addresses: string[]
  certFingerprint: string | null
  /** Experts' laptops heard from in the last 90 s. */
  connectedExperts: number
  startedAt: string | null
}

const meetingId = z.string().max(200).default('')

export const syncMethods = {
  'sync.status': { input: z.object({}).strict(), output: returns<SyncStatus>() },
  'sync.configure': {
    input: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('none') }).strict(),
      z.object({ kind: z.literal('folder'), folder: z.string().trim().min(1, '请填写同步文件夹').max(1000), grant: pathGrant, meetingId }).strict(),
      z
        .object({
          kind: z.literal('server'),
          url: z.string().trim().regex(/^https?:\/\/[^\s/]+(\/.*)?$/, '服务器地址应以 http:// 或 https:// 开头').max(500),
          joinCode: z.string().trim().max(64).default(''),
          meetingId
        })
        .strict()
    ]),
    output: returns<SyncStatus>()
  },
  'sync.now': { input: z.object({}).strict(), output: returns<SyncStatus>() },
  'sync.createJoinCode': {
    input: z.object({ author: z.string().min(1).max(200) }).strict(),
    /** `venueCode` while 会场模式 runs: the line (and QR) the expert's laptop joins with. */
    output: returns<{ code: string; author: string; expiresAt: string; venueCode?: string }>()
  },
  /** An expert's laptop joins the secretariat's venue server with the scanned or typed venue code. */
  'sync.joinVenue': {
    input: z.object({ code: z.string().trim().min(1, '请输入或扫描会场加入码').max(400, '会场加入码过长'), meetingId }).strict(),
    output: returns<SyncStatus>()
  },
  'venue.status': { input: z.object({}).strict(), output: returns<VenueStatus>() },
  'venue.start': { input: z.object({ meetingId: z.string().min(1, '请先选择会议').max(200) }).strict(), output: returns<VenueStatus>() },
  'venue.stop': { input: z.object({}).strict(), output: returns<VenueStatus>() }
} as const
