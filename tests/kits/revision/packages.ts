/**
 * A reviewed package and its 修改稿 for the 复核 tests (issue 12): the same project, where the revision cuts a price
 * and a quantity to the 核定 amounts, drops a line, renames one, moves one to another group, adds one, leaves one
 * above its 核定, edits the data lists and rewrites a chapter of the main document. Written as folders and .pdpkg.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { buildPackage } from '../../../electron/main/packages/buildPackage'
import { writePdf } from '../../../scripts/fixtures/pdfWriter'

type Cell = string | number | null
const csv = (rows: Cell[][]) => `\uFEFF${rows.map((r) => r.map((c) => (c === null ? '' : String(c))).join(',')).join('\r\n')}\r\n`
const HEADER: Cell[] = ['序号', '工程或费用名称', '单位', '数量', '单价（万元）', '金额（万元）', '备注']

export const REVIEWED_BUDGET: Cell[][] = [
  HEADER,
  ['一', '硬件购置', null, null, null, 76, null],
  [1, '应用服务器', '台', 2, 20, 40, null],
  [2, '存储设备', '套', 1, 30, 30, null],
  [3, '办公电脑', '台', 10, 0.6, 6, null],
  ['二', '应用软件开发', null, null, null, 135, null],
  [1, '统一受理门户', '人月', 20, 2.5, 50, null],
  [2, '工单管理系统', '人月', 24, 2.5, 60, null],
  [3, '知识库系统', '人月', 10, 2.5, 25, null],
  ['三', '系统集成', null, null, null, 10, null],
  [1, '接口对接', '项', 1, 10, 10, null],
  ['四', '等保测评', '项', 1, 8, 8, null],
  ['五', '预备费', '项', 1, 5, 5, null],
  ['合计', null, null, null, null, 234, null]
]

export const REVISED_BUDGET: Cell[][] = [
  HEADER,
  ['一', '硬件购置', null, null, null, 66, null],
  [1, '应用服务器', '台', 2, 18, 36, '按核定调整单价'],
  [2, '存储设备', '套', 1, 30, 30, null],
  ['二', '应用软件开发', null, null, null, 100, null],
  [1, '统一受理门户', '人月', 16, 2.5, 40, null],
  [2, '工单管理平台', '人月', 24, 2.5, 60, null],
  ['三', '系统集成', null, null, null, 35, null],
  [1, '接口对接', '项', 1, 10, 10, null],
  [2, '知识库系统', '人月', 10, 2.5, 25, null],
  ['四', '等保测评', '项', 1, 8, 8, null],
  ['五', '密码应用安全性评估', '项', 1, 6, 6, null],
  ['六', '预备费', '项', 1, 5, 5, null],
  ['合计', null, null, null, null, 220, null]
]

const NEEDS_HEADER: Cell[] = ['序号', '所需数据', '提供部门', '用途', '共享属性']
const REVIEWED_NEEDS: Cell[][] = [NEEDS_HEADER, [1, '企业登记信息', '市市场监督管理局', '核验诉求企业主体', '有条件共享'], [2, '人口基础信息', '市公安局', '核验来电人身份', '有条件共享']]
const REVISED_NEEDS: Cell[][] = [
  NEEDS_HEADER,
  [1, '企业登记信息', '市市场监督管理局', '核验诉求企业主体', '无条件共享'],
  [2, '社保参保信息', '市人社局', '核验来电人参保状态', '有条件共享']
]

const REVIEWED_PAGES = [
  ['第一章 项目概述', '一、建设依据', '《三明市市级政务信息化项目建设管理办法》。', '二、建设目标', '建成全市统一的政务服务便民热线受理平台。'],
  ['第二章 建设内容', '统一受理门户、工单管理、知识库。', '采购办公电脑10台。'],
  ['第三章 安全方案', '系统按网络安全等级保护第三级要求建设。'],
  ['第四章 投资概算', '项目总投资234万元。']
]
const REVISED_PAGES = [
  ['第一章 项目概述', '一、建设依据', '《三明市市级政务信息化项目建设管理办法》。', '二、建设目标', '建成全市统一的政务服务便民热线受理平台。'],
  ['第二章 建设内容', '统一受理门户、工单管理、知识库。'],
  ['第三章 安全方案', '系统按网络安全等级保护第三级要求建设。', '编制商用密码应用方案，同步开展密码应用安全性评估。'],
  ['第四章 投资概算', '项目总投资220万元。']
]

function manifest(declared: number, revises?: string, approvedEstimate?: number) {
  return {
    format: 'paneldesk.package/1',
    project: { name: '三明市12345热线平台升级项目', code: 'SM-2026-012', ownerUnit: '三明市政务服务中心', declaredInvestment: declared, ...(approvedEstimate ? { approvedEstimate } : {}) },
    documents: [{ path: 'docs/可研暨初设方案.pdf', title: '可研暨初设方案', role: 'main' }],
    budget: 'budget.csv',
    dataNeeds: 'data-needs.csv',
    ...(revises ? { revises } : {})
  }
}

/** The 建设单位's 修改说明 as a table: two problems by number, the suggestion by what it quotes (no number). */
export const RESPONSES: Cell[][] = [
  ['序号', '类别', '专家意见', '修改情况'],
  [1, '主要问题', '办公电脑不属于申报范畴', '已删除办公电脑10台，核减6万元。'],
  [2, '主要问题', '知识库系统工作量偏高', '经复核工作量合理，维持原方案。'],
  [null, null, '补充密码应用方案及密评费用', '已在第三章补充密码应用方案，并列入密评费6万元。']
]

function writeFolder(dir: string, m: object, budget: Cell[][], needs: Cell[][], pages: string[][], responses?: Cell[][]): void {
  if (responses) {
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, '修改说明.csv'), csv(responses))
  }
  fs.mkdirSync(path.join(dir, 'docs'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m, null, 2))
  fs.writeFileSync(path.join(dir, 'budget.csv'), csv(budget))
  fs.writeFileSync(path.join(dir, 'data-needs.csv'), csv(needs))
  fs.writeFileSync(path.join(dir, 'docs', '可研暨初设方案.pdf'), writePdf({ title: '可研暨初设方案', pages }))
}

export interface RevisionPair {
  reviewed: string
  revision: string
  reviewedSha256: string
  revisionSha256: string
}

/** Writes 送审稿.pdpkg and 修改稿.pdpkg (the 修改稿 naming the 送审稿's digest unless `revises` is given) into `dir`. */
/** `approvedEstimate`: the 修改稿's manifest names the approved 概算 (万元), as an adjusted budget does (第十一条). */
export async function writeRevisionPair(
  dir: string,
  options: { revises?: string | null; revisedDeclared?: number; approvedEstimate?: number; responses?: Cell[][] | null } = {}
): Promise<RevisionPair> {
  const reviewedDir = path.join(dir, 'reviewed')
  writeFolder(reviewedDir, manifest(234), REVIEWED_BUDGET, REVIEWED_NEEDS, REVIEWED_PAGES)
  const reviewedBytes = await buildPackage(reviewedDir)
  const reviewed = path.join(dir, '送审稿.pdpkg')
  fs.writeFileSync(reviewed, reviewedBytes)
  const reviewedSha256 = createHash('sha256').update(reviewedBytes).digest('hex')
  const revises = options.revises === null ? undefined : (options.revises ?? reviewedSha256)
  const revisionDir = path.join(dir, 'revision')
  writeFolder(revisionDir, manifest(options.revisedDeclared ?? 220, revises, options.approvedEstimate), REVISED_BUDGET, REVISED_NEEDS, REVISED_PAGES, options.responses === null ? undefined : (options.responses ?? RESPONSES))
  const revisionBytes = await buildPackage(revisionDir)
  const revision = path.join(dir, '修改稿.pdpkg')
  fs.writeFileSync(revision, revisionBytes)
  return { reviewed, revision, reviewedSha256, revisionSha256: createHash('sha256').update(revisionBytes).digest('hex') }
}
