/**
 * The workbook-level parts of an .xlsx (SpreadsheetML, ECMA-376 part 1 §18) that `xlsx.ts` needs: the sheet list
 * (workbook.xml and its relationships), the shared strings, which cell styles are dates, and the 1904 date system.
 * Read with a small scanner over the XML text instead of a DOM or SAX library: a 50,000-line budget has ~400,000
 * cells and ExcelJS spent most of the import there (docs/package-format.md, "Speed"). Every loop here walks a
 * part that the bounded zip reader (`zip.ts`, OFFICE_FILE_LIMITS) has already capped in size.
 */

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function codePoint(n: number, entity: string): string {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : entity
}

/** Character data of an element with the five XML entities and character references decoded (CDATA kept as is). */
export function xmlText(raw: string): string {
  let out = ''
  let from = 0
  for (let cdata = raw.indexOf('<![CDATA[', from); cdata >= 0; cdata = raw.indexOf('<![CDATA[', from)) {
    const end = raw.indexOf(']]>', cdata)
    if (end < 0) throw new Error('unclosed CDATA')
    out += xmlEntities(raw.slice(from, cdata)) + raw.slice(cdata + 9, end)
    from = end + 3
  }
  return out + xmlEntities(raw.slice(from))
}

function xmlEntities(raw: string): string {
  if (!raw.includes('&')) return raw
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (entity, name: string) => {
    if (name.startsWith('#x')) return codePoint(parseInt(name.slice(2), 16), entity)
    if (name.startsWith('#')) return codePoint(parseInt(name.slice(1), 10), entity)
    return ENTITIES[name] ?? entity
  })
}

/** The attributes of a start tag's inside (`r="A1" s="3"`), names as written (with their prefix). */
export function xmlAttributes(inside: string): Map<string, string> {
  const out = new Map<string, string>()
  // The look-behind starts a name only where a name can start, so a long run of name characters is walked once.
  const re = /(?<![\w:.-])([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g
  for (let m = re.exec(inside); m; m = re.exec(inside)) out.set(m[1] ?? '', xmlText(m[2] ?? m[3] ?? ''))
  return out
}

/** Where a start tag that begins at `at` ends (the index of its `>`), skipping quoted attribute values; -1 if never. */
function tagEnd(xml: string, at: number, to: number): number {
  for (let i = at; i < to; i++) {
    const ch = xml.charCodeAt(i)
    if (ch === 62) return i // >
    if (ch === 34 || ch === 39) {
      const close = xml.indexOf(ch === 34 ? '"' : "'", i + 1)
      if (close < 0 || close >= to) return -1
      i = close
    }
  }
  return -1
}

export interface XmlElement {
  /** The start tag's attribute text. */
  attrs: string
  /** The content's range in the scanned text (empty for `<name/>`). */
  start: number
  end: number
  /** The whole element's range, tags included. */
  outerStart: number
  outerEnd: number
}

/**
 * Every element `<name …>…</name>` or `<name …/>` in xml[from, to), in order, not nested in itself. One pass with
 * indexOf, so its time is linear in the text even when the text is crafted; an element that is never closed is
 * an error (the part is not well-formed).
 */
export function* xmlElements(xml: string, name: string, from = 0, to = xml.length): Generator<XmlElement> {
  const found: XmlElement[] = []
  forEachElement(xml, name, from, to, (e) => found.push(e))
  yield* found
}

/**
 * The first element `<name …>` in xml[from, to), or null. Every search runs on that range only (a slice, which V8
 * makes without copying), so looking for a child that is not there never walks the rest of the file.
 */
export function nextElement(xml: string, name: string, from: number, to: number): XmlElement | null {
  const hay = from === 0 && to === xml.length ? xml : xml.slice(from, to)
  const open = `<${name}`
  for (let at = hay.indexOf(open); at >= 0; at = hay.indexOf(open, at + open.length)) {
    const next = hay.charCodeAt(at + open.length)
    // The name must end here: `<c ` or `<c>` or `<c/>`, not `<cols>`.
    if (next !== 32 && next !== 62 && next !== 47 && next !== 9 && next !== 10 && next !== 13) continue
    const gt = tagEnd(hay, at + open.length, hay.length)
    if (gt < 0) throw new Error(`unterminated <${name}>`)
    if (hay.charCodeAt(gt - 1) === 47) {
      return { attrs: hay.slice(at + open.length, gt - 1), start: from + gt + 1, end: from + gt + 1, outerStart: from + at, outerEnd: from + gt + 1 }
    }
    const close = `</${name}>`
    const end = hay.indexOf(close, gt + 1)
    if (end < 0) throw new Error(`unclosed <${name}>`)
    return { attrs: hay.slice(at + open.length, gt), start: from + gt + 1, end: from + end, outerStart: from + at, outerEnd: from + end + close.length }
  }
  return null
}

/** `xmlElements` as a callback (no generator in the hot path: a worksheet has one `<c>` per cell). */
export function forEachElement(xml: string, name: string, from: number, to: number, visit: (e: XmlElement) => void): void {
  for (let e = nextElement(xml, name, from, to); e; e = nextElement(xml, name, e.outerEnd, to)) visit(e)
}

/** The inside of an element as text (not decoded). */
export function inner(xml: string, e: XmlElement): string {
  return xml.slice(e.start, e.end)
}

/** The text of a string item (`<si>` or `<is>`): its `<t>` runs, without phonetic guides (`<rPh>`). */
export function stringItemText(item: string): string {
  let text = ''
  if (!item.includes('<rPh')) {
    for (const t of xmlElements(item, 't')) text += xmlText(inner(item, t))
    return text
  }
  let from = 0
  for (const ph of xmlElements(item, 'rPh')) {
    text += stringItemText(item.slice(from, ph.outerStart))
    from = ph.outerEnd
  }
  return text + stringItemText(item.slice(from))
}

export function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return []
  const out: string[] = []
  for (const si of xmlElements(xml, 'si')) out.push(stringItemText(inner(xml, si)))
  return out
}

/** Built-in number formats that show a date or time (ECMA-376 §18.8.30, with the East Asian 27–36 and 50–58). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58])

/** A format code shows a date when it has date or time letters outside quotes and brackets (as ExcelJS judges). */
export function isDateFormatCode(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''))
}

/** For each cell style index (`s="…"`), whether its number format is a date. */
export function dateStyles(xml: string | undefined): boolean[] {
  if (!xml) return []
  const custom = new Map<number, string>()
  for (const f of xmlElements(xml, 'numFmt')) {
    const a = xmlAttributes(f.attrs)
    custom.set(Number(a.get('numFmtId')), a.get('formatCode') ?? '')
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? ''
  const out: boolean[] = []
  for (const xf of xmlElements(cellXfs, 'xf')) {
    const id = Number(xmlAttributes(xf.attrs).get('numFmtId') ?? 0)
    const code = custom.get(id)
    out.push(code !== undefined ? isDateFormatCode(code) : BUILT_IN_DATE_FORMATS.has(id))
  }
  return out
}

export interface WorkbookSheetRef {
  name: string
  /** The worksheet part's path in the zip ("xl/worksheets/sheet1.xml"). */
  part: string
  /** state="hidden" or "veryHidden" on the workbook's <sheet>. */
  hidden: boolean
}

/** Resolves a relationship target of xl/workbook.xml to a part path. */
function resolveTarget(target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/')
  const out: string[] = []
  for (const p of parts) {
    if (p === '..') out.pop()
    else if (p !== '.' && p !== '') out.push(p)
  }
  return out.join('/')
}

/** The worksheets in workbook order (chart sheets and dialog sheets left out), and the workbook's date system. */
export function workbookSheets(workbookXml: string, relsXml: string | undefined): { sheets: WorkbookSheetRef[]; date1904: boolean } {
  const targets = new Map<string, string>()
  for (const rel of xmlElements(relsXml ?? '', 'Relationship')) {
    const a = xmlAttributes(rel.attrs)
    if ((a.get('Type') ?? '').endsWith('/worksheet')) targets.set(a.get('Id') ?? '', resolveTarget(a.get('Target') ?? ''))
  }
  const sheets: WorkbookSheetRef[] = []
  for (const sheet of xmlElements(workbookXml, 'sheet')) {
    const a = xmlAttributes(sheet.attrs)
    const id = [...a].find(([k]) => k === 'id' || k.endsWith(':id'))?.[1]
    const part = id === undefined ? undefined : targets.get(id)
    const state = a.get('state')
    if (part) sheets.push({ name: a.get('name') ?? '', part, hidden: state === 'hidden' || state === 'veryHidden' })
  }
  const pr = /<workbookPr\b([^>]*)>/.exec(workbookXml)?.[1]
  const flag = pr ? xmlAttributes(pr).get('date1904') : undefined
  return { sheets, date1904: flag === '1' || flag === 'true' }
}
