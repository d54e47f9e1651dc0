/**
 * Paths typed or picked by the user (export folder, archive folder, sync folder, a package to import): checked
 * before any file-system call, and every call on them bounded. Node 20's `fs.mkdirSync(p, { recursive: true })`
 * loops for good on some pseudo-filesystem paths (`/proc/1/nope`), blocking the whole backend; a dead network
 * share can block a thread for minutes. So: the string is checked first (absolute, no NUL, length, no pseudo-
 * filesystem, no Windows device name), folders are created one level at a time in a loop bounded by the number of
 * levels, and every fs call runs on the thread pool under a deadline (the request answers in Chinese in time even
 * when the disk never does).
 */
import fs from 'node:fs'
import path from 'node:path'
import { ApiError } from '../../../shared/api/errors'

/** Longest accepted path, in characters (Windows' classic limit is 260; long paths are allowed up to this). */
export const MAX_PATH_CHARS = 1000
/** Most folder levels below the root. */
export const MAX_PATH_LEVELS = 64
/** How long the file-system checks of one request may take before the user is told the disk does not answer (issue 11: a Chinese answer within 2 s; a retry finds a slow disk warm). */
export const FS_DEADLINE_MS = 1800

/** Kernel pseudo-filesystems and device trees: never a place for the user's files. */
const POSIX_PSEUDO_ROOTS = ['/proc', '/sys', '/dev', '/selinux']
/** Windows device names, refused as any path segment (with or without an extension), and device namespaces. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i
const WINDOWS_DEVICE_NAMESPACE = /^[\\/]{2}[.?][\\/]/

export interface PathCheckOptions {
  /** What the path is, for messages: 导出文件夹, 同步文件夹, 申报包 … */
  label: string
  /** A folder (default) or a file, for messages. */
  kind?: 'folder' | 'file'
  /** Defaults to process.platform (tests pass 'win32' to check Windows rules). */
  platform?: NodeJS.Platform
}

function refuse(label: string, reason: string): never {
  throw new ApiError('invalid_input', `${label}不可用：${reason}`, [{ path: 'path', message: reason }])
}

function isInside(root: string, p: string, api: path.PlatformPath): boolean {
  const rel = api.relative(root, p)
  return rel === '' || (!rel.startsWith('..') && !api.isAbsolute(rel))
}

/** The pseudo-filesystem a resolved path lies in, or null. */
export function pseudoFilesystemOf(resolved: string, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32') return WINDOWS_DEVICE_NAMESPACE.test(resolved) ? resolved.slice(0, 4) : null
  return POSIX_PSEUDO_ROOTS.find((root) => isInside(root, resolved, path.posix)) ?? null
}

/**
 * Checks a path string without touching the disk; returns it resolved (`..` removed). Throws an ApiError with a
 * Chinese reason naming the field.
 */
export function checkUserPath(raw: string, options: PathCheckOptions): string {
  const { label } = options
  const platform = options.platform ?? process.platform
  const api = platform === 'win32' ? path.win32 : path.posix
  if (typeof raw !== 'string' || raw.trim() === '') refuse(label, '请填写完整路径')
  if (raw.includes('\u0000')) refuse(label, '路径中含有无效字符')
  if (raw.length > MAX_PATH_CHARS) refuse(label, `路径过长（超过 ${MAX_PATH_CHARS} 个字符）`)
  if (platform === 'win32' && WINDOWS_DEVICE_NAMESPACE.test(raw)) refuse(label, '不能使用设备路径（\\\\.\\ 或 \\\\?\\ 开头）')
  if (!api.isAbsolute(raw)) {
    const example = platform === 'win32' ? 'D:\\评审文档' : '/home/用户/评审文档'
    refuse(label, `请填写完整的${options.kind === 'file' ? '文件' : '文件夹'}路径（从盘符或 / 开始），例如 ${example}`)
  }
  const resolved = api.resolve(raw)
  const segments = resolved.split(/[\\/]+/).filter((s) => s !== '')
  if (segments.length > MAX_PATH_LEVELS) refuse(label, `文件夹层级过深（超过 ${MAX_PATH_LEVELS} 层）`)
  const pseudo = pseudoFilesystemOf(resolved, platform)
  if (pseudo) refuse(label, `“${pseudo}”是系统的虚拟文件系统，不能用来保存或读取文件`)
  if (platform === 'win32') {
    const device = segments.find((s) => WINDOWS_DEVICE.test(s.replace(/[ .]+$/, '')))
    if (device) refuse(label, `“${device}”是 Windows 的设备名，不能用作文件或文件夹名`)
  }
  return resolved
}

/** The Chinese reason a path string is refused, or null (for callers that report rather than throw). */
export function userPathProblem(raw: string, label: string): string | null {
  try {
    checkUserPath(raw, { label })
    return null
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
}

/** Runs one fs promise under the request's deadline; a disk that does not answer becomes a Chinese error. */
export async function withinDeadline<T>(work: Promise<T>, deadline: number, label: string): Promise<T> {
  const left = deadline - Date.now()
  if (left <= 0) refuse(label, '磁盘或网络盘没有响应，请确认 U 盘或网络盘已连接后重试')
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ApiError('invalid_input', `${label}不可用：磁盘或网络盘 ${Math.round(left / 1000) || 1} 秒内没有响应，请确认已连接后重试`)), left)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

async function statOrNull(p: string, deadline: number, label: string): Promise<fs.Stats | null> {
  try {
    return await withinDeadline(fs.promises.stat(p), deadline, label)
  } catch (e) {
    if (e instanceof ApiError) throw e
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return null
    if (code === 'ENOTDIR') refuse(label, `路径中的“${path.basename(path.dirname(p))}”是文件，不是文件夹`)
    if (code === 'EACCES' || code === 'EPERM') refuse(label, `没有访问“${p}”的权限`)
    refuse(label, `无法访问“${p}”（${code ?? '未知错误'}）`)
  }
}

/** The real location of a path's deepest existing ancestor must not be a pseudo-filesystem either (symlinks). */
async function checkRealLocation(resolved: string, deadline: number, options: PathCheckOptions): Promise<void> {
  let probe = resolved
  for (let i = 0; i <= MAX_PATH_LEVELS; i++) {
    try {
      const real = await withinDeadline(fs.promises.realpath(probe), deadline, options.label)
      const pseudo = pseudoFilesystemOf(real, options.platform)
      if (pseudo) refuse(options.label, `“${probe}”实际指向系统的虚拟文件系统“${pseudo}”`)
      return
    } catch (e) {
      if (e instanceof ApiError) throw e
      const parent = path.dirname(probe)
      if (parent === probe) return
      probe = parent
    }
  }
}

/**
 * Makes sure a folder exists and is writable, creating missing levels one at a time (never a recursive mkdir).
 * Returns the resolved folder. Every failure is an ApiError naming the field.
 */
export async function ensureFolder(raw: string, options: PathCheckOptions & { deadlineMs?: number }): Promise<string> {
  const { label } = options
  const resolved = checkUserPath(raw, options)
  const deadline = Date.now() + (options.deadlineMs ?? FS_DEADLINE_MS)
  await checkRealLocation(resolved, deadline, options)
  // Walk up to the deepest existing level (bounded by the number of levels), then create the rest downwards.
  const missing: string[] = []
  let probe = resolved
  for (let i = 0; i <= MAX_PATH_LEVELS; i++) {
    const st = await statOrNull(probe, deadline, label)
    if (st) {
      if (!st.isDirectory()) refuse(label, `“${probe}”是文件，不是文件夹`)
      break
    }
    const parent = path.dirname(probe)
    if (parent === probe) refuse(label, `找不到“${probe}”所在的磁盘`)
    missing.unshift(probe)
    probe = parent
  }
  for (const dir of missing) {
    try {
      await withinDeadline(fs.promises.mkdir(dir), deadline, label)
    } catch (e) {
      if (e instanceof ApiError) throw e
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'EEXIST' && (await statOrNull(dir, deadline, label))?.isDirectory()) continue
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') refuse(label, `没有在“${path.dirname(dir)}”中新建文件夹的权限`)
      refuse(label, `无法新建文件夹“${dir}”（${code ?? '未知错误'}）`)
    }
  }
  try {
    await withinDeadline(fs.promises.access(resolved, fs.constants.W_OK), deadline, label)
  } catch (e) {
    if (e instanceof ApiError) throw e
    refuse(label, `没有写入文件夹“${resolved}”的权限`)
  }
  return resolved
}

/** Checks that a path names an existing regular file or folder (never a device, FIFO or socket) of bounded size. */
export async function checkReadablePath(raw: string, options: PathCheckOptions & { maxBytes: number; deadlineMs?: number }): Promise<string> {
  const { label } = options
  const resolved = checkUserPath(raw, options)
  const deadline = Date.now() + (options.deadlineMs ?? FS_DEADLINE_MS)
  await checkRealLocation(resolved, deadline, options)
  const st = await statOrNull(resolved, deadline, label)
  if (!st) refuse(label, `找不到“${resolved}”`)
  if (st.isDirectory()) return resolved
  if (!st.isFile()) refuse(label, `“${path.basename(resolved)}”不是普通文件`)
  if (st.size > options.maxBytes) refuse(label, `“${path.basename(resolved)}”过大（超过 ${Math.round(options.maxBytes / 1024 / 1024)} MB）`)
  return resolved
}

/** Checks a folder path that may not exist yet (a USB stick not plugged in): the string and where it really leads. */
export async function checkFolderPath(raw: string, options: PathCheckOptions & { deadlineMs?: number }): Promise<string> {
  const resolved = checkUserPath(raw, options)
  await checkRealLocation(resolved, Date.now() + (options.deadlineMs ?? FS_DEADLINE_MS), options)
  return resolved
}
