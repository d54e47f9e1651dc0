/**
 * Chinese file names for exported documents: stable (the same input gives the same name), safe on Windows
 * (no reserved characters or device names, no trailing dot or space) and within length limits, and a
 * writer that never overwrites an existing file silently (it picks "名称（2）.docx").
 */
import { constants as fsConstants } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import type { DocumentKind } from './figures'
import { DOCUMENT_KIND_LABELS } from './figures'

/** Windows' reserved characters, mapped to their full-width forms so that the name still reads the same. */
const FULL_WIDTH: Record<string, string> = {
  '<': '＜',
  '>': '＞',
  ':': '：',
  '"': '＂',
  '/': '／',
  '\\': '＼',
  '|': '｜',
  '?': '？',
  '*': '＊'
}

const RESERVED = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/i

/** Limits of one path component: NTFS counts UTF-16 units (255), ext4 and APFS bytes (255). Margins leave room for "（99）". */
export const NAME_LIMITS = { utf16: 180, utf8Bytes: 220 } as const

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length
}

/** Cuts `s` to fit both limits without splitting a surrogate pair. */
function truncate(s: string, maxUtf16: number, maxBytes: number): string {
  const chars = Array.from(s)
  let out = ''
  let units = 0
  let bytes = 0
  for (const c of chars) {
    const b = utf8Length(c)
    if (units + c.length > maxUtf16 || bytes + b > maxBytes) break
    out += c
    units += c.length
    bytes += b
  }
  return out
}

/** A safe base name (no extension) from any text: reserved characters made full-width, control characters dropped. */
export function sanitizeBaseName(text: string): string {
  let s = text.normalize('NFC')
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u001f\u007f]/g, '')
  s = s.replace(/[<>:"/\\|?*]/g, (c) => FULL_WIDTH[c] ?? '_')
  s = s.replace(/\s+/g, ' ').trim()
  s = s.replace(/[. ]+$/g, '')
  if (s === '') s = '未命名'
  const stem = s.split('.')[0] ?? s
  if (RESERVED.test(stem.trim())) s = `_${s}`
  return s
}

/**
 * A safe file name `base + ext` within NAME_LIMITS; when too long the base is cut (never the extension) and
 * trailing dots or spaces left by the cut are removed.
 */
export function safeFileName(base: string, ext = '.docx', limits: { utf16: number; utf8Bytes: number } = NAME_LIMITS): string {
  const clean = sanitizeBaseName(base)
  const cut = truncate(clean, limits.utf16 - ext.length, limits.utf8Bytes - utf8Length(ext)).replace(/[. ]+$/g, '')
  return `${cut || '未命名'}${ext}`
}

/** The stable name of a document: 项目名称-专家个人评审意见表-专家姓名.docx, 项目名称-专家组评审意见.docx, … */
export function documentFileName(kind: DocumentKind, projectName: string, expertName?: string): string {
  const suffix = `-${DOCUMENT_KIND_LABELS[kind]}${kind === 'expert-opinion' && expertName ? `-${sanitizeBaseName(expertName)}` : ''}`
  const ext = '.docx'
  // Cut the project name first, so the kind and expert always survive.
  const project = sanitizeBaseName(projectName)
  const room = { utf16: NAME_LIMITS.utf16 - suffix.length - ext.length, bytes: NAME_LIMITS.utf8Bytes - utf8Length(suffix) - utf8Length(ext) }
  const cutProject = truncate(project, room.utf16, room.bytes).replace(/[. ]+$/g, '') || '未命名项目'
  return safeFileName(`${cutProject}${suffix}`, ext)
}

/** "名称.docx" → "名称（n）.docx". */
export function numberedName(fileName: string, n: number): string {
  const dot = fileName.lastIndexOf('.')
  const base = dot > 0 ? fileName.slice(0, dot) : fileName
  const ext = dot > 0 ? fileName.slice(dot) : ''
  return n <= 1 ? fileName : `${base}（${n}）${ext}`
}

/** The first of 名称.docx, 名称（2）.docx, … for which `exists` is false. */
export function nonClobberingName(fileName: string, exists: (name: string) => boolean, maxTries = 999): string {
  for (let n = 1; n <= maxTries; n++) {
    const name = numberedName(fileName, n)
    if (!exists(name)) return name
  }
  throw new Error(`无法为“${fileName}”找到不重名的文件名`)
}

/**
 * Writes `bytes` into `dir` as `fileName`, or as 名称（2）.docx … when that exists. Creation is exclusive
 * (O_EXCL), so a file that appears meanwhile is never overwritten. Returns the path written.
 */
export async function writeFileNoClobber(dir: string, fileName: string, bytes: Uint8Array, maxTries = 999): Promise<string> {
  for (let n = 1; n <= maxTries; n++) {
    const path = join(dir, numberedName(fileName, n))
    try {
      const fh = await open(path, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o644)
      try {
        await fh.writeFile(bytes)
      } finally {
        await fh.close()
      }
      return path
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
  throw new Error(`无法为“${fileName}”找到不重名的文件名`)
}
