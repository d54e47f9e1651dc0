import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { stylesheetsAfterFrame } from './electron/main/indexHtml'
import { withCspMeta } from './electron/main/security'
import { precompressFiles } from './electron/main/web/precompress'

/**
 * The built index.html carries the content security policy as a <meta> tag, so it holds however the page is
 * loaded (app://, loopback HTTP with the same policy as a header). Build only: the dev server's React refresh
 * preamble is an inline script.
 */
function cspMeta(): Plugin {
  return { name: 'paneldesk-csp-meta', apply: 'build', transformIndexHtml: (html) => withCspMeta(html) }
}

/**
 * The app's stylesheets after index.html's frame, at the end of <body> (electron/main/indexHtml.ts): the frame paints
 * while the CSS and scripts are on their way. `post`: after Vite has written the asset tags. Build only.
 */
function stylesheetsLast(): Plugin {
  return { name: 'paneldesk-stylesheets-last', apply: 'build', transformIndexHtml: { order: 'post', handler: (html) => stylesheetsAfterFrame(html) } }
}

/**
 * Brotli and gzip copies of every text asset over 1 KB, next to it (`x.js.br`, `x.js.gz`): the browser version's
 * server sends them to browsers that accept them (electron/main/web/compression.ts). Compressed in parallel on
 * zlib's thread pool (electron/main/web/precompress.ts). Build only.
 */
function precompress(): Plugin {
  return {
    name: 'paneldesk-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? ''
      const r = await precompressFiles(Object.keys(bundle).map((name) => resolve(dir, name)))
      this.info(`precompressed ${r.files} files (${Math.round(r.inputBytes / 1024)} KB → br ${Math.round(r.brotliBytes / 1024)} KB, gz ${Math.round(r.gzipBytes / 1024)} KB) in ${r.ms} ms`)
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
          // The package import's PDF worker thread (packages/pdfThread.ts looks for it next to the main bundle).
          pdfWorker: resolve(__dirname, 'electron/main/packages/pdfWorker.ts'),
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
    plugins: [react(), cspMeta(), stylesheetsLast(), precompress()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified by default: minified, the first screen's JavaScript is about a
      // third of the size to fetch, parse and compile (docs/architecture.md, 启动性能).
      minify: 'oxc',
      rolldownOptions: { input: resolve(__dirname, 'renderer/index.html') }
    }
  }
})
