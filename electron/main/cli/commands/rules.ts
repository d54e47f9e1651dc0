/**
 * `paneldesk rules export [-o FILE] [--markdown]`: the shipped default rule set as JSON (to edit and import for a
 * meeting) or as the Markdown table of docs/rules-default.md.
 * `paneldesk rules check FILE`: checks a rule set file as the import does; every problem with its path and reason.
 * Exit codes: 0 done / valid, 1 refused (the Chinese message says why), 2 usage.
 */
import fs from 'node:fs'
import path from 'node:path'
import { defaultRuleSet, MAX_RULE_SET_BYTES, parseRuleSet, problemsText, ruleSetDigest, ruleSetJson } from '../../../../shared/domain/compliance/ruleSet'
import { ruleSetMarkdown } from '../../../../shared/domain/compliance/ruleSetRows'
import { readInputFile } from '../readInput'
import { runSubcommand } from '../subcommands'
import type { CliCommand } from './types'

const USAGE = [
  'rules export [-o <输出.json>] [--markdown]                            导出内置默认审查规则集（JSON，或 Markdown 表格）',
  '          rules check <规则集.json>                                         检查规则集文件，逐条列出问题的位置和原因'
].join('\n')

const OPTIONS = { output: { type: 'string', short: 'o' }, markdown: { type: 'boolean', default: false } } as const

function exportDefault(output: string | undefined, markdown: boolean): number {
  const r = defaultRuleSet()
  const text = markdown ? ruleSetMarkdown(r, ruleSetDigest(r)) : ruleSetJson(r)
  if (!output) {
    process.stdout.write(text)
    return 0
  }
  fs.writeFileSync(path.resolve(output), text)
  console.log(`已导出规则集 ${r.version} 到 ${path.resolve(output)}`)
  return 0
}

function check(file: string): number {
  const text = new TextDecoder('utf-8').decode(readInputFile(file, MAX_RULE_SET_BYTES, '规则集文件'))
  const r = parseRuleSet(text)
  if (!r.ok) {
    console.error(`规则集文件“${file}”有 ${r.problems.length} 处问题：\n${problemsText(r.problems, 200)}`)
    return 1
  }
  console.log(`规则集有效：${r.ruleSet.name}，版本 ${r.ruleSet.version}，摘要 ${ruleSetDigest(r.ruleSet)}`)
  return 0
}

export const rulesCommand: CliCommand = {
  name: 'rules',
  usage: USAGE,
  run: (args) =>
    runSubcommand(args, OPTIONS, USAGE, ([sub, file, ...extra], values) => {
      if (sub === 'export' && !file) return exportDefault(values.output, values.markdown)
      if (sub === 'check' && file && extra.length === 0) return check(file)
      return null
    })
}
