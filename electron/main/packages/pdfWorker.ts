/**
 * The PDF worker thread of the package import (pdfThread.ts): extracts a PDF's text with pdf.js, off the main
 * thread, so the budget is read and checked at the same time. pdf.js is loaded as soon as the worker starts (a
 * warmed worker has it ready). Built as `pdfWorker.js` next to the main bundle (electron.vite.config.ts).
 */
import { parentPort } from 'node:worker_threads'
import { isPackageError } from './errors'
import { extractPdfText } from './pdfText'
import type { PdfReady, PdfReply, PdfRequest } from './pdfWire'

const port = parentPort
if (!port) throw new Error('pdfWorker.ts runs as a worker thread')
// Load pdf.js now, while the main thread is still reading the rest of the package.
const loaded = import('pdfjs-dist/legacy/build/pdf.mjs').catch(() => null)
void loaded.then(() => port.postMessage({ ready: true } satisfies PdfReady))

port.on('message', (req: PdfRequest) => {
  void (async () => {
    let reply: PdfReply
    try {
      await loaded
      reply = { id: req.id, ok: true, pages: await extractPdfText(req.bytes, req.filePath, req.assets) }
    } catch (error) {
      reply = isPackageError(error)
        ? { id: req.id, ok: false, code: error.code, message: error.message }
        : { id: req.id, ok: false, code: null, message: error instanceof Error ? error.message : String(error) }
    }
    port.postMessage(reply)
  })()
})
