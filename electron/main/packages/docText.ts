/**
 * Text of a Word 97-2003 (.doc) main document, read with word-extractor (MIT, pure JS). The bytes must start with
 * the OLE2 signature first (word-extractor would otherwise also open a .docx, which has its own bounded path), and
 * stay under the Office file size limit. The text then goes through the same pipeline as a .docx's.
 */
import type WordExtractorClass from 'word-extractor'
import { lazyModule } from '../lazyModule'
import { PackageError } from './errors'
import { OFFICE_FILE_LIMITS } from './limits'
import { assertSaneOle2 } from './ole2'

/** word-extractor is loaded with the first .doc (lazyModule.ts). */
const loadWordExtractor = lazyModule<typeof WordExtractorClass>('word-extractor', 'Word 97-2003 文件读取')

/** Raw text of a .doc (one "page", like a .docx: no fixed pages). */
export async function extractDocText(bytes: Uint8Array, filePath: string): Promise<string> {
  const corrupt = (cause?: unknown) =>
    new PackageError('docx-corrupt', `Word 文件“${filePath}”已损坏或不是有效的 Word 97-2003（.doc）文件。`, filePath, { cause })
  if (bytes.byteLength > OFFICE_FILE_LIMITS.maxEntryBytes) {
    throw new PackageError('archive-too-large', `文件“${filePath}”超过 ${OFFICE_FILE_LIMITS.maxEntryBytes / 1024 / 1024} MB，超出读取上限。`, filePath)
  }
  assertSaneOle2(bytes, corrupt)
  const WordExtractor = loadWordExtractor()
  let text: string
  try {
    const document = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    text = document.getBody()
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : ''
    if (/password|encrypt/i.test(message)) {
      throw new PackageError('file-encrypted', `Word 文件“${filePath}”设有密码或已加密，请取消密码后重新提交。`, filePath, { cause })
    }
    throw corrupt(cause)
  }
  return text.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim()
}
