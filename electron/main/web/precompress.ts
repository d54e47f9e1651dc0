/**
 * The build's brotli and gzip copies of the renderer's text assets (`x.js.br`, `x.js.gz` next to `x.js`), served by
 * compression.ts. Used by electron.vite.config.ts (`precompress`) after the renderer bundle is written.
 *
 * Fast on a small build machine: every file is compressed with zlib's asynchronous API, so the work runs on libuv's
 * thread pool in parallel (all cores) instead of one file after another on the main thread; and brotli's slowest
 * quality (11) is kept for files under `BROTLI_MAX_QUALITY_BYTES`, while bigger files (the pdf.js worker, the
 * largest page chunks) get quality 9 — several times faster on them for a copy a few per cent larger.
 */
import fs from 'node:fs'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { COMPRESSIBLE } from './compression'

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/** Files smaller than this are sent as they are (the headers would cost more than the saving). */
export const PRECOMPRESS_MIN_BYTES = 1024
/** Files up to this size get brotli quality 11; bigger ones quality 9. */
export const BROTLI_MAX_QUALITY_BYTES = 256 * 1024

export interface PrecompressResult {
  /** Files that got both copies. */
  files: number
  inputBytes: number
  brotliBytes: number
  gzipBytes: number
  ms: number
}

export function brotliQuality(size: number): number {
  return size <= BROTLI_MAX_QUALITY_BYTES ? 11 : 9
}

/** Writes `.br` and `.gz` next to every compressible file of `files` over PRECOMPRESS_MIN_BYTES, all in parallel. */
export async function precompressFiles(files: readonly string[]): Promise<PrecompressResult> {
  const started = performance.now()
  const result: PrecompressResult = { files: 0, inputBytes: 0, brotliBytes: 0, gzipBytes: 0, ms: 0 }
  await Promise.all(
    files
      .filter((f) => COMPRESSIBLE.test(f))
      .map(async (file) => {
        const data = await fs.promises.readFile(file)
        if (data.length < PRECOMPRESS_MIN_BYTES) return
        const [br, gz] = await Promise.all([
          brotli(data, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality(data.length),
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length
            }
          }),
          gzip(data, { level: 9 })
        ])
        await Promise.all([fs.promises.writeFile(`${file}.br`, br), fs.promises.writeFile(`${file}.gz`, gz)])
        result.files++
        result.inputBytes += data.length
        result.brotliBytes += br.length
        result.gzipBytes += gz.length
      })
  )
  result.ms = Math.round(performance.now() - started)
  return result
}
