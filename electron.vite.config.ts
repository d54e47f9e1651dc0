import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { withCspMeta } from './electron/main/security'
import { COMPRESSIBLE } from './electron/main/web/compression'
import fs from 'node:fs'
import zlib from 'node:zlib'

/**
 * The built index.html carries the content security policy as a <meta> tag, so it holds however the page is
 * loaded (app://, loopback HTTP with the same policy as a header). Build only: the dev server's React refresh
 * preamble is an inline script.
 */
function cspMeta(): Plugin {
  return { name: 'paneldesk-csp-meta', apply: 'build', transformIndexHtml: (html) => withCspMeta(html) }
}

/**
 * Brotli and gzip copies of every text asset over 1 KB, next to it (`x.js.br`, `x.js.gz`): the browser version's
 * server sends them to browsers that accept them (electron/main/web/compression.ts). Build only.
 */
function precompress(): Plugin {
  return {
    name: 'paneldesk-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? ''
      for (const name of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(name)) continue
        const file = resolve(dir, name)
        const data = fs.readFileSync(file)
        if (data.length < 1024) continue
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }))
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }))
      }
    }
  }
}

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/app/index.ts'),
          web: resolve(__dirname, 'electron/main/web/index.ts'),
          cli: resolve(__dirname, 'electron/main/cli/index.ts'),
          // The export's worker threads (documents/buildPool.ts looks for it next to the main bundle).
          documentWorker: resolve(__dirname, 'electron/main/documents/buildWorker.ts'),
          // The file-system probe (paths/fsProbe.ts runs it as a child process or thread, next to the main bundle).
          fsProbe: resolve(__dirname, 'electron/main/paths/fsProbeChild.ts')
        }
      }
    }
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), cspMeta(), precompress()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: resolve(__dirname, 'renderer/index.html') }
    }
  }
})
