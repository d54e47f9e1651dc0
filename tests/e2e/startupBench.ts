/**
 * For bench/startup.bench.ts: the first screen in headless Chromium against the real built app — from navigation
 * to the 评审会议 list on screen — at full speed and with the CPU slowed 4× (an older office laptop), with the
 * JavaScript the page loaded before that list appeared. (Lives with the e2e code: it drives a browser.)
 *
 * Several builds of the renderer can be measured in one run (each served by the same backend with `--static`),
 * their loads interleaved, so a baseline build is compared under the same load of a shared machine.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { launchBrowser, startBackend, type RunningBackend } from './harness'

export interface StartupTiming {
  /** Which renderer build (a variant's label). */
  label: string
  throttle: number
  /** navigation start → the meetings table's first row in the DOM (ms). */
  firstScreen: number
  /** navigation start → first paint (ms; the frame in index.html paints before any script). */
  firstPaint: number
  /**
   * CPU time of the page's renderer until the first row, in thread ticks (CDP Performance metrics), so a loaded
   * machine does not inflate it (ms): the main thread's tasks, of them script (V8 compile included) and
   * style + layout, and the renderer process in all (main thread, compositor, V8's helper threads).
   */
  cpu: { task: number; script: number; styleLayout: number; process: number }
  /** Bytes of JavaScript (decoded) that had arrived when the meetings list appeared. */
  scriptBytes: number
  /** Bytes of JavaScript (decoded) loaded in all, until the network went quiet (pages prefetched later included). */
  allScriptBytes: number
  /** Bytes on the wire for the whole load (all resources, compressed as sent). */
  transferredBytes: number
  /** The scripts that had arrived before the list appeared, with their decoded sizes. */
  scripts: { url: string; bytes: number }[]
}

export interface StartupVariant {
  label: string
  /** A built renderer folder (index.html, assets); omitted: the app's own build (out/renderer). */
  staticDir?: string
}

interface ResourceEntry {
  name: string
  decodedBodySize: number
  responseEnd: number
}

async function loadOnce(backend: RunningBackend, browser: Awaited<ReturnType<typeof launchBrowser>>, label: string, throttle: number): Promise<StartupTiming> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } })
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
    // Durations in the thread's CPU time, not wall time: comparable on a busy machine.
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
    let transferredBytes = 0
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
      transferredBytes += e.encodedDataLength
    })
    await page.goto(backend.url, { waitUntil: 'commit' })
    // A meeting's link in the list's first row (the same in an older build with antd's Table).
    await page.locator('main table tbody tr a[href^="#/meetings/"]').first().waitFor({ timeout: 60_000 })
    const firstScreen = (await page.evaluate('performance.now()')) as number
    const metrics = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
    const metric = (name: string) => Math.round((metrics.metrics.find((m) => m.name === name)?.value ?? NaN) * 1000)
    const cpu = {
      task: metric('TaskDuration'),
      script: metric('ScriptDuration'),
      styleLayout: metric('RecalcStyleDuration') + metric('LayoutDuration'),
      process: metric('ProcessTime')
    }
    const firstPaint = (await page.evaluate(
      "performance.getEntriesByType('paint').find((e) => e.name === 'first-paint')?.startTime ?? NaN"
    )) as number
    await page.waitForLoadState('networkidle')
    const entries = (await page.evaluate(
      "performance.getEntriesByType('resource').map((e) => ({ name: e.name, decodedBodySize: e.decodedBodySize, responseEnd: e.responseEnd }))"
    )) as ResourceEntry[]
    const js = entries.filter((e) => /\.m?js(\?|$)/.test(new URL(e.name).pathname))
    const before = js.filter((e) => e.responseEnd <= firstScreen)
    const sum = (xs: ResourceEntry[]) => xs.reduce((s, e) => s + e.decodedBodySize, 0)
    return {
      label,
      throttle,
      firstScreen,
      firstPaint,
      cpu,
      scriptBytes: sum(before),
      allScriptBytes: sum(js),
      transferredBytes,
      scripts: before.map((e) => ({ url: new URL(e.name).pathname, bytes: e.decodedBodySize }))
    }
  } finally {
    await context.close()
  }
}

export async function measureFirstScreen(runs = 5, variants: StartupVariant[] = [{ label: 'current' }]): Promise<StartupTiming[]> {
  const dirs: string[] = []
  const backends: RunningBackend[] = []
  const browser = await launchBrowser()
  try {
    for (const v of variants) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-bench-startup-'))
      dirs.push(dir)
      backends.push(await startBackend(dir, {}, v.staticDir ? ['--static', v.staticDir] : []))
    }
    const out: StartupTiming[] = []
    for (const throttle of [1, 4]) {
      for (let run = 0; run < runs; run++) {
        for (const [i, v] of variants.entries()) out.push(await loadOnce(backends[i] as RunningBackend, browser, v.label, throttle))
      }
    }
    return out
  } finally {
    await browser.close()
    for (const b of backends) await b.stop()
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
  }
}
