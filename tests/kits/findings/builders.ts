/** Builders for the findings corpus: budgets as Fujian municipal 可研 budgets look, and main documents in natural wording. */
import iconv from 'iconv-lite'
import { zipFiles } from '../../../electron/main/packages'
import { writeDocx } from '../../../scripts/fixtures/docxWriter'
import { writePdf } from '../../../scripts/fixtures/pdfWriter'
import { writeXlsx, type FixtureCell, type FixtureSheet } from '../../../scripts/fixtures/xlsxWriter'

/** [name, unit, quantity, unit price in 万元] — amounts are computed in 分, so the sheet itself is exact. */
export type Item = [name: string, unit: string, quantity: number, price: number]
export interface Group {
  no: string
  name: string
  items: (Item | { memo: Item[]; item: Item })[]
}

const fen = (wan: number) => Math.round(wan * 1_000_000)
const wan = (f: number) => f / 1_000_000

export const CLEAN_GROUPS: Group[] = [
  {
    no: '一',
    name: '工程费用',
    items: [
      ['统一受理平台开发', '人月', 40, 2.2],
      ['数据共享交换接口开发', '人月', 15, 2.2],
      ['国产数据库软件', '套', 2, 12],
      ['国产中间件', '套', 2, 4],
      ['下一代防火墙', '台', 2, 9],
      ['服务器密码机', '台', 1, 16],
      ['系统集成费', '项', 1, 3.5],
      ['政务云资源租赁（建设期1年）', '项', 1, 20]
    ]
  },
  {
    no: '二',
    name: '工程建设其他费用',
    items: [
      ['工程监理费', '项', 1, 6],
      ['等保测评费', '项', 1, 5],
      ['密码应用安全性评估费', '项', 1, 5],
      ['第三方软件测评费', '项', 1, 4],
      ['可研编制费', '项', 1, 3],
      ['培训费', '项', 1, 1.5]
    ]
  },
  { no: '三', name: '预备费', items: [['预备费', '项', 1, 11]] }
]

export function itemFen([, , q, p]: Item): number {
  return Math.round(q * fen(p))
}

export function groupsTotal(groups: readonly Group[]): number {
  return wan(groups.reduce((s, g) => s + groupFen(g), 0))
}

function groupFen(g: Group): number {
  return g.items.reduce((s, it) => s + itemFen(Array.isArray(it) ? it : it.item), 0)
}

export interface BudgetStyle {
  /** 元 instead of 万元 (the unit row says so). */
  yuan?: boolean
  /** A two-row merged header: 投资概算 over 单价 / 金额. */
  mergedHeader?: boolean
  /** Amounts written as text with thousands separators. */
  textAmounts?: boolean
  /** Overrides of the sheet's 合计 (万元). */
  total?: number
}

/** A detail sheet: title, unit row, header, groups with 一、 numbering and items 1, 2, 3, a 合计 row. */
export function detailRows(groups: readonly Group[], style: BudgetStyle = {}): FixtureCell[][] {
  const scale = style.yuan ? 10_000 : 1
  const money = (f: number): FixtureCell => {
    const v = Math.round(wan(f) * scale * 100) / 100
    return style.textAmounts ? v.toLocaleString('en-US', { minimumFractionDigits: 2 }) : v
  }
  const rows: FixtureCell[][] = [['某项目投资概算明细表'], [null, null, null, null, null, style.yuan ? '单位：元' : '单位：万元']]
  if (style.mergedHeader) rows.push(['序号', '工程或费用名称', '单位', '数量', '投资概算', null], [null, null, null, null, '单价', '合价'])
  else rows.push(['序号', '工程或费用名称', '单位', '数量', '单价', '金额'])
  for (const g of groups) {
    rows.push([g.no, g.name, null, null, null, money(groupFen(g))])
    g.items.forEach((it, i) => {
      const item = Array.isArray(it) ? it : it.item
      rows.push([i + 1, item[0], item[1], item[2], money(fen(item[3])), money(itemFen(item))])
      if (!Array.isArray(it)) it.memo.forEach((m, j) => rows.push([null, `${j === 0 ? '其中：' : ''}${m[0]}`, m[1], m[2], money(fen(m[3])), money(itemFen(m))]))
    })
  }
  rows.push(['合计', null, null, null, null, style.total !== undefined ? style.total * scale : money(groups.reduce((s, g) => s + groupFen(g), 0))])
  return rows
}

export function summaryRows(groups: readonly Group[], overrides: Record<string, number> = {}): FixtureCell[][] {
  const rows: FixtureCell[][] = [['概算汇总表'], ['序号', '工程或费用名称', '金额（万元）', '备注']]
  let total = 0
  for (const g of groups) {
    const v = overrides[g.name] ?? wan(groupFen(g))
    total += fen(v)
    rows.push([g.no, g.name, v, null])
  }
  rows.push(['合计', null, overrides['合计'] ?? wan(total), null])
  return rows
}

export function xlsx(sheets: FixtureSheet[]): Promise<Uint8Array> {
  return writeXlsx(sheets)
}

export function gbkCsv(rows: FixtureCell[][]): Uint8Array {
  const cell = (c: FixtureCell) => {
    const t = c === null ? '' : typeof c === 'object' ? String(c.result ?? '') : String(c)
    return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t
  }
  return new Uint8Array(iconv.encode(rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n', 'gbk'))
}

export interface DocOptions {
  crypto?: 'plan' | 'article-words' | 'negated' | 'none'
  grade?: 'plain' | 'split' | 'phrased' | 'none'
  sharing?: boolean
}

/** A main document's pages (lines), in the words such documents use. */
export function mainDocument(o: DocOptions = {}): string[][] {
  const crypto = {
    plan: '编制商用密码应用方案，采用国产密码算法保护身份鉴别和重要数据传输。',
    'article-words': '按照同步规划、同步建设、同步运行密码保障系统的要求，',
    negated: '本项目暂不开展密码应用方案编制。',
    none: ''
  }[o.crypto ?? 'plan']
  const grade = {
    plain: ['系统按网络安全等级保护第三级要求建设。'],
    split: ['本系统安全保护等级拟定为第', '三级，落实等保2.0要求。'],
    phrased: ['按等保三级要求建设安全防护体系。'],
    none: ['系统安全防护按有关规定建设。']
  }[o.grade ?? 'split']
  const sharing = o.sharing === false ? ['业务数据在本系统内部管理。'] : ['通过市公共数据汇聚共享平台实现数据共享交换。']
  return [
    ['第一章 项目概况', '一、编制依据', '《三明市市级政务信息化项目建设管理办法》《数字三明建设规划》。', '二、建设目标', '建成覆盖市县两级的统一受理平台。'],
    ['第二章 需求分析', '系统用户：市直部门窗口人员及办事群众。', '业务流程：受理、分办、办理、办结、评价。'],
    ['第三章 建设方案', '三、建设内容', '系统功能包括统一受理、工单流转、统计分析。', '依托三明市政务云部署。', ...sharing],
    ['第四章 安全可靠情况', ...grade, crypto || '系统安全按有关规定设计。'],
    ['第五章 数据资源开发利用', '项目预计生成的数据目录和数据需求清单见附表。', '第六章 投资概算', '项目总投资详见概算表。']
  ]
}

export const pdf = (pages: string[][]): Uint8Array => writePdf({ title: '可研暨初设方案', pages })
export const docx = (pages: string[][]): Uint8Array => writeDocx(pages.flat().map((text) => ({ text })))
/** An image-only PDF: pages without any text. */
export const scannedPdf = (n: number): Uint8Array => writePdf({ title: '扫描件', pages: Array.from({ length: n }, () => []) })

const utf8 = (t: string) => new TextEncoder().encode(t)
export const CATALOG = utf8('序号,数据名称,数据项,共享属性,更新周期\r\n1,办件信息,办件编号;事项名称,有条件共享,实时\r\n')
export const NEEDS = utf8('序号,所需数据,提供部门,用途\r\n1,人口基础信息,市公安局,身份核验\r\n')

export interface PackageSpec {
  name: string
  declared: number
  approved?: number
  main: { path: string; bytes: Uint8Array }
  attachments?: { path: string; bytes: Uint8Array }[]
  budget: { path: string; bytes: Uint8Array }
}

export function packageBytes(s: PackageSpec): Uint8Array {
  const files = new Map<string, Uint8Array>()
  const documents = [{ path: s.main.path, title: '可研暨初设方案', role: 'main' }, ...(s.attachments ?? []).map((a) => ({ path: a.path, title: a.path.replace(/^.*\//, '').replace(/\.\w+$/, ''), role: 'attachment' }))]
  const project = { name: s.name, ownerUnit: '三明市某局', declaredInvestment: s.declared, ...(s.approved ? { approvedEstimate: s.approved } : {}) }
  files.set('manifest.json', utf8(JSON.stringify({ format: 'paneldesk.package/1', project, documents, budget: s.budget.path, dataCatalog: 'data-catalog.csv', dataNeeds: 'data-needs.csv' })))
  files.set(s.main.path, s.main.bytes)
  for (const a of s.attachments ?? []) files.set(a.path, a.bytes)
  files.set(s.budget.path, s.budget.bytes)
  files.set('data-catalog.csv', CATALOG)
  files.set('data-needs.csv', NEEDS)
  return new Uint8Array(zipFiles(files))
}
