import { describe, expect, it } from 'vitest'
import { runComplianceRules } from './engine'
import { CLEAN_BUDGET_ROWS, cleanDocuments, contentFromRows, rowIndexOf, withRow } from './testing'
import type { ContentDocument } from './types'

const scan: ContentDocument = { path: 'docs/可研暨初设方案.pdf', title: '可研暨初设方案', role: 'main', pages: ['', '  ', '3'], paged: true }
const attachment: ContentDocument = { path: 'docs/附件1.docx', title: '附件1 专家意见', role: 'attachment', pages: ['附件：关于项目的情况说明，共三页。'], paged: false }
/** The budget without its data-sharing line, so that only the documents could show data sharing. */
const noSharingRows = withRow(rowIndexOf('数据共享接口开发'), [2, '工单管理模块开发', '人月', 20, 2, 40, null])

describe('scanned documents', () => {
  it('a scanned main document next to a text attachment: says it is a scan, reports nothing "missing", no 第十二条 veto', () => {
    const findings = runComplianceRules(contentFromRows(noSharingRows, { documents: [scan, attachment] }))
    expect(findings.map((f) => f.code)).toEqual(['art7.no-text'])
    expect(findings[0]?.message).toContain('扫描件')
    expect(findings[0]?.refs).toEqual([{ kind: 'document', documentPath: scan.path }])
    expect(findings.some((f) => f.veto)).toBe(false)
  })

  it('a scanned attachment next to a readable main document: judged on the main document, the scan named', () => {
    const findings = runComplianceRules(contentFromRows(CLEAN_BUDGET_ROWS, { documents: [...cleanDocuments(), { ...scan, path: 'docs/附件2.pdf', title: '附件2', role: 'attachment' }] }))
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['art7.no-text', 'info']])
    expect(findings[0]?.message).toContain('附件“附件2”是扫描件')
  })
})
