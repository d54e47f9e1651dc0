/**
 * The command line as the tests run it: bundled once per test run (vitest globalSetup) with esbuild into
 * node_modules/.cache, the way `npm run build` makes out/main/cli.js, with the document worker, the PDF worker and the
 * file-system probe next to it (buildPool.ts, pdfThread.ts and fsProbe.ts look for them there). A child process then loads one file instead
 * of compiling a few hundred TypeScript modules through tsx on every call. Without the global setup (a file run by
 * another config), the TypeScript entry is run through tsx.
 */
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import type { TestProject } from 'vitest/node'

export const ROOT = path.resolve(import.meta.dirname, '../../..')
export const CLI_SOURCE = path.join(ROOT, 'electron/main/cli/index.ts')

declare module 'vitest' {
  export interface ProvidedContext {
    cliBundle: string
  }
}

/**
 * esbuild options as `npm run build` bundles the main process: Node ESM, packages left to node_modules, and code
 * loaded on demand (the CLI's commands) split into chunks, as in the app's build.
 */
export const NODE_BUNDLE = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', splitting: true, logLevel: 'error' } as const

/**
 * Bundles `entries` (output name → TypeScript entry) into `outdir` with the document worker, the PDF worker and the
 * file-system probe next to them, as `npm run build` places them beside out/main/cli.js.
 */
export async function bundleWithWorkers(entries: Record<string, string>, outdir: string): Promise<void> {
  fs.rmSync(outdir, { recursive: true, force: true })
  await build({
    entryPoints: {
      ...entries,
      documentWorker: path.join(ROOT, 'electron/main/documents/buildWorker.ts'),
      pdfWorker: path.join(ROOT, 'electron/main/packages/pdfWorker.ts'),
      fsProbe: path.join(ROOT, 'electron/main/paths/fsProbeChild.ts')
    },
    outdir,
    ...NODE_BUNDLE
  })
}

export async function bundleCli(outdir: string): Promise<string> {
  await bundleWithWorkers({ cli: CLI_SOURCE }, outdir)
  return path.join(outdir, 'cli.js')
}

/** Vitest global setup: bundle once, hand the path to every test file (`inject('cliBundle')`). */
export default async function setup(project: TestProject): Promise<() => void> {
  const outdir = path.join(ROOT, 'node_modules/.cache/paneldesk-test-cli', String(process.pid))
  project.provide('cliBundle', await bundleCli(outdir))
  return () => fs.rmSync(outdir, { recursive: true, force: true })
}
