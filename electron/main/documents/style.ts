/**
 * Every layout value of the Word documents, in one place (GB/T 9704-2012 党政机关公文格式), and the
 * formatters for the figures they show. Builders never hard-code a size, a font or a margin.
 */

/** Twips (1/20 pt) from millimetres, rounded to the nearest twip (docx's own helper rounds down). */
export function mmToTwip(mm: number): number {
  return Math.round((mm * 1440) / 25.4)
}

/** Half-points (w:sz) from points. */
export function ptToHalfPoints(pt: number): number {
  return Math.round(pt * 2)
}

/** EMU (drawing units) from millimetres. */
export function mmToEmu(mm: number): number {
  return Math.round(mm * 36000)
}

/** Chinese type sizes (字号) in points. */
export const SIZE = {
  er: 22, // 2号
  san: 16, // 3号
  si: 14, // 4号
  xiaosi: 12, // 小4号
  wu: 10.5, // 5号
  xiaowu: 9, // 小5号
  xiaoliu: 6.5 // 小6号: the widest tables only (a 概算审核对比表 of many experts)
} as const

export const PAGE = {
  widthMm: 210,
  heightMm: 297,
  margin: { topMm: 37, bottomMm: 35, leftMm: 28, rightMm: 26 },
  /** Distance of the footer from the bottom edge: the page number sits about 7 mm below the text block. */
  footerMm: 23,
  headerMm: 15,
  linesPerPage: 22,
  charsPerLine: 28
} as const

export const PAGE_TWIPS = {
  width: mmToTwip(PAGE.widthMm),
  height: mmToTwip(PAGE.heightMm),
  top: mmToTwip(PAGE.margin.topMm),
  bottom: mmToTwip(PAGE.margin.bottomMm),
  left: mmToTwip(PAGE.margin.leftMm),
  right: mmToTwip(PAGE.margin.rightMm),
  footer: mmToTwip(PAGE.footerMm),
  header: mmToTwip(PAGE.headerMm)
} as const

/** Width of the text block in twips (156 mm by the standard; 8845 twips with these margins). */
export const TEXT_WIDTH_TWIPS = PAGE_TWIPS.width - PAGE_TWIPS.left - PAGE_TWIPS.right
const TEXT_HEIGHT_TWIPS = PAGE_TWIPS.height - PAGE_TWIPS.top - PAGE_TWIPS.bottom

/**
 * 22 lines × 28 characters. Lines: a document grid whose line pitch is rounded down so that 22 lines fit
 * (579 twips). Characters: 3号 is 16 pt = 320 twips and 28 of them (8960) overflow the 156 mm text block
 * (8845), so body runs are condensed by the character spacing below (−0.25 pt, rounded down so that 28 fit).
 * We deliberately do not use a character grid (w:docGrid linesAndChars with a negative w:charSpace): Word
 * squeezes glyphs into such a grid, but LibreOffice gives any glyph wider than a cell two cells and renders
 * 16 characters a line. Character spacing gives 28 characters in Word, WPS and LibreOffice alike.
 */
export const GRID = {
  linePitch: Math.floor(TEXT_HEIGHT_TWIPS / PAGE.linesPerPage),
  /** w:spacing of runs, in twentieths of a point (twips): the advance of a 3号 character minus this fits 28 a line. */
  charSpacing: Math.floor(TEXT_WIDTH_TWIPS / PAGE.charsPerLine - SIZE.san * 20)
} as const

/** A font with its fallbacks, first choice first (written as w:altName chains in the font table). */
export interface FontChain {
  readonly name: string
  readonly fallbacks: readonly string[]
}

export const FONTS = {
  title: { name: '方正小标宋简体', fallbacks: ['华文中宋', '宋体', 'SimSun'] },
  body: { name: '仿宋_GB2312', fallbacks: ['仿宋', 'FangSong'] },
  heading1: { name: '黑体', fallbacks: ['SimHei'] },
  heading2: { name: '楷体_GB2312', fallbacks: ['楷体', 'KaiTi'] },
  pageNumber: { name: '宋体', fallbacks: ['SimSun'] },
  tableHeader: { name: '黑体', fallbacks: ['SimHei'] },
  table: { name: '仿宋_GB2312', fallbacks: ['仿宋', 'FangSong'] },
  mono: { name: 'Courier New', fallbacks: [] }
} as const satisfies Record<string, FontChain>

/** Font-table entries (name → alternative) for every chain above: 仿宋_GB2312 → 仿宋 → FangSong. */
export function fontAltNames(): Map<string, string | null> {
  const out = new Map<string, string | null>()
  for (const chain of Object.values(FONTS) as FontChain[]) {
    const names = [chain.name, ...chain.fallbacks]
    names.forEach((n, i) => {
      const alt = names[i + 1] ?? null
      if (!out.has(n) || (out.get(n) === null && alt !== null)) out.set(n, alt)
    })
  }
  return out
}

/** Text styles: font, size, and (for body text) exact line spacing on the grid. */
export const TEXT = {
  title: { font: FONTS.title, size: SIZE.er },
  subtitle: { font: FONTS.heading2, size: SIZE.san },
  body: { font: FONTS.body, size: SIZE.san },
  heading1: { font: FONTS.heading1, size: SIZE.san },
  heading2: { font: FONTS.heading2, size: SIZE.san },
  pageNumber: { font: FONTS.pageNumber, size: SIZE.si },
  table: { font: FONTS.table, size: SIZE.xiaosi },
  tableSmall: { font: FONTS.table, size: SIZE.wu },
  tableHeader: { font: FONTS.tableHeader, size: SIZE.xiaosi },
  tableHeaderSmall: { font: FONTS.tableHeader, size: SIZE.wu },
  tableTiny: { font: FONTS.table, size: SIZE.xiaowu },
  tableHeaderTiny: { font: FONTS.tableHeader, size: SIZE.xiaowu },
  tableMini: { font: FONTS.table, size: SIZE.xiaoliu },
  tableHeaderMini: { font: FONTS.tableHeader, size: SIZE.xiaoliu },
  verification: { font: FONTS.table, size: SIZE.xiaowu },
  mono: { font: FONTS.mono, size: 9 }
} as const

export const PARAGRAPH = {
  /** Body and heading lines sit on the grid: exactly one line pitch. */
  lineTwips: GRID.linePitch,
  /** 首行缩进 two characters of 3号. */
  firstLineIndentTwips: 2 * SIZE.san * 20,
  /** The page number is indented one character from the outer edge. */
  pageNumberIndentTwips: SIZE.si * 20,
  /** Table cell lines: a little air around 小4号 text. */
  tableLineTwips: 300,
  smallTableLineTwips: 250,
  tableCellMarginTwips: 80
} as const

export const TABLE = {
  borderSize: 4, // eighths of a point
  headerShading: 'F2F2F2'
} as const

export const SIGNATURE_IMAGE = { widthMm: 30, heightMm: 12 } as const
export const QR_IMAGE = { sizeMm: 22 } as const
/** The score chart in the 评分汇总表: the text block's width (156 mm), in the chart’s 640 × 336 proportions. */
export const CHART_IMAGE = { widthMm: PAGE.widthMm - PAGE.margin.leftMm - PAGE.margin.rightMm, aspect: 336 / 640 } as const

/** The page number, "— 1 —": em dashes with a space on each side. */
export const PAGE_NUMBER_DASH = '—'

// ---------------------------------------------------------------------------------------------------------
// Formatters: every figure a document shows goes through one of these (verification compares their output).
// ---------------------------------------------------------------------------------------------------------

const amountFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true })

/** An amount in 万元: two decimals, thousands separators, "1,234.50". */
export function formatAmount(wan: number): string {
  const r = Math.round(wan * 100) / 100
  const v = Object.is(r, -0) ? 0 : r
  // Intl's formatter costs ≈ 1 µs a call and a 概算审核对比表 prints 26,000 amounts (issue 10, speed): amounts in
  // the range money takes are written by toFixed and grouped here — the same text (style.test.ts); anything else
  // (non-finite, ≥ 10¹⁵) still goes through Intl.
  if (!Number.isFinite(v) || Math.abs(v) >= 1e15) return amountFormat.format(v)
  const fixed = v.toFixed(2)
  const neg = fixed.charCodeAt(0) === 45 // '-'
  const dot = fixed.length - 3
  const start = neg ? 1 : 0
  if (dot - start <= 3) return fixed
  let out = fixed.slice(dot)
  let end = dot
  while (end - start > 3) {
    out = `,${fixed.slice(end - 3, end)}${out}`
    end -= 3
  }
  return `${neg ? '-' : ''}${fixed.slice(start, end)}${out}`
}

/** A ratio as a percentage with two decimals, "12.34%". */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—'
  return `${(Math.round(ratio * 10000) / 100).toFixed(2)}%`
}

/** A score: at most two decimals, no trailing zeros ("8", "7.5", "7.33"). */
export function formatScore(score: number): string {
  const r = Math.round(score * 100) / 100
  return String(Object.is(r, -0) ? 0 : r)
}

/**
 * A date as 2026年11月26日. A plain 'YYYY-MM-DD' is taken as is; a time stamp is shown in China Standard
 * Time (UTC+8), the time zone of the meeting.
 */
export function formatDate(isoDateOrTime: string): string {
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDateOrTime)
  if (plain) return `${plain[1]}年${Number(plain[2])}月${Number(plain[3])}日`
  const t = new Date(isoDateOrTime)
  if (Number.isNaN(t.getTime())) return isoDateOrTime
  const cst = new Date(t.getTime() + 8 * 3600 * 1000)
  return `${cst.getUTCFullYear()}年${cst.getUTCMonth() + 1}月${cst.getUTCDate()}日`
}

/** Date and time in China Standard Time, "2026年11月26日 14:05". */
export function formatDateTime(iso: string): string {
  const t = new Date(iso)
  if (Number.isNaN(t.getTime())) return iso
  const cst = new Date(t.getTime() + 8 * 3600 * 1000)
  const hh = String(cst.getUTCHours()).padStart(2, '0')
  const mm = String(cst.getUTCMinutes()).padStart(2, '0')
  return `${formatDate(iso)} ${hh}:${mm}`
}

const CN_NUMERALS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** 1 → 一, 12 → 十二, 21 → 二十一 (enough for heading numbers). */
export function chineseNumber(n: number): string {
  if (n <= 10) return CN_NUMERALS[n] ?? String(n)
  if (n < 20) return `十${CN_NUMERALS[n - 10] ?? ''}`
  if (n < 100) {
    const tens = Math.floor(n / 10)
    const ones = n % 10
    return `${CN_NUMERALS[tens] ?? ''}十${ones ? (CN_NUMERALS[ones] ?? '') : ''}`
  }
  return String(n)
}

/**
 * A figure that is a number ("1,076.40", "9.68%", "85.5", or a difference "多10,726.20"): written as English text
 * so no line breaks inside it (LibreOffice's Chinese line breaker breaks after a "," or ".").
 */
export const NUMBER_TEXT = /^[多少]?-?\d[\d,.]*%?$/
