/** Builders of package content for rule tests: a clean, well-made package and ways to spoil it. */
import { checkBudgetArithmetic } from '../budget/arithmetic'
import { parseBudgetSheet } from '../budget/parseBudget'
import type { CellValue } from '../budget/types'
import type { ContentDocument, PackageContent } from './types'

export const CLEAN_BUDGET_ROWS: CellValue[][] = [
  ['三明市12345政务服务便民热线平台升级项目投资概算表'],
  [null, null, null, null, null, '单位：万元'],
  ['序号', '工程或费用名称', '单位', '数量', '单价', '金额', '备注'],
  ['一', '云资源租赁', null, null, null, 50, null],
  [1, '政务云计算资源租赁（3年）', '项', 1, 40, 40, null],
  [2, '政务云存储资源租赁（3年）', '项', 1, 10, 10, null],
  ['二', '软件购置', null, null, null, 40, null],
  [1, '国产数据库软件授权', '套', 2, 15, 30, null],
  [2, '国产中间件授权', '套', 2, 5, 10, null],
  ['三', '应用软件开发', null, null, null, 100, null],
  [1, '统一受理门户开发', '人月', 30, 2, 60, null],
  [2, '数据共享接口开发', '人月', 20, 2, 40, null],
  ['四', '安全与密码', null, null, null, 45, null],
  [1, '应用安全防护服务', '项', 1, 20, 20, null],
  [2, '商用密码服务（签名验签）', '项', 1, 25, 25, null],
  ['五', '系统集成费', '项', 1, 3, 3, null],
  ['六', '工程建设其他费用', null, null, null, 35, null],
  [1, '工程监理费', '项', 1, 8, 8, null],
  [2, '等保测评费', '项', 1, 6, 6, null],
  [3, '密码应用安全性评估费', '项', 1, 6, 6, null],
  [4, '第三方软件测试费', '项', 1, 8, 8, null],
  [5, '可研编制费', '项', 1, 5, 5, null],
  [6, '培训费', '项', 1, 2, 2, null],
  ['七', '预备费', '项', 1, 13, 13, null],
  ['合计', null, null, null, null, 286, null]
]

export const CLEAN_MAIN_DOCUMENT_PAGES: string[] = [
  '第一章 项目概述\n一、建设依据\n《三明市市级政务信息化项目建设管理办法》。\n二、建设目标\n建成统一受理平台。',
  '第二章 需求分析\n使用对象：市直各部门话务员、群众。\n业务流程：受理、派单、办理、回访。',
  '第三章 建设内容\n功能应用：统一受理门户、工单管理。\n依托三明市政务云部署，通过数据共享接口接入市公共数据汇聚共享平台。',
  '第四章 安全可靠情况\n系统按网络安全等级保护第三级建设，编制商用密码应用方案，采用国密算法。',
  '第五章 数据资源开发利用\n数据目录与数据需求清单见附表。\n第六章 投资概算\n项目总投资286万元。'
]

export function cleanDocuments(pages: string[] = CLEAN_MAIN_DOCUMENT_PAGES): ContentDocument[] {
  return [{ path: 'docs/可研暨初设方案.pdf', title: '可研暨初设方案', role: 'main', pages, paged: true }]
}

export function contentFromRows(
  rows: CellValue[][],
  overrides: Partial<Omit<PackageContent, 'budget'>> & { declaredInvestment?: number; approvedEstimate?: number | null } = {}
): PackageContent {
  const parsed = parseBudgetSheet({ name: '概算表', rows })
  if (!parsed.ok) throw new Error(parsed.error.message)
  const declared = overrides.declaredInvestment ?? 286
  const budget = parsed.budget
  return {
    project: {
      name: '三明市12345政务服务便民热线平台升级项目',
      ownerUnit: '三明市政务服务中心',
      declaredInvestment: declared,
      approvedEstimate: overrides.approvedEstimate ?? null,
      ...overrides.project
    },
    budget: {
      path: 'budget.xlsx',
      unit: budget.unit.unit,
      lines: budget.lines,
      computedTotal: budget.computedTotal,
      sheetTotal: budget.sheetTotal,
      totalLineId: budget.totalLineId,
      arithmetic: checkBudgetArithmetic(budget, declared)
    },
    dataCatalog: overrides.dataCatalog ?? { present: true, path: 'data-catalog.xlsx', rowCount: 3, missingColumns: [] },
    dataNeeds: overrides.dataNeeds ?? { present: true, path: 'data-needs.csv', rowCount: 2, missingColumns: [] },
    documents: overrides.documents ?? cleanDocuments()
  }
}

export function cleanContent(): PackageContent {
  return contentFromRows(CLEAN_BUDGET_ROWS)
}

/** The clean rows with one row replaced (by its 0-based index) or rows inserted before an index. */
export function withRow(index: number, row: CellValue[], insert = false): CellValue[][] {
  const rows = CLEAN_BUDGET_ROWS.map((r) => [...r])
  rows.splice(index, insert ? 0 : 1, row)
  return rows
}

export function rowIndexOf(name: string): number {
  const index = CLEAN_BUDGET_ROWS.findIndex((r) => r[1] === name)
  if (index < 0) throw new Error(`no row ${name}`)
  return index
}
