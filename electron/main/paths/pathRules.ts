/** The string rules for user paths, shared by the backend and the file-system probe (no fs calls here). */
import path from 'node:path'

/** Longest accepted path, in characters (Windows' classic limit is 260; long paths are allowed up to this). */
export const MAX_PATH_CHARS = 1000
/** Most folder levels below the root. */
export const MAX_PATH_LEVELS = 64
/**
 * How long the file-system checks of one request may take before the user is told the disk does not answer (issue
 * 11: a Chinese answer within 2 s, with room for the request itself on a busy laptop; a retry finds a slow disk warm).
 */
export const FS_DEADLINE_MS = 1500

/** Kernel pseudo-filesystems and device trees: never a place for the user's files. */
const POSIX_PSEUDO_ROOTS = ['/proc', '/sys', '/dev', '/selinux']
/** Windows device names, refused as any path segment (with or without an extension), and device namespaces. */
export const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i
export const WINDOWS_DEVICE_NAMESPACE = /^[\\/]{2}[.?][\\/]/

function isInside(root: string, p: string, api: path.PlatformPath): boolean {
  const rel = api.relative(root, p)
  return rel === '' || (!rel.startsWith('..') && !api.isAbsolute(rel))
}

/** The pseudo-filesystem a resolved path lies in, or null. */
export function pseudoFilesystemOf(resolved: string, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32') return WINDOWS_DEVICE_NAMESPACE.test(resolved) ? resolved.slice(0, 4) : null
  return POSIX_PSEUDO_ROOTS.find((root) => isInside(root, resolved, path.posix)) ?? null
}

