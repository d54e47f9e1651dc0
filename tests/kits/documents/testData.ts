/**
 * Realistic signed fixtures for tests, previews and the bench: the default rubric (DOMAIN.md), a project
 * with a budget, N experts with deterministic SM2 keys, their signed sheets, and a panel opinion signed by
 * the 组长.
 */
import { createHash } from 'node:crypto'
import type { SignedPayload } from '../../../shared/signing/types'
import type { RubricDefinition } from '../../../shared/domain/rubric'
import { parseRubric } from '../../../shared/domain/rubric'
import type { Conclusion } from '../../../shared/domain/conclusion'
import type { CitedText, CutReason, SheetContent } from '../../../shared/domain/sheet'
import type { BudgetLineFact } from '../../../shared/signing/envelope'
import { buildSheetPayload, signPayload } from '../../../shared/signing/envelope'
import { publicKeyFingerprint, publicKeyFromPrivateKey, sm3Hex } from '../../../shared/signing/sm'
import type { PanelOpinionDocInput } from '../../../electron/main/documents/model'
import { panelInputFromSheets } from '../../../electron/main/documents/model'

/** The meeting's 组织单位 in the fixtures (the seeded database uses the same). */
export const FIXTURE_ORGANISER = '三明市发展和改革委员会'
import { drawSignaturePng } from '../../../electron/main/documents/signatureImage'

export const DEFAULT_RUBRIC: RubricDefinition = parseRubric({
  id: 'sanming-2026',
  version: 1,
  name: '三明市政务信息化项目评审评分细则（2026版）',
  totalPoints: 100,
  conclusion: { passAt: 80, reviseAt: 60 },
  dimensions: [
    {
      id: 'tech', name: '技术方案', article: 8, points: 30,
      items: [
        { id: 'tech.req', name: '需求分析与业务流程', points: 8 },
        { id: 'tech.arch', name: '总体架构与技术路线（依托政务云、复用共性平台）', points: 10 },
        { id: 'tech.scope', name: '建设内容与功能匹配、无重复建设', points: 8 },
        { id: 'tech.xc', name: '信创适配', points: 4, naAllowed: true }
      ]
    },
    {
      id: 'security', name: '安全方案', article: 8, points: 20,
      items: [
        { id: 'sec.djbh', name: '等级保护定级与措施', points: 8 },
        { id: 'sec.crypto', name: '密码应用方案（GB/T 39786）', points: 7 },
        { id: 'sec.data', name: '数据与个人信息安全', points: 5 }
      ]
    },
    {
      id: 'standards', name: '标准规范', article: 8, points: 10,
      items: [
        { id: 'std.refs', name: '引用国标/行标/地标', points: 5 },
        { id: 'std.iface', name: '接口与数据标准、互联互通', points: 5 }
      ]
    },
    {
      id: 'data', name: '数据开发利用', article: 8, points: 15,
      items: [
        { id: 'data.catalog', name: '拟生成数据目录', points: 5 },
        { id: 'data.needs', name: '数据需求清单', points: 5 },
        { id: 'data.share', name: '汇聚共享与开发利用', points: 5 }
      ]
    },
    {
      id: 'budget', name: '投资概算', article: 8, points: 25,
      items: [
        { id: 'bud.complete', name: '构成完整、无排除项', points: 5 },
        { id: 'bud.software', name: '软件工作量测算依据', points: 10 },
        { id: 'bud.quote', name: '设备与服务询价依据', points: 5 },
        { id: 'bud.rates', name: '其他费用费率', points: 5 }
      ]
    }
  ]
})

export const EXPERT_POOL = [
  { name: '林志远', unit: '福建省数字福建建设指导中心', title: '正高级工程师', specialty: '电子政务' },
  { name: '陈雅琴', unit: '福州大学计算机与大数据学院', title: '教授', specialty: '软件工程' },
  { name: '黄建明', unit: '三明学院信息工程学院', title: '副教授', specialty: '网络安全' },
  { name: '吴晓东', unit: '福建省信息化工程监理有限公司', title: '高级工程师', specialty: '工程造价' },
  { name: '郑丽华', unit: '三明市财政局评审中心', title: '高级会计师', specialty: '财务审核' },
  { name: '王海涛', unit: '福建省密码应用测评中心', title: '高级工程师', specialty: '商用密码' },
  { name: '刘思敏', unit: '厦门大学信息学院', title: '副教授', specialty: '数据治理' },
  { name: '张国栋', unit: '福建省政务云运营中心', title: '高级工程师', specialty: '云计算' },
  { name: '赵慧芳', unit: '福建师范大学', title: '教授', specialty: '信息系统' }
] as const

const BUDGET_TEMPLATE: [string, string, number][] = [
  ['城市运行管理平台应用软件开发', '应用软件开发', 486.4],
  ['数据汇聚治理子系统开发', '应用软件开发', 215.6],
  ['移动端应用（闽政通接入）开发', '应用软件开发', 96.8],
  ['政务云资源租赁（三年）', '云资源租赁', 138.0],
  ['数据库软件（国产）', '软件购置', 72.5],
  ['办公电脑及打印机', '硬件购置', 18.6],
  ['系统集成费', '系统集成', 42.3],
  ['网络安全等级保护测评', '等保测评', 12.0],
  ['商用密码应用安全性评估', '密评', 15.0],
  ['第三方软件测试', '第三方测试', 16.5],
  ['工程监理费', '监理', 21.8],
  ['预备费', '预备费', 56.3]
]

/** `scale` multiplies the submitted amounts (×10 gives four- and five-digit amounts: 4,864.00, 11,918.00). */
export function makeBudgetLines(count: number, scale = 1): BudgetLineFact[] {
  const out: BudgetLineFact[] = []
  for (let i = 0; i < count; i++) {
    const t = BUDGET_TEMPLATE[i % BUDGET_TEMPLATE.length]!
    const round = Math.floor(i / BUDGET_TEMPLATE.length)
    out.push({
      lineId: `L${String(i + 1).padStart(4, '0')}`,
      name: round === 0 ? t[0] : `${t[0]}（${round + 1}标段）`,
      category: t[1],
      submittedAmount: Math.round(t[2] * scale * (1 + (round % 7) * 0.05) * 100) / 100
    })
  }
  return out
}

const OPINIONS: Record<string, string[]> = {
  tech: [
    '方案需求分析较为充分，业务流程梳理清晰，总体架构依托市政务云部署，基本可行。',
    '建议进一步明确与市“一网统管”平台、市公共数据汇聚共享平台的边界，避免重复建设。'
  ],
  security: ['方案明确按等级保护第三级进行定级和建设，安全措施基本完整。', '密码应用方案应按GB/T 39786-2021细化，补充密评费用测算依据。'],
  standards: ['方案引用的国家标准和行业标准较为齐全，建议补充本地数据标准和接口规范。'],
  data: ['方案列出了拟生成的数据目录和数据需求清单，建议细化数据项、更新频率和共享方式。'],
  budget: [
    '投资概算构成基本完整，软件开发工作量按功能点测算，依据基本充分。',
    '办公电脑及打印机属于第三条排除范围，应予核减；系统集成费费率偏高。'
  ]
}

export interface FixtureExpert {
  id: string
  name: string
  unit: string
  title: string
  specialty: string
  privateKey: string
  publicKey: string
  fingerprint: string
  signaturePng: Uint8Array
}

export interface Fixture {
  rubric: RubricDefinition
  experts: FixtureExpert[]
  sources: SignedPayload[]
  leader: FixtureExpert
  registeredFingerprints: Record<string, string>
  panelInput: PanelOpinionDocInput
}

function keyFor(seed: string): { privateKey: string; publicKey: string; fingerprint: string } {
  // Deterministic keys for fixtures only (an SM3 of the seed is far below the curve order in practice).
  const privateKey = sm3Hex(`paneldesk-fixture-key:${seed}`)
  const publicKey = publicKeyFromPrivateKey(privateKey)
  return { privateKey, publicKey, fingerprint: publicKeyFingerprint(publicKey) }
}

export function makeExperts(n: number): FixtureExpert[] {
  return Array.from({ length: n }, (_, i) => {
    const base = EXPERT_POOL[i % EXPERT_POOL.length]!
    const id = `exp-${String(i + 1).padStart(2, '0')}`
    return { id, ...base, name: i < EXPERT_POOL.length ? base.name : `${base.name}${i}`, ...keyFor(id), signaturePng: drawSignaturePng(i + 1) }
  })
}

export const FIXTURE_MEETING = { id: 'm-2026-11', name: '2026年第11批市级政务信息化项目评审会', date: '2026-11-26', place: '三明市行政服务中心四楼会议室' }
export const FIXTURE_PROJECT = {
  id: 'p-yiwangtongguan',
  name: '三明市城市运行“一网统管”平台（一期）项目',
  ownerUnit: '三明市数据管理局',
  authorUnit: '福建省邮电规划设计院有限公司',
  declaredInvestment: 1191.8,
  packageDigest: ''
}

/** An expert's sheet content: scores a little different per expert, cuts on the excluded and over-rated lines. */
export function sheetContent(rubric: RubricDefinition, lines: BudgetLineFact[], i: number, conclusion: Conclusion): SheetContent {
  const scores: SheetContent['scores'] = {}
  for (const d of rubric.dimensions) {
    for (const [k, item] of d.items.entries()) {
      const frac = 0.7 + (((i * 7 + k * 3) % 5) * 0.05)
      scores[item.id] = { value: Math.round(item.points * frac * 2) / 2, na: false }
    }
  }
  const opinions: Record<string, string> = {}
  for (const d of rubric.dimensions) opinions[d.id] = (OPINIONS[d.id] ?? ['（无）']).slice(0, 1 + (i % 2)).join('\n')
  const budgetReview: SheetContent['budgetReview'] = {}
  for (const l of lines) {
    let cut: [number, CutReason, string] | null = null
    if (l.category === '硬件购置') cut = [0, '第三条排除', '办公类设备不列入政务信息化项目']
    else if (l.category === '系统集成') cut = [Math.round(l.submittedAmount * (0.6 + (i % 3) * 0.05) * 100) / 100, '费率超标', '按硬件及系统软件的8%计取']
    else if (l.category === '应用软件开发' && i % 2 === 0) cut = [Math.round(l.submittedAmount * 0.9 * 100) / 100, '工作量偏高', '']
    if (cut) budgetReview[l.lineId] = { lineId: l.lineId, approvedAmount: cut[0], reason: cut[1], note: cut[2] }
  }
  const problems: CitedText[] = [
    { id: 'p1', text: '概算中列支办公电脑及打印机，属于《办法》第三条规定的不列入范围。' },
    { id: 'p2', text: '密码应用方案不完整，未明确密评费用的测算依据。' }
  ]
  const suggestions: CitedText[] = [{ id: 's1', text: '补充与市公共数据汇聚共享平台的数据对接方案及接口清单。' }]
  return {
    scores,
    opinions,
    mainProblems: i % 3 === 2 ? problems.slice(0, 1) : problems,
    suggestions,
    conclusion,
    budgetReview,
    declaration: { kind: 'none', reason: '', declaredAt: '2026-11-26T01:10:00.000Z' }
  }
}

/** A full fixture: `experts` signed sheets (one expert dissents), the panel opinion, the 组长's signature. */
/**
 * 核增 and a cited 单价偏高 cut (issues 13, 14) added to an expert's content: 数据库软件 cut for its price with the
 * reference behind it, 等保测评 raised, and a 数据安全风险评估 cost the budget left out added.
 */
export const CITED_REF = { source: '政府采购协议价', date: '2026-03-01', count: 3, medianFen: 6_000_000 }
function withBudgetExtras(content: SheetContent, lines: BudgetLineFact[], scale = 1): SheetContent {
  const db = lines.find((l) => l.category === '软件购置')!
  const mlps = lines.find((l) => l.category === '等保测评')!
  return {
    ...content,
    budgetReview: {
      ...content.budgetReview,
      [db.lineId]: { lineId: db.lineId, approvedAmount: 60 * scale, reason: '单价偏高', note: '按随会参考价', priceRef: { ...CITED_REF } },
      [mlps.lineId]: { lineId: mlps.lineId, approvedAmount: Math.round(15.3 * scale * 100) / 100, reason: '核增', note: '第三级测评按市场价计' },
      'add-risk': { lineId: 'add-risk', approvedAmount: Math.round(8.05 * scale * 100) / 100, reason: '核增', note: '第十五条：漏列数据安全风险评估费', added: { name: '数据安全风险评估费', category: '安全' } }
    }
  }
}

/**
 * The submitted structure of the fixture budget (issue 14 item 2): the first lines under 一、工程费用 in two
 * subgroups, the last ones under 二、工程建设其他费用, as `budgetLineFacts` signs them.
 */
export function withGroups(lines: BudgetLineFact[], groupOf: (index: number) => string[] = fixtureGroup): BudgetLineFact[] {
  return lines.map((l, i) => ({ ...l, group: groupOf(i) }))
}

function fixtureGroup(i: number): string[] {
  return i < 4 ? ['一、工程费用', '（一）硬件设备购置'] : i < 8 ? ['一、工程费用', '（二）软件开发'] : ['二、工程建设其他费用']
}

export interface FixtureOptions {
  experts?: number
  budgetLines?: number
  signLeader?: boolean
  budgetExtras?: boolean
  /** The submitted structure of `withGroups`; `groupOf` gives each line's group path instead. */
  groups?: boolean
  groupOf?: (index: number) => string[]
  amountScale?: number
}

export function makeFixture(
  options: FixtureOptions = {}
): Fixture {
  const n = options.experts ?? 5
  const rubric = DEFAULT_RUBRIC
  const experts = makeExperts(n)
  const plain = makeBudgetLines(options.budgetLines ?? 12, options.amountScale)
  const lines = options.groupOf ? withGroups(plain, options.groupOf) : options.groups ? withGroups(plain) : plain
  const sources = experts.map((e, i) => {
    const conclusion: Conclusion = i === n - 1 ? 'pass' : 'revise'
    const payload = buildSheetPayload({
      sheetId: `sheet-${e.id}`,
      revision: 1,
      meeting: FIXTURE_MEETING,
      project: FIXTURE_PROJECT,
      expert: { id: e.id, name: e.name, unit: e.unit, title: e.title, specialty: e.specialty },
      rubric,
      content: options.budgetExtras && i < Math.max(1, n - 1) ? withBudgetExtras(sheetContent(rubric, lines, i, conclusion), lines, options.amountScale) : sheetContent(rubric, lines, i, conclusion),
      budgetLines: lines,
      submittedAt: `2026-11-26T0${3 + (i % 5)}:${String(10 + i).padStart(2, '0')}:00.000Z`,
      signatureImageSha256: createHash('sha256').update(e.signaturePng).digest('hex')
    })
    return signPayload('expert-sheet', payload, e.privateKey, e.publicKey, { id: e.id, name: e.name }, payload.submittedAt)
  })
  const leader = experts[0]!
  const signatureImages = Object.fromEntries(experts.map((e) => [e.id, e.signaturePng]))
  const panelInput = panelInputFromSheets(sources, rubric, { leaderId: leader.id, signatureImages, organiser: FIXTURE_ORGANISER })
  if (options.signLeader !== false) {
    const at = '2026-11-26T08:30:00.000Z'
    panelInput.opinion = { ...panelInput.opinion, signedAt: at }
    panelInput.leaderPayload = signPayload('panel-opinion', panelInput.opinion, leader.privateKey, leader.publicKey, { id: leader.id, name: leader.name }, '2026-11-26T08:30:00.000Z')
  }
  return {
    rubric,
    experts,
    sources,
    leader,
    registeredFingerprints: Object.fromEntries(experts.map((e) => [e.id, e.fingerprint])),
    panelInput
  }
}
