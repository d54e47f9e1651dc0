/**
 * Reads what a .docx shows: the text of each paragraph of word/document.xml, the text inside each bookmark,
 * and the image bytes behind each named drawing. Tolerant of how Word and WPS re-write the XML (split runs,
 * rsid attributes, proofing marks, tracked insertions).
 */
import { strFromU8 } from 'fflate'
import { PackageError } from '../packages/errors'
import { VERIFY_DOCX_LIMITS } from '../packages/limits'
import { unzipSafely } from '../packages/zip'
import { attributes, unescapeXml } from './xml'

export interface DocxView {
  files: Record<string, Uint8Array>
  documentXml: string
  /** Paragraph texts in document order (table cells included), tabs as \t and breaks as \n. */
  paragraphs: string[]
  /** Bookmark name → the text inside it. */
  bookmarks: Map<string, string>
  /** Drawing name (wp:docPr/@name) → the bytes of its picture, or null when the picture cannot be found. */
  drawings: Map<string, Uint8Array | null>
}

/** The parts of a .docx, read within VERIFY_DOCX_LIMITS (a zip bomb is refused with the limit it broke). */
export function unzipDocx(bytes: Uint8Array): Record<string, Uint8Array> {
  try {
    return Object.fromEntries(unzipSafely(bytes, 'Word 文档', VERIFY_DOCX_LIMITS))
  } catch (cause) {
    if (cause instanceof PackageError && (cause.code === 'archive-too-large' || cause.code === 'archive-too-many-entries')) throw new Error(cause.message, { cause })
    throw new Error('文件不是有效的 Word 文档（无法解压）', { cause })
  }
}

const TOKEN =
  /<w:bookmarkStart\b[^>]*>|<w:bookmarkEnd\b[^>]*>|<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\b[^>]*\/>|<w:cr\/>|<\/w:p>|<wp:docPr\b[^>]*>|<a:blip\b[^>]*>|<[A-Za-z0-9]+:svgBlip\b[^>]*>/g

function relationships(files: Record<string, Uint8Array>): Map<string, string> {
  const rels = files['word/_rels/document.xml.rels']
  const out = new Map<string, string>()
  if (!rels) return out
  for (const m of strFromU8(rels).matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attributes(m[0])
    if (a.Id && a.Target) out.set(a.Id, a.Target)
  }
  return out
}

function partPath(target: string): string {
  if (target.startsWith('/')) return target.slice(1)
  const parts = ['word', ...target.split('/')]
  const out: string[] = []
  for (const p of parts) {
    if (p === '..') out.pop()
    else if (p !== '.' && p !== '') out.push(p)
  }
  return out.join('/')
}

/**
 * The text of a w:t as a reader sees it. U+2060 WORD JOINER is invisible: the generator puts it between the
 * characters of numbers (and between a number and its unit) so that no renderer breaks "1,076.40 万元" across
 * lines; it is not part of any figure.
 */
function visibleText(escaped: string): string {
  const s = unescapeXml(escaped)
  return s.includes('\u2060') ? s.replace(/\u2060/g, '') : s
}

/** Only the paragraph texts (what the body text digest is made of), without bookmarks or drawings: faster. */
export function readParagraphs(documentXml: string): string[] {
  const paragraphs: string[] = []
  let para = ''
  for (const m of documentXml.matchAll(TEXT_TOKEN)) {
    if (m[1] !== undefined) para += visibleText(m[1])
    else if (m[0] === '<w:tab/>') para += '\t'
    else if (m[0] === '</w:p>') {
      paragraphs.push(para)
      para = ''
    } else para += '\n'
  }
  return paragraphs
}

const TEXT_TOKEN = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\b[^>]*\/>|<w:cr\/>|<\/w:p>/g

export function readDocxView(bytesOrFiles: Uint8Array | Record<string, Uint8Array>): DocxView {
  const files = bytesOrFiles instanceof Uint8Array ? unzipDocx(bytesOrFiles) : bytesOrFiles
  const doc = files['word/document.xml']
  if (!doc) throw new Error('Word 文档缺少正文部件 word/document.xml')
  const documentXml = strFromU8(doc)
  const rels = relationships(files)
  const paragraphs: string[] = []
  const bookmarks = new Map<string, string>()
  const open = new Map<string, string>() // bookmark id → name
  const drawings = new Map<string, Uint8Array | null>()
  let pendingDrawing: string | null = null
  let svgOf: string | null = null
  let para = ''
  const append = (s: string): void => {
    para += s
    for (const name of open.values()) bookmarks.set(name, (bookmarks.get(name) ?? '') + s)
  }
  for (const m of documentXml.matchAll(TOKEN)) {
    const tok = m[0]
    if (m[1] !== undefined) append(visibleText(m[1]))
    else if (tok.startsWith('<w:bookmarkStart')) {
      const a = attributes(tok)
      if (a.id !== undefined && a.name !== undefined) {
        open.set(a.id, a.name)
        if (!bookmarks.has(a.name)) bookmarks.set(a.name, '')
      }
    } else if (tok.startsWith('<w:bookmarkEnd')) {
      const a = attributes(tok)
      if (a.id !== undefined) open.delete(a.id)
    } else if (tok === '<w:tab/>') append('\t')
    else if (tok.startsWith('<w:br') || tok === '<w:cr/>') append('\n')
    else if (tok === '</w:p>') {
      paragraphs.push(para)
      para = ''
      for (const name of open.values()) bookmarks.set(name, (bookmarks.get(name) ?? '') + '\n')
    } else if (tok.startsWith('<wp:docPr')) {
      pendingDrawing = attributes(tok).name ?? null
      if (pendingDrawing !== null) drawings.set(pendingDrawing, null)
    } else if (tok.startsWith('<a:blip') && pendingDrawing !== null) {
      const rid = attributes(tok).embed
      const target = rid ? rels.get(rid) : undefined
      drawings.set(pendingDrawing, target ? (files[partPath(target)] ?? null) : null)
      svgOf = pendingDrawing
      pendingDrawing = null
    } else if (tok.includes(':svgBlip') && svgOf !== null) {
      // The SVG of a picture whose blip above is its PNG fallback (Word 2016+): recorded as `<name>#svg`.
      const rid = attributes(tok).embed
      const target = rid ? rels.get(rid) : undefined
      drawings.set(`${svgOf}#svg`, target ? (files[partPath(target)] ?? null) : null)
      svgOf = null
    }
  }
  return { files, documentXml, paragraphs, bookmarks, drawings }
}

/** The document's visible body text, normalised for the 正文 digest: paragraphs joined by \n, whitespace runs collapsed. */
export function bodyText(view: Pick<DocxView, 'paragraphs'>): string {
  return view.paragraphs.map((p) => p.replace(/\s+/g, ' ').trim()).join('\n')
}
