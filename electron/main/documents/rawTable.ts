/**
 * Big tables written as WordprocessingML directly, then patched into document.xml after docx's Packer has run.
 * docx builds an object per row, cell, paragraph and run and serialises each through a generic XML tree, which
 * costs ~0.4 ms per budget line; a string builder does the same table ~20× faster. The XML is what docx writes
 * for the same table (fixed layout, header rows repeated, rows never split), except that cell text takes its
 * font, size, alignment and, for a cell that is one number, its language from paragraph styles (PDTbl…,
 * stylesPatch.ts) instead of carrying them on every paragraph and run, and `xml:space="preserve"` is written only
 * where a text has spaces to keep (issue 10, speed: a 2,000-line 概算审核对比表 has 30,000 cells).
 *
 * A table is written raw when its cells hold only text and figure runs (no images, no row spans); otherwise
 * the docx Table is used as before.
 */
import { Paragraph, TextRun } from 'docx'
import { randomUUID } from 'node:crypto'
import { NUMBER_TEXT, PARAGRAPH, TABLE } from './style'
import { escapeXml } from './xml'
import { concatBytes } from '../binary/concat'
import { Utf8Writer } from '../binary/utf8Writer'

/** The paragraph styles of table text, by size and header/body (defined in stylesPatch.ts). */
export const TABLE_STYLES = {
  normal: { body: 'PDTbl', header: 'PDTblH', lineTwips: PARAGRAPH.tableLineTwips },
  small: { body: 'PDTblS', header: 'PDTblHS', lineTwips: PARAGRAPH.smallTableLineTwips },
  tiny: { body: 'PDTblT', header: 'PDTblHT', lineTwips: PARAGRAPH.smallTableLineTwips },
  mini: { body: 'PDTblM', header: 'PDTblHM', lineTwips: PARAGRAPH.smallTableLineTwips }
} as const

export type TableSize = keyof typeof TABLE_STYLES

type Align = 'left' | 'center' | 'right'

const ALIGN_SUFFIX: Record<Align, string> = { left: 'L', center: 'C', right: 'R' }

/**
 * The paragraph style of a cell: the table's body or header style with the cell's alignment, and for a cell that
 * shows one number, its language (English: no renderer breaks a number after its "," or ".").
 */
export function cellStyleId(base: string, align: Align, numeric: boolean): string {
  return `${base}${ALIGN_SUFFIX[align]}${numeric ? 'N' : ''}`
}

/** Every cell style of one base style (stylesPatch.ts defines them). */
export function cellStyleVariants(): { align: Align; numeric: boolean }[] {
  return (['left', 'center', 'right'] as const).flatMap((align) => [false, true].map((numeric) => ({ align, numeric })))
}

/** A run of text, or a figure (text inside a hidden bookmark). */
export type RawRun = { text: string; bold?: boolean; bookmark?: { id: number; name: string } }

export interface RawCell {
  runs: RawRun[]
  align: Align
  span: number
  width: number
  shade: boolean
  /** Keep with the next paragraph: set on every cell of a row, the row stays on the page of the next row. */
  keepNext?: boolean
}

/** Tables written but not yet patched in: their UTF-8 bytes, in pieces. */
const pending = new Map<string, Uint8Array[]>()
const utf8 = new TextEncoder()

let enabled = true

/** Turns raw tables off (the bench measures the same documents packed by docx alone). */
export function setRawTables(on: boolean): void {
  enabled = on
}

export function rawTablesEnabled(): boolean {
  return enabled
}
const MARKER_PREFIX = 'PDRAWTABLE-'

const NUMBER_LANG = '<w:lang w:val="en-US" w:eastAsia="en-US"/>'

/** Spaces a reader would lose without xml:space="preserve" (leading, trailing, repeated, tabs). */
const SPACES_TO_KEEP = /^\s|\s$|\s\s|\t/

function textXml(text: string): string {
  return SPACES_TO_KEEP.test(text) ? `<w:t xml:space="preserve">${escapeXml(text)}</w:t>` : `<w:t>${escapeXml(text)}</w:t>`
}

/** A run; `langInStyle`: the paragraph style already marks the cell's one number as English. */
function runXml(text: string, bold: boolean | undefined, langInStyle: boolean): string {
  // Numbers as English text: no renderer breaks them after their "," or "." (see blocks.ts NUMBER_TEXT).
  const lang = !langInStyle && NUMBER_TEXT.test(text) ? NUMBER_LANG : ''
  const rPr = bold || lang ? `<w:rPr>${bold ? '<w:b/><w:bCs/>' : ''}${lang}</w:rPr>` : ''
  if (!text.includes('\n')) return `<w:r>${rPr}${textXml(text)}</w:r>`
  const parts = text.split('\n')
  let out = ''
  for (let i = 0; i < parts.length; i++) {
    out += `<w:r>${rPr}${i > 0 ? '<w:br/>' : ''}${textXml(parts[i]!)}</w:r>`
  }
  return out
}

/** A cell that shows one number (its paragraph style marks it as English text). */
function numericCell(c: RawCell): boolean {
  return c.runs.length === 1 && NUMBER_TEXT.test(c.runs[0]!.text)
}

const BORDER = `w:val="single" w:color="000000" w:sz="${TABLE.borderSize}"`

/**
 * The opening of a cell up to its first run: the same few combinations of width, span, shading, style and
 * alignment repeat in every row of a big table, so each is written once.
 */
function cellOpener(cache: Map<string, string>, c: RawCell, base: string, numeric: boolean): string {
  const key = `${c.width}|${c.span}|${c.shade ? 1 : 0}|${base}|${c.align}|${numeric ? 1 : 0}|${c.keepNext ? 1 : 0}`
  let x = cache.get(key)
  if (x === undefined) {
    x = `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${c.width}"/>${c.span > 1 ? `<w:gridSpan w:val="${c.span}"/>` : ''}`
    x += `${c.shade ? `<w:shd w:fill="${TABLE.headerShading}" w:color="auto" w:val="clear"/>` : ''}<w:vAlign w:val="center"/></w:tcPr>`
    x += `<w:p><w:pPr><w:pStyle w:val="${cellStyleId(base, c.align, numeric)}"/>${c.keepNext ? '<w:keepNext/>' : ''}</w:pPr>`
    cache.set(key, x)
  }
  return x
}

/**
 * Writes the table and returns the placeholder paragraph that packDocx replaces with it. The XML is written as
 * UTF-8 a small string at a time (Utf8Writer): a 2,000-line table never becomes one string of several megabytes
 * (mostly two-byte: Chinese text) that is joined, copied again into document.xml and then encoded.
 */
export function rawTable(opts: { cols: number[]; full: number; size: TableSize; header: RawCell[][]; rows: RawCell[][] }): Paragraph {
  const st = TABLE_STYLES[opts.size]
  const parts = new Utf8Writer()
  parts.write(
    `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${opts.full}"/>` +
    `<w:tblBorders><w:top ${BORDER}/><w:left ${BORDER}/><w:bottom ${BORDER}/><w:right ${BORDER}/><w:insideH ${BORDER}/><w:insideV ${BORDER}/></w:tblBorders>` +
    `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:type="dxa" w:w="20"/><w:left w:type="dxa" w:w="${PARAGRAPH.tableCellMarginTwips}"/><w:bottom w:type="dxa" w:w="20"/><w:right w:type="dxa" w:w="${PARAGRAPH.tableCellMarginTwips}"/></w:tblCellMar></w:tblPr>` +
    `<w:tblGrid>${opts.cols.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`
  )
  const openers = new Map<string, string>()
  const row = (cells: RawCell[], header: boolean): void => {
    parts.write(header ? '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>' : '<w:tr><w:trPr><w:cantSplit/></w:trPr>')
    const style = header ? st.header : st.body
    for (const c of cells) {
      const numeric = numericCell(c)
      parts.write(cellOpener(openers, c, style, numeric))
      for (const r of c.runs) {
        if (r.bookmark) {
          parts.write(`<w:bookmarkStart w:name="${r.bookmark.name}" w:id="${r.bookmark.id}"/>`)
          parts.write(runXml(r.text, r.bold, numeric))
          parts.write(`<w:bookmarkEnd w:id="${r.bookmark.id}"/>`)
        } else {
          parts.write(runXml(r.text, r.bold, numeric))
        }
      }
      parts.write('</w:p></w:tc>')
    }
    parts.write('</w:tr>')
  }
  for (const r of opts.header) row(r, true)
  for (const r of opts.rows) row(r, false)
  parts.write('</w:tbl>')
  const marker = `${MARKER_PREFIX}${randomUUID()}`
  pending.set(marker, parts.pieces())
  return new Paragraph({ children: [new TextRun(marker)] })
}

/**
 * document.xml as UTF-8 bytes, every placeholder paragraph replaced by its table (which is then forgotten). The
 * bytes around and between the tables are encoded here; the tables' own bytes are copied once, into the result.
 */
export function patchRawTables(documentXml: string): Uint8Array {
  if (!documentXml.includes(MARKER_PREFIX)) return utf8.encode(documentXml)
  const out: Uint8Array[] = []
  let from = 0
  for (;;) {
    const at = documentXml.indexOf(MARKER_PREFIX, from)
    if (at < 0) break
    const marker = documentXml.slice(at, at + MARKER_PREFIX.length + 36)
    const xml = pending.get(marker)
    if (xml === undefined) throw new Error(`内部错误：找不到表格 ${marker}`)
    pending.delete(marker)
    const start = Math.max(documentXml.lastIndexOf('<w:p>', at), documentXml.lastIndexOf('<w:p ', at))
    const endTag = documentXml.indexOf('</w:p>', at)
    if (start < from || endTag < 0) throw new Error('内部错误：表格占位段落不完整')
    out.push(utf8.encode(documentXml.slice(from, start)), ...xml)
    from = endTag + '</w:p>'.length
  }
  out.push(utf8.encode(documentXml.slice(from)))
  return concatBytes(out)
}

/** Tables never packed (a build that failed in between) are dropped after this many are pending. */
export function pendingRawTables(): number {
  return pending.size
}
