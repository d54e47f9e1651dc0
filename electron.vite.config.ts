import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { withCspMeta } from './electron/main/security'

/**
 * The built index.html carries the content security policy as a <meta> tag, so it holds however the page is
 * loaded (app://, loopback HTTP with the same policy as a header). Build only: the dev server's React refresh
 * preamble is an inline script.
 */
function cspMeta(): Plugin {
  return { name: 'paneldesk-csp-meta', apply: 'build', transformIndexHtml: (html) => withCspMeta(html) }
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
    plugins: [react(), cspMeta()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: resolve(__dirname, 'renderer/index.html') }
    }
  }
})
