/**
 * Bench: 专家组评审意见 for a 9-expert panel with a 2,000-line budget table (target < 500 ms), next to the
 * time docx's Packer alone takes to pack the same document; and the other three documents of that project.
 * Run: npx tsx bench/documents.bench.ts
 */
import { buildPanelOpinionDocx } from '../electron/main/documents/panelOpinion'
import { buildScoreSummaryDocx } from '../electron/main/documents/scoreSummary'
import { buildBudgetComparisonDocx } from '../electron/main/documents/budgetComparison'
import { buildExpertOpinionDocx } from '../electron/main/documents/expertOpinion'
import type { PackTimings } from '../electron/main/documents/pack'
import { makeFixture } from '../electron/main/documents/testData'
import { verifyDocx } from '../electron/main/documents/verify'

const TARGET_MS = 500
const RUNS = 5

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

async function main(): Promise<void> {
  const t0 = performance.now()
  const f = makeFixture({ experts: 9, budgetLines: 2000 })
  console.log(`fixture (9 signed sheets × 2,000 lines + 组长 signature): ${(performance.now() - t0).toFixed(0)} ms`)

  await buildPanelOpinionDocx(f.panelInput) // warm-up (JIT, fonts of docx)
  const totals: number[] = []
  const packers: number[] = []
  let size = 0
  let bytes: Uint8Array = new Uint8Array()
  for (let i = 0; i < RUNS; i++) {
    const t: PackTimings = { packerMs: 0, totalMs: 0 }
    const s = performance.now()
    bytes = await buildPanelOpinionDocx(f.panelInput, t)
    totals.push(performance.now() - s)
    packers.push(t.packerMs)
    size = bytes.length
  }
  const total = median(totals)
  const packer = median(packers)
  console.log(`专家组评审意见 (9 experts, 2,000 lines): ${total.toFixed(0)} ms median of ${RUNS} (target < ${TARGET_MS} ms) — docx Packer.toBuffer alone: ${packer.toFixed(0)} ms; ${(size / 1024).toFixed(0)} KiB`)
  const v0 = performance.now()
  const r = verifyDocx(bytes, { registeredFingerprints: f.registeredFingerprints })
  console.log(`verifyDocx of that document: ${(performance.now() - v0).toFixed(0)} ms → ${r.status}`)

  for (const [name, fn] of [
    ['评分汇总表', buildScoreSummaryDocx],
    ['概算审核对比表 (2,000 lines × 9 experts)', buildBudgetComparisonDocx]
  ] as const) {
    const t: PackTimings = { packerMs: 0, totalMs: 0 }
    const s = performance.now()
    await fn(f.panelInput, t)
    console.log(`${name}: ${(performance.now() - s).toFixed(0)} ms — Packer alone ${t.packerMs.toFixed(0)} ms`)
  }
  const e = performance.now()
  await buildExpertOpinionDocx({ payload: f.sources[0]!, rubric: f.rubric, signatureImage: f.experts[0]!.signaturePng })
  console.log(`专家个人评审意见表: ${(performance.now() - e).toFixed(0)} ms`)
  if (total >= TARGET_MS) {
    console.log(`SLOWER THAN TARGET: ${total.toFixed(0)} ms ≥ ${TARGET_MS} ms`)
    process.exitCode = 1
  }
}

void main()
