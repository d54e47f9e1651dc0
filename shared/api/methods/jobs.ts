/** Long-running jobs (exports, imports): started by a domain method, then polled and cancelled here. */
import { z } from 'zod'
import type { JobView } from '../jobTypes'
import { returns } from './returns'

const id = z.string().min(1).max(200)

export const jobsMethods = {
  'jobs.get': { input: z.object({ jobId: id }).strict(), output: returns<JobView>() },
  'jobs.cancel': { input: z.object({ jobId: id }).strict(), output: returns<JobView>() }
} as const
