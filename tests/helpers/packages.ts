/** Helpers for proposal-package tests: fixture paths, running an import job through the API, snapshots of the DB. */
import fs from 'node:fs'
import path from 'node:path'
import type { Backend } from '../../electron/main/backend'
import type { JobView } from '../../shared/api/jobTypes'

export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures')
export const PACKAGES = path.join(FIXTURES, 'packages')
export const MALFORMED = path.join(FIXTURES, 'malformed')
export const CLEAN = path.join(PACKAGES, 'clean-sanming-12345-hotline.pdpkg')
export const MESSY_GBK = path.join(PACKAGES, 'messy-mingxi-emergency-yuan-gbk.pdpkg')
export const MESSY_MERGED = path.join(PACKAGES, 'messy-sanyuan-river-merged-header.pdpkg')

export async function waitJob<R>(backend: Backend, job: JobView<R>, timeoutMs = 30_000): Promise<JobView<R>> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const now = (await backend.handlers['jobs.get']({ jobId: job.id })) as JobView<R>
    if (now.status !== 'running') return now
    if (Date.now() > until) throw new Error(`job ${job.id} still running`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** Every row of every table (and the device's counters), to show that a failed import changed nothing. */
export function snapshotDb(backend: Backend): Record<string, unknown[]> {
  const sqlite = backend.db().sqlite
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name)
  return Object.fromEntries(tables.map((t) => [t, sqlite.prepare(`SELECT * FROM "${t}" ORDER BY 1`).all()]))
}

export function listFilesRecursive(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
}
