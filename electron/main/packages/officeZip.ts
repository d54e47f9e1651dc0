/**
 * Word and Excel files are ZIPs that a library would unzip with no limit. Every such file is first read by the
 * bounded reader (`zip.ts`, OFFICE_FILE_LIMITS: entries, ratio, per-file and total bytes, counted while inflating).
 * mammoth then gets it re-packed without compression from exactly what was read, so it never parses the original
 * container (no second reading of a crafted central directory that could differ from ours); the .xlsx reader
 * (`xlsx.ts`) takes the parts themselves.
 */
import { zipFiles } from '../documents/zipWrite'
import { PackageError } from './errors'
import { OFFICE_FILE_LIMITS, type ZipLimits } from './limits'
import { unzipSafely } from './zip'

const BOMB_CODES = new Set(['archive-too-large', 'archive-too-many-entries'])

/**
 * The file's parts within the limits, re-packed (stored) for mammoth. A file over a limit is refused
 * with the limit's own message; any other reading problem becomes `corrupt()` (the caller's 已损坏 message).
 */
export function boundedOfficeBytes(bytes: Uint8Array, filePath: string, corrupt: (cause: unknown) => PackageError, limits: ZipLimits = OFFICE_FILE_LIMITS): Buffer {
  const files = boundedOfficeParts(bytes, filePath, corrupt, limits)
  const out = zipFiles(Object.fromEntries(files), { store: true })
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength)
}

/** The file's parts within the limits (for a reader of our own, such as `xlsx.ts`); errors as `boundedOfficeBytes`. */
export function boundedOfficeParts(bytes: Uint8Array, filePath: string, corrupt: (cause: unknown) => PackageError, limits: ZipLimits = OFFICE_FILE_LIMITS): Map<string, Uint8Array> {
  try {
    return unzipSafely(bytes, filePath, limits)
  } catch (cause) {
    if (cause instanceof PackageError && BOMB_CODES.has(cause.code)) throw new PackageError(cause.code, cause.message, filePath, { cause })
    throw corrupt(cause)
  }
}
