#!/usr/bin/env node
// Packages the built app with electron-builder for one platform (linux | win | mac) and its architectures,
// with better-sqlite3 built for Electron's ABI per architecture (see build-electron-native.mjs) and resvg's prebuilt
// N-API binary (the 评分图's PNG fallback) for every architecture packaged, since npm installs only this machine's.
// Needs Electron's download site (for the Electron binary and headers), so it runs on a connected build machine.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const platform = process.argv[2]
const ARCHES = { linux: ['x64', 'arm64'], win: ['x64'], mac: ['x64', 'arm64'] }
if (!ARCHES[platform]) {
  console.error('用法：node scripts/package.mjs linux|win|mac')
  process.exit(2)
}
for (const arch of ARCHES[platform]) {
  const native = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-electron-native.mjs'), '--arch', arch, '--out', `.electron-native/${platform}-${arch}`], { cwd: root, stdio: 'inherit' })
  if (native.status !== 0) process.exit(native.status ?? 1)
}
// @resvg/resvg-js's binaries are optional dependencies named by platform, architecture and libc.
const RESVG_TRIPLES = { linux: { x64: 'linux-x64-gnu', arm64: 'linux-arm64-gnu' }, win: { x64: 'win32-x64-msvc' }, mac: { x64: 'darwin-x64', arm64: 'darwin-arm64' } }
const resvgVersion = createRequire(import.meta.url)('@resvg/resvg-js/package.json').version
const resvgPackages = ARCHES[platform].map((a) => `@resvg/resvg-js-${RESVG_TRIPLES[platform][a]}@${resvgVersion}`)
const npm = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['install', '--no-save', '--force', ...resvgPackages], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
if (npm.status !== 0) process.exit(npm.status ?? 1)
const builder = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder')
const archFlags = ARCHES[platform].map((a) => `--${a}`)
const r = spawnSync(builder, [`--${platform}`, ...archFlags, '--publish', 'never'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
process.exit(r.status ?? 1)
