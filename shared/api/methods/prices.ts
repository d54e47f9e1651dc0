/** 价格参考 (issue 13): the secretariat's reference library, what travels with a meeting, and matches per line. */
import { z } from 'zod'
import type { PriceLibraryRowView, PriceLibraryView, ProjectPricesView } from '../priceTypes'
import { id } from './core'
import { returns } from './returns'
import { base64 } from './secretariat'

const refEdit = z
  .object({
    name: z.string().min(1, '名称不能为空').max(500).optional(),
    spec: z.string().max(1000).optional(),
    unit: z.string().max(20).optional(),
    unitPriceFen: z.number().int('参考单价应以分计的整数').min(1, '参考单价应大于 0').max(1e13).optional(),
    source: z.string().max(100).optional(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD').optional(),
    note: z.string().max(2000).optional(),
    retired: z.boolean().optional()
  })
  .strict()

export const pricesMethods = {
  'prices.library': {
    input: z.object({ meetingId: id.optional(), includeRetired: z.boolean().optional(), limit: z.number().int().min(1).max(5000).optional() }).strict(),
    output: returns<PriceLibraryView>()
  },
  /** An Excel (.xlsx) or CSV price list, base64, up to 20 MB: all rows or none. */
  'prices.import': {
    input: z.object({ fileName: z.string().min(1).max(255), base64: base64('价格清单', 20 * 1024 * 1024), source: z.string().max(100).optional() }).strict(),
    output: returns<{ added: number; fileName: string }>()
  },
  'prices.edit': { input: z.object({ id, edit: refEdit }).strict(), output: returns<PriceLibraryRowView>() },
  'prices.export': { input: z.object({}).strict(), output: returns<{ csv: string }>() },
  /** Which references travel with a meeting: the given ones and/or every one that matches the meeting's budgets. */
  'prices.chooseForMeeting': {
    input: z.object({ meetingId: id, matched: z.boolean().optional(), refIds: z.array(id).max(20_000).optional() }).strict(),
    output: returns<{ count: number }>()
  },
  'prices.removeFromMeeting': { input: z.object({ meetingId: id, ids: z.array(id).min(1).max(20_000) }).strict(), output: returns<{ count: number }>() },
  'prices.project': { input: z.object({ projectId: id }).strict(), output: returns<ProjectPricesView>() },
  'prices.choose': {
    input: z.object({ projectId: id, lineId: id, refId: id, choice: z.enum(['confirm', 'reject']).nullable() }).strict(),
    output: returns<ProjectPricesView>()
  }
} as const
