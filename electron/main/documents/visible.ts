/**
 * What a reader of a .docx sees, as comparable text: every story (body with its tables, text boxes, headers,
 * footers, footnotes, endnotes, comments), tracked insertions and deletions, fields, pictures by content hash,
 * and text that formatting hides or makes unreadable (w:vanish, w:specVanish, w:webHidden, white or
 * near-background colour, tiny size, heavy scaling or condensing), resolved through styles. The verifier
 * compares this view of a document with the view of the document regenerated from its signed data, so any
 * mark the signed data does not produce is a difference, while a re-save that only rewrites the XML is not.
 */
import { createHash } from 'node:crypto'
import { strFromU8 } from 'fflate'
import { attributes, unescapeXml } from './xml'

export interface VisibleStory {
  /** 正文, 文本框, 页眉, 页脚, 脚注, 尾注, 批注. */
  name: string
  paragraphs: string[]
}

export interface VisibleView {
  stories: VisibleStory[]
  /** SHA-256 of each SVG picture (the score chart's SVG beside its PNG), in order; Word and LibreOffice may drop them. */
  svgs: string[]
  /** SHA-256 → bytes of every picture seen (for restoring signature images). */
  pictures: Map<string, Uint8Array>
}

interface RunProps {
  vanish?: boolean
  color?: string
  sz?: number
  w?: number
  spacing?: number
  /** Background behind the run (w:highlight or w:shd fill), six hex digits. */
  bg?: string
}

/** w:highlight's named colours (ST_HighlightColor) as hex. */
const HIGHLIGHT: Record<string, string> = {
  black: '000000', blue: '0000FF', cyan: '00FFFF', green: '00FF00', magenta: 'FF00FF', red: 'FF0000', yellow: 'FFFF00', white: 'FFFFFF',
  darkBlue: '000080', darkCyan: '008080', darkGreen: '008000', darkMagenta: '800080', darkRed: '800000', darkYellow: '808000', darkGray: '808080', lightGray: 'C0C0C0'
}

const HEX6 = /^[0-9a-f]{6}$/i
const luminance = (hex: string): number => {
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}


/** Flags of a run that make its text invisible or unreadable; [] when the text reads normally. */
export function runFlags(p: RunProps): string[] {
  const out: string[] = []
  if (p.vanish) out.push('隐藏文字')
  if (p.color && HEX6.test(p.color) && luminance(p.color) > 0.85) out.push('白色或接近背景色的文字')
  // Black text on a black highlight or shading reads as a bar, not as text (automatic colour is black).
  if (p.bg && HEX6.test(p.bg) && Math.abs(luminance(p.color && HEX6.test(p.color) ? p.color : '000000') - luminance(p.bg)) < 0.25) out.push('与底色相同、无法阅读的文字')
  if (p.sz !== undefined && p.sz < 12) out.push('字号过小的文字')
  if ((p.w !== undefined && p.w < 50) || (p.spacing !== undefined && p.spacing < -40)) out.push('被压缩得无法阅读的文字')
  return out
}

const ON = (a: Record<string, string>): boolean => a.val === undefined || !/^(0|false|off)$/i.test(a.val)

/** Applies one rPr child element to props. */
function applyProp(props: RunProps, name: string, a: Record<string, string>): void {
  if (name === 'w:vanish' || name === 'w:specVanish' || name === 'w:webHidden') props.vanish = ON(a)
  else if (name === 'w:color') props.color = a.val === 'auto' ? undefined : a.val
  else if (name === 'w:sz') props.sz = Number(a.val)
  else if (name === 'w:w') props.w = Number(a.val)
  else if (name === 'w:spacing') props.spacing = Number(a.val)
  else if (name === 'w:highlight') props.bg = a.val === 'none' ? undefined : HIGHLIGHT[a.val ?? '']
  else if (name === 'w:shd') props.bg = a.fill && a.fill !== 'auto' ? a.fill : undefined
}

const TAG = /<(\/?)([A-Za-z][\w.-]*:[\w.-]+|[A-Za-z][\w.-]*)((?:\s[^>]*?)?)(\/?)>|([^<]+)/g

interface StyleDef {
  basedOn?: string
  props: RunProps
}

/** Character and paragraph styles of styles.xml (run properties only) and the document defaults. */
function readStyles(xml: string): { defaults: RunProps; styles: Map<string, StyleDef> } {
  const styles = new Map<string, StyleDef>()
  const defaults: RunProps = {}
  let current: StyleDef | null = null
  let inDefaults = false
  let inRPr = 0
  for (const m of xml.matchAll(TAG)) {
    const [, close, name, rest, self] = m
    if (!name) continue
    const a = close ? {} : attributes(`<x${rest ?? ''}>`)
    if (name === 'w:rPrDefault') inDefaults = !close
    else if (name === 'w:style') {
      if (close) current = null
      else if (!self) {
        current = { props: {} }
        styles.set(a.styleId ?? '', current)
      }
    } else if (name === 'w:basedOn' && current) current.basedOn = a.val
    else if (name === 'w:rPr') inRPr += close ? -1 : self ? 0 : 1
    else if (inRPr > 0 && !close) applyProp(inDefaults ? defaults : (current?.props ?? {}), name, a)
  }
  return { defaults, styles }
}

function resolveStyle(styles: Map<string, StyleDef>, id: string | undefined): RunProps {
  const chain: RunProps[] = []
  let guard = 0
  while (id && guard++ < 20) {
    const s = styles.get(id)
    if (!s) break
    chain.unshift(s.props)
    id = s.basedOn
  }
  return Object.assign({}, ...chain) as RunProps
}

export function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex')
}

interface Segment {
  flags: string
  text: string
}

function render(segs: Segment[]): string {
  const merged: Segment[] = []
  for (const s of segs) {
    const last = merged[merged.length - 1]
    if (last && last.flags === s.flags) last.text += s.text
    else merged.push({ ...s })
  }
  return merged
    .map((s) => {
      const t = s.text.replace(/\s+/g, ' ')
      return s.flags ? (t.trim() ? `〔${s.flags}：${t.trim()}〕` : '') : t
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}

const PAGE_FIELDS = /^(PAGE|NUMPAGES|SECTIONPAGES)$/

/** The visible paragraphs of one part (document.xml, a header, …). Text boxes go to `boxes`. */
function readStory(
  xml: string,
  ctx: { styles: ReturnType<typeof readStyles>; rels: Map<string, string>; files: Record<string, Uint8Array>; base: string },
  view: VisibleView,
  out: string[],
  boxes: string[]
): void {
  // VML fallbacks repeat what the DrawingML choice shows: read the choice only.
  const text = xml.replace(/<mc:Fallback\b[\s\S]*?<\/mc:Fallback>/g, '')
  type Para = { segs: Segment[]; pStyle?: string; markHidden: boolean }
  const stack: { para: Para; target: string[] }[] = []
  let para: Para | null = null
  let target = out
  let runProps: RunProps = {}
  let inRun = false
  let rPrDepth = 0
  let inPPr = false
  let rStyle: string | undefined
  let textKind: 't' | 'del' | 'instr' | null = null
  let revision: string | null = null
  const fields: { instr: string; result: boolean }[] = []
  // Styles resolved once per (paragraph style, character style) pair: a big table repeats a handful of them.
  const styled = new Map<string, RunProps>()
  const flagsNow = (): string => {
    const key = `${para?.pStyle ?? ''}\u0000${rStyle ?? ''}`
    let fromStyles = styled.get(key)
    if (!fromStyles) {
      fromStyles = { ...ctx.styles.defaults, ...resolveStyle(ctx.styles.styles, para?.pStyle), ...resolveStyle(ctx.styles.styles, rStyle) }
      if (styled.size < 1000) styled.set(key, fromStyles)
    }
    const base = { ...fromStyles, ...runProps }
    const f = runFlags(base)
    if (revision) f.unshift(revision)
    return f.join('、')
  }
  const push = (t: string, flags = flagsNow()): void => {
    if (!para) return
    const f = fields[fields.length - 1]
    if (f && !f.result) return
    if (f && PAGE_FIELDS.test(f.instr.split(' ')[0] ?? '')) return
    para.segs.push({ flags, text: t })
  }
  const picture = (rid: string | undefined, svg: boolean, floating: boolean): void => {
    const target2 = rid ? ctx.rels.get(rid) : undefined
    const bytes = target2 ? ctx.files[partPath(ctx.base, target2)] : undefined
    if (svg) {
      if (bytes) view.svgs.push(sha256(bytes))
      return
    }
    const h = bytes ? sha256(bytes) : '缺失'
    if (bytes) view.pictures.set(h, bytes)
    push(`〔${floating ? '浮动' : ''}图片 ${h.slice(0, 16)}〕`, '')
  }
  let floating = false
  let steps = 0
  for (const m of text.matchAll(TAG)) {
    if (++steps > 5_000_000) break
    const [, close, name, rest, self, chars] = m
    if (chars !== undefined) {
      if (textKind === 'instr') {
        const f = fields[fields.length - 1]
        if (f) f.instr += unescapeXml(chars)
      } else if (textKind) push(unescapeXml(chars), textKind === 'del' ? ['修订删除', ...runFlags(runProps)].join('、') : flagsNow())
      continue
    }
    // Attributes are parsed only for the tags that use them (most tags of a big table need none).
    let parsed: Record<string, string> | null = null
    const attrs = (): Record<string, string> => (parsed ??= close || !rest ? {} : attributes(`<x${rest}>`))
    switch (name) {
      case 'w:p':
        if (close) {
          if (para) {
            const line = render(para.segs) + (para.markHidden ? '〔隐藏的段落标记〕' : '')
            if (line) target.push(line)
          }
          para = null
        } else if (!self) para = { segs: [], markHidden: false }
        break
      case 'w:txbxContent':
        if (!close && !self) {
          stack.push({ para: para ?? { segs: [], markHidden: false }, target })
          para = null
          target = boxes
        } else if (close) {
          const s = stack.pop()
          if (s) {
            para = s.para
            target = s.target
          }
        }
        break
      case 'w:pPr':
        inPPr = !close && !self
        break
      case 'w:pStyle':
        if (para) para.pStyle = attrs().val
        break
      case 'w:r':
        inRun = !close && !self
        runProps = {}
        rStyle = undefined
        break
      case 'w:rPr':
        rPrDepth += close ? -1 : self ? 0 : 1
        break
      case 'w:rStyle':
        rStyle = attrs().val
        break
      case 'w:t':
        textKind = !close && !self ? 't' : null
        break
      case 'w:delText':
        textKind = !close && !self ? 'del' : null
        break
      case 'w:instrText':
        textKind = !close && !self ? 'instr' : null
        break
      case 'w:ins':
      case 'w:moveTo':
        revision = !close && !self ? '修订插入' : null
        break
      case 'w:del':
      case 'w:moveFrom':
        revision = !close && !self ? '修订删除' : null
        break
      case 'w:tab':
      case 'w:br':
      case 'w:cr':
        if (inRun) push(' ')
        break
      case 'w:sym':
        push('〔符号〕')
        break
      case 'w:noBreakHyphen':
        push('-')
        break
      case 'w:fldChar':
        if (attrs().fldCharType === 'begin' && fields.length < 20) fields.push({ instr: '', result: false })
        else if (attrs().fldCharType === 'separate') {
          const f = fields[fields.length - 1]
          if (f) {
            f.instr = normInstr(f.instr)
            f.result = true
            fields.pop()
            push(`〔域 ${f.instr}〕`, '')
            fields.push(f)
          }
        } else if (attrs().fldCharType === 'end') {
          const f = fields.pop()
          if (f && !f.result) push(`〔域 ${normInstr(f.instr)}〕`, '')
        }
        break
      case 'w:fldSimple':
        if (!close) push(`〔域 ${normInstr(attrs().instr ?? '')}〕`, '')
        if (!close && !self && fields.length < 20) fields.push({ instr: normInstr(attrs().instr ?? ''), result: true })
        if (close) fields.pop()
        break
      case 'wp:anchor':
        floating = !close && !self
        break
      case 'a:blip':
        if (!close) picture(attrs()['r:embed'] ?? attrs().embed, false, floating)
        break
      case 'asvg:svgBlip':
        if (!close) picture(attrs()['r:embed'] ?? attrs().embed, true, floating)
        break
      case 'v:imagedata':
        if (!close) picture(attrs()['r:id'] ?? attrs().id, false, true)
        break
      case 'wps:wsp':
      case 'v:shape':
      case 'v:rect':
      case 'v:roundrect':
      case 'v:oval':
      case 'v:line':
        if (!close) push('〔图形〕', '')
        break
      case 'w:object':
        if (!close) push('〔嵌入对象〕', '')
        break
      default:
        if (inPPr && rPrDepth > 0 && !close && (name === 'w:vanish' || name === 'w:specVanish') && para && ON(attrs())) para.markHidden = true
        else if (inRun && rPrDepth > 0 && !close && !inPPr) applyProp(runProps, name ?? '', attrs())
    }
  }
}

function normInstr(instr: string): string {
  return instr
    .replace(/\\\*\s*(MERGEFORMAT|CHARFORMAT)/gi, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(\S+)/, (w) => w.toUpperCase())
}

function partPath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1)
  const out: string[] = base.split('/').slice(0, -1)
  for (const p of target.split('/')) {
    if (p === '..') out.pop()
    else if (p !== '.' && p !== '') out.push(p)
  }
  return out.join('/')
}

function relsOf(files: Record<string, Uint8Array>, part: string): Map<string, string> {
  const i = part.lastIndexOf('/')
  const rels = files[`${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`]
  const out = new Map<string, string>()
  if (!rels) return out
  for (const m of strFromU8(rels).matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attributes(m[0])
    if (a.Id && a.Target && a.TargetMode !== 'External') out.set(a.Id, a.Target)
  }
  return out
}

const STORY_PARTS: [RegExp, string][] = [
  [/^word\/header\d*\.xml$/, '页眉'],
  [/^word\/footer\d*\.xml$/, '页脚'],
  [/^word\/footnotes\.xml$/, '脚注'],
  [/^word\/endnotes\.xml$/, '尾注'],
  [/^word\/comments\.xml$/, '批注']
]

/** The reader's view of an unzipped .docx. */
export function visibleView(files: Record<string, Uint8Array>): VisibleView {
  const styles = readStyles(files['word/styles.xml'] ? strFromU8(files['word/styles.xml']) : '')
  const view: VisibleView = { stories: [], svgs: [], pictures: new Map() }
  const boxes: string[] = []
  const read = (part: string, name: string): void => {
    const bytes = files[part]
    if (!bytes) return
    const paragraphs: string[] = []
    readStory(strFromU8(bytes), { styles, rels: relsOf(files, part), files, base: part }, view, paragraphs, boxes)
    const existing = view.stories.find((s) => s.name === name)
    if (existing) existing.paragraphs.push(...paragraphs)
    else view.stories.push({ name, paragraphs })
  }
  read('word/document.xml', '正文')
  // Headers and footers: each distinct text once (Word and LibreOffice number and duplicate these parts freely).
  for (const [re, name] of STORY_PARTS) {
    for (const part of Object.keys(files).filter((f) => re.test(f)).sort()) read(part, name)
  }
  for (const s of view.stories) {
    if (s.name === '页眉' || s.name === '页脚') s.paragraphs = [...new Set(s.paragraphs)].sort()
    // Word's separator footnotes carry no text; nothing else to drop.
  }
  if (boxes.length > 0) view.stories.push({ name: '文本框', paragraphs: boxes })
  view.stories = view.stories.filter((s) => s.paragraphs.length > 0)
  return view
}
