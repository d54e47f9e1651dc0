/**
 * The labelled set of issue 13: a reference library (catalogue items priced several times, plus thousands of
 * unrelated budget-like entries) and budget lines worded the way 申报单位 write them, each with the catalogue item
 * it should match or none. Deterministic (seeded). Used by the unit tests and `npm run bench -- prices`.
 */
import { acceptedMatches, buildPriceIndex, matchLine, type PriceRef } from '../../../shared/domain/prices/match'

export interface CatalogueItem {
  key: string
  group: string
  unit: string
  /** Names as written in libraries and budgets (the first is the library's). */
  names: string[]
  spec: string
  /** Reference price, 元. */
  yuan: number
  /** Without its specification the item cannot be told from a sibling (servers of two sizes). */
  needsSpec?: boolean
}

const HW = '硬件购置'
const SW = '软件购置'
const SEC = '安全'

export const CATALOGUE: CatalogueItem[] = [
  { key: 'server-32', group: HW, unit: '台', names: ['机架式服务器', 'PC服务器', '应用服务器'], spec: '2颗16核CPU，256GB内存，2×960G SSD', yuan: 68000, needsSpec: true },
  { key: 'server-64', group: HW, unit: '台', names: ['服务器', 'X86服务器', '机架服务器'], spec: '2路32核，512G内存，4块1.92T SSD', yuan: 125000, needsSpec: true },
  { key: 'server-gpu', group: HW, unit: '台', names: ['GPU服务器', 'GPU计算服务器', 'AI GPU服务器'], spec: '8卡GPU，64核，1TB内存', yuan: 980000 },
  { key: 'desktop', group: HW, unit: '台', names: ['台式计算机', '台式机', '办公电脑'], spec: '国产CPU，16G内存，512G SSD', yuan: 5500 },
  { key: 'laptop', group: HW, unit: '台', names: ['笔记本电脑', '便携式计算机', '笔记本'], spec: '14英寸，16G内存', yuan: 7500 },
  { key: 'switch-core', group: HW, unit: '台', names: ['核心交换机', '核心层交换机', '数据中心核心交换机'], spec: '48口万兆光口，双电源', yuan: 80000 },
  { key: 'switch-access', group: HW, unit: '台', names: ['接入交换机', '接入层交换机', '千兆接入交换机'], spec: '24口千兆电口', yuan: 6000 },
  { key: 'firewall', group: SEC, unit: '台', names: ['下一代防火墙', '防火墙', 'NGFW防火墙'], spec: '吞吐量10Gbps', yuan: 45000 },
  { key: 'waf', group: SEC, unit: '台', names: ['Web应用防火墙', 'WAF', '网站应用防火墙'], spec: '吞吐量2Gbps', yuan: 90000 },
  { key: 'storage-100', group: HW, unit: '套', names: ['集中存储', '磁盘阵列', '存储设备'], spec: '可用容量100TB，双控', yuan: 350000, needsSpec: true },
  { key: 'storage-400', group: HW, unit: '套', names: ['存储阵列', '集中存储', '磁盘阵列'], spec: '可用容量400TB，四控', yuan: 1100000, needsSpec: true },
  { key: 'ups', group: HW, unit: '台', names: ['UPS不间断电源', '不间断电源', 'UPS电源'], spec: '20kVA，后备1小时', yuan: 30000 },
  { key: 'lb', group: HW, unit: '台', names: ['负载均衡', '负载均衡设备', '服务器负载均衡器'], spec: '4层/7层，10Gbps', yuan: 120000 },
  { key: 'bastion', group: SEC, unit: '台', names: ['堡垒机', '运维安全审计系统', '运维审计堡垒机'], spec: '100个运维资产', yuan: 60000 },
  { key: 'log-audit', group: SEC, unit: '台', names: ['日志审计系统', '日志审计', '综合日志审计平台'], spec: '200个日志源', yuan: 50000 },
  { key: 'db-audit', group: SEC, unit: '台', names: ['数据库审计系统', '数据库审计', '数据库安全审计'], spec: '4个数据库实例', yuan: 65000 },
  { key: 'vuln-scan', group: SEC, unit: '台', names: ['漏洞扫描系统', '漏洞扫描', '漏扫设备'], spec: '不限IP', yuan: 80000 },
  { key: 'ips', group: SEC, unit: '台', names: ['入侵防御系统', 'IPS', '入侵防御设备'], spec: '吞吐量5Gbps', yuan: 70000 },
  { key: 'vpn', group: SEC, unit: '台', names: ['SSL VPN', 'VPN网关', 'SSLVPN设备'], spec: '500并发用户', yuan: 40000 },
  { key: 'hsm', group: '密码', unit: '台', names: ['服务器密码机', '密码机', '云服务器密码机'], spec: 'SM2签名10000次/秒', yuan: 250000 },
  { key: 'sign-server', group: '密码', unit: '台', names: ['签名验签服务器', '签名验签服务器设备', '数字签名验签服务器'], spec: 'SM2', yuan: 200000 },
  { key: 'camera', group: HW, unit: '台', names: ['网络摄像机', '高清摄像头', '高清网络摄像机'], spec: '400万像素，红外', yuan: 3000 },
  { key: 'video-wall', group: HW, unit: '块', names: ['液晶拼接屏', '拼接屏', '55寸液晶拼接屏'], spec: '55英寸，窄边', yuan: 12000 },
  { key: 'rack', group: HW, unit: '个', names: ['机柜', '标准机柜', '42U机柜'], spec: '42U，600×1200', yuan: 5000 },
  { key: 'printer', group: HW, unit: '台', names: ['激光打印机', '打印机', 'A4激光打印机'], spec: 'A4黑白', yuan: 3000 },
  { key: 'os', group: SW, unit: '套', names: ['服务器操作系统', '国产操作系统', '操作系统（服务器版）'], spec: '服务器版', yuan: 8000 },
  { key: 'database', group: SW, unit: '套', names: ['数据库管理系统', '国产数据库', '关系型数据库'], spec: '企业版', yuan: 150000 },
  { key: 'middleware', group: SW, unit: '套', names: ['应用中间件', '中间件', '国产应用中间件'], spec: '企业版', yuan: 60000 },
  { key: 'gis', group: SW, unit: '套', names: ['GIS平台', '地理信息平台软件', 'GIS基础平台'], spec: '', yuan: 400000 },
  { key: 'office-suite', group: SW, unit: '套', names: ['办公软件', '正版办公软件', '国产办公套件'], spec: '', yuan: 1500 },
  { key: 'antivirus', group: SEC, unit: '点', names: ['终端杀毒', '防病毒软件', '终端防病毒'], spec: '', yuan: 100 },
  { key: 'bigdata', group: SW, unit: '套', names: ['大数据平台', '大数据基础平台', '大数据支撑平台'], spec: '', yuan: 800000 },
  { key: 'exchange', group: SW, unit: '套', names: ['数据交换平台', '数据共享交换平台', '共享交换平台'], spec: '', yuan: 500000 },
  { key: 'dev', group: '应用软件开发', unit: '人月', names: ['软件开发', '定制开发', '应用系统开发'], spec: '', yuan: 25000 },
  { key: 'dengbao', group: '等保测评', unit: '项', names: ['等保测评', '网络安全等级保护测评', '等级保护测评服务'], spec: '三级', yuan: 80000 },
  { key: 'mipin', group: '密评', unit: '项', names: ['密评', '商用密码应用安全性评估', '密码应用安全性评估'], spec: '三级', yuan: 100000 },
  { key: 'supervision', group: '监理', unit: '项', names: ['监理', '工程监理费', '信息工程监理服务'], spec: '', yuan: 150000 },
  { key: 'third-test', group: '第三方测试', unit: '项', names: ['第三方软件测试', '第三方测试', '软件第三方测评'], spec: '', yuan: 60000 },
  { key: 'training', group: '培训', unit: '次', names: ['用户培训', '培训', '系统操作培训'], spec: '', yuan: 20000 },
  { key: 'ecs', group: '云资源租赁', unit: '台/年', names: ['云主机', '云服务器', '弹性云服务器'], spec: '8核32G', yuan: 6000 },
  { key: 'obs', group: '云资源租赁', unit: 'TB/年', names: ['对象存储', '云对象存储', '对象存储服务'], spec: '', yuan: 1500 },
  { key: 'line', group: '云资源租赁', unit: '年', names: ['互联网专线', '互联网带宽', '互联网接入专线'], spec: '100M', yuan: 20000 },
  { key: 'integration', group: '系统集成', unit: '项', names: ['系统集成', '系统集成实施', '集成实施'], spec: '', yuan: 100000 },
  { key: 'vc-terminal', group: HW, unit: '台', names: ['视频会议终端', '会议终端', '高清视频会议终端'], spec: '1080P', yuan: 20000 },
  { key: 'meeting-pad', group: HW, unit: '台', names: ['智能会议平板', '会议平板', '86寸会议平板'], spec: '86英寸', yuan: 15000 }
]

/** Things no library entry describes (a line for one must match nothing). */
export const UNKNOWN_ITEMS: CatalogueItem[] = [
  { key: '', group: HW, unit: '台', names: ['无人机', '多旋翼无人机', '巡检无人机'], spec: '续航40分钟', yuan: 50000 },
  { key: '', group: HW, unit: '台', names: ['服务器', '高性能服务器', '机架式服务器'], spec: '4路64核，2TB内存', yuan: 400000 },
  { key: '', group: SW, unit: '套', names: ['电子签章系统', '电子印章系统', '电子签章平台'], spec: '', yuan: 200000 },
  { key: '', group: SW, unit: '套', names: ['短信平台', '短信网关', '短信服务平台'], spec: '', yuan: 30000 },
  { key: '', group: HW, unit: '台', names: ['汇聚交换机', '汇聚层交换机', '万兆汇聚交换机'], spec: '24口万兆', yuan: 30000 },
  { key: '', group: HW, unit: '台', names: ['卫星电话', '便携卫星电话', '应急卫星电话'], spec: '', yuan: 12000 },
  { key: '', group: HW, unit: '套', names: ['存储', '分布式存储', '集中存储'], spec: '可用容量2000TB', yuan: 4000000 },
  { key: '', group: SW, unit: '套', names: ['视频智能分析算法', '视频分析算法', '智能视频分析'], spec: '', yuan: 300000 },
  { key: '', group: HW, unit: '个', names: ['物联网感知终端', '水位传感器', '物联网水位计'], spec: '', yuan: 4000 },
  { key: '', group: SW, unit: '套', names: ['区块链服务平台', '区块链底座', '区块链基础平台'], spec: '', yuan: 600000 },
  { key: '', group: HW, unit: '台', names: ['扫描仪', '高速扫描仪', '文档扫描仪'], spec: 'A3', yuan: 8000 },
  { key: '', group: HW, unit: '台', names: ['门禁一体机', '人脸识别门禁', '门禁终端'], spec: '', yuan: 4000 }
]

export interface LabelledLine {
  name: string
  spec: string
  unit: string
  group: string
  /** The catalogue item's key, or '' for none. */
  expected: string
}

/** Mulberry32. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Half-width letters, digits and brackets to full width, as some offices type them. */
export function toFullWidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
}

const PREFIXES = ['', '', '采购', '新增']
const SUFFIXES = ['', '', '（含三年质保）', '购置', '一批', '（国产化）']

/** Five wordings per item: as listed, another name, full width, the spec in brackets in the name, fillers. */
function wordings(item: CatalogueItem, pick: () => number): LabelledLine[] {
  const base = { unit: item.unit, group: item.group, expected: item.key }
  const [a, b, c] = item.names as [string, string, string]
  const any = <T,>(xs: readonly T[]): T => xs[Math.floor(pick() * xs.length)] as T
  const out: LabelledLine[] = [
    { ...base, name: b, spec: item.spec },
    { ...base, name: c, spec: item.spec },
    { ...base, name: toFullWidth(`${any(PREFIXES)}${a}`), spec: toFullWidth(item.spec) },
    { ...base, name: item.spec ? `${c}（${item.spec}）` : `${any(PREFIXES)}${c}${any(SUFFIXES)}`, spec: '' },
    { ...base, name: `${any(PREFIXES)}${b}${any(SUFFIXES)}`, spec: item.spec }
  ]
  return item.needsSpec ? out.filter((l) => l.spec || /\d/.test(l.name)) : out
}

export function labelledLines(seed = 13): LabelledLine[] {
  const pick = rng(seed)
  return [...CATALOGUE, ...UNKNOWN_ITEMS].flatMap((item) => wordings(item, pick))
}

const SOURCES = ['历史核定', '政府采购协议价', '市场询价']
const NOISE_A = ['智慧', '政务', '应急', '交通', '医疗', '城市', '教育', '水利', '环保', '社保', '公安', '农业', '市场监管', '文旅', '税务']
const NOISE_B = ['综合', '协同', '监测', '指挥', '办公', '服务', '运营', '分析', '治理', '调度', '审批', '预警', '档案', '信用', '一网通办']
const NOISE_C = ['管理系统', '平台', '子系统', '门户', '模块', '接口改造', '数据治理', '可视化', '移动端', '驾驶舱', '小程序', '中台']
const NOISE_D = ['', '一期', '二期', '升级改造', '运维', '扩容', '迁移', '对接', '适配', '专题库']

/** The library: every catalogue item priced 3–6 times (names, prices and dates varied) plus `noise` unrelated entries. */
export function labelledLibrary(noise: number, seed = 7): (PriceRef & { item: string })[] {
  const pick = rng(seed)
  const out: (PriceRef & { item: string })[] = []
  const date = () => `${2023 + Math.floor(pick() * 4)}-${String(1 + Math.floor(pick() * 12)).padStart(2, '0')}-15`
  for (const item of CATALOGUE) {
    const n = 3 + Math.floor(pick() * 4)
    for (let i = 0; i < n; i++) {
      out.push({
        id: `${item.key}-${i}`,
        item: item.key,
        name: item.names[i % 2] as string,
        spec: item.spec,
        unit: item.unit,
        unitPriceFen: Math.round(item.yuan * (0.85 + pick() * 0.3)) * 100,
        group: item.group,
        source: SOURCES[i % SOURCES.length] as string,
        date: date()
      })
    }
  }
  for (let i = 0; i < noise; i++) {
    const name = `${NOISE_A[i % NOISE_A.length]}${NOISE_B[Math.floor(i / NOISE_A.length) % NOISE_B.length]}${NOISE_C[Math.floor(pick() * NOISE_C.length)]}${NOISE_D[Math.floor(pick() * NOISE_D.length)]}`
    out.push({ id: `noise-${i}`, item: '', name, spec: '', unit: pick() < 0.5 ? '项' : '套', unitPriceFen: Math.round(50000 + pick() * 2000000) * 100, group: pick() < 0.5 ? SW : '应用软件开发', source: '历史核定', date: date() })
  }
  return out
}

export interface Accuracy {
  precision: number
  recall: number
  matched: number
  correct: number
  positives: number
  lines: number
  wrong: { name: string; expected: string; got: string }[]
}

/** Top-1 accepted match against the expected catalogue item (or none). */
export function measureAccuracy(noise = 3000): Accuracy {
  const lib = labelledLibrary(noise)
  const itemOf = new Map(lib.map((r) => [r.id, r.item]))
  const index = buildPriceIndex(lib)
  const lines = labelledLines()
  let matched = 0
  let correct = 0
  const wrong: Accuracy['wrong'] = []
  for (const l of lines) {
    const best = acceptedMatches(matchLine(index, l, 5))[0]
    const got = best ? (itemOf.get(best.ref.id) ?? '') : ''
    if (best) matched++
    if (best && got === l.expected) correct++
    if (got !== l.expected) wrong.push({ name: `${l.name} | ${l.spec}`, expected: l.expected || '—', got: got || '—' })
  }
  const positives = lines.filter((l) => l.expected).length
  return { precision: matched ? correct / matched : 1, recall: positives ? correct / positives : 1, matched, correct, positives, lines: lines.length, wrong }
}

