/**
 * The main window: isolated, sandboxed, no Node in the page, strict CSP, navigation locked, size remembered. Its
 * pages come from app://paneldesk (app/protocol.ts), never file://.
 */
import { BrowserWindow, session, shell, screen } from 'electron'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { APP_INDEX_URL } from '../appProtocol'
import { allowCamera, cameraCheck } from '../cameraPermission'
import { CONTENT_SECURITY_POLICY } from '../security'

const here = path.dirname(fileURLToPath(import.meta.url))
/** The built renderer: the only files app:// serves. */
export const rendererDir = path.join(here, '../renderer')

export interface WindowBounds {
  width: number
  height: number
  x?: number
  y?: number
  maximized?: boolean
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1366, height: 768 }

function visible(b: WindowBounds): boolean {
  if (b.x === undefined || b.y === undefined) return true
  return screen.getAllDisplays().some((d) => {
    const a = d.workArea
    return b.x! < a.x + a.width && b.x! + b.width > a.x && b.y! < a.y + a.height && b.y! + b.height > a.y
  })
}

/** `isOwnPage`: the app's own pages (app://paneldesk, or the dev server); only they may use the camera (扫码加入). */
export function lockDownSession(isOwnPage: (url: string) => boolean): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, cb, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined
    cb(allowCamera({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame, mediaTypes }, isOwnPage))
  })
  session.defaultSession.setPermissionCheckHandler((_wc, permission, origin, details) => cameraCheck(permission, origin, 'mediaType' in details ? details.mediaType : undefined, isOwnPage))
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  // Our pages come from app://; no page may reach into the disk through file:// (images, scripts, frames).
  session.defaultSession.webRequest.onBeforeRequest({ urls: ['file://*/*'] }, (_details, cb) => cb({ cancel: true }))
}

export function createMainWindow(bounds: WindowBounds, rendererUrl: string | null, onBounds: (b: WindowBounds) => void): BrowserWindow {
  const b = visible(bounds) ? bounds : DEFAULT_BOUNDS
  const win = new BrowserWindow({
    width: b.width,
    height: b.height,
    ...(b.x !== undefined && b.y !== undefined ? { x: b.x, y: b.y } : {}),
    minWidth: 1024,
    minHeight: 640,
    title: 'PanelDesk 评审台',
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      spellcheck: false
    }
  })
  if (b.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())
  const save = () => {
    if (win.isDestroyed()) return
    const n = win.getNormalBounds()
    onBounds({ width: n.width, height: n.height, x: n.x, y: n.y, maximized: win.isMaximized() })
  }
  win.on('close', save)
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (e, url) => {
    if (url !== win.webContents.getURL()) e.preventDefault()
  })
  win.webContents.on('will-attach-webview', (e) => e.preventDefault())
  if (rendererUrl) void win.loadURL(rendererUrl)
  else void win.loadURL(APP_INDEX_URL)
  return win
}
