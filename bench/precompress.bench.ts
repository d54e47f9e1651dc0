/**
 * Bench: the build's precompress step (electron/main/web/precompress.ts) on the built renderer's files, copied to a
 * temporary folder, against the old way in the same run (one file after another, synchronous, brotli quality 11
 * for every file). Reported, not asserted. Needs `npx electron-vite build` first. Run: npm run bench -- precompress
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import type { BenchRow } from './run'
import { COMPRESSIBLE } from '../electron/main/web/compression'
import { PRECOMPRESS_MIN_BYTES, precompressFiles } from '../electron/main/web/precompress'

function oldWay(files: string[]): { ms: number; brotliBytes: number } {
  const started = performance.now()
  let brotliBytes = 0
  for (const file of files) {
    if (!COMPRESSIBLE.test(file)) continue
    const data = fs.readFileSync(file)
    if (data.length < PRECOMPRESS_MIN_BYTES) continue
    const br = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } })
    fs.writeFileSync(`${file}.br`, br)
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }))
    brotliBytes += br.length
  }
  return { ms: performance.now() - started, brotliBytes }
}

export async function run(): Promise<BenchRow[]> {
  const assets = path.resolve(import.meta.dirname, '..', 'out', 'renderer', 'assets')
  if (!fs.existsSync(assets)) return [{ name: 'precompress (skipped: run `npx electron-vite build` first)', value: NaN, unit: 'ms' }]
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-bench-precompress-'))
  try {
    const files = fs
      .readdirSync(assets)
      .filter((n) => COMPRESSIBLE.test(n))
      .map((n) => {
        fs.copyFileSync(path.join(assets, n), path.join(dir, n))
        return path.join(dir, n)
      })
    const old = oldWay(files)
    const now = await precompressFiles(files)
    return [
      { name: `precompress the renderer's ${now.files} text files (parallel, brotli 9 over 256 KB)`, value: now.ms, unit: 'ms', baseline: Math.round(old.ms), note: 'baseline: one by one, brotli 11' },
      { name: 'their brotli copies in all', value: Math.round(now.brotliBytes / 1024), unit: 'KB', baseline: Math.round(old.brotliBytes / 1024) }
    ]
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
