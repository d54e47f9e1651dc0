import type MammothModule from 'mammoth'
import { lazyModule } from '../lazyModule'
import { PackageError } from './errors'
import { boundedOfficeBytes } from './officeZip'

/** mammoth is loaded with the first Word file (lazyModule.ts); shared with the preview and the document build. */
export const loadMammoth: () => typeof MammothModule = lazyModule<typeof MammothModule>('mammoth', 'Word 文件读取')

/** Raw text of a .docx (one "page": DOCX has no fixed pages). */
export async function extractDocxText(bytes: Uint8Array, filePath: string): Promise<string> {
  const corrupt = (cause: unknown) => new PackageError('docx-corrupt', `Word 文件“${filePath}”已损坏或不是有效的 .docx 文件。`, filePath, { cause })
  const buffer = boundedOfficeBytes(bytes, filePath, corrupt)
  const mammoth = loadMammoth()
  try {
    const result = await mammoth.extractRawText({ buffer })
    return result.value.replace(/\n{3,}/g, '\n\n').trim()
  } catch (cause) {
    throw corrupt(cause)
  }
}
