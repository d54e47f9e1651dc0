#!/usr/bin/env node
// `npm start`: builds the app and starts it on this machine's data folder (a first run shows the demo meeting).
// Runs the Electron app when Electron's binary is available; where it cannot be had (no access to Electron's
// download site), starts the same app in the browser instead and says so.
import { spawnSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts })
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)

function electronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron')
  const pathFile = path.join(pkg, 'path.txt')
  const present = () => fs.existsSync(pathFile) && fs.existsSync(path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8')))
  if (!present() && !process.env.PANELDESK_WEB) {
    console.log('正在获取 Electron 运行环境（仅首次）…')
    run(process.execPath, [path.join(pkg, 'install.js')], { stdio: 'ignore', timeout: 300_000 })
  }
  return present()
}

if (run(bin('electron-vite'), ['build'], { shell: process.platform === 'win32' }).status !== 0) process.exit(1)

const args = process.argv.slice(2)
if (!process.env.PANELDESK_WEB && electronBinary()) {
  if (run(process.execPath, [path.join(root, 'scripts', 'build-electron-native.mjs')]).status !== 0) {
    console.error('无法为 Electron 编译 better-sqlite3（见上方输出）。可改用浏览器版：npm run web')
    process.exit(1)
  }
  const child = spawn(bin('electron-vite'), ['preview', '--skipBuild', ...args], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log('本机无法获取 Electron 运行环境，改为启动浏览器版（功能相同，数据保存在同一数据文件夹）。')
  const child = spawn(process.execPath, [path.join(root, 'out', 'main', 'web.js'), ...args], { cwd: root, stdio: 'inherit' })
  const stop = () => child.kill('SIGTERM')
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  child.on('exit', (code) => process.exit(code ?? 0))
}
