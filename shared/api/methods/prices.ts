/** 价格参考 (issue 13): the secretariat's reference library, what travels with a meeting, and matches per line. */
import { z } from 'zod'
import type { JobView } from '../jobTypes'
import type { PriceEditRecordView, PriceEditResult, PriceLibraryRowView, PriceLibraryView, ProjectPricesView } from '../priceTypes'
import { id } from './core'
import { returns } from './returns'
import { base64 } from './secretariat'

const refEdit = z
  .object({
    name: z.string().max(500, '名称不能超过 500 个字').optional(),
    spec: z.string().max(1000, '规格不能超过 1000 个字').optional(),
    unit: z.string().max(20, '单位不能超过 20 个字').optional(),
    unitPriceFen: z.number().int('参考单价应为以分计的整数').optional(),
    source: z.string().max(100, '来源不能超过 100 个字').optional(),
    date: z.string().max(20).optional(),
    note: z.string().max(2000, '备注不能超过 2000 个字').optional(),
    retired: z.boolean().optional()
  })
  .strict()

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD')

/** A view of the library: search, filters, order (the tab's; an export takes the same). */
const libraryFilter = {
  q: z.string().max(300).optional(),
  sources: z.array(z.string().max(100)).max(100).optional(),
  groups: z.array(z.string().max(100)).max(100).optional(),
  kind: z.enum(['meeting', 'import']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.enum(['active', 'retired', 'all']).optional(),
  sort: z.enum(['date', 'price', 'name']).optional(),
  order: z.enum(['asc', 'desc']).optional()
}

export const pricesMethods = {
  'prices.library': {
    input: z
      .object({ meetingId: id.optional(), ...libraryFilter, offset: z.number().int().min(0).max(10_000_000).optional(), limit: z.number().int().min(1).max(200).optional() })
      .strict(),
    output: returns<PriceLibraryView>()
  },
  /** Edits of one entry, newest first (who, when, fields before and after, undone when). */
  'prices.history': { input: z.object({ id }).strict(), output: returns<PriceEditRecordView[]>() },
  /** Takes back one edit while the entry still holds what it wrote. */
  'prices.undo': { input: z.object({ editId: z.number().int().min(1) }).strict(), output: returns<PriceLibraryRowView>() },
  /** The filtered view as a file (a job: progress, cancel); the result is an upload to read with uploads.read. */
  'prices.exportFile': { input: z.object({ ...libraryFilter, format: z.enum(['csv', 'xlsx']) }).strict(), output: returns<JobView>() },
  /** The import template: the header and one example row (CSV). */
  'prices.template': { input: z.object({}).strict(), output: returns<{ csv: string }>() },
  /** An Excel (.xlsx) or CSV price list, base64, up to 20 MB: all rows or none. */
  'prices.import': {
    input: z.object({ fileName: z.string().min(1).max(255), base64: base64('价格清单', 20 * 1024 * 1024), source: z.string().max(100).optional() }).strict(),
    output: returns<{ added: number; fileName: string }>()
  },
  'prices.edit': { input: z.object({ id, edit: refEdit }).strict(), output: returns<PriceEditResult>() },
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
