import zlib from 'node:zlib'
import iconv from 'iconv-lite'
import { crc32 } from '../binary/crc32'
import { PackageError } from './errors'
import { formatBytes, RATIO_FLOOR_BYTES, type ZipLimits } from './limits'
import { isJunkPath, normalisePackagePath } from './paths'

const EOCD_SIGNATURE = 0x06054b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_SIGNATURE = 0x04034b50
const INFLATE_CHUNK = 16 * 1024
const MAX_INFLATE_CHUNK = 4 * 1024 * 1024

export interface ZipEntry {
  /** Normalised path ("docs/a.pdf"). */
  path: string
  rawName: string
  method: number
  flags: number
  crc32: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
  isDirectory: boolean
}

const UNIX_HOSTS = new Set([3, 19]) // Unix, OS X
const S_IFMT = 0o170000
const S_IFLNK = 0o120000

function decodeName(bytes: Uint8Array, utf8Flag: boolean): string {
  if (utf8Flag) return new TextDecoder('utf-8').decode(bytes)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    // Windows' built-in zip writes names in the system code page: GBK on Chinese systems.
    return iconv.decode(Buffer.from(bytes), 'gb18030')
  }
}

function findEndOfCentralDirectory(view: DataView, archive: string): number {
  const min = Math.max(0, view.byteLength - 22 - 0xffff)
  for (let i = view.byteLength - 22; i >= min; i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) return i
  }
  throw new PackageError('archive-invalid', `“${archive}”不是有效的 ZIP 压缩包（找不到中央目录）。`, archive)
}

function bombError(archive: string, detail: string, file: string): PackageError {
  return new PackageError('archive-too-large', `“${archive}”${detail}，可能是压缩炸弹，已拒绝。`, file)
}

/** An entry's declared sizes against the per-entry limit and the compression ratio. */
function checkEntrySize(archive: string, path: string, compressed: number, uncompressed: number, limits: ZipLimits): void {
  if (uncompressed > limits.maxEntryBytes) {
    throw bombError(archive, `中的“${path}”解压后有 ${formatBytes(uncompressed)}，超过单个文件 ${formatBytes(limits.maxEntryBytes)} 的上限`, path)
  }
  if (uncompressed > RATIO_FLOOR_BYTES && uncompressed / Math.max(compressed, 1) > limits.maxRatio) {
    const ratio = Math.round(uncompressed / Math.max(compressed, 1))
    throw bombError(archive, `中的“${path}”压缩比为 ${ratio} : 1，超过 ${limits.maxRatio} : 1 的上限`, path)
  }
}

/** Reads and checks the central directory: no inflation happens here. */
export function readZipEntries(bytes: Uint8Array, archive: string, limits: ZipLimits): ZipEntry[] {
  if (bytes.byteLength < 22) {
    throw new PackageError('archive-invalid', `“${archive}”不是有效的 ZIP 压缩包（文件过小）。`, archive)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const eocd = findEndOfCentralDirectory(view, archive)
  const diskNumber = view.getUint16(eocd + 4, true)
  const entryCount = view.getUint16(eocd + 10, true)
  const directorySize = view.getUint32(eocd + 12, true)
  const directoryOffset = view.getUint32(eocd + 16, true)
  if (entryCount === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) {
    throw new PackageError('archive-unsupported', `“${archive}”是 ZIP64 格式，暂不支持。`, archive)
  }
  if (diskNumber !== 0) {
    throw new PackageError('archive-unsupported', `“${archive}”是分卷压缩包，暂不支持。`, archive)
  }
  if (entryCount > limits.maxEntries) {
    throw new PackageError(
      'archive-too-many-entries',
      `“${archive}”包含 ${entryCount} 个条目，超过上限 ${limits.maxEntries} 个。`,
      archive
    )
  }
  if (directoryOffset + directorySize > eocd) {
    throw new PackageError('archive-invalid', `“${archive}”的中央目录位置无效，文件可能已损坏。`, archive)
  }

  const entries: ZipEntry[] = []
  const seen = new Set<string>()
  let declaredTotal = 0
  let offset = directoryOffset
  for (let i = 0; i < entryCount; i++) {
    if (offset + 46 > eocd || view.getUint32(offset, true) !== CENTRAL_SIGNATURE) {
      throw new PackageError('archive-invalid', `“${archive}”的中央目录已损坏。`, archive)
    }
    const madeBy = view.getUint16(offset + 4, true)
    const flags = view.getUint16(offset + 8, true)
    const method = view.getUint16(offset + 10, true)
    const crc = view.getUint32(offset + 16, true)
    const compressedSize = view.getUint32(offset + 20, true)
    const uncompressedSize = view.getUint32(offset + 24, true)
    const nameLength = view.getUint16(offset + 28, true)
    const extraLength = view.getUint16(offset + 30, true)
    const commentLength = view.getUint16(offset + 32, true)
    const externalAttributes = view.getUint32(offset + 38, true)
    const localHeaderOffset = view.getUint32(offset + 42, true)
    const rawName = decodeName(bytes.subarray(offset + 46, offset + 46 + nameLength), (flags & 0x800) !== 0)
    offset += 46 + nameLength + extraLength + commentLength

    const path = normalisePackagePath(rawName, `压缩包“${archive}”`)
    if ((flags & 0x1) !== 0 || (flags & 0x40) !== 0 || method === 99) {
      throw new PackageError('archive-encrypted', `“${archive}”中的“${rawName}”已加密，无法读取。请提供未加密的压缩包。`, rawName)
    }
    const host = madeBy >> 8
    if (UNIX_HOSTS.has(host) && ((externalAttributes >>> 16) & S_IFMT) === S_IFLNK) {
      throw new PackageError('symlink', `“${archive}”中的“${rawName}”是符号链接，出于安全原因已拒绝。`, rawName)
    }
    const isDirectory = rawName.endsWith('/') || rawName.endsWith('\\')
    if (isDirectory || isJunkPath(path)) continue
    if (method !== 0 && method !== 8) {
      throw new PackageError(
        'archive-unsupported',
        `“${archive}”中的“${rawName}”使用了不支持的压缩方式（${method}），请用标准 ZIP（Deflate）重新打包。`,
        rawName
      )
    }
    if (seen.has(path)) {
      throw new PackageError('archive-duplicate-entry', `“${archive}”中“${path}”出现了不止一次。`, path)
    }
    seen.add(path)
    checkEntrySize(archive, path, compressedSize, uncompressedSize, limits)
    declaredTotal += uncompressedSize
    if (declaredTotal > limits.maxTotalBytes) throw bombError(archive, `解压后超过 ${formatBytes(limits.maxTotalBytes)} 的上限`, archive)
    entries.push({ path, rawName, method, flags, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset, isDirectory })
  }
  return entries
}

/** Running count of inflated bytes over a whole archive. */
export interface InflateBudget {
  used: number
  limit: number
}

/**
 * Inflates one entry, counting output while inflating: stops as soon as the entry exceeds its declared
 * size or the archive exceeds its budget, so a lying header cannot make it allocate more than a chunk.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, archive: string, budget: InflateBudget): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const local = entry.localHeaderOffset
  if (local + 30 > bytes.byteLength || view.getUint32(local, true) !== LOCAL_SIGNATURE) {
    throw new PackageError('archive-entry-corrupt', `“${archive}”中“${entry.path}”的文件头已损坏。`, entry.path)
  }
  if ((view.getUint16(local + 6, true) & 0x1) !== 0) {
    throw new PackageError('archive-encrypted', `“${archive}”中的“${entry.rawName}”已加密，无法读取。`, entry.path)
  }
  const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true)
  const dataEnd = dataStart + entry.compressedSize
  if (dataEnd > bytes.byteLength) {
    throw new PackageError('archive-entry-corrupt', `“${archive}”中的“${entry.path}”数据不完整，压缩包可能被截断。`, entry.path)
  }
  const compressed = bytes.subarray(dataStart, dataEnd)
  const tooLarge = () => bombError(archive, `解压后超过 ${formatBytes(budget.limit)} 的上限`, entry.path)
  const sizeLie = () =>
    new PackageError(
      'archive-entry-corrupt',
      `“${archive}”中的“${entry.path}”解压后的大小与声明不符，压缩包已损坏或被篡改。`,
      entry.path
    )

  let output: Uint8Array
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) throw sizeLie()
    if (budget.used + compressed.length > budget.limit) throw tooLarge()
    output = compressed.slice()
  } else {
    // Native inflate that stops once it would produce more than the entry declared or the archive has left:
    // memory stays within the declared size, which readZipEntries has already held to the limits.
    const room = budget.limit - budget.used
    const cap = Math.min(entry.uncompressedSize, room)
    try {
      // Chunks of up to 4 MB (not more than the entry may hold): fewer pieces for zlib to join than 16 KB chunks.
      const chunkSize = Math.min(Math.max(cap + 1, INFLATE_CHUNK), MAX_INFLATE_CHUNK)
      const out = zlib.inflateRawSync(compressed, { maxOutputLength: Math.max(cap, 1), chunkSize })
      output = new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw cap < entry.uncompressedSize ? tooLarge() : sizeLie()
      throw new PackageError('archive-entry-corrupt', `“${archive}”中的“${entry.path}”无法解压，文件已损坏。`, entry.path, { cause })
    }
    if (output.length > cap) throw cap < entry.uncompressedSize ? tooLarge() : sizeLie()
    if (output.length !== entry.uncompressedSize) throw sizeLie()
  }
  if (crc32(output) !== entry.crc32) {
    throw new PackageError('archive-entry-corrupt', `“${archive}”中的“${entry.path}”校验失败（CRC 不符），文件已损坏。`, entry.path)
  }
  budget.used += output.length
  return output
}

/** Reads every file of an archive into memory, safely. Directories and archiver junk are left out. */
export function unzipSafely(
  bytes: Uint8Array,
  archive: string,
  limits: ZipLimits,
  onEntry?: (done: number, total: number, path: string) => void
): Map<string, Uint8Array> {
  const entries = readZipEntries(bytes, archive, limits)
  const budget: InflateBudget = { used: 0, limit: limits.maxTotalBytes }
  const files = new Map<string, Uint8Array>()
  entries.forEach((entry, index) => {
    files.set(entry.path, inflateEntry(bytes, entry, archive, budget))
    onEntry?.(index + 1, entries.length, entry.path)
  })
  return files
}

/**
 * Visits every file of an archive one at a time, inflated within the limits; the bytes are not kept unless the
 * visitor keeps them (the archive verifier hashes package files and drops them: memory stays at one entry).
 */
export function forEachZipFile(bytes: Uint8Array, archive: string, limits: ZipLimits, visit: (path: string, data: Uint8Array) => void): number {
  const entries = readZipEntries(bytes, archive, limits)
  const budget: InflateBudget = { used: 0, limit: limits.maxTotalBytes }
  for (const entry of entries) visit(entry.path, inflateEntry(bytes, entry, archive, budget))
  return entries.length
}
