/**
 * Lays out a 可研暨初设方案 as pages for the fixture PDF writer: a cover page, then chapters that each start on a
 * new page; paragraphs are indented two characters and wrapped to the page width; a page number at the foot.
 */
import { writePdf } from '../fixtures/pdfWriter'

export type Block =
  /** A paragraph of body text (indented, wrapped). */
  | string
  /** A heading (一、… or （一）…), never the last line of a page. */
  | { h: string }
  /** Lines written as they are (list or table rows), each wrapped with a hanging indent. */
  | { rows: string[] }

export interface Chapter {
  title: string
  blocks: Block[]
}

export interface ProposalDocument {
  title: string
  cover: string[]
  chapters: Chapter[]
}

/** Width of a line in em: CJK and full-width characters 1, ASCII 0.5 (STSong-Light's half-width Latin). */
function width(text: string): number {
  let w = 0
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) < 0x2e80 ? 0.5 : 1
  return w
}

/** The ideographic space (U+3000): paragraph indents in Chinese documents. */
const EM = '\u3000'
const LINE_EM = 38
const LINES_PER_PAGE = 38
const NO_LINE_START = new Set([...'，。、；：？！）》」”’%'])

/** Wraps text to LINE_EM; punctuation never starts a line; continuation lines get `hang`. */
export function wrap(text: string, first: string, hang: string): string[] {
  const out: string[] = []
  let line = first
  for (const ch of text) {
    if (width(line + ch) > LINE_EM && !NO_LINE_START.has(ch) && line.trim() !== '') {
      out.push(line)
      line = hang
    }
    line += ch
  }
  if (line.trim() !== '') out.push(line)
  return out
}

export function layoutPages(doc: ProposalDocument): string[][] {
  const pages: string[][] = []
  const coverPage = ['', '', '', '', '', ...doc.cover.flatMap((l) => (l === '' ? [''] : wrap(l, EM.repeat(4), EM.repeat(4))))]
  pages.push(coverPage)
  for (const chapter of doc.chapters) {
    let page: string[] = [chapter.title, '']
    const flush = () => {
      pages.push(page)
      page = []
    }
    const add = (lines: string[], keepWithNext = 0) => {
      if (page.length + Math.min(lines.length, 2) + keepWithNext > LINES_PER_PAGE) flush()
      for (const l of lines) {
        if (page.length >= LINES_PER_PAGE) flush()
        page.push(l)
      }
    }
    for (const block of chapter.blocks) {
      if (typeof block === 'string') add(wrap(block, EM.repeat(2), ''))
      else if ('h' in block) add([block.h], 2)
      else for (const row of block.rows) add(wrap(row, EM.repeat(2), EM.repeat(4)))
    }
    if (page.length > 0) flush()
  }
  return pages.map((lines, i) => {
    const padded = [...lines]
    while (padded.length < LINES_PER_PAGE + 1) padded.push('')
    padded.push(i === 0 ? '' : `${EM.repeat(17)}— ${i} —`)
    return padded
  })
}

/**
 * The fixture writer gives every CID the default width (1000), so Latin letters and digits, which Adobe-GB1 draws
 * half-width, would be spread out. Adds half widths for them (CIDs 1–95 and 814–939) and rebuilds the
 * cross-reference table for the shifted offsets.
 */
function withHalfWidthLatin(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1')
  const patched = text.replace('/FontDescriptor 5 0 R /DW 1000 >>', '/FontDescriptor 5 0 R /DW 1000 /W [1 95 500 814 939 500] >>')
  if (patched === text) throw new Error('unexpected PDF layout: CID font dictionary not found')
  const body = patched.slice(0, patched.indexOf('xref\n'))
  const offsets: number[] = []
  for (const m of body.matchAll(/(?:^|\n)(\d+) 0 obj\n/g)) offsets[Number(m[1])] = (m.index ?? 0) + (m[0].startsWith('\n') ? 1 : 0)
  let xref = `xref\n0 ${offsets.length}\n0000000000 65535 f \n`
  for (let n = 1; n < offsets.length; n++) xref += `${String(offsets[n] ?? 0).padStart(10, '0')} 00000 n \n`
  const trailer = patched.slice(patched.indexOf('trailer'), patched.indexOf('startxref'))
  return new Uint8Array(Buffer.from(`${body}${xref}${trailer}startxref\n${body.length}\n%%EOF\n`, 'latin1'))
}

export function writeProposalPdf(doc: ProposalDocument): Uint8Array {
  return withHalfWidthLatin(writePdf({ title: doc.title, pages: layoutPages(doc) }))
}
