/**
 * Bench: the app's first screen (the 评审会议 list of a fresh data folder with the demo meeting) in headless
 * Chromium, at full speed and with the CPU slowed 4×, and the JavaScript it loads. Reported, not asserted.
 * Needs `npx electron-vite build` first. Run: npm run bench -- startup
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BenchRow } from './run'

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? NaN
}

export async function run(): Promise<BenchRow[]> {
  const root = path.resolve(import.meta.dirname, '..')
  if (!fs.existsSync(path.join(root, 'out', 'main', 'web.js'))) {
    return [{ name: 'first screen (skipped: run `npx electron-vite build` first)', value: NaN, unit: 'ms' }]
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-bench-startup-'))
  try {
    const mod = (await import(pathToFileURL(path.join(root, 'tests/e2e/startupBench.ts')).href)) as {
      measureFirstScreen(dataDir: string, runs?: number): Promise<{ throttle: number; firstScreen: number; scriptBytes: number; transferredBytes: number; scripts: { url: string; bytes: number }[] }[]>
    }
    const times = await mod.measureFirstScreen(dataDir, 5)
    const at = (t: number) => times.filter((x) => x.throttle === t)
    return [
      { name: 'first screen in Chromium: navigation → meetings list (median of 5)', value: Math.round(median(at(1).map((x) => x.firstScreen))), unit: 'ms' },
      { name: 'first screen with the CPU slowed 4× (an older laptop)', value: Math.round(median(at(4).map((x) => x.firstScreen))), unit: 'ms', target: '< 1.5 s' },
      { name: 'JavaScript loaded for the first screen (decoded)', value: Math.round(median(at(1).map((x) => x.scriptBytes)) / 1024), unit: 'KB' },
      { name: 'bytes on the wire for the first screen (all resources, compressed)', value: Math.round(median(at(1).map((x) => x.transferredBytes)) / 1024), unit: 'KB' },
      ...(at(1)[0]?.scripts ?? [])
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 6)
        .map((s) => ({ name: `  script ${s.url.replace(/^\/assets\//, '')}`, value: Math.round(s.bytes / 1024), unit: 'KB' }))
    ]
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
