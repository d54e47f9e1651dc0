/**
 * 价格参考 (issue 13): how a budget line's or a reference's name and specification are read for matching.
 * Full/half width and case are folded (NFKC), brackets become spaces, words that say nothing about the thing
 * (采购, 购置, 费, 一批 …) are dropped, common synonyms collapse to one word, and model numbers stay whole tokens.
 */

/** Longest first within each group; every variant is replaced by the group's first word. */
const SYNONYMS: readonly (readonly string[])[] = [
  // Specific words that contain a general one come first: 服务器密码机 is not a 服务器.
  ['密码机', '服务器密码机', '云服务器密码机'],
  ['签名验签', '签名验签服务器'],
  ['云主机', '云服务器', '弹性云服务器', 'ecs'],
  ['操作系统', '服务器操作系统', 'os'],
  ['waf', 'web应用防火墙', 'web防火墙', '网站应用防火墙'],
  ['服务器', 'x86服务器', 'pc服务器', '机架式服务器', '机架服务器', '通用服务器', '应用服务器'],
  ['数据库', '数据库管理系统', '数据库软件', '关系型数据库'],
  ['防火墙', '下一代防火墙', 'ngfw'],
  ['台式计算机', '台式电脑', '台式机', '办公电脑', 'pc机'],
  ['笔记本电脑', '便携式计算机', '笔记本'],
  ['存储', '磁盘阵列', '存储阵列', '存储设备', '集中存储'],
  ['等保测评', '网络安全等级保护测评', '等级保护测评', '等保测评服务'],
  ['密评', '商用密码应用安全性评估', '密码应用安全性评估', '密码测评'],
  ['监理', '工程监理', '信息工程监理', '项目监理'],
  ['软件开发', '定制开发', '应用软件开发', '应用开发', '系统开发'],
  ['不间断电源', 'ups'],
  ['负载均衡', '负载均衡器', '负载均衡设备', 'slb'],
  ['堡垒机', '运维安全审计系统', '运维安全审计', '运维审计系统', '运维审计'],
  ['漏洞扫描', '漏洞扫描系统', '漏扫'],
  ['入侵防御', '入侵防御系统', 'ips'],
  ['vpn', 'sslvpn', 'ssl vpn', 'vpn网关'],
  ['摄像机', '网络摄像机', '摄像头', '高清摄像机'],
  ['拼接屏', '液晶拼接屏', '拼接大屏'],
  ['交换机', '网络交换机'],
  ['人月', '人·月', '人/月', '人*月']
]

const HEADS = new Set(SYNONYMS.map((g) => g[0] as string))

/** The name's head when it is one of the known things (服务器 in 数据库 服务器): the last word, if a synonym head. */
export function headWord(normalised: string): string | null {
  const last = normalised.slice(normalised.lastIndexOf(' ') + 1)
  return HEADS.has(last) ? last : null
}

const FILLERS = ['采购', '购置', '购买', '费用', '一批', '新增', '建设', '服务费', '国产化', '国产', '正版']

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Latin variants (os, ips, waf) only as whole words: "os" inside "cos" or "postgresql" is not an 操作系统. */
function variantRe(v: string): string {
  return /^[a-z0-9 ]+$/.test(v) ? `(?<![a-z0-9])${escapeRe(v)}(?![a-z0-9])` : escapeRe(v)
}

/** One pass: every variant, longest first (服务器密码机 before 服务器), each to its group's first word. */
const SYNONYM_HEAD = new Map<string, string>(SYNONYMS.flatMap((g) => g.map((v) => [v, g[0] as string] as [string, string])))
const SYNONYM_RE = new RegExp(
  [...SYNONYM_HEAD.keys()].sort((x, y) => y.length - x.length).map(variantRe).join('|'),
  'g'
)
const FILLER_RE = new RegExp(FILLERS.map(escapeRe).join('|'), 'g')

/** NFKC (full width → half width), lower case, every bracket and separator a space, runs of space one. */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[()[\]{}<>〔〕【】《》「」『』]/g, ' ')
    .replace(/[,;:、，；：。/\\|_~"'`“”‘’]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The name as matched: folded, synonyms collapsed, filler words dropped. */
export function normaliseName(text: string): string {
  let t = foldText(nameCore(text.slice(0, 500)))
  t = t.replace(FILLER_RE, ' ')
  t = t.replace(SYNONYM_RE, (v) => ` ${SYNONYM_HEAD.get(v) ?? v} `)
  // 费, 软件, 设备 at the end of a word (监理费, 办公软件, 存储设备) say nothing once the synonyms are read.
  t = t.replace(/(费|软件|设备)(?=\s|$)/g, ' ')
  return t.replace(/\s+/g, ' ').trim()
}

const BRACKETED = /[(（[【〔][^()（）[\]【】〔〕]*[)）\]】〕]/g

/**
 * The name without what is in brackets (服务器（2颗16核，256G内存） → 服务器; the bracketed part is read for the
 * specification facts); a name that is all brackets keeps its text.
 */
export function nameCore(text: string): string {
  const core = text.replace(BRACKETED, ' ').trim()
  return core || text
}

const HAN = /\p{Script=Han}/u

/**
 * Tokens of a normalised text: each run of Chinese characters as its bigrams (and the run itself when it is one
 * or two characters), each run of letters and digits whole (model numbers such as r740, 2288hv5, s5735).
 * Pure numbers are left to the specification facts.
 */
export function tokens(normalised: string): string[] {
  const out = new Set<string>()
  for (const word of normalised.split(' ')) {
    if (!word) continue
    const parts = word.match(/\p{Script=Han}+|[a-z0-9][a-z0-9.+-]*/gu) ?? []
    for (const p of parts) {
      if (HAN.test(p)) {
        const chars = [...p]
        if (chars.length <= 2) out.add(p)
        for (let i = 0; i + 1 < chars.length && i < 60; i++) out.add(chars[i]! + chars[i + 1]!)
      } else if (/[a-z]/.test(p) && p.length >= 2) {
        out.add(p)
      }
    }
    if (out.size > 80) break
  }
  return [...out]
}

/** The unit class a quantity is counted in: lines in different classes are never compared. */
export type UnitClass = 'piece' | 'personMonth' | 'year' | 'lump' | 'licence' | 'capacity' | 'other'

const UNIT_CLASSES: [UnitClass, RegExp][] = [
  ['personMonth', /^(人月|人·月|人\/月|人\*月|人·月)$/],
  ['piece', /^(台|套|个|部|件|块|只|把|面|根|台套|组|对|路)$/],
  ['year', /^(年|年度|年\/套|套\/年|台\/年|月)$/],
  ['lump', /^(项|批|次|宗|期)$/],
  ['licence', /^(用户|点|授权|许可|并发|节点|个授权|cpu|核)$/],
  ['capacity', /^(tb|gb|t|g|m|mbps|m带宽|千兆|万兆)$/]
]

export function unitClass(unit: string | null | undefined): UnitClass | null {
  if (!unit) return null
  const u = foldText(unit).replace(/\s/g, '')
  if (!u) return null
  for (const [cls, re] of UNIT_CLASSES) if (re.test(u)) return cls
  return 'other'
}

/** Units compare when both are known and in the same class; `piece` also takes a licence counted per 套. */
export function unitsCompatible(a: string | null | undefined, b: string | null | undefined): 'same' | 'unknown' | 'different' {
  const ca = unitClass(a)
  const cb = unitClass(b)
  if (ca === null || cb === null) return 'unknown'
  if (ca === cb) return ca === 'other' && foldText(a ?? '') !== foldText(b ?? '') ? 'different' : 'same'
  return 'different'
}
