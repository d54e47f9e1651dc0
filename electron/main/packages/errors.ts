/** Why a package could not be read. Stable codes for the UI and the CLI; messages are in Chinese. */
export type PackageErrorCode =
  | 'io-error'
  | 'not-found'
  | 'archive-invalid'
  | 'archive-unsupported'
  | 'archive-encrypted'
  | 'archive-too-many-entries'
  | 'archive-too-large'
  | 'archive-entry-corrupt'
  | 'archive-duplicate-entry'
  | 'path-traversal'
  | 'path-absolute'
  | 'path-invalid'
  | 'symlink'
  | 'manifest-missing'
  | 'manifest-invalid-json'
  | 'manifest-unsupported-version'
  | 'manifest-invalid'
  | 'file-missing'
  | 'file-empty'
  | 'file-type-mismatch'
  | 'file-unsupported-type'
  | 'file-encrypted'
  | 'sheet-empty'
  | 'sheet-formulas-without-values'
  | 'sheet-corrupt'
  | 'csv-decode'
  | 'budget-no-header'
  | 'budget-no-lines'
  | 'pdf-corrupt'
  | 'pdf-password'
  /** pdf.js did not finish a PDF's text within the time limit (pdfThread.ts). */
  | 'pdf-timeout'
  | 'docx-corrupt'
  /** Several files of one package could not be read (each named in the message). */
  | 'package-problems'

export class PackageError extends Error {
  override readonly name = 'PackageError'
  readonly code: PackageErrorCode
  /** The file inside the package (or the package itself) the problem is about, when there is one. */
  readonly file: string | null

  constructor(code: PackageErrorCode, message: string, file: string | null = null, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.file = file
  }

  toJSON(): { code: PackageErrorCode; message: string; file: string | null } {
    return { code: this.code, message: this.message, file: this.file }
  }
}

export function isPackageError(error: unknown): error is PackageError {
  return error instanceof PackageError
}
