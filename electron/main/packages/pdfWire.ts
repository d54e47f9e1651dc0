import type { PackageErrorCode } from './errors'
import type { PdfAssets } from './pdfText'

/** One PDF for the worker thread (pdfThread.ts → pdfWorker.ts). `bytes` is transferred. */
export interface PdfRequest {
  id: number
  bytes: Uint8Array
  filePath: string
  assets: PdfAssets
}

/** The worker's answer: the text per page, or the PackageError it raised (code and Chinese message). */
export type PdfReply =
  | { id: number; ok: true; pages: string[] }
  | { id: number; ok: false; code: PackageErrorCode | null; message: string }

/** Sent once by a worker when pdf.js is loaded (a warm worker is then ready); carries no id, so no PDF takes it. */
export interface PdfReady {
  ready: true
}
