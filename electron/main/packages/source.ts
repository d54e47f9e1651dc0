import { lstat, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { PackageError } from './errors'
import { formatBytes, type PackageLimits } from './limits'
import { isJunkPath } from './paths'
import { unzipSafely } from './zip'

export interface PackageSource {
  kind: 'archive' | 'folder'
  /** For messages: the file or folder name. */
  label: string
  path: string | null
  /** The archive's own bytes (null for a folder). */
  archive: Uint8Array | null
  files: Map<string, Uint8Array>
}

/** Reads every regular file under a folder; refuses symlinks and the same limits as archives. */
export async function readFolder(dir: string, limits: PackageLimits): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>()
  const label = path.basename(dir)
  let total = 0
  let count = 0
  const walk = async (absolute: string, relative: string): Promise<void> => {
    const entries = await readdir(absolute, { withFileTypes: true })
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name
      if (entry.name.startsWith('.') || isJunkPath(rel)) continue
      const full = path.join(absolute, entry.name)
      const stat = await lstat(full)
      if (stat.isSymbolicLink()) {
        throw new PackageError('symlink', `文件夹“${label}”中的“${rel}”是符号链接，出于安全原因已拒绝。`, rel)
      }
      count++
      if (count > limits.maxEntries) {
        throw new PackageError('archive-too-many-entries', `文件夹“${label}”中的文件超过 ${limits.maxEntries} 个的上限。`, label)
      }
      if (stat.isDirectory()) {
        await walk(full, rel)
      } else if (stat.isFile()) {
        total += stat.size
        if (total > limits.maxTotalBytes) {
          throw new PackageError('archive-too-large', `文件夹“${label}”中的文件总大小超过 ${formatBytes(limits.maxTotalBytes)} 的上限。`, label)
        }
        files.set(rel, new Uint8Array(await readFile(full)))
      }
    }
  }
  await walk(dir, '')
  return files
}

/**
 * A package's files already taken apart (by path), e.g. rebuilt from the blob store on a device that received the
 * package through sync: read like a folder.
 */
export interface PackageFilesInput {
  kind: 'files'
  label: string
  files: Map<string, Uint8Array>
}

export type PackageInput = string | Uint8Array | PackageFilesInput

/** Opens a .pdpkg file, a folder, archive bytes, or files by path. */
export async function openPackageSource(
  input: PackageInput,
  limits: PackageLimits,
  onEntry?: (done: number, total: number, path: string) => void
): Promise<PackageSource> {
  if (typeof input === 'object' && !(input instanceof Uint8Array)) {
    return { kind: 'folder', label: input.label, path: null, archive: null, files: input.files }
  }
  if (typeof input !== 'string') {
    return { kind: 'archive', label: '申报包', path: null, archive: input, files: unzipSafely(input, '申报包', limits, onEntry) }
  }
  const label = path.basename(input)
  let stat
  try {
    stat = await lstat(input)
  } catch (cause) {
    throw new PackageError('not-found', `找不到“${input}”。`, label, { cause })
  }
  if (stat.isSymbolicLink()) throw new PackageError('symlink', `“${label}”是符号链接，请直接选择申报包文件或文件夹。`, label)
  if (stat.isDirectory()) {
    return { kind: 'folder', label, path: input, archive: null, files: await readFolder(input, limits) }
  }
  // A device (/dev/zero), FIFO or socket would be read for good or block: only regular files, of bounded size.
  if (!stat.isFile()) throw new PackageError('io-error', `“${label}”不是普通文件，请选择申报包文件（.pdpkg）或文件夹。`, label)
  if (stat.size > limits.maxTotalBytes) {
    throw new PackageError('archive-too-large', `“${label}”超过 ${formatBytes(limits.maxTotalBytes)} 的上限。`, label)
  }
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await readFile(input))
  } catch (cause) {
    throw new PackageError('io-error', `无法读取“${label}”。`, label, { cause })
  }
  return { kind: 'archive', label, path: input, archive: bytes, files: unzipSafely(bytes, label, limits, onEntry) }
}
