#!/usr/bin/env node
// Packages the built app with electron-builder for one platform (linux | win | mac) and its architectures,
// with better-sqlite3 built for Electron's ABI per architecture (see build-electron-native.mjs).
// Needs Electron's download site (for the Electron binary and headers), so it runs on a connected build machine.
import { spawnSync } from 'node:child_process'
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
const builder = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder')
const archFlags = ARCHES[platform].map((a) => `--${a}`)
const r = spawnSync(builder, [`--${platform}`, ...archFlags, '--publish', 'never'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
process.exit(r.status ?? 1)
