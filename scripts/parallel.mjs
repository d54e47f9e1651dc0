#!/usr/bin/env node
// Runs npm scripts side by side and fails if any fails: `node scripts/parallel.mjs typecheck "lint build"`.
// Each argument is one lane; the scripts of a lane (separated by spaces) run one after another, stopping at the
// first failure. Each script's output is held back and printed whole when it ends, so lanes never interleave.
// `npm test` uses it to type-check (one core, tsc is single-threaded) while the other core lints and builds.
import { spawn } from 'node:child_process'

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function run(script) {
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(npm, ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' })
    const chunks = []
    child.stdout.on('data', (d) => chunks.push(d))
    child.stderr.on('data', (d) => chunks.push(d))
    child.on('error', (err) => chunks.push(Buffer.from(`${err.message}\n`)))
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0)
      process.stdout.write(`\n> ${script} (${code === 0 ? 'ok' : `failed, exit ${code}`}, ${seconds} s)\n`)
      process.stdout.write(Buffer.concat(chunks))
      resolve(code === 0)
    })
  })
}

async function lane(scripts) {
  for (const s of scripts) if (!(await run(s))) return false
  return true
}

const lanes = process.argv.slice(2).map((a) => a.split(/\s+/).filter(Boolean))
if (lanes.length === 0) {
  console.error('usage: node scripts/parallel.mjs "script [script…]" ["script …"]')
  process.exit(2)
}
const results = await Promise.all(lanes.map(lane))
process.exit(results.every(Boolean) ? 0 : 1)
