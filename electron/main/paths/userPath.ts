/**
 * Paths typed or picked by the user (export folder, archive folder, sync folder, a package to import): checked
 * before any file-system call, and every call on them bounded. Node 20's `fs.mkdirSync(p, { recursive: true })`
 * loops for good on some pseudo-filesystem paths (`/proc/1/nope`), blocking the whole backend; a dead network
 * share can block a thread for minutes. So: the string is checked first (absolute, no NUL, length, no pseudo-
 * filesystem, no Windows device name), folders are created one level at a time in a loop bounded by the number of
 * levels, and every fs call runs in the file-system probe (fsProbe.ts), a child process killed when the disk does not
 * answer within the deadline (the request answers in Chinese in time even when the disk never does).
 */
import path from 'node:path'
import { ApiError } from '../../../shared/api/errors'

import { FS_DEADLINE_MS, MAX_PATH_CHARS, MAX_PATH_LEVELS, WINDOWS_DEVICE, WINDOWS_DEVICE_NAMESPACE, pseudoFilesystemOf } from './pathRules'
import { fsProbe } from './fsProbe'
import type { FsCheck } from './fsChecks'

export { FS_DEADLINE_MS, MAX_PATH_CHARS, MAX_PATH_LEVELS, pseudoFilesystemOf }

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

/** Runs the file-system half of a check in the probe process under the deadline; a refusal names the field. */
async function probe(check: FsCheck, label: string, deadlineMs = FS_DEADLINE_MS): Promise<void> {
  const r = await fsProbe().run(check, deadlineMs)
  if (r.ok) return
  if (r.timedOut) refuse(label, `磁盘或网络盘 ${Math.max(1, Math.round(deadlineMs / 1000))} 秒内没有响应，请确认 U 盘或网络盘已连接后重试`)
  refuse(label, r.reason)
}

/**
 * Makes sure a folder exists and is writable, creating missing levels one at a time (never a recursive mkdir).
 * Returns the resolved folder. Every failure is an ApiError naming the field.
 */
export async function ensureFolder(raw: string, options: PathCheckOptions & { deadlineMs?: number }): Promise<string> {
  const resolved = checkUserPath(raw, options)
  await probe({ op: 'ensureFolder', path: resolved }, options.label, options.deadlineMs)
  return resolved
}

/** Checks that a path names an existing regular file or folder (never a device, FIFO or socket) of bounded size. */
export async function checkReadablePath(raw: string, options: PathCheckOptions & { maxBytes: number; deadlineMs?: number }): Promise<string> {
  const resolved = checkUserPath(raw, options)
  await probe({ op: 'checkReadable', path: resolved, maxBytes: options.maxBytes }, options.label, options.deadlineMs)
  return resolved
}

/** Checks a folder path that may not exist yet (a USB stick not plugged in): the string and where it really leads. */
export async function checkFolderPath(raw: string, options: PathCheckOptions & { deadlineMs?: number }): Promise<string> {
  const resolved = checkUserPath(raw, options)
  await probe({ op: 'checkFolder', path: resolved }, options.label, options.deadlineMs)
  return resolved
}
