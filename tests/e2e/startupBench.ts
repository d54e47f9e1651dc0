/**
 * For bench/startup.bench.ts: the first screen in headless Chromium against the real built app — from navigation
 * to the 评审会议 list on screen — at full speed and with the CPU slowed 4× (an older office laptop), with the
 * JavaScript the page loaded. (Lives with the e2e code: it drives a browser.)
 */
import { launchBrowser, startBackend } from './harness'

export interface StartupTiming {
  throttle: number
  /** navigation start → the meetings table's first row in the DOM (ms). */
  firstScreen: number
  /** Bytes of JavaScript (decoded) loaded for that screen. */
  scriptBytes: number
  /** Bytes on the wire for the whole load (all resources, compressed as sent). */
  transferredBytes: number
  /** The scripts loaded, with their decoded sizes (the first run at full speed only). */
  scripts: { url: string; bytes: number }[]
}

export async function measureFirstScreen(dataDir: string, runs = 5): Promise<StartupTiming[]> {
  const backend = await startBackend(dataDir)
  const browser = await launchBrowser()
  try {
    const out: StartupTiming[] = []
    for (const throttle of [1, 4]) {
      for (let run = 0; run < runs; run++) {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } })
        const page = await context.newPage()
        const cdp = await context.newCDPSession(page)
        await cdp.send('Network.enable')
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
        let scriptBytes = 0
        let transferredBytes = 0
        const scripts: { url: string; bytes: number }[] = []
        cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
          transferredBytes += e.encodedDataLength
        })
        page.on('response', (r) => {
          if (r.request().resourceType() === 'script')
            void r.body().then(
              (b) => {
                scriptBytes += b.byteLength
                scripts.push({ url: new URL(r.url()).pathname, bytes: b.byteLength })
              },
              () => undefined
            )
        })
        await page.goto(backend.url, { waitUntil: 'commit' })
        await page.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 60_000 })
        const firstScreen = (await page.evaluate('performance.now()')) as number
        await page.waitForLoadState('networkidle')
        out.push({ throttle, firstScreen, scriptBytes, transferredBytes, scripts })
        await context.close()
      }
    }
    return out
  } finally {
    await browser.close()
    await backend.stop()
  }
}
