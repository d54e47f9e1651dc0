/** A real backend on a real SQLite file in a temp folder, for integration tests. */
import { afterAll, expect } from 'vitest'
import { openBackend, type Backend, type BackendOptions } from '../../electron/main/backend'
import { tempDir } from './tmp'

const open: Backend[] = []
afterAll(() => {
  for (const b of open) b.close()
})

export async function testBackend(options: Partial<BackendOptions> = {}): Promise<Backend> {
  const b = await openBackend({ dataDir: options.dataDir ?? tempDir('backend'), ...options })
  open.push(b)
  return b
}

/**
 * Makes `secretariat` the meeting's root of trust (its secretariat key, under a test PIN) and pins that key on the
 * other backends, as check-in does: what the secretariat's laptop writes is then signed and trusted everywhere.
 */
export async function trustSecretariat(secretariat: Backend, ...others: Backend[]): Promise<string> {
  const t = await secretariat.handlers['trust.createSecretariatKey']({ pin: '135790', pinConfirm: '135790' })
  const fp = t.secretariatKey?.fingerprint ?? ''
  for (const b of others) await b.handlers['trust.pinSecretariat']({ fingerprint: fp })
  return fp
}

/** 立即同步 on a backend, waiting (bounded) for the run to end; the run must be ok. */
export async function runSync(b: Backend) {
  await b.handlers['sync.now']({})
  for (let i = 0; i < 1500 && (await b.handlers['sync.status']({})).running; i++) await new Promise((r) => setTimeout(r, 20))
  const last = (await b.handlers['sync.status']({})).last
  expect(last?.ok, JSON.stringify(last?.issues)).toBe(true)
  return last
}
