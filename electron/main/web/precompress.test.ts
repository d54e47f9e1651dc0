/** The build's compressed copies (precompress.ts), on real files: every copy decompresses to the file itself. */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { BROTLI_MAX_QUALITY_BYTES, brotliQuality, precompressFiles } from './precompress'

describe('precompressFiles', () => {
  it('writes .br and .gz copies of compressible files over 1 KB, in parallel, that decompress to the original', async () => {
    const dir = tempDir('precompress')
    const files = {
      'app.js': 'export const x = "评审台";\n'.repeat(4000),
      'big.js': Array.from({ length: 40_000 }, (_, i) => `const v${i} = ${i * 7919} % 104729;`).join('\n'),
      'style.css': 'body { color: red; }\n'.repeat(300),
      'tiny.js': 'export {}\n',
      'logo.png': 'x'.repeat(5000)
    }
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text)
    expect(Buffer.byteLength(files['big.js'])).toBeGreaterThan(BROTLI_MAX_QUALITY_BYTES)

    const r = await precompressFiles(Object.keys(files).map((n) => path.join(dir, n)))

    expect(r.files).toBe(3)
    for (const name of ['app.js', 'big.js', 'style.css'] as const) {
      const file = path.join(dir, name)
      expect(zlib.brotliDecompressSync(fs.readFileSync(`${file}.br`)).toString()).toBe(files[name])
      expect(zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString()).toBe(files[name])
    }
    expect(fs.existsSync(path.join(dir, 'tiny.js.br'))).toBe(false)
    expect(fs.existsSync(path.join(dir, 'logo.png.br'))).toBe(false)
    expect(r.brotliBytes).toBeLessThan(r.inputBytes / 5)
  })

  it('keeps brotli’s best quality for ordinary files and a faster one for very large files', () => {
    expect(brotliQuality(100 * 1024)).toBe(11)
    expect(brotliQuality(BROTLI_MAX_QUALITY_BYTES + 1)).toBe(9)
  })
})
