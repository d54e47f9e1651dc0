import mammoth from 'mammoth'
import { PackageError } from './errors'
import { boundedOfficeBytes } from './officeZip'

/** Raw text of a .docx (one "page": DOCX has no fixed pages). */
export async function extractDocxText(bytes: Uint8Array, filePath: string): Promise<string> {
  const corrupt = (cause: unknown) => new PackageError('docx-corrupt', `Word 文件“${filePath}”已损坏或不是有效的 .docx 文件。`, filePath, { cause })
  const buffer = boundedOfficeBytes(bytes, filePath, corrupt)
  try {
    const result = await mammoth.extractRawText({ buffer })
    return result.value.replace(/\n{3,}/g, '\n\n').trim()
  } catch (cause) {
    throw corrupt(cause)
  }
}
