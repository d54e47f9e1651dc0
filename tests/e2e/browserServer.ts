/**
 * Vitest global setup of the e2e suite: one headless Chromium for the whole run, started before the first file and
 * closed after the last (even when files fail). Each file connects to it (`launchBrowser` in harness.ts) instead of
 * launching its own — a launch costs about 2 s of CPU — and gets fresh, isolated contexts as before; closing a
 * connected browser only drops that file's contexts. A file that needs other Chromium switches (a fake camera)
 * still launches its own.
 *
 * It also keeps the list of backends the files start (harness.ts `startBackend`, one file per PID in a folder) and
 * kills any still running at the end: vitest ends a test process without running its `exit` handlers, so a file
 * cut short by a timeout would otherwise leave its backend behind.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { BACKEND_PIDS_ENV, CHROMIUM_ARGS, CHROMIUM_PATH, SHARED_CHROMIUM_ENV } from './harness'

function commandLine(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return null // gone
  }
}

/** Kills the backends listed in `dir` that are still running (a PID reused by another program is left alone). */
export function killListedBackends(dir: string): number {
  let killed = 0
  for (const name of fs.readdirSync(dir).slice(0, 10_000)) {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid <= 1) continue
    if (!commandLine(pid)?.includes('web.js')) continue
    try {
      process.kill(pid, 'SIGKILL')
      killed++
    } catch {
      // exited meanwhile
    }
  }
  return killed
}

export default async function setup(): Promise<() => Promise<void>> {
  const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
  // The test forks are started after this and inherit the environment.
  process.env[SHARED_CHROMIUM_ENV] = server.wsEndpoint()
  const pids = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-e2e-pids-'))
  process.env[BACKEND_PIDS_ENV] = pids
  return async () => {
    delete process.env[SHARED_CHROMIUM_ENV]
    delete process.env[BACKEND_PIDS_ENV]
    try {
      const killed = killListedBackends(pids)
      if (killed > 0) console.warn(`[e2e] ${killed} backend(s) left running by a test were killed`)
      fs.rmSync(pids, { recursive: true, force: true })
    } finally {
      await server.close()
    }
  }
}
