/** `paneldesk verify` as a child process (the bundled command line, as `npx paneldesk` runs its build). */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { buildExpertOpinionDocx } from '../../documents/expertOpinion'
import { buildScoreSummaryDocx } from '../../documents/scoreSummary'
import { makeFixture, type Fixture } from '../../../../tests/kits/documents/testData'
import { editFigure } from '../../../../tests/kits/documents/testUtil'
import { runCli, type CliResult } from '../../../../tests/kits/cli/run'

const cli = (...args: string[]): CliResult => runCli(args)

let dir: string
let f: Fixture
let valid: string
let tampered: string
let expert: string

beforeAll(async () => {
  dir = tempDir('cli')
  f = makeFixture({ experts: 3 })
  const summary = await buildScoreSummaryDocx(f.panelInput)
  valid = path.join(dir, '评分汇总表.docx')
  fs.writeFileSync(valid, summary)
  tampered = path.join(dir, '评分汇总表-改.docx')
  fs.writeFileSync(tampered, await editFigure(summary, `expert.${f.experts[1]!.id}.total`, '95'))
  expert = path.join(dir, '意见表.docx')
  fs.writeFileSync(expert, await buildExpertOpinionDocx({ payload: f.sources[0]!, rubric: f.rubric }))
}, 60_000)

describe('paneldesk verify', () => {
  it('says 有效 and exits 0 for a fresh document checked against the registered fingerprints', async () => {
    const fps = f.experts.flatMap((e) => ['--fingerprint', `${e.id}=${e.fingerprint}`])
    const r = cli('verify', valid, ...fps)
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain('结果：有效（评分汇总表）')
    expect(r.out).toContain(f.experts[0]!.name)
    expect(r.out).not.toContain('未提供评审会登记的公钥指纹')
  })

  it('says 已篡改 with what changed and exits 1', async () => {
    const r = cli('verify', tampered)
    expect(r.code).toBe(1)
    expect(r.out).toContain('结果：已篡改')
    expect(r.out).toContain(`${f.experts[1]!.name}的总分：应为`)
    expect(r.out).toContain('文档中为“95”')
  })

  it('prints JSON with --json', async () => {
    const r = cli('verify', tampered, '--json')
    const j = JSON.parse(r.out) as { status: string; mismatches: { found: string }[] }
    expect(j.status).toBe('已篡改')
    expect(j.mismatches.some((m) => m.found === '95')).toBe(true)
  })

  it('reads registered fingerprints from a file; a key other than the registered one is 已篡改', async () => {
    const reg = path.join(dir, 'registered.json')
    fs.writeFileSync(reg, JSON.stringify({ [f.experts[0]!.id]: f.experts[1]!.fingerprint }))
    const r = cli('verify', expert, '--fingerprints', reg)
    expect(r.code).toBe(1)
    expect(r.out).toContain('签名公钥与会议登记的公钥指纹不符')
  })

  it('says 无法验证 (exit 2) for a file that is not a PanelDesk document, and 3 for wrong usage', () => {
    const junk = path.join(dir, 'junk.docx')
    fs.writeFileSync(junk, 'not a zip')
    const r = cli('verify', junk)
    expect(r.code).toBe(2)
    expect(r.out).toContain('结果：无法验证')
    expect(cli('verify').code).toBe(3)
    expect(cli('verify', valid, '--fingerprint', 'nonsense').code).toBe(3)
    expect(cli('verify', path.join(dir, 'missing.docx')).code).toBe(3)
  })
})
