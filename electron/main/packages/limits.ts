export interface PackageLimits {
  /** Entries in the archive (files and folders). */
  maxEntries: number
  /** Total bytes of all files once inflated, counted while inflating. */
  maxTotalBytes: number
  /** Rows read from one sheet. */
  maxSheetRows: number
}

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxEntries: 2000,
  maxTotalBytes: 512 * 1024 * 1024,
  maxSheetRows: 200_000
}

export function resolveLimits(partial: Partial<PackageLimits> | undefined): PackageLimits {
  return { ...DEFAULT_PACKAGE_LIMITS, ...partial }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${bytes} 字节`
}
