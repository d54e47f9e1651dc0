#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .electron-native/better_sqlite3.node, leaving the Node build in
// node_modules untouched, so that the app (Electron) and the tests (Node/Vitest) each load their own binary and
// `npm start` and `npm test` work in either order. The app passes this file to better-sqlite3 as nativeBinding.
// Options: --arch x64|arm64 (default: this machine's), --out DIR (default .electron-native).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const { values } = parseArgs({ options: { arch: { type: 'string' }, out: { type: 'string' } } })
const arch = values.arch ?? process.arch
const outDir = path.resolve(root, values.out ?? '.electron-native')
const electronVersion = require('electron/package.json').version
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'))
const sqliteVersion = require('better-sqlite3/package.json').version
const target = path.join(outDir, 'better_sqlite3.node')
const stamp = path.join(outDir, 'build-info.json')
const want = { electronVersion, sqliteVersion, arch, platform: process.platform }

if (fs.existsSync(target) && fs.existsSync(stamp) && JSON.stringify(JSON.parse(fs.readFileSync(stamp, 'utf8'))) === JSON.stringify(want)) {
  process.exit(0)
}
console.log(`为 Electron ${electronVersion}（${process.platform}-${arch}）编译 better-sqlite3 ${sqliteVersion}…`)
const work = path.join(outDir, 'src')
fs.rmSync(work, { recursive: true, force: true })
fs.mkdirSync(outDir, { recursive: true })
fs.cpSync(sqliteDir, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) && !p.endsWith(`${path.sep}build`) })
// Prefer better-sqlite3's published prebuilt binary for this Electron version and arch; compile when there is none.
const prebuild = spawnSync(
  process.execPath,
  [require.resolve('prebuild-install/bin.js'), '--runtime=electron', `--target=${electronVersion}`, `--arch=${arch}`, `--platform=${process.platform}`],
  { cwd: work, stdio: 'inherit' }
)
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js')
const r = prebuild.status === 0 ? prebuild : spawnSync(
  process.execPath,
  [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers'],
  { cwd: work, stdio: 'inherit' }
)
if (r.status !== 0) process.exit(r.status ?? 1)
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target)
fs.writeFileSync(stamp, JSON.stringify(want))
fs.rmSync(work, { recursive: true, force: true })
console.log(`已生成 ${path.relative(root, target)}`)
