#!/usr/bin/env node
// `npx paneldesk …`: runs the built command line (out/main/cli.js), building the app first if needed.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cli = path.join(root, 'out', 'main', 'cli.js')
if (!fs.existsSync(cli)) {
  const vite = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite')
  const r = spawnSync(vite, ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
await import(pathToFileURL(cli).href)
