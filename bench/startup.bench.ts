/**
 * Bench: the app's first screen (the 评审会议 list of a fresh data folder with the demo meeting) in headless
 * Chromium, at full speed and with the CPU slowed 4×, and the JavaScript it loads before that list appears.
 * Reported, not asserted. Needs `npx electron-vite build` first. Run: npm run bench -- startup
 *
 * STARTUP_RUNS=n: loads per build and speed (default 5); the machine is shared, so more loads show the spread.
 * Baseline in the same run: STARTUP_BASELINE=<a built renderer folder> (e.g. an older build's out/renderer,
 * copied aside) is measured alongside, loads interleaved, and printed as each row's baseline.
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BenchRow } from './run'
import type { StartupTiming, StartupVariant } from '../tests/e2e/startupBench'

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? NaN
}

export async function run(): Promise<BenchRow[]> {
  const root = path.resolve(import.meta.dirname, '..')
  if (!fs.existsSync(path.join(root, 'out', 'main', 'web.js'))) {
    return [{ name: 'first screen (skipped: run `npx electron-vite build` first)', value: NaN, unit: 'ms' }]
  }
  const baselineDir = process.env.STARTUP_BASELINE
  const variants: StartupVariant[] = [{ label: 'current' }, ...(baselineDir ? [{ label: 'baseline', staticDir: path.resolve(baselineDir) }] : [])]
  const mod = (await import(pathToFileURL(path.join(root, 'tests/e2e/startupBench.ts')).href)) as {
    measureFirstScreen(runs: number, variants: StartupVariant[]): Promise<StartupTiming[]>
  }
  const runs = Math.max(1, Math.min(50, Number(process.env.STARTUP_RUNS) || 5))
  const times = await mod.measureFirstScreen(runs, variants)
  const at = (label: string, t: number) => times.filter((x) => x.label === label && x.throttle === t)
  const row = (name: string, unit: string, pick: (x: StartupTiming) => number, throttle: number, scale = 1, target?: string): BenchRow => {
    const value = (label: string) => Math.round(median(at(label, throttle).map(pick)) / scale)
    return { name, unit, value: value('current'), target, ...(baselineDir ? { baseline: value('baseline') } : {}) }
  }
  // Every load's time, slowed, in order (the machine is shared: the spread says how much load there was).
  const spread = (name: string, throttle: number): BenchRow => {
    const each = (label: string) => at(label, throttle).map((x) => Math.round(x.firstScreen))
    const cur = each('current')
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b).join(' ')
    return { name, unit: 'ms', value: Math.min(...cur), note: `min; all: ${sorted(cur)}${baselineDir ? `; baseline: ${sorted(each('baseline'))}` : ''}` }
  }
  return [
    row('first screen in Chromium: navigation → the frame with the first meeting row (median of the loads)', 'ms', (x) => x.firstScreen, 1),
    row('first screen with the CPU slowed 4× (an older laptop)', 'ms', (x) => x.firstScreen, 4, 1, '< 1.5 s'),
    spread(`  the ${runs} loads, slowed 4× (fastest first: the least disturbed by other work)`, 4),
    row('first paint (the frame from index.html)', 'ms', (x) => x.firstPaint, 1),
    row('first paint with the CPU slowed 4×', 'ms', (x) => x.firstPaint, 4),
    row('  slowed 4×: scripts in', 'ms', (x) => x.scriptsIn, 4),
    row('  slowed 4×: first API request sent', 'ms', (x) => x.apiSent, 4),
    row('  slowed 4×: meetings.list answered', 'ms', (x) => x.listAnswered, 4),
    row('  slowed 4×: the last of those API answers in', 'ms', (x) => x.answersIn, 4),
    row('  slowed 4×: React\'s first commit', 'ms', (x) => x.shell, 4),
    row('  slowed 4×: first row in the DOM', 'ms', (x) => x.rowInDom, 4),
    row('  API requests before the first row', 'count', (x) => x.apiCalls, 1),
    row('renderer main thread CPU until the first row (thread time)', 'ms', (x) => x.cpu.task, 1),
    row('  of it script (compile included)', 'ms', (x) => x.cpu.script, 1),
    row('  of it style and layout', 'ms', (x) => x.cpu.styleLayout, 1),
    row('renderer process CPU until the first row (all threads)', 'ms', (x) => x.cpu.process, 1),
    row('renderer main thread CPU until the first row, slowed 4×', 'ms', (x) => x.cpu.task, 4),
    row('JavaScript loaded before the meetings list appeared (decoded)', 'KB', (x) => x.scriptBytes, 1, 1024),
    row('JavaScript loaded until the network was idle (decoded)', 'KB', (x) => x.allScriptBytes, 1, 1024),
    row('bytes on the wire for the first screen (all resources, compressed)', 'KB', (x) => x.transferredBytes, 1, 1024),
    ...(at('current', 1)[0]?.scripts ?? [])
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 6)
      .map((s) => ({ name: `  script ${s.url.replace(/^\/assets\//, '')}`, value: Math.round(s.bytes / 1024), unit: 'KB' }))
  ]
}
