import { createRequire } from 'node:module'
import path from 'node:path'
import { PackageError } from './errors'

export interface PdfAssets {
  /** Directory of pdfjs-dist's bcmaps, with a trailing slash. */
  cMapUrl: string
  /** Directory of pdfjs-dist's standard fonts, with a trailing slash. */
  standardFontDataUrl: string
}

/** The CMaps and standard fonts shipped in the pdfjs-dist package. */
export function defaultPdfAssets(): PdfAssets {
  const require = createRequire(import.meta.url)
  const root = path.dirname(require.resolve('pdfjs-dist/package.json'))
  return { cMapUrl: `${path.join(root, 'cmaps')}${path.sep}`, standardFontDataUrl: `${path.join(root, 'standard_fonts')}${path.sep}` }
}

interface TextItemLike {
  str?: string
  hasEOL?: boolean
}

/** Extracts text per page with pdfjs-dist (legacy build, runs in Node). */
export async function extractPdfText(bytes: Uint8Array, filePath: string, assets: PdfAssets = defaultPdfAssets()): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const task = pdfjs.getDocument({
    // pdfjs transfers (detaches) the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    cMapUrl: assets.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: assets.standardFontDataUrl,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0
  })
  let doc: Awaited<typeof task.promise>
  try {
    doc = await task.promise
  } catch (cause) {
    const name = cause instanceof Error ? cause.name : ''
    if (name === 'PasswordException') {
      throw new PackageError('pdf-password', `PDF 文件“${filePath}”设置了打开密码，无法读取。请提供未加密的版本。`, filePath, { cause })
    }
    throw new PackageError('pdf-corrupt', `PDF 文件“${filePath}”已损坏或不是有效的 PDF，无法打开。`, filePath, { cause })
  }
  try {
    const pages: string[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n)
      const content = await page.getTextContent()
      let text = ''
      for (const item of content.items as TextItemLike[]) {
        text += item.str ?? ''
        if (item.hasEOL) text += '\n'
      }
      pages.push(text.trim())
      page.cleanup()
    }
    return pages
  } catch (cause) {
    throw new PackageError('pdf-corrupt', `PDF 文件“${filePath}”内容已损坏，无法提取文字。`, filePath, { cause })
  } finally {
    await doc.destroy()
  }
}
