/**
 * Speed of signing and verifying an expert's sheet (issue 4: "signing and verifying a sheet: under 20 ms").
 * Run: npx tsx bench/signing.bench.ts   (exit code 1 when the realistic sheet misses the target)
 *
 * Reports, per sheet size: canonicalisation, raw SM3 of the canonical bytes, signPayload (canonicalise +
 * SM3 digest + SM2 sign + fingerprint + key-pair check), verifySignedPayload (all checks, with the registered
 * fingerprint), and the PIN key derivation (scrypt with the default parameters) once.
 */
import defaultRubricJson from '../resources/rubrics/default.json'
import { parseRubric } from '../shared/domain/rubric'
import { emptySheetContent } from '../shared/domain/sheet'
import { CUT_REASONS } from '../shared/domain/sheet'
import { canonicalize } from '../shared/signing/canonical'
import { buildSheetPayload, signPayload, verifySignedPayload, type BudgetLineFact } from '../shared/signing/envelope'
import { decryptPrivateKey, decryptPrivateKeyAsync, encryptPrivateKey, DEFAULT_SCRYPT } from '../shared/signing/keystore'
import { nodeScrypt } from '../electron/main/services/nodeScrypt'
import { generateKeyPair, sm3HexOfBytes, utf8Bytes } from '../shared/signing/sm'

const TARGET_MS = 20
const rubric = parseRubric(defaultRubricJson)
const kp = generateKeyPair()
const NOW = '2026-11-20T06:30:00.000Z'
const CATEGORIES = ['硬件购置', '软件购置', '应用软件开发', '系统集成', '云资源租赁', '安全', '密码', '等保测评', '密评', '第三方测试', '监理', '培训']
const TEXT = '方案对建设依据、建设目标与业务流程的描述较为完整，总体架构依托市政务云部署，复用统一身份认证与电子印章等共性平台；'

function sheetWith(lineCount: number) {
  const c = emptySheetContent()
  for (const d of rubric.dimensions) {
    for (const item of d.items) c.scores[item.id] = { value: Math.round((item.points * 0.85) / item.step) * item.step, na: false }
    c.opinions[d.id] = TEXT.repeat(4)
  }
  c.mainProblems = Array.from({ length: 8 }, (_, i) => ({ id: `p${i}`, text: `问题${i + 1}：${TEXT}`, cite: { kind: 'budgetLine' as const, lineId: `L${i}` } }))
  c.suggestions = Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, text: `建议${i + 1}：${TEXT}`, cite: { kind: 'document' as const, documentPath: '可研报告.pdf', page: 10 + i } }))
  c.conclusion = 'revise'
  c.declaration = { kind: 'none', reason: '', declaredAt: NOW }
  const budgetLines: BudgetLineFact[] = Array.from({ length: lineCount }, (_, i) => ({
    lineId: `L${i}`,
    name: `${CATEGORIES[i % CATEGORIES.length]}——第${i + 1}项（含安装调试）`,
    category: CATEGORIES[i % CATEGORIES.length]!,
    submittedAmount: Math.round((1 + ((i * 7919) % 997)) * 1.37) / 100
  }))
  for (let i = 0; i < lineCount; i += 4) {
    const line = budgetLines[i]!
    c.budgetReview[line.lineId] = { lineId: line.lineId, approvedAmount: Math.round(line.submittedAmount * 80) / 100, reason: CUT_REASONS[i % CUT_REASONS.length]!, note: '参照同类项目询价，单价偏高' }
  }
  return buildSheetPayload({
    sheetId: 'sheet-1',
    revision: 1,
    meeting: { id: 'm1', name: '2026年第3次政务信息化项目评审会', date: '2026-11-20', place: '三明市行政服务中心' },
    project: { id: 'p1', name: '三明市“一网通办”能力提升项目', ownerUnit: '三明市数据管理局', authorUnit: '福建某某信息技术有限公司', declaredInvestment: 1280.5, packageDigest: 'ab'.repeat(32) },
    expert: { id: 'e1', name: '张三', unit: '福州大学', title: '教授', specialty: '软件工程' },
    rubric,
    content: c,
    budgetLines,
    submittedAt: NOW
  })
}

function time(runs: number, f: () => void): { median: number; p95: number } {
  for (let i = 0; i < Math.min(20, runs); i++) f()
  const t: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    f()
    t.push(performance.now() - t0)
  }
  t.sort((a, b) => a - b)
  return { median: t[Math.floor(runs / 2)]!, p95: t[Math.floor(runs * 0.95)]! }
}

const fmt = (x: { median: number; p95: number }) => `${x.median.toFixed(2)} ms (p95 ${x.p95.toFixed(2)})`

let failed = false
for (const [label, lines, runs, realistic] of [
  ['realistic sheet (120 budget lines)', 120, 200, true],
  ['large sheet (1,000 budget lines)', 1000, 50, false],
  ['huge sheet (5,000 budget lines)', 5000, 20, false]
] as const) {
  const sheet = sheetWith(lines)
  const canonical = canonicalize(sheet)
  const bytes = utf8Bytes(canonical)
  const signed = signPayload('expert-sheet', sheet, kp.privateKey, kp.publicKey, { id: 'e1', name: '张三' }, NOW)
  if (verifySignedPayload(signed, { registeredFingerprint: signed.fingerprint }).status !== 'valid') throw new Error('did not verify')
  const canon = time(runs, () => canonicalize(sheet))
  const sm3 = time(runs, () => sm3HexOfBytes(bytes))
  const sign = time(runs, () => signPayload('expert-sheet', sheet, kp.privateKey, kp.publicKey, { id: 'e1', name: '张三' }, NOW))
  const verify = time(runs, () => verifySignedPayload(signed, { registeredFingerprint: signed.fingerprint }))
  const both = sign.median + verify.median
  console.log(`\n${label}: canonical ${(bytes.length / 1024).toFixed(1)} KiB`)
  console.log(`  canonicalize          ${fmt(canon)}`)
  console.log(`  raw SM3 of the bytes  ${fmt(sm3)}`)
  console.log(`  signPayload           ${fmt(sign)}`)
  console.log(`  verifySignedPayload   ${fmt(verify)}`)
  console.log(`  sign + verify         ${both.toFixed(2)} ms (median sum)${realistic ? `  target < ${TARGET_MS} ms: ${both < TARGET_MS ? 'OK' : 'MISSED'}` : ''}`)
  if (realistic && both >= TARGET_MS) failed = true
}

const t0 = performance.now()
const blob = encryptPrivateKey('284719', kp.privateKey)
const t1 = performance.now()
decryptPrivateKey('284719', blob)
const t2 = performance.now()
console.log(`\nPIN key derivation scrypt N=2^${Math.log2(DEFAULT_SCRYPT.N)} r=${DEFAULT_SCRYPT.r} p=${DEFAULT_SCRYPT.p}: encrypt ${(t1 - t0).toFixed(0)} ms, decrypt ${(t2 - t1).toFixed(0)} ms (pure JavaScript, as the renderer and the baseline)`)
const t3 = performance.now()
await decryptPrivateKeyAsync('284719', blob, nodeScrypt)
console.log(`  decrypt with Node's scrypt (the main process): ${(performance.now() - t3).toFixed(0)} ms`)
if (failed) process.exitCode = 1
