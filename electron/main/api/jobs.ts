/** jobs.get / jobs.cancel over the backend's job registry (electron/main/jobs). */
import type { HandlersFor } from '../../../shared/api/contract'
import type { jobsMethods } from '../../../shared/api/methods/jobs'
import { ApiError } from '../../../shared/api/errors'
import type { BackendState } from '../backend'
import { jobsFor } from '../jobs/index'

export function buildJobsHandlers(state: BackendState): HandlersFor<keyof typeof jobsMethods> {
  const jobs = jobsFor(state)
  const get = (jobId: string) => {
    const job = jobs.get(jobId)
    if (!job) throw new ApiError('not_found', '找不到该任务，可能已过期')
    return job
  }
  return {
    'jobs.get': ({ jobId }) => get(jobId),
    'jobs.cancel': ({ jobId }) => {
      jobs.cancel(jobId)
      return get(jobId)
    }
  }
}
