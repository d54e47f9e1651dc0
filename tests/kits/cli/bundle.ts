/**
 * The command line as the tests run it: bundled once per test run (vitest globalSetup) with esbuild into
 * node_modules/.cache, the way `npm run build` makes out/main/cli.js, with the document worker and the file-system
 * probe next to it (buildPool.ts and fsProbe.ts look for them there). A child process then loads one file instead
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

export async function bundleCli(outdir: string): Promise<string> {
  fs.rmSync(outdir, { recursive: true, force: true })
  await build({
    entryPoints: {
      cli: CLI_SOURCE,
      documentWorker: path.join(ROOT, 'electron/main/documents/buildWorker.ts'),
      fsProbe: path.join(ROOT, 'electron/main/paths/fsProbeChild.ts')
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // Commands load on demand (cli/index.ts): one chunk per command, as in the app's build.
    splitting: true,
    logLevel: 'error'
  })
  return path.join(outdir, 'cli.js')
}

/** Vitest global setup: bundle once, hand the path to every test file (`inject('cliBundle')`). */
export default async function setup(project: TestProject): Promise<() => void> {
  const outdir = path.join(ROOT, 'node_modules/.cache/paneldesk-test-cli', String(process.pid))
  project.provide('cliBundle', await bundleCli(outdir))
  return () => fs.rmSync(outdir, { recursive: true, force: true })
}
