/** Temporary folders for tests: real files on disk, removed after the test file finishes. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

const made: string[] = []
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true })
})

export function tempDir(label = 'test'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `paneldesk-${label}-`))
  made.push(d)
  return d
}
