/** The secretariat's rubric editor (issue 14, item 7): view, save as a new version, read a file, export. */
import { z } from 'zod'
import { RUBRIC_MAX_ROWS } from '../../domain/rubricTable'
import type { RubricEditorView, RubricFileResult } from '../secretariatTypes'
import { id } from './core'
import { returns } from './returns'
import { base64 } from './secretariat'

const points = z.number().finite().nullable()
const rubricTable = z
  .object({
    name: z.string().max(200),
    passAt: z.number().finite(),
    reviseAt: z.number().finite(),
    rows: z
      .array(z.object({ itemId: z.string().max(100), dimension: z.string().max(300), item: z.string().max(300), points, step: points, guidance: z.string().max(3_000) }).strict())
      .max(RUBRIC_MAX_ROWS, `评分细则最多 ${RUBRIC_MAX_ROWS} 项`)
  })
  .strict()

export const rubricsMethods = {
  'rubric.get': { input: z.object({ meetingId: id }).strict(), output: returns<RubricEditorView>() },
  'rubric.save': { input: z.object({ meetingId: id, table: rubricTable }).strict(), output: returns<RubricEditorView>() },
  'rubric.parseFile': {
    input: z.object({ meetingId: id, fileName: z.string().min(1).max(255), base64: base64('评分细则文件', 2 * 1024 * 1024) }).strict(),
    output: returns<RubricFileResult>()
  },
  'rubric.export': { input: z.object({ meetingId: id, format: z.enum(['json', 'xlsx']) }).strict(), output: returns<{ fileName: string; base64: string }>() }
} as const
