/**
 * The Electron entry: single instance, locked-down session, the backend with its IPC adapter, the window.
 * This folder is the only code that imports 'electron' (enforced by ESLint).
 */
import { app, BrowserWindow, dialog, type IpcMainInvokeEvent } from 'electron'
import fs from 'node:fs'
import path from 'node:path'
import { warmPdfWorker } from '../packages/pdfThread'
import { openBackend, type Backend } from '../backend'
import { fsProbe } from '../paths/fsProbe'
import { registerIpc } from './ipc'
import { secretStoreFor } from './safeSecretStore'
import { createMainWindow, DEFAULT_BOUNDS, lockDownSession, rendererDir, type WindowBounds } from './window'
import { isAppUrl } from '../appProtocol'
import { desktopGrants } from './dialogs'
import { registerAppScheme, serveAppScheme } from './protocol'

const rendererDevUrl = process.env['ELECTRON_RENDERER_URL'] ?? null
let backend: Backend | null = null
let mainWindow: BrowserWindow | null = null

function boundsFile(): string {
  return path.join(app.getPath('userData'), 'window-state.json')
}

function loadBounds(): WindowBounds {
  try {
    const v = JSON.parse(fs.readFileSync(boundsFile(), 'utf8')) as WindowBounds
    if (typeof v.width === 'number' && typeof v.height === 'number') return v
  } catch {
    /* first run or unreadable: use the default */
  }
  return DEFAULT_BOUNDS
}

function saveBounds(b: WindowBounds): void {
  try {
    fs.writeFileSync(boundsFile(), JSON.stringify(b))
  } catch {
    /* not worth failing the app for */
  }
}

/** The better-sqlite3 binding built for Electron's ABI (Node's own build stays in node_modules for tests). */
function electronNativeBinding(): string | undefined {
  const candidates = [
    path.join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node'),
    path.join(app.getAppPath(), '.electron-native', 'better_sqlite3.node')
  ]
  return candidates.find((c) => fs.existsSync(c))
}

/** The app's own pages: app://paneldesk/… (or the dev server while developing). Never file://. */
function isOwnPage(url: string): boolean {
  return isAppUrl(url) || (!!rendererDevUrl && url.startsWith(rendererDevUrl))
}

function isTrustedSender(e: IpcMainInvokeEvent): boolean {
  return mainWindow !== null && e.sender === mainWindow.webContents && e.senderFrame?.parent === null && isOwnPage(e.senderFrame?.url ?? '')
}

registerAppScheme()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore()
      mainWindow.focus()
    }
  })
  app.on('web-contents-created', (_e, contents) => {
    // Every web contents, whatever made it: no navigation away from our pages, no windows, no webviews.
    contents.on('will-navigate', (ev, url) => {
      if (!isOwnPage(url)) ev.preventDefault()
    })
    contents.on('will-redirect', (ev, url) => {
      if (!isOwnPage(url)) ev.preventDefault()
    })
    contents.on('will-attach-webview', (ev) => ev.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  app
    .whenReady()
    .then(async () => {
      lockDownSession(isOwnPage)
      serveAppScheme(rendererDir)
      const nativeBinding = electronNativeBinding()
      backend = await openBackend({
        dataDir: app.getPath('userData'),
        version: app.getVersion(),
        secretStore: secretStoreFor,
        // Raw paths only as picked in the OS dialog of this process (files.pick).
        pathAccess: desktopGrants(() => mainWindow),
        ...(nativeBinding ? { nativeBinding } : {})
      })
      registerIpc(backend.handlers, isTrustedSender)
      fsProbe().warm()
      // pdf.js loads in a worker now, so the first import after start does not pay for it (pdfThread.ts).
      warmPdfWorker()
      mainWindow = createMainWindow(loadBounds(), rendererDevUrl, saveBounds)
    })
    .catch((err: unknown) => {
      dialog.showErrorBox('PanelDesk 评审台无法启动', err instanceof Error ? err.message : String(err))
      app.quit()
    })
  app.on('window-all-closed', () => {
    backend?.close()
    app.quit()
  })
}
