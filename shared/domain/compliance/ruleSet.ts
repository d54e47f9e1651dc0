/**
 * The rule set (issue 14 item 3): everything the rules recognise — category keywords, the keywords, synonyms and
 * patterns of every article, fee-rate bases and thresholds, the city's shared platforms, and which findings veto —
 * as one versioned JSON document. The shipped default is `defaultRuleSet()`; the secretariat can export it, edit it
 * and import it for a meeting (electron/main/services/ruleSets.ts). A file is checked whole by `parseRuleSet` and
 * refused with every problem's path and reason in Chinese; nothing of a refused file is used.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { canonicalize } from '../../signing/canonical'
import { DEFAULT_CATEGORY_RULES, type CategoryRule } from '../budget/classify'
import { defaultComplianceConfig, type ComplianceConfig } from './config'
import { DEFAULT_VETOES, type VetoRule } from './ruleCodes'
import { ruleSetSchema } from './ruleSetSchema'
import { describeIssues, type RuleSetProblem } from './ruleSetErrors'

export const RULE_SET_FORMAT = 'paneldesk.rules/1'
/** The version of the shipped default. Change it whenever the default's content changes. */
export const DEFAULT_RULE_SET_VERSION = '2026.12.2-默认'

export interface RuleSet {
  format: typeof RULE_SET_FORMAT
  /** Named by whoever edits it, e.g. "2026.12-默认" or "2027.01-市数据局修订". Recorded on every finding. */
  version: string
  name: string
  note: string
  /** Budget line categories, most specific first (the first rule that matches wins). */
  categories: CategoryRule[]
  compliance: ComplianceConfig
  /** Findings that stop the project as submitted (the suggested conclusion becomes 不予通过). */
  vetoes: VetoRule[]
}

/** What a finding records about the rule set that produced it. */
export interface RuleSetStamp {
  version: string
  /** Lower-case hex SHA-256 of the rule set's canonical JSON. */
  digest: string
}

export function defaultRuleSet(): RuleSet {
  return {
    format: RULE_SET_FORMAT,
    version: DEFAULT_RULE_SET_VERSION,
    name: '三明市市级政务信息化项目评审默认规则',
    note: '依据《三明市市级政务信息化项目建设管理办法》和可研评审常见做法整理；秘书处可导出、修改后导入本次会议使用。',
    categories: DEFAULT_CATEGORY_RULES.map((r) => ({ category: r.category, keywords: [...r.keywords], ...(r.exclude ? { exclude: [...r.exclude] } : {}) })),
    compliance: defaultComplianceConfig(),
    vetoes: DEFAULT_VETOES.map((v) => ({ ...v }))
  }
}

/** The digest every replica computes the same way: SHA-256 of the canonical JSON (keys sorted, no spaces). */
export function ruleSetDigest(ruleSet: RuleSet): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalize(ruleSet))))
}

export function ruleSetStamp(ruleSet: RuleSet): RuleSetStamp {
  return { version: ruleSet.version, digest: ruleSetDigest(ruleSet) }
}

/** The file the secretariat exports and edits: indented JSON, one field a line. */
export function ruleSetJson(ruleSet: RuleSet): string {
  return `${JSON.stringify(ruleSet, null, 2)}\n`
}

export type RuleSetCheck = { ok: true; ruleSet: RuleSet } | { ok: false; problems: RuleSetProblem[] }

/** At most this many bytes are read as a rule set (the default is about 20 KB). */
export const MAX_RULE_SET_BYTES = 1024 * 1024

/** Checks a rule set file (JSON text, or an already parsed value). Never throws. */
export function parseRuleSet(input: string | unknown): RuleSetCheck {
  let raw: unknown = input
  if (typeof input === 'string') {
    if (input.length > MAX_RULE_SET_BYTES) return { ok: false, problems: [{ path: '', reason: `文件超过 ${MAX_RULE_SET_BYTES / 1024} KB，不是规则集文件` }] }
    try {
      raw = JSON.parse(input.replace(/^\uFEFF/, '')) as unknown
    } catch (e) {
      return { ok: false, problems: [{ path: '', reason: `不是有效的 JSON：${e instanceof Error ? e.message.slice(0, 120) : ''}` }] }
    }
  }
  const r = ruleSetSchema.safeParse(raw)
  if (!r.success) return { ok: false, problems: describeIssues(r.error.issues, raw) }
  return { ok: true, ruleSet: r.data as RuleSet }
}

/** "路径 x.y：原因" lines, at most `max`, for a refusal message. */
export function problemsText(problems: readonly RuleSetProblem[], max = 20): string {
  const lines = problems.slice(0, max).map((p) => (p.path ? `${p.path}：${p.reason}` : p.reason))
  if (problems.length > max) lines.push(`……另有 ${problems.length - max} 处问题`)
  return lines.join('\n')
}

export type { RuleSetProblem } from './ruleSetErrors'
export type { VetoRule } from './ruleCodes'
