/** Packs a built document: docx's Packer, then our font table and the embedded custom part, zipped once more. */
import type { Document } from 'docx'
import { Packer } from 'docx'
import { strFromU8, strToU8, unzipSync } from 'fflate'
import { zipFiles } from './zipWrite'
import { sm3Hex } from '../../../shared/signing/sm'
import { bodyText, readParagraphs } from './docxRead'
import type { EmbeddedData } from './embed'
import { addEmbeddedPart } from './embed'
import { fontTableXml } from './fontTable'
import { patchStylesXml } from './stylesPatch'
import { patchRawTables } from './rawTable'

export const GENERATOR = 'PanelDesk 评审台 documents/2'

export interface PackTimings {
  packerMs: number
  totalMs: number
}

export async function packDocx(doc: Document, data: Omit<EmbeddedData, 'bodyTextDigest' | 'generator'>, timings?: PackTimings): Promise<Uint8Array> {
  const t0 = performance.now()
  const packed = await Packer.toBuffer(doc)
  const t1 = performance.now()
  const files = unzipSync(new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength))
  files['word/fontTable.xml'] = strToU8(fontTableXml())
  const documentXml = patchRawTables(strFromU8(files['word/document.xml'] ?? strToU8('')))
  files['word/document.xml'] = strToU8(documentXml)
  const styles = files['word/styles.xml']
  if (styles) files['word/styles.xml'] = strToU8(patchStylesXml(strFromU8(styles)))
  const digest = sm3Hex(bodyText({ paragraphs: readParagraphs(documentXml) }))
  addEmbeddedPart(files, { ...data, bodyTextDigest: digest, generator: GENERATOR })
  const out = zipFiles(files)
  if (timings) {
    timings.packerMs = t1 - t0
    timings.totalMs = performance.now() - t0
  }
  return out
}
