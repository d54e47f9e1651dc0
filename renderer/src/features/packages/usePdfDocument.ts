/** Loads a package document's bytes and opens it with pdf.js; renders one page into a canvas at a zoom. */
import { useEffect, useState, type RefObject } from 'react'
import { errorMessage } from '../../api'
import { readDocumentBytes } from '../../transfer'
import type { PDFDocumentProxy } from './pdf'

export function usePdfDocument(documentId: string) {
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let cancelled = false
    let opened: PDFDocumentProxy | null = null
    setDoc(null)
    setError(null)
    readDocumentBytes(documentId)
      // pdf.js (and its worker) loads with the first document opened, not with the page.
      .then(async (bytes) => (await import('./pdf')).openPdf(bytes))
      .then(
        (d) => {
          opened = d
          if (cancelled) void d.destroy()
          else setDoc(d)
        },
        (err: unknown) => {
          if (!cancelled) setError(err instanceof Error && err.name === 'PasswordException' ? 'PDF 设置了打开密码，无法显示' : errorMessage(err))
        }
      )
    return () => {
      cancelled = true
      if (opened) void opened.destroy()
    }
  }, [documentId])
  return { doc, error }
}

/** Renders `page` of `doc` into the canvas; `scale` 1 = 100% (CSS pixels), sharp on high-DPI screens. */
export function usePdfPage(doc: PDFDocumentProxy | null, page: number, scale: number, canvas: RefObject<HTMLCanvasElement | null>) {
  const [rendering, setRendering] = useState(false)
  const [renderedPage, setRenderedPage] = useState<number | null>(null)
  const [size, setSize] = useState<{ width: number; height: number } | null>(null)
  useEffect(() => {
    if (!doc || !canvas.current) return
    let cancelled = false
    let task: { cancel(): void; promise: Promise<void> } | null = null
    setRendering(true)
    void doc.getPage(page).then((p) => {
      if (cancelled || !canvas.current) return
      const viewport = p.getViewport({ scale })
      const ratio = window.devicePixelRatio || 1
      const c = canvas.current
      c.width = Math.floor(viewport.width * ratio)
      c.height = Math.floor(viewport.height * ratio)
      c.style.width = `${Math.floor(viewport.width)}px`
      c.style.height = `${Math.floor(viewport.height)}px`
      setSize({ width: viewport.width, height: viewport.height })
      task = p.render({ canvas: c, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined })
      task.promise.then(
        () => {
          if (cancelled) return
          setRendering(false)
          setRenderedPage(page)
        },
        () => !cancelled && setRendering(false)
      )
    })
    return () => {
      cancelled = true
      task?.cancel()
    }
  }, [doc, page, scale, canvas])
  return { rendering, renderedPage, size }
}

/** The scale at which page 1 fills `width` CSS pixels. */
export async function fitWidthScale(doc: PDFDocumentProxy, width: number): Promise<number> {
  const p = await doc.getPage(1)
  const vp = p.getViewport({ scale: 1 })
  return Math.max(0.25, Math.min(4, (width - 24) / vp.width))
}
