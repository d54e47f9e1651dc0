/**
 * The three demo proposal packages (示例). Project facts come from resources/demo/meeting.json, so the demo
 * meeting and its packages cannot drift apart. Each package carries deliberate, realistic issues so that the
 * findings panel has content:
 *   01 一网通办: 办公电脑、打印机、多功能一体机 in the budget (第三条), one 数量×单价≠金额 slip.
 *   02 智慧医保: self-bought servers, storage and a 机房 with 精密空调/UPS (第十二条), no 密评 cost and no
 *      密码应用方案 (第十五、二十二条), 预备费 over 5%.
 *   03 生态环境: an adjustment of the approved 500 万元 estimate by 8.46% (第十一条, consent); otherwise clean.
 */
import iconv from 'iconv-lite'
import demoJson from '../../resources/demo/meeting.json'
import { writeXlsx, type FixtureCell } from '../fixtures/xlsxWriter'
import { buildBudget, toCsv, type BudgetLayout } from './budget'
import { writeProposalPdf, type ProposalDocument } from './document'

export interface DemoPackage {
  /** File name under resources/demo/packages. */
  file: string
  manifest: Record<string, unknown>
  files: Record<string, Uint8Array>
  /** 合计 of the budget in 万元, for the generator's check against the declared investment. */
  budgetTotal: number
  /** Finding codes the package must produce (the generator checks them after reading the package back). */
  expectedCodes: string[]
}

interface DemoProjectFacts {
  name: string
  code: string
  ownerUnit: string
  authorUnit: string
  declaredInvestment: number
  approvedEstimate: number | null
  summary: string
  package?: string
}

const utf8 = (text: string) => new TextEncoder().encode(text)
const utf8Bom = (text: string) => Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(text)])
const gbk = (text: string) => new Uint8Array(iconv.encode(text, 'gbk'))

function facts(index: number): DemoProjectFacts {
  const p = (demoJson.projects as DemoProjectFacts[])[index]
  if (!p) throw new Error(`meeting.json has no project ${index + 1}`)
  return p
}

function manifestFor(p: DemoProjectFacts, files: { main: string; budget: string; catalog: string; needs: string; attachments?: { path: string; title: string }[] }) {
  return {
    format: 'paneldesk.package/1',
    project: {
      name: p.name,
      code: p.code,
      ownerUnit: p.ownerUnit,
      authorUnit: p.authorUnit,
      declaredInvestment: p.declaredInvestment,
      ...(p.approvedEstimate !== null ? { approvedEstimate: p.approvedEstimate } : {}),
      summary: p.summary
    },
    documents: [
      { path: files.main, title: '可行性研究报告暨初步设计方案', role: 'main' },
      ...(files.attachments ?? []).map((a) => ({ ...a, role: 'attachment' }))
    ],
    budget: files.budget,
    dataCatalog: files.catalog,
    dataNeeds: files.needs,
    x_preparedWith: 'PanelDesk 示例（scripts/demo/generate.ts）'
  }
}

const manifestBytes = (m: Record<string, unknown>) => utf8(`${JSON.stringify(m, null, 2)}\n`)

/** A data list written as a one-sheet workbook with a merged title row. */
async function listXlsx(sheetName: string, title: string, header: string[], rows: (string | number | null)[][]): Promise<Uint8Array> {
  const last = String.fromCharCode(64 + header.length)
  return writeXlsx([
    {
      name: sheetName,
      rows: [[title, ...header.slice(1).map(() => null)], header, ...rows] as FixtureCell[][],
      merges: [`A1:${last}1`],
      widths: header.map((h) => (h === '序号' ? 6 : h === '数据项' ? 48 : 18))
    }
  ])
}

// =====================================================================================================
// 01 三明市“一网通办”政务服务平台升级改造项目 — 1286.50 万元
// =====================================================================================================
async function yiwangtongban(): Promise<DemoPackage> {
  const p = facts(0)
  const devRate = 2.0
  const dev = (seq: number, name: string, months: number, spec: string, written?: number) => ({
    seq,
    name,
    spec,
    unit: '人月',
    quantity: months,
    price: devRate,
    ...(written !== undefined ? { written } : {})
  })
  const layout: BudgetLayout = {
    title: `${p.name}投资概算表`,
    amountUnit: '万元',
    priceUnit: '万元',
    lines: [
      {
        seq: '一',
        name: '政务云资源租赁',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '政务云计算资源租赁', spec: '云主机8核16G，3年', unit: '台', quantity: 24, price: 1.35 },
          { seq: 2, name: '政务云数据库服务', spec: '国产分布式数据库，3年', unit: '套', quantity: 2, price: 9.6 },
          { seq: 3, name: '政务云存储资源租赁', spec: '块存储，3年', unit: 'TB', quantity: 60, price: 0.24 },
          { seq: 4, name: '政务云安全服务', spec: '云WAF、云防火墙、主机安全，3年', unit: '年', quantity: 3, price: 6.0 },
          { seq: 5, name: '政务云容灾备份服务', spec: '异地备份，3年', unit: 'TB', quantity: 50, price: 0.36 },
          { seq: 6, name: '电子政务外网带宽租用', spec: '200Mbps，3年', unit: '年', quantity: 3, price: 4.8 }
        ]
      },
      {
        seq: '二',
        name: '软件购置',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '国产中间件', spec: '企业版，支持集群', unit: '套', quantity: 12, price: 2.8 },
          { seq: 2, name: '国产操作系统', spec: '云主机版', unit: '套', quantity: 24, price: 0.35 },
          { seq: 3, name: '电子表单设计引擎', spec: '商用授权，不限用户数', unit: '套', quantity: 1, price: 28 },
          { seq: 4, name: '全文检索引擎', spec: '商用授权', unit: '套', quantity: 1, price: 18.5 }
        ]
      },
      {
        seq: '三',
        name: '窗口硬件设备购置',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '窗口办公电脑', spec: '国产CPU/16G/512G SSD/23.8英寸显示器', unit: '台', quantity: 40, price: 0.62 },
          { seq: 2, name: '窗口激光打印机', spec: 'A4黑白双面', unit: '台', quantity: 40, price: 0.28 },
          { seq: 3, name: '彩色多功能一体机', spec: 'A3，打印/复印/扫描', unit: '台', quantity: 4, price: 1.2 },
          { seq: 4, name: '高拍仪', spec: '1000万像素，A4幅面', unit: '台', quantity: 40, price: 0.12 },
          { seq: 5, name: '窗口评价器', spec: '双屏，支持好差评接入', unit: '台', quantity: 40, price: 0.15 }
        ]
      },
      {
        seq: '四',
        name: '应用软件开发',
        spec: `按人月测算，${devRate}万元/人月`,
        sum: 'line',
        children: [
          {
            seq: '（一）',
            name: '统一受理平台升级改造',
            sum: 'line',
            children: [
              dev(1, '综合受理子系统改造', 36, '统一收件、受理、流转、出件'),
              dev(2, '智能表单与材料预审', 28, '表单复用、材料智能预审'),
              dev(3, '统一身份认证对接', 12, '对接闽政通统一身份认证'),
              // The owner's slip: 20 × 2.0 = 40.00, typed as 42.00.
              dev(4, '电子证照调用与复用', 20, '证照免提交、亮证核验', 42)
            ]
          },
          {
            seq: '（二）',
            name: '“一件事一次办”集成服务',
            sum: 'line',
            children: [
              dev(1, '一件事主题库与流程编排', 32, '56个主题，可视化编排'),
              dev(2, '联办事项并联审批', 30, '一表申请、并联审批、统一出件'),
              dev(3, '部门业务系统对接开发', 34, '对接23个部门业务系统')
            ]
          },
          {
            seq: '（三）',
            name: '好差评、运行监测与智能导办',
            sum: 'line',
            children: [
              dev(1, '好差评分析子系统', 18, '评价汇聚、差评整改闭环'),
              dev(2, '办件运行监测分析模块', 14, '办件时效、超期预警'),
              dev(3, '移动端（闽政通三明专区）适配开发', 16, '事项查询、进度查询、评价'),
              dev(4, '智能导办问答模块', 26, '知识库、智能问答'),
              dev(5, '帮办代办管理模块', 15, '预约、帮办、代办记录')
            ]
          },
          {
            seq: '（四）',
            name: '数据治理与共享',
            sum: 'line',
            children: [
              dev(1, '政务服务事项库与办件库治理', 30, '事项标准化、办件数据清洗'),
              dev(2, '市公共数据汇聚共享平台对接开发', 24, '数据共享接口、实时汇聚'),
              dev(3, '电子证照库扩展开发', 20, '新增证照类型38类')
            ]
          }
        ]
      },
      { seq: '五', name: '系统集成费', spec: '按软硬件购置费的7%计', unit: '项', quantity: 1, price: 9.8 },
      {
        seq: '六',
        name: '网络安全防护',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '数据库审计', spec: '云化部署', unit: '套', quantity: 1, price: 15 },
          { seq: 2, name: '日志审计', spec: '云化部署，日志留存6个月', unit: '套', quantity: 1, price: 9.5 },
          { seq: 3, name: '运维堡垒机', spec: '云化部署，100资产', unit: '套', quantity: 1, price: 8.5 },
          { seq: 4, name: '网页防篡改', spec: '核心内嵌式', unit: '套', quantity: 1, price: 12 },
          { seq: 5, name: '数据脱敏', spec: '静态+动态脱敏', unit: '套', quantity: 1, price: 16 }
        ]
      },
      {
        seq: '七',
        name: '商用密码应用',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '服务器密码机', spec: 'SM2/SM3/SM4，符合GM/T 0030', unit: '台', quantity: 2, price: 16.5 },
          { seq: 2, name: '签名验签服务器', spec: 'SM2，符合GM/T 0029', unit: '台', quantity: 2, price: 12 },
          { seq: 3, name: '电子签章系统', spec: '国密算法', unit: '套', quantity: 1, price: 18 },
          { seq: 4, name: 'SSL VPN安全网关（国密）', spec: 'SM2/SM4', unit: '台', quantity: 2, price: 6.5 }
        ]
      },
      {
        seq: '八',
        name: '工程建设其他费用',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '工程监理费', spec: '信息系统工程监理', unit: '项', quantity: 1, price: 30 },
          { seq: 2, name: '可研暨初设方案编制费', spec: null, unit: '项', quantity: 1, price: 18 },
          { seq: 3, name: '网络安全等级保护测评费', spec: '第三级', unit: '项', quantity: 1, price: 12 },
          { seq: 4, name: '商用密码应用安全性评估费', spec: '第三级', unit: '项', quantity: 1, price: 14 },
          { seq: 5, name: '第三方软件测试费', spec: '功能、性能、数据和业务协同测试', unit: '项', quantity: 1, price: 26 },
          { seq: 6, name: '招标代理费', spec: null, unit: '项', quantity: 1, price: 6.5 },
          { seq: 7, name: '用户培训费', spec: '窗口人员、部门管理员', unit: '人次', quantity: 120, price: 0.06 },
          { seq: 8, name: '建设单位管理费', spec: '按1%计', unit: '项', quantity: 1, price: 9 }
        ]
      },
      { seq: '九', name: '预备费', spec: '按第一至八部分之和的2.92%计', unit: '项', quantity: 1, price: 36.5 }
    ],
    notes: [
      '注：1. 政务云资源按三明市政务云服务目录价格测算；2. 应用软件开发按2.0万元/人月测算；3. 设备单价含税、运输及安装。'
    ]
  }
  const budget = buildBudget(layout)
  const budgetXlsx = await writeXlsx([{ name: '投资概算表', rows: budget.rows, merges: budget.merges, widths: [6, 34, 30, 7, 7, 10, 11, 12] }])

  const catalog = await listXlsx(
    '数据目录',
    `${p.name}数据目录`,
    ['序号', '数据资源名称', '数据项', '共享属性', '共享条件', '开放属性', '更新周期', '数据格式', '责任部门'],
    [
      [1, '政务服务事项基本信息', '事项编码、事项名称、实施主体、办理时限、申请材料、收费标准', '无条件共享', null, '无条件开放', '实时', '数据库表', p.ownerUnit],
      [2, '政务服务办件信息', '办件编号、事项编码、申请人、受理时间、办结时间、办理结果', '有条件共享', '用于政务服务监管和统计分析', '不予开放', '实时', '接口', p.ownerUnit],
      [3, '“一件事”主题办件信息', '主题编码、主题名称、联办部门、办件编号、办理环节', '有条件共享', '用于联办部门业务协同', '不予开放', '实时', '接口', p.ownerUnit],
      [4, '电子证照调用记录', '证照类型、证照编号、调用部门、调用时间、调用事由', '有条件共享', '用于证照使用审计', '不予开放', '实时', '数据库表', p.ownerUnit],
      [5, '政务服务好差评信息', '评价编号、办件编号、评价渠道、评价等级、评价内容、整改情况', '有条件共享', '用于服务质量考核', '有条件开放', '每日', '数据库表', p.ownerUnit],
      [6, '帮办代办服务记录', '服务编号、服务对象、帮办人员、服务事项、服务时间', '有条件共享', '用于服务统计', '不予开放', '每日', '数据库表', p.ownerUnit],
      [7, '窗口服务运行指标', '统计日期、窗口编号、受理量、办结量、平均等候时长', '无条件共享', null, '无条件开放', '每日', '文件', p.ownerUnit]
    ]
  )
  const needs = await listXlsx(
    '数据需求清单',
    `${p.name}数据需求清单`,
    ['序号', '所需数据', '数据项', '提供部门', '用途', '共享属性', '更新周期'],
    [
      [1, '人口基础信息', '姓名、公民身份号码、户籍地址', '市公安局', '申请人身份核验、表单免填报', '有条件共享', '实时'],
      [2, '法人基础信息', '统一社会信用代码、名称、法定代表人、住所', '市市场监督管理局', '企业办事免填报', '有条件共享', '实时'],
      [3, '不动产登记信息', '不动产单元号、权利人、坐落、权利类型', '市自然资源局', '不动产相关事项联办', '有条件共享', '实时'],
      [4, '社会保险参保信息', '参保人、险种、参保状态、缴费年月', '市人力资源和社会保障局', '“一件事”联办材料免提交', '有条件共享', '每日'],
      [5, '婚姻登记信息', '登记类型、登记日期、当事人姓名', '市民政局', '新生儿出生“一件事”联办', '有条件共享', '实时'],
      [6, '电子证照信息', '证照类型、证照编号、持证主体、有效期', '市数据管理局', '证照免提交、亮证核验', '有条件共享', '实时']
    ]
  )

  const doc: ProposalDocument = {
    title: `${p.name}可行性研究报告暨初步设计方案`,
    cover: [p.name, '', '可行性研究报告暨初步设计方案', '', '', `建设单位：${p.ownerUnit}`, `编制单位：${p.authorUnit}`, '', '二〇二六年十月'],
    chapters: [
      {
        title: '第一章 项目概况',
        blocks: [
          { h: '一、项目基本情况' },
          `项目名称：${p.name}。项目编号：${p.code}。建设单位：${p.ownerUnit}。编制单位：${p.authorUnit}。建设周期：12个月。项目总投资${p.declaredInvestment.toFixed(2)}万元，资金来源为市级财政资金。`,
          { h: '二、建设依据' },
          {
            rows: [
              '1.《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》（国发〔2018〕27号）；',
              '2.《国务院办公厅关于加快推进政务服务“一网通办”的实施意见》；',
              '3.《国家政务信息化项目建设管理办法》（国办发〔2019〕57号）；',
              '4.《福建省省级政务信息化项目管理办法（试行）》；',
              '5.《三明市市级政务信息化项目建设管理办法》；',
              '6. GB/T 39554.1-2020《全国一体化政务服务平台 政务服务事项基本目录及实施清单》；',
              '7. GB/T 22239-2019《信息安全技术 网络安全等级保护基本要求》；',
              '8. GB/T 39786-2021《信息安全技术 信息系统密码应用基本要求》。'
            ]
          },
          { h: '三、现状与问题' },
          '三明市政务服务平台于2019年建成，承载市本级1862项依申请政务服务事项，年办件量约96万件。经过多年运行，平台存在以下问题：一是各部门业务系统与平台对接深度不够，约三成事项仍需在部门系统二次录入；二是“一件事一次办”主题仅覆盖12个，联办流程依靠线下流转；三是电子证照调用率不足40%，群众仍需反复提交纸质材料；四是好差评数据未形成分析和整改闭环。'
        ]
      },
      {
        title: '第二章 需求分析',
        blocks: [
          { h: '一、建设目标' },
          '到2027年底，实现市本级依申请政务服务事项“一网通办”率达到98%以上，“一件事一次办”主题扩展至56个，电子证照调用率达到80%以上，群众办事平均提交材料减少40%，全程网办率达到85%以上。',
          { h: '二、使用对象' },
          {
            rows: [
              '1. 办事群众和企业：通过闽政通三明专区、网上办事大厅和窗口办理政务服务事项，约120万人；',
              '2. 窗口工作人员：市行政服务中心及各分中心窗口人员约420人；',
              '3. 部门审批人员：市直42个部门审批人员约1300人；',
              '4. 管理人员：市行政服务中心管委会及市数据管理局的运行监管人员约60人。'
            ]
          },
          { h: '三、业务流程' },
          '政务服务办理的主要业务流程为：申请人在线或窗口提出申请→平台调用电子证照和共享数据预填表单→智能预审材料→窗口受理并生成统一办件编号→按事项流转至部门审批系统→审批结果回传→统一出件（电子证照同步入库）→好差评→归档。“一件事”主题采用“一表申请、并联审批、统一出件”流程，由牵头部门受理，联办部门通过平台并联审批。',
          { h: '四、功能需求' },
          '综合受理、智能表单、材料预审、统一身份认证、电子证照复用、一件事主题编排、并联审批、好差评分析、运行监测、智能导办和帮办代办等功能，详见第三章。',
          { h: '五、性能需求' },
          '系统支持5000个并发用户，页面响应时间不超过2秒，系统可用性不低于99.9%。'
        ]
      },
      {
        title: '第三章 建设方案',
        blocks: [
          { h: '一、总体架构' },
          '系统采用“云-台-端”架构：基础设施依托三明市政务云，数据层依托市公共数据汇聚共享平台，应用层按微服务拆分，前端覆盖窗口端、网上大厅、闽政通三明专区和自助终端。平台复用省统一身份认证、省电子证照库、省电子印章等共性支撑能力，不重复建设。',
          { h: '二、建设内容' },
          {
            rows: [
              '（一）统一受理平台升级改造：综合受理子系统、智能表单与材料预审、统一身份认证对接、电子证照调用与复用；',
              '（二）“一件事一次办”集成服务：主题库与流程编排、联办事项并联审批、部门业务系统对接；',
              '（三）好差评、运行监测与智能导办：好差评分析子系统、办件运行监测分析、移动端适配、智能导办和帮办代办；',
              '（四）数据治理与共享：事项库与办件库治理、与市公共数据汇聚共享平台对接、电子证照库扩展；',
              '（五）配套建设：政务云资源租赁、基础软件、网络安全防护、商用密码应用和窗口设备。'
            ]
          },
          { h: '三、功能应用' },
          '综合受理子系统实现统一收件、统一受理编号、统一流转和统一出件；智能表单根据申请人身份自动调用共享数据预填，预计减少填写字段60%；材料预审基于规则库对材料完整性和规范性进行自动校验；一件事主题编排提供可视化流程配置，支持牵头部门和联办部门协同办理；好差评分析子系统汇聚各渠道评价，对差评自动派发整改并回访；运行监测模块对办件时效、超期和退件情况进行实时监测预警；智能导办提供事项检索和问答服务。',
          { h: '四、部署方式' },
          '全部应用部署于三明市政务云，申请云主机24台、块存储60TB、国产分布式数据库服务一套；通过电子政务外网与各部门业务系统互联，不新建机房，不采购服务器和存储设备。'
        ]
      },
      {
        title: '第四章 安全可靠情况',
        blocks: [
          { h: '一、等级保护' },
          '本系统按网络安全等级保护第三级要求设计和建设，在政务云平台基础安全能力之上，落实应用层安全防护，建成后委托具有资质的测评机构开展等保测评。',
          { h: '二、安全防护措施' },
          '部署数据库审计、日志审计、运维堡垒机、网页防篡改和数据脱敏等安全措施；使用政务云提供的云WAF、云防火墙和主机安全服务；建立安全管理制度和应急预案，定期开展漏洞扫描和渗透测试。',
          { h: '三、商用密码应用' },
          '按照GB/T 39786-2021第三级要求编制商用密码应用方案，采用SM2、SM3、SM4国密算法，在身份鉴别、传输加密、存储加密和电子签章等环节使用服务器密码机、签名验签服务器和国密SSL VPN安全网关，并同步开展商用密码应用安全性评估。',
          { h: '四、信创适配' },
          '操作系统、数据库和中间件均采用国产产品，应用系统完成信创环境适配测试。'
        ]
      },
      {
        title: '第五章 数据资源开发利用',
        blocks: [
          { h: '一、数据资源目录' },
          '项目建成后预计生成7类数据资源，全部按统一数据规范实时汇聚至市公共数据汇聚共享平台，数据目录详见附表“数据目录”：',
          {
            rows: [
              '1. 政务服务事项基本信息（无条件共享，实时）；',
              '2. 政务服务办件信息（有条件共享，实时）；',
              '3. “一件事”主题办件信息（有条件共享，实时）；',
              '4. 电子证照调用记录（有条件共享，实时）；',
              '5. 政务服务好差评信息（有条件共享，每日）；',
              '6. 帮办代办服务记录（有条件共享，每日）；',
              '7. 窗口服务运行指标（无条件共享，每日）。'
            ]
          },
          { h: '二、数据需求清单' },
          '项目需要通过市公共数据汇聚共享平台获取人口基础信息、法人基础信息、不动产登记信息、社会保险参保信息、婚姻登记信息和电子证照信息共6类数据，用于身份核验、表单预填和材料免提交，详见附表“数据需求清单”。',
          { h: '三、数据共享与开发利用' },
          '通过数据共享接口按需调用，不落地存储原始共享数据；办件和评价数据按日生成统计主题库，用于营商环境评价和服务质量分析。'
        ]
      },
      {
        title: '第六章 标准规范',
        blocks: [
          '遵循GB/T 39554《全国一体化政务服务平台》系列标准、GB/T 36625《信息技术 政务信息资源共享》、福建省政务服务事项和电子证照相关地方标准；接口遵循市公共数据汇聚共享平台接入规范，采用RESTful接口和统一数据元。'
        ]
      },
      {
        title: '第七章 投资概算',
        blocks: [
          { h: '一、编制依据' },
          '《三明市市级政务信息化项目建设管理办法》、三明市政务云服务目录及价格、同类项目市场询价。应用软件开发按2.0万元/人月测算，工作量共计355人月。',
          { h: '二、投资概算' },
          `项目总投资${p.declaredInvestment.toFixed(2)}万元，其中：`,
          {
            rows: [
              '1. 政务云资源租赁116.40万元；',
              '2. 软件购置88.50万元；',
              '3. 窗口硬件设备购置51.60万元；',
              '4. 应用软件开发712.00万元；',
              '5. 系统集成费9.80万元；',
              '6. 网络安全防护61.00万元；',
              '7. 商用密码应用88.00万元；',
              '8. 工程建设其他费用122.70万元；',
              '9. 预备费36.50万元。'
            ]
          },
          '详细构成见附表“投资概算表”。',
          { h: '三、资金来源' },
          '市级财政资金，分两年安排。'
        ]
      }
    ]
  }
  const pdf = writeProposalPdf(doc)
  const files = { main: 'docs/可行性研究报告暨初步设计方案.pdf', budget: 'budget/投资概算表.xlsx', catalog: 'data/数据目录.xlsx', needs: 'data/数据需求清单.xlsx' }
  const manifest = manifestFor(p, files)
  return {
    file: '01-一网通办.pdpkg',
    manifest,
    files: {
      'manifest.json': manifestBytes(manifest),
      [files.main]: pdf,
      [files.budget]: budgetXlsx,
      [files.catalog]: catalog,
      [files.needs]: needs
    },
    budgetTotal: budget.total,
    expectedCodes: ['art3.office-equipment', 'art3.office-equipment', 'art3.office-equipment', 'budget.line-product-mismatch']
  }
}

// =====================================================================================================
// 02 三明市智慧医保基金监管平台建设项目 — 860.00 万元; 单价（元） beside 金额（万元）
// =====================================================================================================
async function zhihuiyibao(): Promise<DemoPackage> {
  const p = facts(1)
  const fpRate = 2300
  const fp = (seq: number, name: string, points: number, spec: string) => ({ seq, name, spec, unit: '功能点', quantity: points, price: fpRate })
  const layout: BudgetLayout = {
    title: `${p.name}投资概算表`,
    amountUnit: '万元',
    priceUnit: '元',
    lines: [
      {
        seq: '一',
        name: '硬件设备购置',
        sum: 'line',
        children: [
          {
            seq: '（一）',
            name: '服务器及存储设备',
            sum: 'line',
            children: [
              { seq: 1, name: '应用服务器', spec: '2路/32核/256G/国产CPU', unit: '台', quantity: 6, price: 128000 },
              { seq: 2, name: '数据库服务器', spec: '4路/64核/512G/国产CPU', unit: '台', quantity: 2, price: 265000 },
              { seq: 3, name: '分布式存储', spec: '可用容量200TB，全闪缓存', unit: '套', quantity: 1, price: 460000 }
            ]
          },
          {
            seq: '（二）',
            name: '机房配套设施',
            remark: '局机房',
            sum: 'line',
            children: [
              { seq: 1, name: '精密空调', spec: '25kW，下送风', unit: '台', quantity: 2, price: 115000 },
              { seq: 2, name: 'UPS不间断电源', spec: '40kVA，含蓄电池组', unit: '套', quantity: 1, price: 160000 },
              { seq: 3, name: '动力环境监控', spec: '温湿度、漏水、烟感', unit: '套', quantity: 1, price: 65000 }
            ]
          }
        ]
      },
      {
        seq: '二',
        name: '软件购置',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '国产数据库管理系统', spec: '企业版', unit: '套', quantity: 2, price: 180000 },
          { seq: 2, name: '国产中间件', spec: '企业版', unit: '套', quantity: 8, price: 25000 },
          { seq: 3, name: '国产操作系统', spec: 'V10', unit: '套', quantity: 8, price: 3500 },
          { seq: 4, name: '大数据分析平台软件', spec: '商用授权，20节点', unit: '套', quantity: 1, price: 300000 }
        ]
      },
      {
        seq: '三',
        name: '应用软件开发',
        spec: `按功能点测算，${fpRate}元/功能点`,
        sum: 'subtotal',
        children: [
          fp(1, '医保基金智能审核子系统', 600, '规则引擎、事前提醒、事中审核、事后稽核'),
          fp(2, '药品耗材追溯子系统', 340, '追溯码采集、流向追踪、异常预警'),
          fp(3, '定点医药机构画像子系统', 240, '指标体系、画像标签、信用评价'),
          fp(4, '基金运行监测预警子系统', 200, '收支监测、结余预测、风险预警'),
          fp(5, '医保数据共享交换接口', 100, '对接市公共数据汇聚共享平台、省医保平台')
        ]
      },
      { seq: '四', name: '系统集成费', spec: '按软硬件购置费的6.6%计', unit: '项', quantity: 1, price: 205000 },
      {
        seq: '五',
        name: '网络安全设备',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '下一代防火墙', spec: '万兆，含3年特征库', unit: '台', quantity: 2, price: 75000 },
          { seq: 2, name: 'Web应用防火墙（WAF）', spec: '千兆', unit: '台', quantity: 1, price: 100000 },
          { seq: 3, name: '数据库审计', spec: null, unit: '台', quantity: 1, price: 98000 },
          { seq: 4, name: '运维堡垒机', spec: '100资产', unit: '台', quantity: 1, price: 62000 }
        ]
      },
      { seq: '六', name: '服务器密码机', spec: 'SM2/SM3/SM4', unit: '台', quantity: 2, price: 150000 },
      {
        seq: '七',
        name: '工程建设其他费用',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '工程监理费', spec: null, unit: '项', quantity: 1, price: 150000 },
          { seq: 2, name: '可行性研究报告编制费', spec: null, unit: '项', quantity: 1, price: 120000 },
          { seq: 3, name: '等保测评费', spec: '第三级', unit: '项', quantity: 1, price: 110000 },
          { seq: 4, name: '第三方软件测试费', spec: null, unit: '项', quantity: 1, price: 160000 },
          { seq: 5, name: '培训费', spec: null, unit: '项', quantity: 1, price: 40000 }
        ]
      },
      { seq: '八', name: '预备费', spec: '按第一至七部分之和的7.5%计', unit: '项', quantity: 1, price: 600000 }
    ],
    notes: ['注：单价单位为元，金额单位为万元；设备价格为市场询价，含三年原厂质保。']
  }
  const budget = buildBudget(layout)
  const budgetXlsx = await writeXlsx([
    { name: '编制说明', rows: [['编制说明'], ['1. 本概算依据《三明市市级政务信息化项目建设管理办法》及市场询价编制。'], ['2. 应用软件开发按功能点方法估算。']] },
    { name: '投资概算表', rows: budget.rows, merges: budget.merges, widths: [6, 30, 32, 7, 7, 11, 11, 10] }
  ])

  const catalog = await listXlsx(
    '数据目录',
    `${p.name}数据目录`,
    ['序号', '数据资源名称', '数据项', '共享属性', '开放属性', '更新周期', '责任部门'],
    [
      [1, '医保结算明细数据', '结算编号、定点机构编码、参保人标识、项目编码、数量、金额、结算时间', '有条件共享', '不予开放', '每日', p.ownerUnit],
      [2, '医保智能审核规则库', '规则编号、规则名称、规则类型、适用范围、启用状态', '有条件共享', '不予开放', '每月', p.ownerUnit],
      [3, '审核疑点信息', '疑点编号、结算编号、触发规则、疑点金额、处理结果', '有条件共享', '不予开放', '每日', p.ownerUnit],
      [4, '药品耗材追溯码信息', '追溯码、药品耗材编码、生产企业、批号、流向机构', '有条件共享', '不予开放', '实时', p.ownerUnit],
      [5, '定点医药机构画像指标', '机构编码、机构名称、等级、次均费用、违规次数、信用评价', '有条件共享', '有条件开放', '每月', p.ownerUnit],
      [6, '医保基金运行监测指标', '统计期、统筹区、基金收入、基金支出、累计结余', '无条件共享', '有条件开放', '每月', p.ownerUnit]
    ]
  )
  const needs = utf8Bom(
    toCsv([
      ['序号', '所需数据', '数据项', '提供部门', '用途', '共享属性', '更新周期'],
      [1, '人口死亡信息', '姓名、公民身份号码、死亡日期', '市民政局', '核查死亡人员医保卡被冒用结算', '有条件共享', '每日'],
      [2, '医疗机构执业登记信息', '机构名称、登记号、执业范围、床位数', '市卫生健康委员会', '定点医疗机构资质核验', '有条件共享', '每月'],
      [3, '药品经营许可信息', '企业名称、许可证编号、经营范围、有效期', '市市场监督管理局', '定点零售药店资质核验', '有条件共享', '每月'],
      [4, '住院病案首页数据', '病案号、诊断编码、手术编码、住院天数', '市卫生健康委员会', '智能审核住院合理性', '有条件共享', '每日'],
      [5, '参保人员就业状态信息', '姓名、公民身份号码、就业状态、单位名称', '市人力资源和社会保障局', '参保身份核验', '有条件共享', '每月'],
      [6, '低保和特困人员信息', '姓名、公民身份号码、救助类别、认定日期', '市民政局', '医疗救助“一站式”结算', '有条件共享', '每月']
    ])
  )

  const doc: ProposalDocument = {
    title: `${p.name}可行性研究报告暨初步设计方案`,
    cover: [p.name, '', '可行性研究报告暨初步设计方案', '', '', `建设单位：${p.ownerUnit}`, `编制单位：${p.authorUnit}`, '', '二〇二六年九月'],
    chapters: [
      {
        title: '第一章 项目概况',
        blocks: [
          { h: '一、项目基本情况' },
          `项目名称：${p.name}。项目编号：${p.code}。建设单位：${p.ownerUnit}。编制单位：${p.authorUnit}。建设周期：10个月。项目总投资${p.declaredInvestment.toFixed(2)}万元。`,
          { h: '二、建设依据' },
          {
            rows: [
              '1.《医疗保障基金使用监督管理条例》（国务院令第735号）；',
              '2.《国务院办公厅关于加强医疗保障基金使用常态化监管的实施意见》；',
              '3.《国家医疗保障局关于加快推进医保智能监管的通知》；',
              '4.《三明市市级政务信息化项目建设管理办法》；',
              '5. 三明市医疗保障“十四五”规划。'
            ]
          },
          { h: '三、现状与问题' },
          '三明市医保基金年支出约58亿元，定点医药机构1426家，月均结算数据约380万条。现有监管以人工抽查为主，抽查比例不足5%；药品耗材缺乏全流程追溯手段；对定点机构缺少量化评价，难以实现精准监管。'
        ]
      },
      {
        title: '第二章 需求分析',
        blocks: [
          { h: '一、建设目标' },
          '建成覆盖全市定点医药机构的医保基金智能监管体系，实现结算数据100%智能审核，药品耗材追溯码全量采集，定点机构画像全覆盖，基金运行风险提前预警，力争每年减少基金不合理支出3%以上。',
          { h: '二、使用对象' },
          {
            rows: [
              '1. 市、县两级医保部门稽核人员约180人；',
              '2. 定点医疗机构和定点零售药店医保管理人员约2800人；',
              '3. 市医疗保障局领导和基金管理人员约40人。'
            ]
          },
          { h: '三、业务流程' },
          '定点机构上传结算数据→智能审核子系统按规则库进行事前提醒和事中审核→形成审核疑点→稽核人员核查→定点机构申诉→复核→处理结果反馈并扣减结算；药品耗材追溯码随结算上传，系统比对采购、入库、销售和结算信息，发现串换、倒卖等异常并预警。'
        ]
      },
      {
        title: '第三章 建设方案',
        blocks: [
          { h: '一、总体架构' },
          '系统由基础设施层、数据层、应用层和展示层组成。考虑到医保结算数据量大、实时性要求高，基础设施层在市医疗保障局现有机房内建设，新购应用服务器6台、数据库服务器2台和一套分布式存储，同步对机房精密空调、UPS和动力环境监控进行配套建设。',
          { h: '二、建设内容' },
          {
            rows: [
              '（一）医保基金智能审核子系统；',
              '（二）药品耗材追溯子系统；',
              '（三）定点医药机构画像子系统；',
              '（四）基金运行监测预警子系统；',
              '（五）医保数据共享交换接口；',
              '（六）硬件设备、基础软件、网络安全设备和机房配套设施。'
            ]
          },
          { h: '三、功能应用' },
          '智能审核子系统内置国家医保智能监管规则和本地规则共1200余条，支持规则的新增、启停和效果评估；追溯子系统实现“一物一码、物码同追”；画像子系统围绕服务能力、费用控制、合规情况和信用评价建立80项指标；监测预警子系统对基金收支和结余进行月度监测和年度预测。',
          { h: '四、部署方式' },
          '应用和数据库部署于局机房新购服务器，数据通过医保专网采集；与市公共数据汇聚共享平台通过数据共享交换接口对接，按日推送共享数据。'
        ]
      },
      {
        title: '第四章 安全可靠情况',
        blocks: [
          { h: '一、等级保护' },
          '系统按网络安全等级保护第三级要求建设，部署下一代防火墙、Web应用防火墙、数据库审计和运维堡垒机，建成后开展等保测评。',
          { h: '二、数据安全' },
          '参保人身份信息和诊疗信息属于敏感个人信息，采取分级授权、访问日志留存和脱敏展示措施；数据库通过服务器密码机实现重要数据的加密保护，密码算法采用SM2、SM3、SM4国密算法。',
          { h: '三、信创适配' },
          '服务器采用国产CPU，操作系统、数据库、中间件均采用国产产品。'
        ]
      },
      {
        title: '第五章 数据资源开发利用',
        blocks: [
          { h: '一、数据资源目录' },
          '项目预计生成医保结算明细、智能审核规则库、审核疑点、药品耗材追溯码、定点医药机构画像指标和基金运行监测指标共6类数据资源，数据目录见附表。其中医保基金运行监测指标无条件共享，其余有条件共享。',
          { h: '二、数据需求清单' },
          '需要民政、卫生健康、市场监管和人社部门提供人口死亡、医疗机构执业登记、药品经营许可、住院病案首页、参保人员就业状态和低保特困人员等6类数据，数据需求清单见附表。',
          { h: '三、数据共享与开发利用' },
          '通过数据共享交换接口与市公共数据汇聚共享平台双向共享，形成医保领域主题库，支撑基金监管和医药服务价格治理。'
        ]
      },
      {
        title: '第六章 标准规范',
        blocks: [
          '遵循国家医疗保障信息业务编码标准（15项）、《医疗保障信息平台建设指南》、GB/T 35273《个人信息安全规范》和市公共数据汇聚共享平台接入规范。'
        ]
      },
      {
        title: '第七章 投资概算',
        blocks: [
          { h: '一、编制依据' },
          '设备和软件价格为市场询价；应用软件开发采用功能点方法估算，共计1480个功能点，按2300元/功能点测算。',
          { h: '二、投资概算' },
          `项目总投资${p.declaredInvestment.toFixed(2)}万元，其中：`,
          {
            rows: [
              '1. 硬件设备购置221.30万元（服务器及存储175.80万元，机房配套设施45.50万元）；',
              '2. 软件购置88.80万元；',
              '3. 应用软件开发340.40万元；',
              '4. 系统集成费20.50万元；',
              '5. 网络安全设备41.00万元；',
              '6. 服务器密码机30.00万元；',
              '7. 工程建设其他费用58.00万元；',
              '8. 预备费60.00万元。'
            ]
          }
        ]
      }
    ]
  }
  const pdf = writeProposalPdf(doc)
  const files = { main: '可研暨初设方案.pdf', budget: '投资概算表.xlsx', catalog: '数据目录.xlsx', needs: '数据需求清单.csv' }
  const manifest = manifestFor(p, files)
  return {
    file: '02-智慧医保.pdpkg',
    manifest,
    files: {
      'manifest.json': manifestBytes(manifest),
      [files.main]: pdf,
      [files.budget]: budgetXlsx,
      [files.catalog]: catalog,
      [files.needs]: needs
    },
    budgetTotal: budget.total,
    expectedCodes: [
      'art12.self-built-infrastructure',
      'art12.self-built-infrastructure',
      'art22.no-crypto-plan',
      'art15.no-crypto-assessment-cost',
      'fee.contingency-rate'
    ]
  }
}

// =====================================================================================================
// 03 三明市生态环境监测数据共享平台项目 — 542.30 万元, adjusting an approved 500 万元; GBK CSV in 元
// =====================================================================================================
async function shengtaihuanjing(): Promise<DemoPackage> {
  const p = facts(2)
  const devRate = 18000
  const dev = (seq: number, name: string, months: number, spec: string, remark: string | null = null) => ({
    seq,
    name,
    spec,
    unit: '人月',
    quantity: months,
    price: devRate,
    remark
  })
  const layout: BudgetLayout = {
    title: `${p.name}投资概算调整表`,
    amountUnit: '元',
    priceUnit: '元',
    lines: [
      {
        seq: '一',
        name: '政务云资源租赁',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '政务云计算资源', spec: '云主机8核32G，3年', unit: '台', quantity: 12, price: 15600 },
          { seq: 2, name: '政务云存储资源租赁', spec: '块存储40TB、对象存储60TB，3年', unit: 'TB', quantity: 100, price: 2100 },
          { seq: 3, name: '政务云大数据组件服务', spec: '3年', unit: '年', quantity: 3, price: 60000 }
        ]
      },
      {
        seq: '二',
        name: '软件购置',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '国产时序数据库', spec: '企业版', unit: '套', quantity: 1, price: 180000 },
          { seq: 2, name: '国产中间件', spec: '企业版', unit: '套', quantity: 6, price: 22000 },
          { seq: 3, name: 'GIS地图服务平台软件', spec: '商用授权', unit: '套', quantity: 1, price: 160000 }
        ]
      },
      {
        seq: '三',
        name: '应用软件开发',
        spec: `按人月测算，${devRate}元/人月`,
        sum: 'subtotal',
        children: [
          dev(1, '监测数据汇聚子系统', 36, '空气、水、土壤站点数据接入'),
          dev(2, '数据质控子系统', 30, '有效性审核、异常标记、人工复核'),
          dev(3, '共享发布与开放接口', 26, '数据共享接口、开放数据集发布'),
          dev(4, '环境质量一张图', 28, '站点分布、实时数据、趋势分析'),
          dev(5, '移动端监测APP', 14, '数据查询、异常推送'),
          dev(6, '与省生态云平台数据对接', 12, '按省统一规范对接', '调增'),
          dev(7, '与市公共数据汇聚共享平台对接', 10, '数据汇聚、目录挂接', '调增')
        ]
      },
      { seq: '四', name: '系统集成费', spec: '按软件购置费的7%计', unit: '项', quantity: 1, price: 33000 },
      {
        seq: '五',
        name: '网络安全',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '云安全防护服务', spec: '云WAF、云防火墙，3年', unit: '项', quantity: 1, price: 150000 },
          { seq: 2, name: '数据库审计', spec: '云化部署', unit: '套', quantity: 1, price: 85000 },
          { seq: 3, name: '数据安全分类分级与脱敏', spec: null, unit: '套', quantity: 1, price: 120000 }
        ]
      },
      {
        seq: '六',
        name: '商用密码应用',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '云密码服务', spec: '政务云密码资源池，3年', unit: '项', quantity: 1, price: 240000 },
          { seq: 2, name: '电子签章', spec: '国密算法', unit: '套', quantity: 1, price: 90000 }
        ]
      },
      {
        seq: '七',
        name: '工程建设其他费用',
        sum: 'subtotal',
        children: [
          { seq: 1, name: '工程监理费', spec: null, unit: '项', quantity: 1, price: 130000 },
          { seq: 2, name: '可研暨初设方案编制费', spec: null, unit: '项', quantity: 1, price: 100000 },
          { seq: 3, name: '网络安全等级保护测评费', spec: '第三级', unit: '项', quantity: 1, price: 95000 },
          { seq: 4, name: '商用密码应用安全性评估费', spec: null, unit: '项', quantity: 1, price: 110000, remark: '调增' },
          { seq: 5, name: '第三方软件测试费', spec: null, unit: '项', quantity: 1, price: 140000 },
          { seq: 6, name: '培训费', spec: null, unit: '项', quantity: 1, price: 30000 }
        ]
      },
      { seq: '八', name: '预备费', spec: '按第一至七部分之和的4.69%计', unit: '项', quantity: 1, price: 242800 }
    ],
    notes: ['注：1. 原批复概算500万元，本次调整后542.30万元，调增42.30万元；2. 备注“调增”为本次调整新增或调增的内容。']
  }
  const budget = buildBudget(layout)
  // What Chinese Excel writes with “另存为 CSV”: GBK, CRLF; formulas become their values.
  const budgetCsv = gbk(toCsv(budget.values))

  const catalog = await listXlsx(
    '数据目录',
    `${p.name}数据目录`,
    ['序号', '数据资源名称', '数据项', '共享属性', '开放属性', '更新周期', '数据格式', '责任部门'],
    [
      [1, '空气质量自动监测小时数据', '站点编码、监测时间、PM2.5、PM10、SO2、NO2、O3、CO、AQI', '无条件共享', '无条件开放', '每小时', '接口', p.ownerUnit],
      [2, '地表水水质自动监测数据', '断面编码、监测时间、水温、pH、溶解氧、高锰酸盐指数、氨氮、总磷', '无条件共享', '无条件开放', '每4小时', '接口', p.ownerUnit],
      [3, '土壤环境监测点位信息', '点位编码、经纬度、土地利用类型、监测项目', '有条件共享', '不予开放', '每年', '数据库表', p.ownerUnit],
      [4, '监测数据质控记录', '站点编码、质控时间、质控类型、质控结果、处理人', '有条件共享', '不予开放', '每日', '数据库表', p.ownerUnit],
      [5, '环境质量评价结果', '评价周期、区域、评价指标、综合指数、排名', '无条件共享', '无条件开放', '每月', '文件', p.ownerUnit]
    ]
  )
  const needs = utf8Bom(
    toCsv([
      ['序号', '所需数据', '数据项', '提供部门', '用途', '共享属性', '更新周期'],
      [1, '水文站实时水位流量数据', '站点编码、时间、水位、流量', '市水利局', '水质变化成因分析', '有条件共享', '每小时'],
      [2, '气象观测与预报数据', '站点、时间、风向、风速、湿度、降水、预报', '市气象局', '空气质量预报预警', '有条件共享', '每小时'],
      [3, '排污许可证信息', '单位名称、许可证编号、排放口、许可排放量', '省生态环境厅', '污染源与水质关联分析', '有条件共享', '每月'],
      [4, '企业基础信息', '统一社会信用代码、名称、地址、行业', '市市场监督管理局', '排污单位主体识别', '有条件共享', '每日'],
      [5, '基础地理信息', '行政区划、水系、道路、影像底图', '市自然资源局', '环境质量一张图底图', '有条件共享', '每年']
    ])
  )

  const doc: ProposalDocument = {
    title: `${p.name}可行性研究报告暨初步设计方案（概算调整）`,
    cover: [p.name, '', '可行性研究报告暨初步设计方案', '（概算调整）', '', `建设单位：${p.ownerUnit}`, `编制单位：${p.authorUnit}`, '', '二〇二六年十一月'],
    chapters: [
      {
        title: '第一章 项目概况',
        blocks: [
          { h: '一、项目基本情况' },
          `项目名称：${p.name}。项目编号：${p.code}。建设单位：${p.ownerUnit}。编制单位：${p.authorUnit}。项目于2026年3月经市发改委（数据管理局）批复，核定投资概算500.00万元。本次申请调整后总投资${p.declaredInvestment.toFixed(2)}万元。`,
          { h: '二、建设依据' },
          {
            rows: [
              '1.《中华人民共和国环境保护法》；',
              '2.《生态环境监测网络建设方案》（国办发〔2015〕56号）；',
              '3.《福建省生态环境监测条例》；',
              '4.《三明市市级政务信息化项目建设管理办法》；',
              '5. 原项目批复文件（明发改数据〔2026〕12号）。'
            ]
          },
          { h: '三、概算调整原因' },
          '一是按省生态环境厅要求，监测数据须接入省生态云平台，需新增省平台数据对接开发；二是按市公共数据汇聚共享平台统一接入规范，需新增目录挂接和实时汇聚开发；三是原概算未列商用密码应用安全性评估费，按第十五条要求补列。以上合计调增42.30万元，占原投资概算的8.46%，未超过10%，拟报市发改委（数据管理局）和市财政局同意后实施。'
        ]
      },
      {
        title: '第二章 需求分析',
        blocks: [
          { h: '一、建设目标' },
          '整合全市62个空气自动监测站、38个地表水自动监测断面和120个土壤监测点位的数据，实现监测数据统一汇聚、统一质控和统一发布，数据有效率达到95%以上，按规范实时共享至市公共数据汇聚共享平台和省生态云平台。',
          { h: '二、使用对象' },
          {
            rows: [
              '1. 市、县两级生态环境部门监测和管理人员约260人；',
              '2. 水利、气象、自然资源等共享部门；',
              '3. 社会公众（通过开放数据和环境质量发布查询）。'
            ]
          },
          { h: '三、业务流程' },
          '站点数据采集→汇聚子系统接收和标准化→质控子系统自动审核和人工复核→形成有效监测数据→共享发布（共享接口、开放数据集、一张图）→评价和考核。'
        ]
      },
      {
        title: '第三章 建设方案',
        blocks: [
          { h: '一、总体架构' },
          '系统依托三明市政务云部署，采用“汇聚—治理—共享—应用”架构，复用市公共数据汇聚共享平台和市统一GIS底图服务，不新建机房，不采购服务器和存储设备。',
          { h: '二、建设内容' },
          {
            rows: [
              '（一）监测数据汇聚子系统；',
              '（二）数据质控子系统；',
              '（三）共享发布与开放接口；',
              '（四）环境质量一张图和移动端监测APP；',
              '（五）与省生态云平台、市公共数据汇聚共享平台数据对接（本次调增）；',
              '（六）政务云资源租赁、基础软件、网络安全和商用密码应用。'
            ]
          },
          { h: '三、功能应用' },
          '汇聚子系统支持HJ 212协议和国家监测数据传输规范，实现分钟级数据接入；质控子系统内置有效性审核规则，对异常值自动标记并流转人工复核；共享发布与开放接口按目录提供数据共享接口和开放数据集；环境质量一张图展示站点分布、实时数据和变化趋势。'
        ]
      },
      {
        title: '第四章 安全可靠情况',
        blocks: [
          { h: '一、等级保护' },
          '系统按网络安全等级保护第三级要求建设，使用政务云云WAF和云防火墙，部署数据库审计和数据安全分类分级与脱敏措施，建成后开展等保测评。',
          { h: '二、商用密码应用' },
          '按GB/T 39786-2021第三级要求编制商用密码应用方案，使用政务云密码资源池提供的云密码服务实现身份鉴别、传输和存储加密，采用电子签章保障发布数据的完整性，同步开展商用密码应用安全性评估。'
        ]
      },
      {
        title: '第五章 数据资源开发利用',
        blocks: [
          { h: '一、数据资源目录' },
          '项目生成空气质量自动监测小时数据、地表水水质自动监测数据、土壤环境监测点位信息、监测数据质控记录和环境质量评价结果共5类数据资源，数据目录见附表，其中3类无条件共享并向社会开放。',
          { h: '二、数据需求清单' },
          '需要水利、气象、生态环境、市场监管和自然资源部门提供水文、气象、排污许可、企业基础信息和基础地理信息共5类数据，数据需求清单见附表。',
          { h: '三、数据共享与开发利用' },
          '全部监测数据实时汇聚至市公共数据汇聚共享平台，开放数据集按月更新，支撑水环境治理和大气污染联防联控。'
        ]
      },
      {
        title: '第六章 标准规范',
        blocks: ['遵循HJ 212《污染物在线监控（监测）系统数据传输标准》、HJ 818《环境空气自动监测数据有效性判别》、《生态环境信息基本数据集编制规范》和市公共数据汇聚共享平台接入规范。']
      },
      {
        title: '第七章 投资概算',
        blocks: [
          { h: '一、编制依据' },
          '三明市政务云服务目录价格、市场询价；应用软件开发按1.8万元/人月测算，共计156人月（其中本次调增22人月）。',
          { h: '二、调整后投资概算' },
          `调整后项目总投资${p.declaredInvestment.toFixed(2)}万元（原核定500.00万元），其中：`,
          {
            rows: [
              '1. 政务云资源租赁57.72万元；',
              '2. 软件购置47.20万元；',
              '3. 应用软件开发280.80万元（调增39.60万元）；',
              '4. 系统集成费3.30万元；',
              '5. 网络安全35.50万元；',
              '6. 商用密码应用33.00万元；',
              '7. 工程建设其他费用60.50万元（调增11.00万元）；',
              '8. 预备费24.28万元（调减8.30万元）。'
            ]
          },
          '概算表以元为单位编制，详见附表“投资概算调整表”。'
        ]
      }
    ]
  }
  const pdf = writeProposalPdf(doc)
  const files = { main: '可研暨初设方案（概算调整）.pdf', budget: '投资概算调整表.csv', catalog: '数据目录.xlsx', needs: '数据需求清单.csv' }
  const manifest = manifestFor(p, files)
  return {
    file: '03-生态环境.pdpkg',
    manifest,
    files: {
      'manifest.json': manifestBytes(manifest),
      [files.main]: pdf,
      [files.budget]: budgetCsv,
      [files.catalog]: catalog,
      [files.needs]: needs
    },
    budgetTotal: budget.total / 10000,
    expectedCodes: ['art11.adjustment-needs-consent']
  }
}

export async function demoPackages(): Promise<DemoPackage[]> {
  return [await yiwangtongban(), await zhihuiyibao(), await shengtaihuanjing()]
}
