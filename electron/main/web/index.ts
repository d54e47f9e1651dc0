/**
 * `npm run web`: the backend with its HTTP adapter on 127.0.0.1 and the built UI, for a browser.
 * Options: --data DIR (data folder), --port N (default: a free port), --no-open (do not open a browser),
 * --static DIR (built renderer). Prints the address with the per-run token; stops on SIGINT/SIGTERM.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { warmPdfWorker } from '../packages/pdfThread'
import { openBackend } from '../backend'
import { defaultDataDir } from '../dataDir'
import { createHttpAdapter, newToken } from './httpAdapter'
import { fsProbe } from '../paths/fsProbe'

function openBrowser(url: string): void {
  const cmd = process.platform === 'win32' ? 'cmd' : process.platform === 'darwin' ? 'open' : 'xdg-open'
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url]
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' })
    child.on('error', () => console.log(`请在浏览器中打开：${url}`))
    child.unref()
  } catch {
    console.log(`请在浏览器中打开：${url}`)
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      open: { type: 'boolean', default: true },
      'no-open': { type: 'boolean', default: false },
      static: { type: 'string' }
    }
  })
  const here = path.dirname(fileURLToPath(import.meta.url))
  const staticDir = values.static ?? path.resolve(here, '../renderer')
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    console.error(`找不到界面文件（${staticDir}/index.html）。请先运行 npm run build。`)
    process.exit(2)
  }
  const dataDir = path.resolve(values.data ?? defaultDataDir())
  const backend = await openBackend({ dataDir, version: process.env.npm_package_version ?? '0.1.0' })
  // The file-system probe starts now, so the first folder check does not wait for it.
  fsProbe().warm()
  // pdf.js loads in a worker now, so the first import after start does not pay for it (pdfThread.ts).
  warmPdfWorker()
  // A token may be passed by a parent process (tests, the launcher) through the environment; never on argv.
  const token = process.env.PANELDESK_TOKEN ?? newToken()
  const server = createHttpAdapter({
    handlers: backend.handlers,
    token,
    staticDir,
    logError: (method, err) => console.error(`[api] ${method} failed:`, err)
  })
  const port = values.port ? Number(values.port) : 0
  server.listen(port, '127.0.0.1', () => {
    const addr = server.address()
    const actual = typeof addr === 'object' && addr ? addr.port : port
    const url = `http://127.0.0.1:${actual}/#token=${token}`
    console.log(`PanelDesk 评审台（浏览器版）已启动`)
    console.log(`数据文件夹：${dataDir}`)
    console.log(`PANELDESK_URL=${url}`)
    if (values.open && !values['no-open']) openBrowser(url)
  })
  const stop = () => {
    server.close()
    backend.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error('启动失败：', err instanceof Error ? err.message : err)
  process.exit(1)
})
