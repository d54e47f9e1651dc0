/** A package whose budget workbook has 编制说明, 概算汇总表 and 概算明细表 (issue 14 item 1: which sheet is read). */
import { CLEAN_GROUPS, detailRows, groupsTotal, mainDocument, packageBytes, pdf, summaryRows, xlsx } from './builders'

export const WORKBOOK_PROJECT = '三明市统一受理平台项目'

export async function workbookPackage(): Promise<Uint8Array> {
  return packageBytes({
    name: WORKBOOK_PROJECT,
    declared: groupsTotal(CLEAN_GROUPS),
    main: { path: 'docs/可研暨初设方案.pdf', bytes: pdf(mainDocument()) },
    budget: {
      path: 'budget.xlsx',
      bytes: await xlsx([
        { name: '编制说明', rows: [['编制说明'], ['1. 本概算依据三明市有关标准编制。']] },
        { name: '概算汇总表', rows: summaryRows(CLEAN_GROUPS) },
        { name: '概算明细表', rows: detailRows(CLEAN_GROUPS) }
      ])
    }
  })
}
