/**
 * Building blocks shared by the four builders: runs and paragraphs in the GB/T 9704 styles, page-number footers,
 * and the FigureBook that puts every verifiable figure inside a bookmark (tables: tables.ts). All measures come
 * from style.ts.
 */
import {
  AlignmentType,
  Bookmark,
  Document,
  DocumentGridType,
  Footer,
  ImageRun,
  LineRuleType,
  PageNumber,
  PageOrientation,
  Paragraph,
  TextRun
} from 'docx'
import type { FileChild, ParagraphChild } from 'docx'
import { createHash } from 'node:crypto'
import type { Figure, FigureMap } from './figures'
import type { FontChain } from './style'
import { NO_GRID_STYLE } from './stylesPatch'
import { GRID, PAGE_NUMBER_DASH, PAGE_TWIPS, PARAGRAPH, SIZE, TEXT, chineseNumber, NUMBER_TEXT } from './style'

export interface TextStyle {
  readonly font: FontChain
  readonly size: number
}

export function fontAttrs(font: FontChain): { ascii: string; hAnsi: string; eastAsia: string; cs: string } {
  return { ascii: font.name, hAnsi: font.name, eastAsia: font.name, cs: font.name }
}

/**
 * A number ("1,076.40", "9.68%") among Chinese text: LibreOffice breaks lines after its "," or "." with the
 * Chinese line breaker ("1," / "076.40"); marked as English text it is broken by the Latin rules, which never
 * split a number. Word and WPS do not split numbers either way.
 */
const NUMBER_LANGUAGE = { value: 'en-US', eastAsia: 'en-US' } as const

export function run(text: string, style: TextStyle, opts: { bold?: boolean } = {}): TextRun {
  return new TextRun({
    text,
    font: fontAttrs(style.font),
    size: style.size * 2,
    bold: opts.bold ? true : undefined,
    ...(NUMBER_TEXT.test(text) ? { language: NUMBER_LANGUAGE } : {})
  })
}

const EXACT_LINE = { line: PARAGRAPH.lineTwips, lineRule: LineRuleType.EXACT }

export function title(text: string): Paragraph {
  return new Paragraph({
    style: NO_GRID_STYLE,
    alignment: AlignmentType.CENTER,
    spacing: { line: Math.round(PARAGRAPH.lineTwips * 1.2), lineRule: LineRuleType.EXACT, after: PARAGRAPH.lineTwips },
    children: [run(text, TEXT.title)]
  })
}

export function subtitle(text: string): Paragraph {
  return new Paragraph({ style: NO_GRID_STYLE, alignment: AlignmentType.CENTER, spacing: EXACT_LINE, children: [run(text, TEXT.subtitle)] })
}

/** 一、… in 黑体. `n` is 1-based. */
export function heading1(n: number, text: string): Paragraph {
  return new Paragraph({
    keepNext: true,
    spacing: EXACT_LINE,
    indent: { firstLine: PARAGRAPH.firstLineIndentTwips },
    children: [run(`${chineseNumber(n)}、${text}`, TEXT.heading1)]
  })
}

/** （一）… in 楷体. */
export function heading2(n: number, text: string): Paragraph {
  return new Paragraph({
    keepNext: true,
    spacing: EXACT_LINE,
    indent: { firstLine: PARAGRAPH.firstLineIndentTwips },
    children: [run(`（${chineseNumber(n)}）${text}`, TEXT.heading2)]
  })
}

/** A body paragraph (仿宋, first line indented two characters). Strings become runs in the body style. */
export function body(
  children: Inline[],
  opts: { indent?: boolean; align?: 'left' | 'right' | 'center'; auto?: boolean; keepNext?: boolean; rightIndent?: boolean } = {}
): Paragraph {
  // rightIndent: two characters from the right margin (GB/T 9704 7.3.5: 署名 and 成文日期 右空二字).
  const indent = opts.rightIndent
    ? { right: PARAGRAPH.firstLineIndentTwips }
    : opts.indent === false
      ? undefined
      : { firstLine: PARAGRAPH.firstLineIndentTwips }
  return new Paragraph({
    keepNext: opts.keepNext,
    keepLines: opts.keepNext || undefined,
    alignment: opts.align === 'right' ? AlignmentType.RIGHT : opts.align === 'center' ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    // A line holding an image (a signature) grows with it; other lines sit exactly on the grid.
    spacing: opts.auto ? { line: 240, lineRule: LineRuleType.AUTO } : EXACT_LINE,
    indent,
    children: children.map((c, i) => {
      if (typeof c !== 'string') return toChild(c)
      const before = children[i - 1]
      const joined = before instanceof FigureRun && /\d$/.test(before.text) && UNIT_AFTER_NUMBER.test(c) ? WORD_JOINER + c.replace(/^ /, '\u00a0') : c
      return run(joined, TEXT.body)
    })
  })
}

export function emptyLine(keepNext = false): Paragraph {
  return new Paragraph({ spacing: EXACT_LINE, keepNext: keepNext || undefined, children: [] })
}

// ---------------------------------------------------------------------------------------------------------
// Figures: every verifiable value sits inside a hidden bookmark (_PD…), so the verifier can find it again.
// ---------------------------------------------------------------------------------------------------------

export interface ImageFigure {
  key: string
  what: string
  /** SHA-256 of the image bytes, lower-case hex. */
  value: string
  anchor: string
  /** For a chart's PNG: the renderer that drew it (chartImage.ts), absent in documents written before renderer 2. */
  renderer?: string
}

/**
 * A figure's run inside its bookmark. A plain object: raw tables (rawTable.ts) write it directly, and it becomes
 * a docx Bookmark only where docx writes it (body paragraphs, docx tables): 2,000-line tables make no docx
 * objects for their figures.
 */
export class FigureRun {
  constructor(
    readonly name: string,
    readonly text: string,
    readonly style: TextStyle,
    readonly bold: boolean,
    /** The bookmark id used when written raw (unique in the document, far above docx's own counter). */
    readonly rawId: number
  ) {}

  toBookmark(): Bookmark {
    return new Bookmark({ id: this.name, children: [run(this.text, this.style, { bold: this.bold })] })
  }
}

/** U+2060 WORD JOINER: invisible, forbids a line break on either side (docxRead drops it when reading). */
export const WORD_JOINER = '\u2060'

/** A unit right after a number (万元, 分, 元, %) is kept on the number's line (a word joiner between them). */
const UNIT_AFTER_NUMBER = /^[\s\u00a0]*(万元|元|分|%)/

/** What a paragraph or cell may hold: text (in the surrounding style), a figure, or any docx run. */
export type Inline = string | FigureRun | ParagraphChild

export function toChild(c: FigureRun | ParagraphChild): ParagraphChild {
  return c instanceof FigureRun ? c.toBookmark() : c
}

export class FigureBook {
  private n = 0
  private readonly anchors = new Map<string, string[]>()
  readonly images: ImageFigure[] = []

  constructor(readonly figures: FigureMap) {}

  has(key: string): boolean {
    return this.figures.has(key)
  }

  value(key: string): string {
    const f = this.figures.get(key)
    if (!f) throw new Error(`文档数字未定义：${key}`)
    return f.value
  }

  /** The figure's text inside a bookmark, in `style`. */
  run(key: string, style: TextStyle, opts: { bold?: boolean } = {}): FigureRun {
    const text = this.value(key)
    const n = ++this.n
    const name = `_PD${n}`
    const list = this.anchors.get(key)
    if (list) list.push(name)
    else this.anchors.set(key, [name])
    return new FigureRun(name, text, style, opts.bold === true, 1_000_000_000 + n)
  }

  /** An image whose SHA-256 is recorded (a signature image must not be swapped). */
  image(key: string, what: string, data: Uint8Array, widthMm: number, heightMm: number): ImageRun {
    const anchor = `_PDIMG${this.images.length + 1}`
    this.images.push({ key, what, value: createHash('sha256').update(data).digest('hex'), anchor })
    return new ImageRun({
      type: 'png',
      data,
      transformation: { width: mmToPx(widthMm), height: mmToPx(heightMm) },
      altText: { name: anchor, description: what, title: what }
    })
  }

  /**
   * An SVG image with its PNG fallback (the score chart), both hashes recorded: the drawing's blip is the PNG
   * (anchor `_PDIMGn`), its SVG extension the SVG (anchor `_PDIMGn#svg`), so swapping either is detected.
   */
  svgImage(key: string, what: string, svg: Uint8Array, png: Uint8Array, widthMm: number, heightMm: number, pngRenderer?: number): ImageRun {
    const anchor = `_PDIMG${this.images.length + 1}`
    const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
    // Renderer 1 is not named, so a document regenerated for verification with it is the document as it was.
    const renderer = pngRenderer !== undefined && pngRenderer !== 1 ? { renderer: String(pngRenderer) } : {}
    this.images.push({ key: `${key}.png`, what: `${what}（PNG 备用图）`, value: sha(png), anchor, ...renderer })
    this.images.push({ key: `${key}.svg`, what, value: sha(svg), anchor: `${anchor}#svg` })
    return new ImageRun({
      type: 'svg',
      data: svg,
      fallback: { type: 'png', data: png },
      transformation: { width: mmToPx(widthMm), height: mmToPx(heightMm) },
      altText: { name: anchor, description: what, title: what }
    })
  }

  /**
   * The figures that were shown, with their anchors, as a function for packDocx, which calls it only when the
   * build report asks for them (verification): an export needs no list of a 概算审核对比表's 26,000 figures. Every
   * figure of the map must have been shown at least once; that is checked here, at once.
   */
  shownLater(): () => (Figure & { anchors: string[] })[] {
    // Every anchored key is a key of the map (run() looks it up), so equal sizes mean every figure was shown.
    if (this.anchors.size !== this.figures.size) this.shown()
    return () => this.shown()
  }

  /** The figures that were shown, with their anchors (each figure of the map must be shown at least once). */
  shown(): (Figure & { anchors: string[] })[] {
    const out: (Figure & { anchors: string[] })[] = []
    for (const f of this.figures.values()) {
      const anchors = this.anchors.get(f.key)
      if (!anchors) throw new Error(`文档未显示数字：${f.key}（${f.what}）`)
      out.push({ ...f, anchors })
    }
    return out
  }
}

export function mmToPx(mm: number): number {
  return Math.round((mm / 25.4) * 96)
}


// ---------------------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------------------

function pageNumberParagraph(side: 'outer-right' | 'outer-left'): Paragraph {
  const style = TEXT.pageNumber
  return new Paragraph({
    style: NO_GRID_STYLE,
    alignment: side === 'outer-right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
    indent: side === 'outer-right' ? { right: PARAGRAPH.pageNumberIndentTwips } : { left: PARAGRAPH.pageNumberIndentTwips },
    children: [
      new TextRun({
        children: [`${PAGE_NUMBER_DASH} `, PageNumber.CURRENT, ` ${PAGE_NUMBER_DASH}`],
        font: fontAttrs(style.font),
        size: style.size * 2
      })
    ]
  })
}

/** An A4 document with the GB/T 9704 page, grid, default fonts and "— 1 —" page numbers (odd right, even left). */
export function makeDocument(meta: { title: string; subject: string; landscape?: boolean }, children: FileChild[]): Document {
  // Landscape (a wide table) turns the page: the long edge is the width, the margins turn with it.
  const land = meta.landscape === true
  const page = land
    ? { width: PAGE_TWIPS.height, height: PAGE_TWIPS.width, top: PAGE_TWIPS.left, bottom: PAGE_TWIPS.right, left: PAGE_TWIPS.top, right: PAGE_TWIPS.bottom }
    : { width: PAGE_TWIPS.width, height: PAGE_TWIPS.height, top: PAGE_TWIPS.top, bottom: PAGE_TWIPS.bottom, left: PAGE_TWIPS.left, right: PAGE_TWIPS.right }
  return new Document({
    creator: 'PanelDesk 评审台',
    title: meta.title,
    subject: meta.subject,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            font: fontAttrs(TEXT.body.font),
            size: SIZE.san * 2,
            characterSpacing: GRID.charSpacing,
            language: { value: 'zh-CN', eastAsia: 'zh-CN' }
          },
          paragraph: { spacing: { line: PARAGRAPH.lineTwips, lineRule: LineRuleType.EXACT } }
        }
      }
    },
    sections: [
      {
        properties: {
          page: {
            size: land
              ? { width: page.height, height: page.width, orientation: PageOrientation.LANDSCAPE }
              : { width: page.width, height: page.height },
            margin: {
              top: page.top,
              bottom: page.bottom,
              left: page.left,
              right: page.right,
              header: PAGE_TWIPS.header,
              footer: PAGE_TWIPS.footer
            }
          },
          grid: { type: DocumentGridType.LINES, linePitch: GRID.linePitch }
        },
        footers: {
          default: new Footer({ children: [pageNumberParagraph('outer-right')] }),
          even: new Footer({ children: [pageNumberParagraph('outer-left')] })
        },
        children
      }
    ]
  })
}

/** Numbered items "1．…" whose texts are the figures `${prefix}.1` … `${prefix}.${count}`; `empty` when there are none. */
export function numberedFigures(book: FigureBook, prefix: string, count: number, empty = '无。'): Paragraph[] {
  if (count === 0) return [body([empty])]
  return Array.from({ length: count }, (_, i) => body([`${i + 1}．`, book.run(`${prefix}.${i + 1}`, TEXT.body)]))
}
