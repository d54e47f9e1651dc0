/**
 * Limits on every zip read (issue 10 item 5). One bounded reader (`zip.ts`) serves every ZIP the app opens:
 * proposal packages (.pdpkg), the Word and Excel files inside them (before mammoth or the .xlsx reader sees them), a .docx
 * handed to `verify`, and a meeting archive (.pdarchive). Each use has its own profile below. Every limit is
 * checked first from the central directory (declared sizes) and then again while inflating (a running count;
 * an entry that inflates past its declared size is refused at once, so a lying header cannot get further).
 */
export interface ZipLimits {
  /** Entries in the archive (files and folders). */
  maxEntries: number
  /** Total bytes of all files once inflated. */
  maxTotalBytes: number
  /** Bytes of one file once inflated. */
  maxEntryBytes: number
  /** Inflated ÷ compressed size of one entry, checked for entries above RATIO_FLOOR_BYTES. */
  maxRatio: number
}

export interface PackageLimits extends ZipLimits {
  /** Rows read from one sheet. */
  maxSheetRows: number
}

/**
 * Worksheets in one workbook (.xlsx or .xls): more than any real budget workbook has (Excel 97-2003's own limit is
 * 255 in practice), a bound on the sheet list the 概算 tab shows and on what a crafted file can make us walk. More
 * are refused, naming the file, never cut off silently.
 */
export const MAX_WORKBOOK_SHEETS = 255

/** Entries smaller than this are never refused for their ratio alone (a 1 MB cap on what a ratio can hide). */
export const RATIO_FLOOR_BYTES = 1024 * 1024

/** Deflate tops out near 1,032 : 1; real XML, JSON and CSV stay well under 100 : 1. */
const MAX_RATIO = 200

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxEntries: 2000,
  maxTotalBytes: 512 * 1024 * 1024,
  maxEntryBytes: 512 * 1024 * 1024,
  maxRatio: MAX_RATIO,
  maxSheetRows: 200_000
}

/** A Word or Excel file inside a package (read by mammoth or the .xlsx reader only after this check). */
export const OFFICE_FILE_LIMITS: ZipLimits = {
  maxEntries: 5000,
  maxTotalBytes: 256 * 1024 * 1024,
  maxEntryBytes: 128 * 1024 * 1024,
  maxRatio: MAX_RATIO
}

/** A .docx given to `verify` (a PanelDesk document: a few dozen parts, tens of MB at most once inflated). */
export const VERIFY_DOCX_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxTotalBytes: 256 * 1024 * 1024,
  maxEntryBytes: 128 * 1024 * 1024,
  maxRatio: MAX_RATIO
}

/** A meeting archive: tables, the log and every package file of the meeting. */
export const ARCHIVE_LIMITS: ZipLimits = {
  maxEntries: 60_000,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxEntryBytes: 512 * 1024 * 1024,
  maxRatio: MAX_RATIO
}

export function resolveLimits(partial: Partial<PackageLimits> | undefined): PackageLimits {
  return { ...DEFAULT_PACKAGE_LIMITS, ...partial }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${bytes} 字节`
}
