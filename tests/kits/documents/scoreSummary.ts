/**
 * A 评分汇总表 of a freshly seeded, signed meeting of nine experts — a chart whose two renderers draw differently
 * (chartImage.ts) — built with `renderer` (default: the one new documents use). For the chart renderer tests.
 */
import path from 'node:path'
import { closeDb, openDb } from '../../../electron/main/db/connection'
import { migrate } from '../../../electron/main/db/migrator'
import { buildFromInput } from '../../../electron/main/documents/buildInput'
import type { ChartRenderer } from '../../../electron/main/documents/chartImage'
import { documentJob } from '../../../electron/main/services/documentBuild'
import { gatherProjects } from '../../../electron/main/services/documents'
import { tempDir } from '../../helpers/tmp'
import { seedSignedMeeting } from './testDb'

export async function nineExpertScoreSummary(tag: string, renderer?: ChartRenderer): Promise<Uint8Array> {
  const db = openDb(path.join(tempDir(tag), 'db.sqlite'))
  try {
    await migrate(db)
    const seeded = seedSignedMeeting(db, { projects: 1, experts: 9, budgetLines: 5 })
    const job = documentJob(gatherProjects(db, seeded.meetingId)[0]!, 'score-summary')
    if (job.kind === 'expert-opinion') throw new Error('a panel document was asked for')
    return await buildFromInput(renderer === undefined ? job : { ...job, input: { ...job.input, chartRenderer: renderer } })
  } finally {
    closeDb(db)
  }
}
