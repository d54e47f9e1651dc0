/**
 * The file-system half of the user-path checks (paths/userPath.ts does the string half). Synchronous on purpose:
 * they run in the file-system probe (paths/fsProbe.ts), a child process the backend kills when the disk does not
 * answer in time, never on the backend's own thread or thread pool. Every loop is bounded by the number of levels.
 */
import fs from 'node:fs'
import path from 'node:path'
import { MAX_PATH_LEVELS, pseudoFilesystemOf } from './pathRules'

/** A refusal with the Chinese reason; the caller turns it into an ApiError naming the field. */
export class PathRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'PathRefusal'
  }
}

const refuse = (reason: string): never => {
  throw new PathRefusal(reason)
}

export type FsCheck =
  | { op: 'ensureFolder'; path: string }
  | { op: 'checkReadable'; path: string; maxBytes: number }
  | { op: 'checkFolder'; path: string }

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return null
    if (code === 'ENOTDIR') refuse(`路径中的“${path.basename(path.dirname(p))}”是文件，不是文件夹`)
    if (code === 'EACCES' || code === 'EPERM') refuse(`没有访问“${p}”的权限`)
    return refuse(`无法访问“${p}”（${code ?? '未知错误'}）`)
  }
}

/** The real location of a path's deepest existing ancestor must not be a pseudo-filesystem either (symlinks). */
function checkRealLocation(resolved: string): void {
  let probe = resolved
  for (let i = 0; i <= MAX_PATH_LEVELS; i++) {
    let real: string
    try {
      real = fs.realpathSync(probe)
    } catch {
      const parent = path.dirname(probe)
      if (parent === probe) return
      probe = parent
      continue
    }
    const pseudo = pseudoFilesystemOf(real)
    if (pseudo) refuse(`“${probe}”实际指向系统的虚拟文件系统“${pseudo}”`)
    return
  }
}

/** Creates missing levels one at a time (never a recursive mkdir), then checks write access. */
function ensureFolder(resolved: string): void {
  const missing: string[] = []
  let probe = resolved
  for (let i = 0; i <= MAX_PATH_LEVELS; i++) {
    const st = statOrNull(probe)
    if (st) {
      if (!st.isDirectory()) refuse(`“${probe}”是文件，不是文件夹`)
      break
    }
    const parent = path.dirname(probe)
    if (parent === probe) refuse(`找不到“${probe}”所在的磁盘`)
    missing.unshift(probe)
    probe = parent
  }
  for (const dir of missing) {
    try {
      fs.mkdirSync(dir)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'EEXIST' && statOrNull(dir)?.isDirectory()) continue
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') refuse(`没有在“${path.dirname(dir)}”中新建文件夹的权限`)
      refuse(`无法新建文件夹“${dir}”（${code ?? '未知错误'}）`)
    }
  }
  try {
    fs.accessSync(resolved, fs.constants.W_OK)
  } catch {
    refuse(`没有写入文件夹“${resolved}”的权限`)
  }
}

/** An existing regular file (never a device, FIFO or socket) of bounded size, or a folder. */
function checkReadable(resolved: string, maxBytes: number): void {
  const st = statOrNull(resolved)
  if (!st) return refuse(`找不到“${resolved}”`)
  if (st.isDirectory()) return
  if (!st.isFile()) refuse(`“${path.basename(resolved)}”不是普通文件`)
  if (st.size > maxBytes) refuse(`“${path.basename(resolved)}”过大（超过 ${Math.round(maxBytes / 1024 / 1024)} MB）`)
}

/** Runs one check on a path already checked as a string (resolved). Throws PathRefusal. */
export function runFsCheck(check: FsCheck): void {
  checkRealLocation(check.path)
  if (check.op === 'ensureFolder') ensureFolder(check.path)
  else if (check.op === 'checkReadable') checkReadable(check.path, check.maxBytes)
}
