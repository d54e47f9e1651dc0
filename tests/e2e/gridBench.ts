/**
 * For bench/packages.bench.ts: the budget grid's first render in headless Chromium against the real built app.
 * Imports a package through the API, opens its project, and times the 概算 tab click until rows are in the DOM.
 * (Lives with the e2e code: it drives a browser. The page script is a string so that no bundler helpers leak in.)
 */
import type { Page } from 'playwright-core'
import { api, launchBrowser, startBackend } from './harness'

const MEASURE = `(async () => {
  const tab = [...document.querySelectorAll('[role="tab"]')].find((e) => e.textContent === '概算')
  if (!tab) return null
  const done = () => document.querySelector('[data-testid="budget-grid"] tr[data-line-id]')
  const start = performance.now()
  const committed = new Promise((resolve) => {
    const obs = new MutationObserver(() => {
      if (done()) { obs.disconnect(); resolve(performance.now()) }
    })
    obs.observe(document.body, { childList: true, subtree: true })
  })
  tab.click()
  const end = await committed
  await new Promise((r) => requestAnimationFrame(() => r(null)))
  return { commit: end - start, painted: performance.now() - start }
})()`

/** waitForFunction evaluates its string with eval, which the app's CSP (rightly) refuses: poll through CDP instead. */
async function until(page: Page, expression: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await page.evaluate(expression)) return
    await page.waitForTimeout(50)
  }
  throw new Error(`timed out: ${expression}`)
}

export async function measureGridFirstRender(packageFile: string, dataDir: string, runs = 5): Promise<{ commit: number; painted: number }[]> {
  const backend = await startBackend(dataDir)
  const browser = await launchBrowser()
  try {
    const meetings = await api<{ id: string }[]>(backend, 'meetings.list')
    const job = await api<{ id: string }>(backend, 'packages.import', { meetingId: meetings[0]?.id, source: { kind: 'path', path: packageFile } })
    let status: { status: string; result: { projectId: string } | null; error: string | null }
    do {
      await new Promise((r) => setTimeout(r, 100))
      status = await api(backend, 'jobs.get', { jobId: job.id })
    } while (status.status === 'running')
    if (!status.result) throw new Error(status.error ?? 'import failed')
    const out: { commit: number; painted: number }[] = []
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
      await page.goto(backend.url)
      await until(page, '!location.hash.includes("token=")')
      await page.evaluate(`location.hash = '#/projects/${status.result.projectId}'`)
      await page.getByRole('tab', { name: /合规提示/ }).waitFor()
      await until(page, '!document.querySelector(".ant-spin-spinning")')
      await page.waitForTimeout(500)
      const t = (await page.evaluate(MEASURE)) as { commit: number; painted: number } | null
      if (t) out.push(t)
      await page.close()
    }
    return out
  } finally {
    await browser.close()
    await backend.stop()
  }
}
