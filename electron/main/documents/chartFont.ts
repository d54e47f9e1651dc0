/**
 * The font chart renderer 3 draws the 评分图's words with (issue 10: a document must verify on any computer for
 * years): a subset of Noto Sans CJK SC shipped with the app (resources/fonts/chart/, README.md there), never the
 * computer's own fonts. The file is pinned by its SHA-256: a missing or different file would draw other pixels, so it
 * is refused with a Chinese reason instead of silently giving PNGs that no other computer reproduces.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DocumentInputError } from './errors'

export const CHART_FONT = {
  file: 'NotoSansCJKsc-Regular-chart.otf',
  /** The family name inside the file (name ID 1). */
  family: 'Noto Sans CJK SC',
  sha256: '48f8231bc85a1140d22bdf9e629de423c20f819157a98ea0643b0b66355534dc'
} as const

export interface ChartFont {
  path: string
  family: string
  /** Whether the font has a glyph for every character of `text` (BMP only: the file has no others). */
  covers(text: string): boolean
}

/** Where the font may be: the packaged app's resources (electron-builder's extraResources), or above this module. */
function candidates(): string[] {
  const out: string[] = []
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath
  if (resourcesPath) out.push(path.join(resourcesPath, 'fonts', 'chart', CHART_FONT.file))
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    out.push(path.join(dir, 'resources', 'fonts', 'chart', CHART_FONT.file))
    const parent = path.dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return out
}

const be16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!
const be32 = (b: Uint8Array, o: number): number => be16(b, o) * 65536 + be16(b, o + 2)

/**
 * The BMP characters the font maps to a glyph, from its cmap's format 12 subtables (the shipped file has one, see
 * resources/fonts/chart/README.md). Bounded by the table's own counts, every read checked against the file's length;
 * a malformed table covers nothing.
 */
export function cmapCoverage(font: Uint8Array): Uint8Array {
  const covered = new Uint8Array(65536)
  const at = (o: number, n: number): boolean => o >= 0 && o + n <= font.length
  if (!at(0, 12)) return covered
  const tables = Math.min(be16(font, 4), 64)
  let cmap = -1
  for (let i = 0; i < tables; i++) {
    const rec = 12 + i * 16
    if (at(rec, 16) && String.fromCharCode(...font.subarray(rec, rec + 4)) === 'cmap') cmap = be32(font, rec + 8)
  }
  if (cmap < 0 || !at(cmap, 4)) return covered
  const subtables = Math.min(be16(font, cmap + 2), 32)
  for (let i = 0; i < subtables; i++) {
    const rec = cmap + 4 + i * 8
    if (!at(rec, 8)) break
    const sub = cmap + be32(font, rec + 4)
    if (!at(sub, 16) || be16(font, sub) !== 12) continue
    const groups = Math.min(be32(font, sub + 12), 65536)
    for (let g = 0; g < groups && at(sub + 16 + g * 12, 12); g++) {
      const o = sub + 16 + g * 12
      const start = be32(font, o)
      const end = Math.min(be32(font, o + 4), 0xffff)
      const glyph = be32(font, o + 8)
      for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) covered[c] = 1
    }
  }
  return covered
}

/** The font at `file`, checked against its pinned SHA-256 (throws a Chinese DocumentInputError otherwise). */
export function loadChartFont(file: string): ChartFont {
  let bytes: Uint8Array
  try {
    bytes = fs.readFileSync(file)
  } catch {
    throw new DocumentInputError(`找不到评分图字体文件（${CHART_FONT.file}），无法按第 3 版绘图方式生成或核对评分图，请重新安装评审台`)
  }
  const sha = createHash('sha256').update(bytes).digest('hex')
  if (sha !== CHART_FONT.sha256) {
    throw new DocumentInputError(`评分图字体文件（${file}）与本版本不符（SHA-256 ${sha.slice(0, 16)}…，应为 ${CHART_FONT.sha256.slice(0, 16)}…），用它画出的评分图在其他电脑上无法核对，请重新安装评审台`)
  }
  const covered = cmapCoverage(bytes)
  return {
    path: file,
    family: CHART_FONT.family,
    covers: (text) => {
      for (const ch of text) {
        const c = ch.codePointAt(0)!
        if (c > 0xffff || covered[c] !== 1) return false
      }
      return true
    }
  }
}

let loaded: ChartFont | null = null

/** The shipped chart font, found and checked once per process. */
export function chartFont(): ChartFont {
  if (loaded) return loaded
  const file = candidates().find((f) => fs.existsSync(f)) ?? candidates()[0] ?? CHART_FONT.file
  loaded = loadChartFont(file)
  return loaded
}

/** resvg's font settings for drawing with the shipped font alone: no system fonts, every generic family mapped to it. */
export function chartFontOptions(font: ChartFont): { loadSystemFonts: false; fontFiles: string[]; defaultFontFamily: string; serifFamily: string; sansSerifFamily: string; cursiveFamily: string; fantasyFamily: string; monospaceFamily: string } {
  const f = font.family
  return { loadSystemFonts: false, fontFiles: [font.path], defaultFontFamily: f, serifFamily: f, sansSerifFamily: f, cursiveFamily: f, fantasyFamily: f, monospaceFamily: f }
}

/** The SVG with every font-family (style property, CSS rule or attribute) naming the shipped family alone. */
export function onChartFont(svg: string, font: ChartFont): string {
  const family = `'${font.family}'`
  return svg.replace(/font-family:[^;"}]*/g, `font-family:${family}`).replace(/font-family="[^"]*"/g, `font-family="${family}"`)
}
