import { PackageError } from './errors'

/**
 * Normalises a path inside a package ("docs\\a.pdf", "./docs/a.pdf" → "docs/a.pdf") and rejects
 * absolute paths and paths that escape the package. `where` names the archive or manifest for messages.
 */
export function normalisePackagePath(raw: string, where: string): string {
  if (raw.includes('\0')) throw new PackageError('path-invalid', `${where} 中的路径“${raw}”含有非法字符。`, raw)
  const slashed = raw.replace(/\\/g, '/')
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed)) {
    throw new PackageError('path-absolute', `${where} 中的路径“${raw}”是绝对路径，包内只允许相对路径。`, raw)
  }
  const segments: string[] = []
  for (const segment of slashed.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      throw new PackageError('path-traversal', `${where} 中的路径“${raw}”试图跳出包目录（含“..”），已拒绝。`, raw)
    }
    segments.push(segment)
  }
  if (segments.length === 0) throw new PackageError('path-invalid', `${where} 中有空路径。`, raw)
  return segments.join('/')
}

export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase()
}

/** Junk that archivers add and nobody means to ship. */
export function isJunkPath(path: string): boolean {
  return path.startsWith('__MACOSX/') || path.split('/').some((s) => s === '.DS_Store' || s === 'Thumbs.db')
}
