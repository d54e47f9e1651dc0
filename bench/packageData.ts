/**
 * Synthetic, realistic-looking proposal packages for the benches: a budget of N lines (一、 sections, 1 groups,
 * 1.1 items, 小计 rows, a 合计 row; arithmetic consistent), a PDF of P pages of Chinese text, and the two lists.
 */
import { zipFiles } from '../electron/main/packages'
import { writePdf } from '../scripts/fixtures/pdfWriter'
import { writeXlsx, type FixtureCell } from '../scripts/fixtures/xlsxWriter'

const SECTIONS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
const ITEMS = [
  ['政务云计算资源租赁', '8核/32G', '台·年'],
  ['统一身份认证对接开发', '功能点', '人月'],
  ['数据治理服务', '清洗、比对', '人月'],
  ['等级保护测评', '第三级', '项'],
  ['商用密码应用安全性评估', 'GB/T 39786', '项'],
  ['工程监理', '全过程', '项'],
  ['国产数据库软件授权', '企业版', '套'],
  ['业务流程建模开发', '功能点', '人月'],
  ['接口与数据共享交换开发', '标准接口', '个'],
  ['用户培训', '分批次', '期']
] as const

const utf8 = (s: string) => new TextEncoder().encode(s)

/** Budget rows with `lines` cost lines (plus group, 小计 and 合计 rows); returns rows and the total in 万元. */
export function budgetRows(lines: number, itemsPerGroup = 50): { rows: (string | number | null)[][]; total: number } {
  const rows: (string | number | null)[][] = [
    ['某市政务信息化项目投资概算表', null, null, null, null, null, null, null],
    [null, null, null, null, null, null, null, '单位：万元'],
    ['序号', '工程或费用名称', '规格（技术参数）', '单位', '数量', '单价', '金额', '备注']
  ]
  const groups = Math.max(1, Math.ceil(lines / itemsPerGroup))
  const groupsPerSection = Math.max(1, Math.ceil(groups / SECTIONS.length))
  let made = 0
  let total = 0
  for (let s = 0; s < SECTIONS.length && made < lines; s++) {
    let sectionSum = 0
    rows.push([`${SECTIONS[s]}、`, `第${SECTIONS[s]}部分建设内容`, null, null, null, null, null, null])
    for (let g = 0; g < groupsPerSection && made < lines; g++) {
      const gNo = s * groupsPerSection + g + 1
      rows.push([String(gNo), `子系统${gNo}`, null, null, null, null, null, null])
      let groupSum = 0
      for (let i = 1; i <= itemsPerGroup && made < lines; i++, made++) {
        const [name, spec, unit] = ITEMS[made % ITEMS.length] as readonly [string, string, string]
        const qty = 1 + (made % 7)
        const price = Math.round((0.5 + ((made * 37) % 100) / 10) * 100) / 100
        const amount = Math.round(qty * price * 100) / 100
        groupSum += amount
        rows.push([`${gNo}.${i}`, `${name}（${gNo}-${i}）`, spec, unit, qty, price, amount, null])
      }
      groupSum = Math.round(groupSum * 100) / 100
      rows.push([null, '小计', null, null, null, null, groupSum, null])
      sectionSum += groupSum
    }
    total += Math.round(sectionSum * 100) / 100
  }
  total = Math.round(total * 100) / 100
  rows.push([null, '合计', null, null, null, null, total, null])
  return { rows, total }
}

export function budgetCsv(lines: number): { bytes: Uint8Array; total: number } {
  const { rows, total } = budgetRows(lines)
  const text = rows.map((r) => r.map((c) => (c === null ? '' : String(c))).join(',')).join('\r\n') + '\r\n'
  return { bytes: utf8(text), total }
}

export async function budgetXlsx(lines: number): Promise<{ bytes: Uint8Array; total: number }> {
  const { rows, total } = budgetRows(lines)
  return { bytes: await writeXlsx([{ name: '投资概算', rows: rows as FixtureCell[][] }]), total }
}

/** Lines of a 可研 the bench documents repeat. */
export const DOCUMENT_LINES = [
  '一、建设依据：《三明市市级政务信息化项目建设管理办法》。',
  '二、建设目标：依托市政务云，建设统一的业务协同平台。',
  '三、使用对象：市、县两级业务部门工作人员。',
  '四、业务流程：受理、审核、办结、归档，全流程留痕。',
  '五、建设内容：统一身份认证、数据共享交换、业务流程建模。',
  '六、安全可靠：按等级保护第三级建设，编制密码应用方案。',
  '七、数据资源：拟生成数据目录，编制数据需求清单。'
]

export function documentPdf(pages: number): Uint8Array {
  const TEXT = DOCUMENT_LINES
  return writePdf({
    title: '可研暨初设方案',
    pages: Array.from({ length: pages }, (_, p) => Array.from({ length: 36 }, (_, l) => `第${p + 1}页 ${TEXT[(p + l) % TEXT.length]}`))
  })
}

/** A whole .pdpkg: a `pages`-page PDF (the bench's own, or the one given), a `lines`-line budget (.xlsx), the two lists. */
export async function syntheticPackage(lines: number, pages: number, pdf: Uint8Array = documentPdf(pages)): Promise<Uint8Array> {
  const budget = await budgetXlsx(lines)
  const files = new Map<string, Uint8Array>()
  files.set(
    'manifest.json',
    utf8(
      JSON.stringify({
        format: 'paneldesk.package/1',
        project: { name: `基准测试项目（${lines}行概算）`, ownerUnit: '某市数据管理局', declaredInvestment: budget.total },
        documents: [{ path: 'docs/可研暨初设方案.pdf', title: '可研暨初设方案', role: 'main' }],
        budget: 'budget.xlsx',
        dataCatalog: 'data-catalog.csv',
        dataNeeds: 'data-needs.csv'
      })
    )
  )
  files.set('docs/可研暨初设方案.pdf', pdf)
  files.set('budget.xlsx', budget.bytes)
  files.set('data-catalog.csv', utf8('序号,数据名称,数据项,共享属性,更新周期\r\n1,办件信息,办件编号;事项名称,有条件共享,实时\r\n'))
  files.set('data-needs.csv', utf8('序号,所需数据,提供部门,用途\r\n1,人口基础信息,市公安局,身份核验\r\n'))
  return new Uint8Array(zipFiles(files))
}
