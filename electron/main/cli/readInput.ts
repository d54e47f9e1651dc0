import fs from 'node:fs'

/** Largest .docx `verify` reads (a PanelDesk document is a few MB; the parts inside are bounded separately). */
export const MAX_DOCX_FILE_BYTES = 64 * 1024 * 1024
/** Largest .pdarchive `archive verify` reads (a ZIP without ZIP64 cannot be larger). */
export const MAX_ARCHIVE_FILE_BYTES = 4 * 1024 * 1024 * 1024 - 1

/** Reads a file the user named, refusing one larger than `maxBytes` before reading it (Chinese message). */
export function readInputFile(file: string, maxBytes: number, what: string): Uint8Array {
  let size: number
  try {
    size = fs.statSync(file).size
  } catch {
    throw new Error(`无法读取文件“${file}”`)
  }
  if (size > maxBytes) throw new Error(`文件“${file}”有 ${(size / 1024 / 1024).toFixed(1)} MB，超过${what}的上限 ${Math.round(maxBytes / 1024 / 1024)} MB，已拒绝`)
  try {
    return new Uint8Array(fs.readFileSync(file))
  } catch {
    throw new Error(`无法读取文件“${file}”`)
  }
}
