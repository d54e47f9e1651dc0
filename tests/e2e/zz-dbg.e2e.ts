import path from 'node:path'
import { it } from 'vitest'
import { ROOT, launchBrowser, screenshot, startBackend, tempDataDir, api } from '/work/main/tests/e2e/harness'

it('dbg', async () => {
  const browser = await launchBrowser()
  const backend = await startBackend(tempDataDir('dbg'))
  try {
    const meetings = await api<{ id: string }[]>(backend, 'meetings.list')
    const job = await api<{ id: string }>(backend, 'packages.import', { meetingId: meetings[0]!.id, source: { kind: 'path', path: path.join(ROOT, 'tests/fixtures/packages/messy-sanyuan-river-merged-header.pdpkg') } })
    let j: any
    for (;;) { j = await api<any>(backend, 'jobs.get', { jobId: job.id }); if (j.status !== 'running') break; await new Promise(r => setTimeout(r, 100)) }
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()))
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message))
    page.on('requestfailed', (r) => console.log('REQFAIL', r.url().slice(0, 120), r.failure()?.errorText))
    await page.goto(backend.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.evaluate((id) => (location.hash = `#/projects/${id}`), j.result.projectId)
    await page.getByRole('tab', { name: /文档/ }).click()
    await page.getByTestId('pdf-canvas').waitFor()
    await new Promise(r => setTimeout(r, 3000))
    await screenshot(page, 'dbg-pdf')
  } finally {
    await backend.stop(); await browser.close()
  }
})
