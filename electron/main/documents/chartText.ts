/**
 * Chart renderer 2 (issue 10, speed): the 评分图's words as outlines made once per process, so a chart is
 * rasterised without building resvg's font database and laying its words out again.
 *
 * resvg turns every <text> into filled outlines (usvg) before it paints; with the system's fonts that is ≈ 90 % of
 * a chart's cost, most of it laying out each text element. Here the texts of many charts are laid out by ONE resvg
 * instance: every distinct text element (without its `transform`, which only places it) becomes a group of an
 * "atlas" SVG, `Resvg.toString()` gives usvg's tree back with the text as paths, and each group's markup is kept
 * per text. A chart is then rasterised with each text replaced by its group (placed by the text's own
 * `transform`) and no fonts loaded.
 *
 * This is not renderer 1's picture to the byte: usvg's writer rounds every coordinate to f32(round(x · 10⁸) / 10⁸),
 * which moves about a quarter of them by one f32 step and cannot be undone (neighbouring values collapse), so a
 * few edge pixels per chart differ by a few levels. Documents therefore record which renderer drew their PNG
 * (chartImage.ts, `renderer` on the image entry) and verification uses the same one. Renderer 2's output depends
 * only on the chart's SVG and this computer's fonts: a text's outlines do not depend on which other texts shared
 * its atlas, so a chart drawn alone (preview, verification) gives the same bytes as in an export batch. A chart
 * with a text whose outlines are not plain paths (definitions, other elements or attributes, nested spans) is
 * drawn the renderer 1 way, with the system's fonts — also a function of the chart alone.
 *
 * Chart renderer 3 uses the same atlas with the font shipped with the app as the only font (chartFont.ts): its texts
 * are remembered apart (`face`), and what it cannot take as outlines is laid out with that font, never the system's.
 */
import type * as ResvgModule from '@resvg/resvg-js'
import type { ResvgRenderOptions } from '@resvg/resvg-js'
import { lazyModule } from '../lazyModule'

/** resvg is loaded with the first chart (lazyModule.ts). */
export const loadResvg = lazyModule<typeof ResvgModule>('@resvg/resvg-js', '图表图片生成')

/** What a known text is drawn as: the usvg markup of its outlines, or null when it is not drawn from outlines. */
const outlines = new Map<string, string | null>()
const OUTLINE_LIMIT = 4096
/** At most this many texts are turned into outlines by one resvg call (bounds the atlas). */
const ATLAS_LIMIT = 2048

const TEXT = /<text\b([^>]*)>([^<]*)<\/text>/g
const TRANSFORM = /\s+transform="([^"]*)"/

interface TextUse {
  key: string
  transform: string | null
}

function textUses(svg: string): TextUse[] {
  const uses: TextUse[] = []
  for (const m of svg.matchAll(TEXT)) {
    const attrs = m[1]!
    const t = TRANSFORM.exec(attrs)
    const key = `<text${t ? attrs.replace(TRANSFORM, '') : attrs}>${m[2]}</text>`
    uses.push({ key, transform: t ? t[1]! : null })
  }
  return uses
}

// --- the atlas -----------------------------------------------------------------------------------------------------

const PATH_ATTRS = new Set(['fill', 'stroke', 'stroke-width', 'stroke-miterlimit', 'stroke-linecap', 'stroke-linejoin', 'paint-order', 'fill-rule', 'd'])

/** One atlas group's inner markup when it is plain paths (groups without attributes, filled/stroked paths), else null. */
function plainGroup(inner: string): string | null {
  const tags = inner.match(/<[^>]*>/g) ?? []
  if (inner.replace(/<[^>]*>/g, '').trim() !== '') return null
  let out = ''
  for (const tag of tags) {
    if (tag === '<g>' || tag === '</g>') {
      out += tag
      continue
    }
    const p = /^<path((?:\s+[a-z-]+="[^"]*")*)\s*\/>$/.exec(tag)
    if (!p) return null
    let path = '<path'
    for (const a of p[1]!.matchAll(/([a-z-]+)="([^"]*)"/g)) {
      if (!PATH_ATTRS.has(a[1]!)) return null
      const value = a[2]!
      if (a[1] === 'd' && /[^MLQCZ0-9.\s-]/.test(value)) return null
      path += ` ${a[1]}="${value}"`
    }
    out += `${path}/>`
  }
  return out
}

/** The inner markup of each `<g id="pdtN">` of usvg's output, by N (bounded: groups nest at most a few deep). */
function atlasGroups(usvg: string): Map<number, string> {
  const found = new Map<number, string>()
  for (const m of usvg.matchAll(/<g id="pdt(\d+)">/g)) {
    const tag = /<(\/?)g\b[^>]*?(\/?)>/g
    tag.lastIndex = m.index + m[0].length
    let depth = 1
    let t: RegExpExecArray | null
    while (depth > 0 && (t = tag.exec(usvg))) if (!t[2]) depth += t[1] ? -1 : 1
    if (depth === 0) found.set(Number(m[1]), usvg.slice(m.index + m[0].length, tag.lastIndex - '</g>'.length))
  }
  return found
}

function remember(key: string, markup: string | null): void {
  if (outlines.size >= OUTLINE_LIMIT) outlines.delete(outlines.keys().next().value as string)
  outlines.set(key, markup)
}

const FONT_LIST = /font-family:([^;"]*)/
/** Each font-family list seen, with the first family installed on this computer moved to its front. */
const installedLists = new Map<string, string>()

/**
 * usvg takes only the FIRST family of a font-family list: when 'Microsoft YaHei' is missing (Linux), every word is
 * set in its default serif face, and only characters that face lacks (Chinese) fall back to a Chinese one — so
 * figures came out in a serif face beside sans-serif Chinese. The family this computer has is found by laying a
 * probe out in each family alone and in one that does not exist: a family whose probe differs is installed.
 */
function installedFirst(keys: string[], options: ResvgRenderOptions): void {
  const lists = [...new Set(keys.map((k) => FONT_LIST.exec(k)?.[1]?.trim() ?? ''))].filter((l) => l !== '' && !installedLists.has(l))
  for (const list of lists.slice(0, 16)) {
    const families = list.split(',').map((f) => f.trim()).filter((f) => f !== '').slice(0, 12)
    const probes = ["'pd-no-such-face'", ...families].map((f, i) => `<g id="pdt${i}"><text style="font-size:12px;font-family:${f};">0.5 Ag</text></g>`)
    let groups: Map<number, string>
    try {
      groups = atlasGroups(new (loadResvg().Resvg)(`<svg width="1" height="1" xmlns="http://www.w3.org/2000/svg">${probes.join('')}</svg>`, options).toString())
    } catch {
      groups = new Map()
    }
    const none = groups.get(0)
    const found = families.findIndex((_, i) => none !== undefined && groups.get(i + 1) !== undefined && groups.get(i + 1) !== none)
    installedLists.set(list, found <= 0 ? list : [families[found], ...families.filter((_, i) => i !== found)].join(', '))
  }
}

/** The list as renderer 2 lays words out with it on this computer (tests). */
export function installedFamilyFirst(list: string, options: ResvgRenderOptions): string {
  installedFirst([`<text style="font-family:${list};">0</text>`], options)
  return installedLists.get(list.trim()) ?? list
}

/** The text as resvg is given it: its font-family list starting with a family this computer has. */
function asLaidOut(key: string): string {
  return key.replace(FONT_LIST, (m, list: string) => `font-family:${installedLists.get(list.trim()) ?? list}`)
}

/**
 * Texts are remembered per face set: '' is the system's fonts (renderer 2, whose lists are reordered to the first
 * installed family); any other name is a fixed font file (renderer 3, chartFont.ts), whose texts already name it.
 */
const known = (face: string, key: string): string => (face === '' ? key : `${face}\u0000${key}`)

/** One atlas of `keys` through one resvg instance; false when resvg refused it (a malformed text). */
function learnAtlas(keys: string[], options: ResvgRenderOptions, face: string): boolean {
  if (face === '') installedFirst(keys, options)
  const atlas =
    '<svg width="1" height="1" viewBox="0 0 1 1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">' +
    keys.map((k, i) => `<g id="pdt${i}">${face === '' ? asLaidOut(k) : k}</g>`).join('') +
    '</svg>'
  let usvg: string
  try {
    usvg = new (loadResvg().Resvg)(atlas, options).toString()
  } catch {
    return false
  }
  // Anything defined for the texts (gradients, clips) is not carried over: such texts keep the system's fonts.
  const plain = /<defs\/>|<defs>\s*<\/defs>/.test(usvg) || !/<defs\b/.test(usvg)
  const groups = atlasGroups(usvg)
  keys.forEach((k, i) => {
    const inner = groups.get(i)
    remember(known(face, k), plain && inner !== undefined ? plainGroup(inner) : null)
  })
  return true
}

/**
 * Lays out the texts of these charts not yet known, all with one resvg instance (one font database). `options`
 * are the rasteriser's (its font settings choose the faces). Never throws: when resvg refuses the atlas, each text
 * is laid out alone, and one it refuses alone is marked unusable (its charts keep the fonts of `options`).
 * `face`: '' for the system's fonts, else the name of the one font file `options` load (see `known`).
 */
export function learnChartTexts(svgs: string[], options: ResvgRenderOptions, face = ''): void {
  const keys = [...new Set(svgs.flatMap((svg) => textUses(svg).map((u) => u.key)))].filter((k) => !outlines.has(known(face, k)))
  for (let start = 0; start < keys.length; start += ATLAS_LIMIT) {
    const batch = keys.slice(start, start + ATLAS_LIMIT)
    if (learnAtlas(batch, options, face)) continue
    for (const k of batch) if (!learnAtlas([k], options, face)) remember(known(face, k), null)
  }
}

/** Style rules that select by class only (ECharts' hover rules): they never reach a text without a class. */
const CLASS_RULES = /\.[\w-]+(?::[\w-]+)?\s*\{[^}]*\}/g

/** Whether a text's outlines in the atlas are what it shows in this chart: nothing around it styles it. */
function textsStandAlone(svg: string): boolean {
  for (const m of svg.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)) {
    if (m[1]!.replace('<![CDATA[', '').replace(']]>', '').replace(CLASS_RULES, '').trim() !== '') return false
  }
  // Groups only clip or place their children; texts carry their own paint and font, and refer to nothing.
  if ([...svg.matchAll(/<g\b([^>]*)>/g)].some((g) => g[1]!.replace(/\s+(clip-path|transform|id)="[^"]*"/g, '').trim() !== '')) return false
  return !textUses(svg).some((u) => /\bclass=|url\(/.test(u.key))
}

/**
 * The chart with every text replaced by its outlines, or null when it must be drawn with the system's fonts: a
 * text is not known yet, or cannot be drawn from outlines (see textsStandAlone and plainGroup). `face` as for
 * learnChartTexts.
 */
export function chartWithOutlines(svg: string, face = ''): string | null {
  const uses = textUses(svg)
  if (uses.some((u) => !outlines.get(known(face, u.key))) || !textsStandAlone(svg)) return null
  let i = 0
  const out = svg.replace(TEXT, () => {
    const u = uses[i++]!
    const paths = outlines.get(known(face, u.key))!
    return u.transform === null ? `<g>${paths}</g>` : `<g transform="${u.transform}">${paths}</g>`
  })
  // Text this module does not read (spans, text paths) keeps the system's fonts.
  return /<text\b/.test(out) ? null : out
}

/** Forgets every text's outlines (tests and benchmarks that want a cold start). */
export function clearChartTexts(): void {
  outlines.clear()
}

/** How many texts are known, and how many of them cannot be reproduced exactly (for tests and the bench). */
export function chartTextStats(): { known: number; unusable: number } {
  return { known: outlines.size, unusable: [...outlines.values()].filter((v) => v === null).length }
}
