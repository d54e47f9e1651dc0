/** A real backend on a real SQLite file in a temp folder, for integration tests. */
import { afterAll } from 'vitest'
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
