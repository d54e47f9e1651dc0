/**
 * A PDF made by LibreOffice (what most proposal PDFs are: embedded CJK font subsets, one text run per line), for
 * the import bench. pdf.js spends more per page on these than on the bench's own minimal PDFs, so the import target
 * is measured on one. Generated once with `soffice --headless` and cached in bench/.cache (not committed); null
 * when LibreOffice is not installed.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { DOCUMENT_LINES } from './packageData'

const CACHE = path.join(import.meta.dirname, '.cache')

const TEXT = DOCUMENT_LINES

function html(pages: number): string {
  const body: string[] = []
  for (let p = 0; p < pages; p++) {
    body.push(`<h2${p > 0 ? ' style="page-break-before: always"' : ''}>第${p + 1}页</h2>`)
    for (let l = 0; l < 14; l++) body.push(`<p>第${p + 1}页 ${TEXT[(p + l) % TEXT.length]}</p>`)
  }
  return `<html><head><meta charset="utf-8"><title>可研暨初设方案</title></head><body>\n${body.join('\n')}\n</body></html>`
}

/** A `pages`-page PDF converted by LibreOffice from Chinese text (cached), or null without `soffice`. */
export function libreOfficePdf(pages: number): Uint8Array | null {
  const pdf = path.join(CACHE, `libreoffice-${pages}.pdf`)
  if (!fs.existsSync(pdf)) {
    fs.mkdirSync(CACHE, { recursive: true })
    const source = path.join(CACHE, `libreoffice-${pages}.html`)
    fs.writeFileSync(source, html(pages))
    try {
      execFileSync('soffice', ['--headless', '--infilter=HTML (StarWriter)', '--convert-to', 'pdf:writer_pdf_Export', '--outdir', CACHE, source], {
        stdio: 'ignore',
        timeout: 300_000
      })
    } catch {
      return null
    } finally {
      fs.rmSync(source, { force: true })
    }
    if (!fs.existsSync(pdf)) return null
  }
  return new Uint8Array(fs.readFileSync(pdf))
}
