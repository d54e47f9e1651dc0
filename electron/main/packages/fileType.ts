import { PackageError } from './errors'
import { extensionOf } from './paths'

export type DetectedType = 'zip' | 'pdf' | 'png' | 'jpeg' | 'gif' | 'ole2' | 'text' | 'unknown'

const TYPE_NAMES: Record<DetectedType, string> = {
  zip: 'ZIP/Office Open XML',
  pdf: 'PDF',
  png: 'PNG 图片',
  jpeg: 'JPEG 图片',
  gif: 'GIF 图片',
  ole2: '旧版 Office（97-2003）或加密的 Office 文件',
  text: '文本',
  unknown: '未知二进制'
}

/** The first eight bytes of every OLE2 compound file (.xls, .doc, and encrypted Office files). */
export const OLE2_SIGNATURE: readonly number[] = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

export function startsWithBytes(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  return magic.every((b, i) => bytes[at + i] === b)
}
const startsWith = startsWithBytes

/** Sniffs a file's real type from its first bytes. */
export function detectFileType(bytes: Uint8Array): DetectedType {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip'
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1')
  if (head.includes('%PDF-')) return 'pdf'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif'
  if (startsWith(bytes, OLE2_SIGNATURE)) return 'ole2'
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return 'text'
  const sample = bytes.subarray(0, 8192)
  return sample.includes(0) ? 'unknown' : 'text'
}

const EXPECTED: Record<string, DetectedType> = { xlsx: 'zip', docx: 'zip', pdf: 'pdf', csv: 'text', xls: 'ole2', doc: 'ole2' }

/** Throws when a file's bytes do not match its extension (e.g. a PNG renamed .xlsx). */
export function assertFileType(path: string, bytes: Uint8Array): void {
  const ext = extensionOf(path)
  const expected = EXPECTED[ext]
  if (!expected) return
  if (bytes.byteLength === 0) {
    throw new PackageError('file-empty', `文件“${path}”是空文件（0 字节）。`, path)
  }
  const actual = detectFileType(bytes)
  if (actual === expected) return
  if (actual === 'ole2' && (ext === 'xlsx' || ext === 'docx')) {
    throw new PackageError(
      'file-encrypted',
      `文件“${path}”是加密的 Office 文件或旧版 .${ext === 'xlsx' ? 'xls' : 'doc'} 格式，请取消密码并另存为 .${ext} 后重新提交。`,
      path
    )
  }
  if (actual === 'text' && (ext === 'xls' || ext === 'doc')) {
    throw new PackageError(
      'file-type-mismatch',
      `文件“${path}”的扩展名是 .${ext}，但内容是文本（可能是网页、CSV 或其他格式改名而来），不是真正的 ${ext === 'xls' ? 'Excel 97-2003' : 'Word 97-2003'} 文件。请在 ${ext === 'xls' ? 'Excel/WPS 中另存为 .xlsx 或 .xls' : 'Word/WPS 中另存为 .docx 或 PDF'} 后重新提交。`,
      path
    )
  }
  throw new PackageError(
    'file-type-mismatch',
    `文件“${path}”的扩展名是 .${ext}，但内容是${TYPE_NAMES[actual]}，不是有效的 .${ext} 文件。`,
    path
  )
}
