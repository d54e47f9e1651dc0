/** `paneldesk package diff OLD NEW [--json]` as a child process (issue 12). */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PackageDiff } from '../../../../shared/domain/revision'
import { ARTICLE11_NO_ESTIMATE, type Article11Adjustment } from '../../../../shared/domain/revision/adjustment'
import { MALFORMED } from '../../../../tests/helpers/packages'
import { tempDir } from '../../../../tests/helpers/tmp'
import { writeRevisionPair } from '../../../../tests/kits/revision/packages'
import { runCli, type CliResult } from '../../../../tests/kits/cli/run'

const cli = (...args: string[]): CliResult => runCli(args, 170_000)

describe('paneldesk package diff', () => {
  it('prints what changed from the 送审稿 to the 修改稿, in Chinese or as one JSON object', async () => {
    const pair = await writeRevisionPair(tempDir('cli-diff'))
    const text = cli('package', 'diff', pair.reviewed, pair.revision)
    expect(text.code, text.err).toBe(0)
    expect(text.out).toContain('修改稿声明修改的正是该送审稿。')
    expect(text.out).toContain('− [第2页] 采购办公电脑10台。')
    expect(text.out).toContain('2 工单管理平台：原名“工单管理系统”')
    expect(text.out).toContain('2 知识库系统：由“应用软件开发”移至“系统集成”')
    expect(text.out).toContain('逐项合计：234.00 万元 → 220.00 万元（-14.00 万元，-5.98%）')
    expect(text.out).toContain('修改 企业登记信息：共享属性“有条件共享”→“无条件共享”')
    // No approved 概算 in the 修改稿's manifest, and no 核定 on the command line: the 第十一条 box says so.
    expect(text.out).toContain(`第十一条 概算调整\n  ${ARTICLE11_NO_ESTIMATE}`)

    const json = cli('package', 'diff', pair.reviewed, pair.revision, '--json')
    expect(json.code, json.err).toBe(0)
    const d = JSON.parse(json.out) as PackageDiff
    expect(d.format).toBe('paneldesk.package-diff/1')
    expect(d.revisesOld).toBe(true)
    expect(d.old.sha256).toBe(pair.reviewedSha256)
    expect(d.budget.deltaFen).toBe(-14_000_000)
    expect(d.budget.counts).toMatchObject({ added: 1, removed: 1, moved: 1, renamed: 1 })
    expect(d.documents[0]?.chapters.filter((c) => c.status === 'changed').map((c) => c.title)).toEqual(['第二章 建设内容', '第三章 安全方案', '第四章 投资概算'])
    expect(d.findings.disappeared.map((f) => f.code)).toContain('art15.no-crypto-assessment-cost')
    expect(json.out).toContain(`"adjustmentNote": "${ARTICLE11_NO_ESTIMATE}"`)
  })

  it('prints the 第十一条 check against the approved 概算 the 修改稿 names: past 10 % re-approval, exactly 10 % consent', async () => {
    const over = await writeRevisionPair(tempDir('cli-diff-art11'), { approvedEstimate: 200, revisedDeclared: 230 })
    const text = cli('package', 'diff', over.reviewed, over.revision)
    expect(text.code, text.err).toBe(0)
    expect(text.out).toContain('第十一条 概算调整\n  调整后概算230.00万元，批复概算200.00万元，增加30.00万元（15.00%），超过10%：按第十一条需重新履行项目审批手续。')
    const exact = await writeRevisionPair(tempDir('cli-diff-art11-exact'), { approvedEstimate: 200, revisedDeclared: 220 })
    const json = cli('package', 'diff', exact.reviewed, exact.revision, '--json')
    expect(json.code, json.err).toBe(0)
    const d = JSON.parse(json.out) as PackageDiff & { adjustment: Article11Adjustment; adjustmentNote: string }
    expect(d.adjustment).toMatchObject({ basis: 'manifest', approvedFen: 200_000_000, adjustedFen: 220_000_000, increaseFen: 20_000_000, rate: 0.1, rule: 'consent' })
    expect(d.adjustment.text).toMatch(/未超过10%：按第十一条须经市发改委（数据管理局）和市财政局同意后实施。$/)
    expect(d.adjustmentNote).toBe('')
  })

  it('exits 1 with a Chinese message for an unreadable package, 2 for bad usage', async () => {
    const pair = await writeRevisionPair(tempDir('cli-diff-bad'))
    const bad = cli('package', 'diff', pair.reviewed, path.join(MALFORMED, 'zip-slip-entry.pdpkg'))
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/无法读取申报包：.*zip-slip-entry\.pdpkg/)
    const missing = path.join(tempDir('cli-diff-missing'), '不存在.pdpkg')
    expect(fs.existsSync(missing)).toBe(false)
    const gone = cli('package', 'diff', missing, pair.revision, '--json')
    expect(gone.code).toBe(1)
    expect(JSON.parse(gone.out)).toHaveProperty('error.code')
    expect(cli('package', 'diff', pair.reviewed).code).toBe(2)
  })
}, 600_000)
