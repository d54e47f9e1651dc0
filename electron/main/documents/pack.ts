/** Packs a built document: docx's Packer, then our font table and the embedded custom part, zipped once more. */
import type { Document } from 'docx'
import { Packer } from 'docx'
import { strFromU8, strToU8, unzipSync } from 'fflate'
import { zipFiles } from './zipWrite'
import type { EmbeddedData, ShownFigure } from './embed'
import { addEmbeddedPart } from './embed'
import { fontTableXml } from './fontTable'
import { patchStylesXml } from './stylesPatch'
import { patchRawTables } from './rawTable'

export const GENERATOR = 'PanelDesk 评审台 documents/2'

/**
 * What a build tells besides its bytes: the figures it shows with their bookmarks (the verifier names a changed
 * figure with them; they are not written into the document), the hashed images it recorded, and the parts it
 * zipped (the verifier reads the regenerated document from these instead of unzipping its bytes again).
 */
export interface BuildReport {
  figures?: ShownFigure[]
  images?: EmbeddedData['images']
  files?: Record<string, Uint8Array>
}

type PartData = string | ArrayBufferView | ArrayBuffer
interface DocxCompiler {
  compile(file: Document, prettify?: undefined, overrides?: unknown[]): Map<string, PartData>
}

/** docx's own compiler (what Packer.toBuffer zips), when this docx version exposes it. */
const compiler = (Packer as unknown as { compiler?: Partial<DocxCompiler> }).compiler

const enc = new TextEncoder()
const bytesOf = (d: PartData): Uint8Array =>
  typeof d === 'string' ? enc.encode(d) : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d)

/**
 * The parts docx makes of a document. Packer.toBuffer would deflate them in JavaScript only for us to inflate them
 * again and zip once more (≈ 30 % of packing a big document): the parts are taken from docx's compiler directly,
 * in the same order and with the same bytes; a docx without that compiler is packed and unzipped as before. Text
 * parts stay strings until they are zipped (document.xml and styles.xml are patched first: no decoding of what was
 * just encoded).
 */
async function docxParts(doc: Document): Promise<Record<string, Uint8Array | string>> {
  if (typeof compiler?.compile === 'function') {
    const out: Record<string, Uint8Array | string> = {}
    for (const [p, d] of compiler.compile.call(compiler, doc, undefined, [])) out[p] = typeof d === 'string' ? d : bytesOf(d)
    return out
  }
  const packed = await Packer.toBuffer(doc)
  return unzipSync(new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength))
}

const textOf = (d: Uint8Array | string | undefined): string => (d === undefined ? '' : typeof d === 'string' ? d : strFromU8(d))

/** What a builder hands to packDocx: the embedded data, the figures shown as a function (listed only for a report). */
export type PackData = Omit<EmbeddedData, 'bodyTextDigest' | 'generator' | 'figures'> & { figures: () => ShownFigure[] }

export async function packDocx(doc: Document, data: PackData, report?: BuildReport): Promise<Uint8Array> {
  const parts = await docxParts(doc)
  const documentXml = patchRawTables(textOf(parts['word/document.xml']))
  const styles = parts['word/styles.xml']
  const files: Record<string, Uint8Array> = {}
  for (const [name, d] of Object.entries(parts)) files[name] = typeof d === 'string' ? enc.encode(d) : d
  files['word/fontTable.xml'] = strToU8(fontTableXml())
  files['word/document.xml'] = documentXml
  if (styles !== undefined) files['word/styles.xml'] = enc.encode(patchStylesXml(textOf(styles)))
  const { figures, ...embedded } = data
  addEmbeddedPart(files, { ...embedded, generator: GENERATOR })
  if (report) {
    report.figures = figures()
    report.images = embedded.images
    report.files = files
  }
  return zipFiles(files)
}
