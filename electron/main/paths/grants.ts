/**
 * Which raw paths the backend accepts from the page. Desktop app: only a path the user picked in the OS dialog in
 * this process (`GrantList`: an opaque grant per pick, bound to the path and what it was picked for); a page that
 * was made to send `/etc` or `C:\Windows` gets a Chinese refusal. Browser version (and tests, the CLI): typed paths
 * (`typedPaths`), since it has no OS dialog; its HTTP adapter answers only loopback clients holding the per-run
 * token. Both then go through the checks of userPath.ts. Plain module: the Electron layer only supplies the dialog.
 */
import crypto from 'node:crypto'
import path from 'node:path'
import { ApiError } from '../../../shared/api/errors'
import type { PathPurpose, PickedPath } from '../../../shared/api/methods/files'

export interface PathRequest {
  path: string
  grant?: string | undefined
}

export interface PathAccess {
  /** True when paths come from an OS dialog (desktop app). */
  readonly dialogs: boolean
  /** Opens the OS dialog for a purpose; null when cancelled. */
  pick(purpose: PathPurpose): Promise<PickedPath | null>
  /**
   * The path to use for `purpose`, or a Chinese ApiError. `alsoAllowed` names paths the backend itself owns or
   * already trusts (the default export folder in the data folder, the sync folder configured before).
   */
  authorize(req: PathRequest, purpose: PathPurpose, alsoAllowed?: (resolved: string) => boolean): string
}

/** What each purpose is called in messages. */
export const PURPOSE_LABELS: Record<PathPurpose, string> = {
  'export-folder': '导出文件夹',
  'archive-folder': '归档文件夹',
  'sync-folder': '同步文件夹',
  'package-file': '申报包'
}

/** The browser version's access: typed paths, checked afterwards like any other. */
export const typedPaths: PathAccess = {
  dialogs: false,
  pick: () => Promise.reject(new ApiError('conflict', '浏览器版没有选择文件夹的对话框，请直接填写本机上的完整路径')),
  authorize: (req) => req.path
}

/** The most grants kept; the oldest is forgotten first (a user picks a handful per session). */
export const MAX_GRANTS = 200

interface Grant {
  path: string
  purpose: PathPurpose
}

/** Is `p` the same as `root` or inside it. */
export function isWithin(root: string, p: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(p))
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/** The desktop app's access: a per-process allow-list of the paths the user picked in the OS dialog. */
export class GrantList implements PathAccess {
  readonly dialogs = true
  private readonly grants = new Map<string, Grant>()

  /** `dialog` opens the OS dialog for a purpose and returns the chosen absolute path or null (Electron's dialog). */
  constructor(private readonly dialog: (purpose: PathPurpose) => Promise<string | null>) {}

  async pick(purpose: PathPurpose): Promise<PickedPath | null> {
    const chosen = await this.dialog(purpose)
    if (chosen === null) return null
    return { grant: this.add(chosen, purpose), path: chosen, name: path.basename(chosen) }
  }

  /** Records a path picked in the dialog; returns its opaque grant. */
  add(picked: string, purpose: PathPurpose): string {
    if (!path.isAbsolute(picked)) throw new ApiError('invalid_input', '对话框返回的不是完整路径')
    const grant = crypto.randomBytes(18).toString('base64url')
    this.grants.set(grant, { path: path.resolve(picked), purpose })
    while (this.grants.size > MAX_GRANTS) this.grants.delete(this.grants.keys().next().value as string)
    return grant
  }

  authorize(req: PathRequest, purpose: PathPurpose, alsoAllowed?: (resolved: string) => boolean): string {
    const label = PURPOSE_LABELS[purpose]
    const again = `请点“选择…”在对话框中重新选择${label}`
    const typed = path.isAbsolute(req.path) ? path.resolve(req.path) : null
    if (!req.grant) {
      if (typed !== null && alsoAllowed?.(typed)) return typed
      throw new ApiError('forbidden', `桌面版只接受在对话框中选择的${label}，不接受直接填写的路径。${again}`, [{ path: 'path', message: again }])
    }
    const g = this.grants.get(req.grant)
    if (!g) throw new ApiError('forbidden', `这次选择已失效（程序重新启动后须重新选择）。${again}`, [{ path: 'path', message: again }])
    if (g.purpose !== purpose) throw new ApiError('forbidden', `所选路径是作为${PURPOSE_LABELS[g.purpose]}选择的，不能用作${label}。${again}`, [{ path: 'path', message: again }])
    if (typed !== g.path) throw new ApiError('forbidden', `路径与对话框中选择的不一致（可能被修改过）。${again}`, [{ path: 'path', message: again }])
    return g.path
  }
}
