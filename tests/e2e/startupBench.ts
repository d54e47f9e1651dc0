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
  /** navigation start → the frame that drew the meetings table's first row, done on the main thread (ms). */
  firstScreen: number
  /** navigation start → that row inserted into the DOM (ms). */
  rowInDom: number
  /** navigation start → React's first commit (index.html's frame replaced; ms). */
  shell: number
  /** navigation start → the last script needed before the row had arrived (ms). */
  scriptsIn: number
  /** navigation start → the first API request sent (ms); NaN if the list came without one. */
  apiSent: number
  /** navigation start → meetings.list answered (ms); NaN if the list came without a request. */
  listAnswered: number
  /** navigation start → the last of those API requests answered (ms). */
  answersIn: number
  /** API requests started before the first row was drawn. */
  apiCalls: number
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
  startTime: number
  responseEnd: number
}

/** The first meeting's link in the list (the same in an older build with antd's Table). */
const FIRST_ROW = 'main table tbody tr a[href^="#/meetings/"]'

/**
 * Timings recorded inside the page, so the measurement itself takes no time on the page's (throttled) main thread:
 * a MutationObserver notes when React first replaced index.html's frame and when the first meeting row was inserted,
 * then the time after the frame that drew it (a message posted from requestAnimationFrame runs once that frame's
 * style, layout and paint are done). Polling for the row from outside (Playwright's locator) ran its injected script
 * and a query every frame on the same main thread and read the clock one round trip late.
 */
export const IN_PAGE_TIMER = `(() => {
  const t = {}
  let done
  t.done = new Promise((resolve) => { done = resolve })
  Object.defineProperty(window, '__pdStartup', { value: t })
  const check = () => {
    const root = document.getElementById('root')
    if (t.shell === undefined && root && root.firstElementChild && !root.querySelector('.pd-boot')) t.shell = performance.now()
    if (t.row === undefined && document.querySelector(${JSON.stringify(FIRST_ROW)})) {
      t.row = performance.now()
      observer.disconnect()
      requestAnimationFrame(() => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => { t.painted = performance.now(); done({ shell: t.shell, row: t.row, painted: t.painted }) }
        channel.port2.postMessage(0)
      })
    }
  }
  const observer = new MutationObserver(check)
  observer.observe(document, { childList: true, subtree: true })
})()`

async function loadOnce(backend: RunningBackend, browser: Awaited<ReturnType<typeof launchBrowser>>, label: string, throttle: number): Promise<StartupTiming> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } })
  try {
    await context.addInitScript({ content: IN_PAGE_TIMER })
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
    const timed = (await cdp.send('Runtime.evaluate', { expression: 'window.__pdStartup.done', awaitPromise: true, returnByValue: true, timeout: 60_000 })) as {
      result: { value?: { shell?: number; row: number; painted: number } }
    }
    const inPage = timed.result.value
    if (!inPage) throw new Error('the first screen did not appear')
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
      "performance.getEntriesByType('resource').map((e) => ({ name: e.name, decodedBodySize: e.decodedBodySize, startTime: e.startTime, responseEnd: e.responseEnd }))"
    )) as ResourceEntry[]
    const firstScreen = inPage.painted
    const js = entries.filter((e) => /\.m?js(\?|$)/.test(new URL(e.name).pathname))
    const before = js.filter((e) => e.responseEnd <= firstScreen)
    const apiCalls = entries.filter((e) => new URL(e.name).pathname.startsWith('/api/') && e.startTime <= firstScreen)
    const list = apiCalls.find((e) => new URL(e.name).pathname === '/api/meetings.list')
    const sum = (xs: ResourceEntry[]) => xs.reduce((s, e) => s + e.decodedBodySize, 0)
    return {
      label,
      throttle,
      firstScreen,
      rowInDom: inPage.row,
      shell: inPage.shell ?? NaN,
      firstPaint,
      scriptsIn: before.length ? Math.max(...before.map((e) => e.responseEnd)) : NaN,
      apiSent: apiCalls.length ? Math.min(...apiCalls.map((e) => e.startTime)) : NaN,
      listAnswered: list?.responseEnd ?? NaN,
      answersIn: apiCalls.length ? Math.max(...apiCalls.map((e) => e.responseEnd)) : NaN,
      apiCalls: apiCalls.length,
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
