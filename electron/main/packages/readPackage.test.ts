import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readPackage, sha256Hex, type ReadProgress } from './readPackage'
import { inspectPackage } from './summary'
import { PACKAGES_DIR } from '../../../tests/kits/packages/paths'

const CLEAN = path.join(PACKAGES_DIR, 'clean-sanming-12345-hotline.pdpkg')
const EMERGENCY = path.join(PACKAGES_DIR, 'messy-mingxi-emergency-yuan-gbk.pdpkg')
const RIVER = path.join(PACKAGES_DIR, 'messy-sanyuan-river-merged-header.pdpkg')

describe('readPackage on the clean fixture', () => {
  it('reads everything and finds nothing to warn about', async () => {
    const progress: ReadProgress[] = []
    const parsed = await readPackage(CLEAN, { onProgress: (p) => progress.push(p) })
    expect(parsed.findings).toEqual([])
    expect(parsed.manifest.project).toMatchObject({ name: '三明市12345政务服务便民热线平台升级项目', declaredInvestment: 286 })
    // unknown fields are kept
    expect((parsed.manifest as Record<string, unknown>).x_preparedWith).toBe('PanelDesk fixtures')
    expect(parsed.budget).toMatchObject({ format: 'xlsx', sourceUnit: '万元' })
    expect(parsed.budget.parsed.computedTotal).toBeCloseTo(286, 6)
    expect(parsed.budget.parsed.sheetTotal).toBe(286)
    expect(parsed.budget.parsed.notes[0]).toContain('政务云服务目录')
    expect(parsed.dataCatalog?.list.rows).toHaveLength(3)
    expect(parsed.dataNeeds).toMatchObject({ format: 'csv', encoding: 'utf-8' })
    expect(parsed.dataNeeds?.list.rows[1]?.values.provider).toBe('市公安局')
    const doc = parsed.documents[0]
    expect(doc).toMatchObject({ format: 'pdf', pageCount: 5, role: 'main' })
    expect(doc?.pages[3]).toContain('等级保护第三级')
    expect(progress.map((p) => p.stage)).toEqual(expect.arrayContaining(['open', 'manifest', 'budget', 'dataLists', 'documents', 'rules', 'done']))
    expect(progress.at(-1)?.stage).toBe('done')
  })

  it('hashes every file and the archive itself', async () => {
    const parsed = await readPackage(CLEAN)
    const archive = await readFile(CLEAN)
    expect(parsed.source).toMatchObject({ kind: 'archive', size: archive.byteLength, sha256: sha256Hex(archive) })
    expect(parsed.files.map((f) => f.path)).toEqual(['budget.xlsx', 'data-catalog.xlsx', 'data-needs.csv', 'docs/可研暨初设方案.pdf', 'manifest.json'])
    const pdf = await readFile(path.join(PACKAGES_DIR, 'clean-sanming-12345-hotline', 'docs', '可研暨初设方案.pdf'))
    expect(parsed.files.find((f) => f.path.endsWith('.pdf'))).toMatchObject({ size: pdf.byteLength, sha256: sha256Hex(pdf) })
  })

  it('gives the same result from the folder, the file and the bytes, and writes nothing', async () => {
    const listing = async () => (await readdir(PACKAGES_DIR, { recursive: true })).sort()
    const before = await listing()
    const fromFile = await readPackage(CLEAN)
    const fromFolder = await readPackage(path.join(PACKAGES_DIR, 'clean-sanming-12345-hotline'))
    const fromBytes = await readPackage(new Uint8Array(await readFile(CLEAN)))
    expect(fromFolder.source.kind).toBe('folder')
    for (const other of [fromFolder, fromBytes]) {
      expect(other.findings).toEqual(fromFile.findings)
      expect(other.files.map((f) => [f.path, f.sha256])).toEqual(fromFile.files.map((f) => [f.path, f.sha256]))
      expect(other.budget.parsed.lines).toEqual(fromFile.budget.parsed.lines)
    }
    expect(await listing()).toEqual(before)
  })
})

describe('readPackage on messy fixtures', () => {
  it('reads a GBK CSV budget in 元 and reports its errors, exclusions and gaps', async () => {
    const parsed = await readPackage(EMERGENCY)
    expect(parsed.budget).toMatchObject({ format: 'csv', encoding: 'gb18030', sourceUnit: '元' })
    const server = parsed.budget.parsed.lines.find((l) => l.name === '机架式服务器')
    expect(server).toMatchObject({ quantity: 2, unitPrice: 15, amount: 32, category: '硬件购置', level: 1 })
    expect(parsed.documents[0]).toMatchObject({ format: 'docx', pageCount: null })
    const codes = parsed.findings.map((f) => f.code)
    expect(new Set(codes)).toEqual(
      new Set([
        'art3.office-equipment',
        'art3.building-intelligence',
        'art7.missing-element',
        'art7.no-data-needs',
        'art11.adjustment-needs-consent',
        'art12.self-built-infrastructure',
        'art14.no-supervision-cost',
        'art22.no-crypto-plan',
        'art15.no-crypto-assessment-cost',
        'budget.line-product-mismatch',
        'budget.subtotal-mismatch',
        'budget.total-mismatch'
      ])
    )
    const product = parsed.findings.find((f) => f.code === 'budget.line-product-mismatch')
    expect(product?.message).toContain('30.00万元')
    expect(product?.refs).toEqual([{ kind: 'budgetLine', lineId: server?.id }])
    const inspection = inspectPackage(parsed)
    expect(inspection.budget).toEqual({
      path: '概算表.csv',
      unit: '元',
      sheet: '概算表.csv',
      sheets: [
        {
          name: '概算表.csv',
          role: 'detail',
          read: true,
          lineCount: parsed.budget.parsed.lines.length,
          total: 309.4,
          totalFen: 309_400_000,
          hidden: false,
          reason: '表名未标明用途，取明细行最多的概算表作为评审依据'
        }
      ],
      lineCount: parsed.budget.parsed.lines.length,
      // Exact decimals (integer 分 underneath), not closeTo.
      computedTotal: 319.4,
      sheetTotal: 309.4,
      declaredTotal: 309.4
    })
    expect(JSON.parse(JSON.stringify(inspection)).findings[0]).toMatchObject({ article: 3, code: 'art3.office-equipment' })
  })

  it('reads a merged header with 单价（元） beside 合价（万元）, skipping a notes sheet', async () => {
    const parsed = await readPackage(RIVER)
    expect(parsed.budget.parsed.sheetName).toBe('投资概算表')
    const cloud = parsed.budget.parsed.lines.find((l) => l.name === '政务云资源租赁')
    expect(cloud).toMatchObject({ unitPrice: 30, amount: 30, category: '云资源租赁' })
    expect(parsed.dataCatalog).toMatchObject({ encoding: 'gb18030' })
    expect(parsed.dataCatalog?.list.missingColumns).toEqual(['更新周期'])
    expect(parsed.documents.map((d) => d.format)).toEqual(['pdf', 'other'])
    const codes = parsed.findings.map((f) => f.code)
    expect(codes).toEqual(
      expect.arrayContaining([
        'art3.professional-equipment',
        'art7.data-catalog-columns',
        'art11.adjustment-needs-reapproval',
        'art22.no-mlps-grade',
        'art15.no-crypto-assessment-cost',
        'art15.no-third-party-test-cost',
        'budget.subtotal-mismatch',
        'budget.total-mismatch',
        'fee.contingency-rate',
        'fee.integration-rate'
      ])
    )
    expect(codes).not.toContain('art14.no-supervision-cost')
    expect(codes).not.toContain('art12.no-sharing-interface')
    const pdfRef = parsed.findings.find((f) => f.code === 'art22.no-mlps-grade')?.refs[0]
    expect(pdfRef).toEqual({ kind: 'document', documentPath: 'docs/可研暨初设方案.pdf' })
  })
})

describe('readPackage with limits', () => {
  it('applies the inflated-size limit to ordinary packages too', async () => {
    await expect(readPackage(CLEAN, { limits: { maxTotalBytes: 10_000 } })).rejects.toMatchObject({ code: 'archive-too-large' })
    await expect(readPackage(CLEAN, { limits: { maxEntries: 3 } })).rejects.toMatchObject({ code: 'archive-too-many-entries' })
  })

  it('reports a missing input path clearly', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pd-'))
    try {
      await expect(readPackage(path.join(dir, 'nope.pdpkg'))).rejects.toMatchObject({ code: 'not-found' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
