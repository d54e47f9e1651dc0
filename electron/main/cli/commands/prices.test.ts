/** `paneldesk prices import|match|export` as a child process, on a data folder of its own. */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLEAN } from '../../../../tests/helpers/packages'
import { tempDir } from '../../../../tests/helpers/tmp'
import { runCli, type CliResult } from '../../../../tests/kits/cli/run'

const cli = (...args: string[]): CliResult => runCli(args)

interface MatchJson {
  references: number
  lines: { name: string; unitPriceFen: number | null; range: { count: number; medianFen: number } | null; ratio: number | null }[]
  findings: { code: string; message: string; suggestedCut?: { amount: number } }[]
}

describe('paneldesk prices', () => {
  it('imports a list (all rows or none), matches a package against it and exports the library', () => {
    const dir = tempDir('prices-cli')
    const data = path.join(dir, 'data')
    const bad = path.join(dir, 'bad.csv')
    fs.writeFileSync(bad, '名称,规格,单位,参考单价,来源,日期\n国产数据库,企业版,套,120000,市场询价,昨天\n')
    const refused = cli('prices', 'import', bad, '--data', data)
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/第 2 行：日期“昨天”无法识别/)
    const good = path.join(dir, 'good.csv')
    fs.writeFileSync(good, '名称,规格,单位,参考单价（元）,来源,日期\n国产数据库,企业版,套,120000,市场询价,2026-09-01\n数据库管理系统,企业版,套,120000,政府采购协议价,2026-10-01\n')
    const ok = cli('prices', 'import', good, '--data', data)
    expect(ok.code, ok.err).toBe(0)
    expect(ok.out).toMatch(/已导入 2 条参考价/)

    const m = cli('prices', 'match', CLEAN, '--json', '--data', data)
    expect(m.code, m.err).toBe(0)
    const j = JSON.parse(m.out) as MatchJson
    expect(j.references).toBe(2)
    const db = j.lines.find((l) => l.name === '国产数据库软件授权')!
    expect(db.range).toMatchObject({ count: 2, medianFen: 12_000_000 })
    expect(db.ratio).toBe(1.25)
    const high = j.findings.find((f) => f.code === 'price.high')!
    // (150,000 − 120,000) × 2 套 = 60,000 元 = 6 万元
    expect(high.suggestedCut!.amount).toBeCloseTo(6, 6)
    expect(high.message).toMatch(/60,000\.00 元/)
    const text = cli('prices', 'match', CLEAN, '--data', data)
    expect(text.out).toMatch(/国产数据库软件授权：150,000\.00 元；参考 2 条，中位数 120,000\.00 元/)

    const out = path.join(dir, 'lib.csv')
    expect(cli('prices', 'export', '-o', out, '--data', data).code).toBe(0)
    expect(fs.readFileSync(out, 'utf8')).toMatch(/数据库管理系统,企业版,套,120000\.00/)
    expect(cli('prices', 'frobnicate').code).toBe(2)
  }, 600_000)
})
