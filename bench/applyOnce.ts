/**
 * One cold apply in its own process, for comparing two builds (A/B) under the same load: `npx tsx bench/applyOnce.ts
 * pages.json`. The first call (no file yet) seeds the sync bench's 20 × 9 meeting and saves its pages there; every
 * later call applies those pages to a new replica — key tables, certificates and statements all cold, as in
 * `npm run bench -- sync` — and inserts the same rows through the bare loop, and prints one JSON line with the CPU
 * times; with RUNS=n it does so n times in the same process (run 0 cold, the others warm, as bench/applyProfile.ts). Run the two builds' copies of this script alternately on the same file.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Change } from '../shared/sync/change'
import { applyChanges } from '../electron/main/sync/apply'
import { pinSecretariat } from '../electron/main/sync/signers'
import { publicKeyFingerprint } from '../shared/signing/sm'
import { TEST_SEC_KEY, newReplica, readAll, scoreEverySheet, seedMeeting } from '../tests/kits/sync/replica'
import { pagesOf } from './sync.bench'
import { bareLoopCpu } from './bareLoop'

const cpuMs = (c0: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / 1000
}

async function main(file: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-apply-once-'))
  try {
    if (!fs.existsSync(file)) {
      const src = await newReplica(dir, 'apply-src')
      scoreEverySheet(src, seedMeeting(src, 20, 9, 137))
      readAll(src) // seals what is pending
      fs.writeFileSync(file, JSON.stringify({ secretariat: publicKeyFingerprint(TEST_SEC_KEY.publicKey), pages: pagesOf(src) }))
      src.close()
      return
    }
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { secretariat: string; pages: Change[][] }
    const pages = saved.pages
    const changes = pages.flat()
    // RUNS > 1: the same pages again to new replicas in this process (caches and compiled code warm from the first).
    for (let run = 0; run < Number(process.env.RUNS ?? 1); run++) {
      const dst = await newReplica(dir, `apply-dst-${run}`)
      pinSecretariat(dst.db, saved.secretariat, '测试秘书处') // the seeding process's secretariat key
      const c0 = process.cpuUsage()
      let applied = 0
      for (const page of pages) applied += applyChanges(dst.db, page).applied
      const applyCpu = cpuMs(c0)
      const bareCpu = await bareLoopCpu(dir, `bare-${run}`, changes)
      dst.close()
      if (applied !== changes.length) throw new Error(`${applied} of ${changes.length} applied`)
      console.log(JSON.stringify({ run, applied, applyCpu: Math.round(applyCpu), bareCpu: Math.round(bareCpu), ratio: +(bareCpu / applyCpu).toFixed(3), perCpuS: Math.round((applied / applyCpu) * 1000) }))
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main(process.argv[2] ?? 'apply-pages.json')
