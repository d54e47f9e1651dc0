/**
 * Main-process test kits run as child processes (an e2e test cannot import main-process code). Each kit is bundled
 * with esbuild once per test process, with the workers it may start beside it (`bundleWithWorkers`, as the
 * command-line tests run `paneldesk`), and then run as one file: through tsx, compiling a few hundred TypeScript
 * modules on every call, the 复核 seed took 8.0 s of CPU; bundled, 3.3 s with the bundling.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { bundleWithWorkers } from '../kits/cli/bundle'
import { ROOT } from './harness'

const CACHE = path.join(ROOT, 'node_modules/.cache/paneldesk-e2e-kits')
const OUT = path.join(CACHE, String(process.pid))
const bundles = new Map<string, Promise<string>>()
process.once('exit', () => fs.rmSync(OUT, { recursive: true, force: true }))

/** Whether a process of that id still runs (a test process that Vitest ended runs no 'exit' handler). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
// Bundles left by earlier test processes that were ended without their 'exit' handler.
for (const name of fs.existsSync(CACHE) ? fs.readdirSync(CACHE) : []) {
  if (!/^\d+$/.test(name) || !alive(Number(name))) fs.rmSync(path.join(CACHE, name), { recursive: true, force: true })
}

function bundled(entry: string): Promise<string> {
  let b = bundles.get(entry)
  if (!b) {
    const name = path.basename(entry, '.ts')
    const outdir = path.join(OUT, name)
    b = bundleWithWorkers({ [name]: path.join(ROOT, entry) }, outdir).then(() => path.join(outdir, `${name}.js`))
    // A failed bundling is tried again by the next call rather than remembered.
    b.catch(() => bundles.delete(entry))
    bundles.set(entry, b)
  }
  return b
}

/** Runs the kit `entry` (a path from the repository's root) with `args`; returns what it printed. */
export async function runKit(entry: string, args: string[], timeout = 300_000): Promise<string> {
  return execFileSync(process.execPath, [await bundled(entry), ...args], { cwd: ROOT, encoding: 'utf8', timeout })
}
