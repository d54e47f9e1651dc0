/**
 * Bench: the first start of a new device — opening a fresh data folder and seeding the demo meeting with its three
 * proposal packages (read, checked and derived as any import). Reported, not asserted.
 * Run: npm run bench -- demo
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openBackend } from '../electron/main/backend'
import type { BenchRow } from './run'

export async function run(): Promise<BenchRow[]> {
  const times: number[] = []
  for (let i = 0; i < 3; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-bench-demo-'))
    try {
      const t0 = performance.now()
      const b = await openBackend({ dataDir, seedDemo: true })
      times.push(performance.now() - t0)
      b.close()
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
  times.sort((a, b) => a - b)
  return [{ name: 'first start: fresh data folder + demo meeting with 3 packages (median of 3)', value: Math.round(times[1]!), unit: 'ms', target: '< 1.5 s' }]
}
