/** `paneldesk package inspect|build` as a child process (the bundled command line, as `npx paneldesk` runs its build). */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLEAN, MALFORMED, MESSY_GBK, MESSY_MERGED, PACKAGES } from '../../../../tests/helpers/packages'
import { tempDir } from '../../../../tests/helpers/tmp'
import { runCli, type CliResult } from '../../../../tests/kits/cli/run'
import { CLEAN_GROUPS, detailRows, groupsTotal, mainDocument, packageBytes, pdf, summaryRows, xlsx } from '../../../../tests/kits/findings/builders'

const cli = (...args: string[]): CliResult => runCli(args)

interface Inspection {
  budget: { unit: string; lineCount: number; computedTotal: number; declaredTotal: number; sheetTotal: number | null }
  findings: { article: number | null; code: string; severity: string; message: string; refs: unknown[] }[]
}

describe('paneldesk package', () => {
  it('inspect --json prints one object with the budget summary (万元) and the findings', () => {
    const r = cli('package', 'inspect', MESSY_GBK, '--json')
    expect(r.code, r.err).toBe(0)
    const j = JSON.parse(r.out) as Inspection
    expect(j.budget.unit).toBe('元')
    expect(j.budget.lineCount).toBeGreaterThan(10)
    expect(j.budget.declaredTotal).toBeGreaterThan(0)
    // Amounts are in 万元 even though the sheet was in 元.
    expect(j.budget.computedTotal).toBeLessThan(10_000)
    expect(j.findings.length).toBeGreaterThan(3)
    for (const f of j.findings) {
      expect(f.article === null || Number.isInteger(f.article)).toBe(true)
      expect(['info', 'warning', 'error']).toContain(f.severity)
      expect(f.message).toMatch(/[\u4e00-\u9fff]/)
      expect(Array.isArray(f.refs)).toBe(true)
    }
    expect(j.findings.some((f) => f.article === null && f.code.startsWith('budget.'))).toBe(true)
    expect(j.findings.some((f) => f.article === 3)).toBe(true)
  })

  it('inspect prints a readable summary; a clean package has no warnings', () => {
    const r = cli('package', 'inspect', MESSY_MERGED)
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('三元区河长制智慧监管平台项目')
    expect(r.out).toMatch(/\[严重\] 第十一条/)
    const clean = JSON.parse(cli('package', 'inspect', CLEAN, '--json').out) as Inspection
    expect(clean.findings.filter((f) => f.severity !== 'info')).toEqual([])
  })

  it('a bad package exits 1 with a Chinese message naming the problem', () => {
    const r = cli('package', 'inspect', path.join(MALFORMED, 'zip-slip-entry.pdpkg'))
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/无法读取申报包：.*zip-slip-entry\.pdpkg/)
    const j = cli('package', 'inspect', path.join(MALFORMED, 'corrupt-pdf.pdpkg'), '--json')
    expect(j.code).toBe(1)
    expect(JSON.parse(j.out)).toMatchObject({ error: { code: 'pdf-corrupt' } })
    expect(cli('package', 'inspect').code).toBe(2)
    expect(cli('package', 'frobnicate').code).toBe(2)
  })

  it('build makes a .pdpkg from a folder that inspects the same as the folder', () => {
    const out = path.join(tempDir('cli-build'), '河长制.pdpkg')
    const folder = path.join(PACKAGES, 'messy-sanyuan-river-merged-header')
    const r = cli('package', 'build', folder, '-o', out)
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('已生成')
    expect(fs.readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK')
    const fromFile = JSON.parse(cli('package', 'inspect', out, '--json').out) as Inspection
    const fromFolder = JSON.parse(cli('package', 'inspect', folder, '--json').out) as Inspection
    expect(fromFile.budget).toEqual(fromFolder.budget)
    expect(fromFile.findings).toEqual(fromFolder.findings)
    expect(cli('package', 'build', folder).code).toBe(2)
    const missing = cli('package', 'build', path.join(PACKAGES, 'no-such-folder'), '-o', out)
    expect(missing.code).toBe(2)
  })

  it('inspect names every sheet of a budget workbook with its role, marking a hidden one', async () => {
    const file = path.join(tempDir('cli-sheets'), '多工作表.pdpkg')
    const budget = await xlsx([
      { name: '概算汇总表', rows: summaryRows(CLEAN_GROUPS) },
      { name: '概算明细表', rows: detailRows(CLEAN_GROUPS) },
      { name: '初稿', rows: detailRows(CLEAN_GROUPS), hidden: true }
    ])
    fs.writeFileSync(file, packageBytes({ name: '多工作表项目', declared: groupsTotal(CLEAN_GROUPS), main: { path: 'docs/可研.pdf', bytes: pdf(mainDocument()) }, budget: { path: 'budget.xlsx', bytes: budget } }))
    const r = cli('package', 'inspect', file)
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('工作表：概算汇总表（汇总，用于核对）；概算明细表（明细，已读取）；初稿（未读取，隐藏）')
    const j = JSON.parse(cli('package', 'inspect', file, '--json').out) as { budget: { sheets: { name: string; hidden: boolean; reason: string }[] } }
    expect(j.budget.sheets.find((s) => s.name === '初稿')).toMatchObject({ hidden: true, reason: expect.stringMatching(/（隐藏的工作表）$/) })
  })
})
