import mammoth from 'mammoth'
import { PackageError } from './errors'

/** Raw text of a .docx (one "page": DOCX has no fixed pages). */
export async function extractDocxText(bytes: Uint8Array, filePath: string): Promise<string> {
  try {
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })
    return result.value.replace(/\n{3,}/g, '\n\n').trim()
  } catch (cause) {
    throw new PackageError('docx-corrupt', `Word 文件“${filePath}”已损坏或不是有效的 .docx 文件。`, filePath, { cause })
  }
}
