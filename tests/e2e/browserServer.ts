/**
 * Vitest global setup of the e2e suite: one headless Chromium for the whole run, started before the first file and
 * closed after the last (even when files fail). Each file connects to it (`launchBrowser` in harness.ts) instead of
 * launching its own — a launch costs about 2 s of CPU — and gets fresh, isolated contexts as before; closing a
 * connected browser only drops that file's contexts. A file that needs other Chromium switches (a fake camera)
 * still launches its own.
 */
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH, SHARED_CHROMIUM_ENV } from './harness'

export default async function setup(): Promise<() => Promise<void>> {
  const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
  // The test forks are started after this and inherit the environment.
  process.env[SHARED_CHROMIUM_ENV] = server.wsEndpoint()
  return async () => {
    delete process.env[SHARED_CHROMIUM_ENV]
    await server.close()
  }
}
