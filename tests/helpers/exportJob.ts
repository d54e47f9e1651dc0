/** Waits for a documents.export job to end (polling its status, bounded), for tests. */
import type { ExportSummary } from '../../shared/api/documentTypes'
import type { JobView } from '../../shared/api/jobTypes'
import type { Backend } from '../../electron/main/backend'

export async function exportFinished(b: Backend, job: JobView<ExportSummary>): Promise<JobView<ExportSummary>> {
  for (let i = 0; i < 1000; i++) {
    const v = await b.handlers['documents.exportStatus']({ jobId: job.id })
    if (v.status !== 'running') return v
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error('export did not finish')
}
