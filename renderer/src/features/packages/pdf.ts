/**
 * pdf.js in the renderer, offline: its worker and the Adobe CMaps (Chinese PDFs with non-embedded fonts need them)
 * are bundled by Vite and served from the app itself (CSP: script-src 'self'; worker-src 'self' blob:).
 */
import * as pdfjs from 'pdfjs-dist'
import type { PDFDocumentProxy } from 'pdfjs-dist'
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl

const CMAP_URLS = import.meta.glob('../../../../node_modules/pdfjs-dist/cmaps/*.bcmap', { query: '?url', import: 'default', eager: true }) as Record<string, string>
const WASM_URLS = import.meta.glob('../../../../node_modules/pdfjs-dist/wasm/*.wasm', { query: '?url', import: 'default', eager: true }) as Record<string, string>

function byFileName(urls: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(urls).map(([p, url]) => [p.slice(p.lastIndexOf('/') + 1), url]))
}
const CMAPS = byFileName(CMAP_URLS)
const WASM = byFileName(WASM_URLS)

/** pdf.js asks this factory (on the main thread, useWorkerFetch: false) for CMaps and wasm by file name. */
class BundledDataFactory {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const url = kind === 'cMapUrl' ? CMAPS.get(filename) : kind === 'wasmUrl' ? WASM.get(filename) : undefined
    if (!url) throw new Error(`pdf.js data not bundled: ${kind} ${filename}`)
    // Vite inlines small files as data: URLs; decode them here (the CSP's connect-src only allows 'self').
    if (url.startsWith('data:')) {
      const bin = atob(url.slice(url.indexOf(',') + 1))
      const out = new Uint8Array(bin.length)
      for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
      return out
    }
    const res = await fetch(url)
    if (!res.ok) throw new Error(`pdf.js data not loaded: ${filename}`)
    return new Uint8Array(await res.arrayBuffer())
  }
}

export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  return pdfjs.getDocument({
    data: bytes,
    // Any non-empty base: the factory resolves file names to bundled URLs.
    cMapUrl: 'bundled/',
    cMapPacked: true,
    wasmUrl: 'bundled/',
    useWorkerFetch: false,
    BinaryDataFactory: BundledDataFactory,
    isEvalSupported: false,
    enableXfa: false
  }).promise
}

export type { PDFDocumentProxy }
