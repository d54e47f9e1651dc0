/** `paneldesk rules export|check` as a child process; docs/rules-default.md is the default rule set's Markdown. */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultRuleSet, ruleSetDigest } from '../../../../shared/domain/compliance/ruleSet'
import { ruleSetMarkdown } from '../../../../shared/domain/compliance/ruleSetRows'
import { tempDir } from '../../../../tests/helpers/tmp'
import { runCli, type CliResult } from '../../../../tests/kits/cli/run'

const ROOT = path.resolve(import.meta.dirname, '../../../..')

const cli = (...args: string[]): CliResult => runCli(args)

describe('paneldesk rules', () => {
  it('exports the default, checks a good file and refuses a bad one with the path and reason', () => {
    const dir = tempDir('rules-cli')
    const file = path.join(dir, 'rules.json')
    const exported = cli('rules', 'export', '-o', file)
    expect(exported.code, exported.err).toBe(0)
    const ok = cli('rules', 'check', file)
    expect(ok.code, ok.err).toBe(0)
    expect(ok.out).toContain(`摘要 ${ruleSetDigest(defaultRuleSet())}`)
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { compliance: { article11: { reapprovalThreshold: unknown } } }
    raw.compliance.article11.reapprovalThreshold = '百分之十'
    fs.writeFileSync(file, JSON.stringify(raw))
    const bad = cli('rules', 'check', file)
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('compliance.article11.reapprovalThreshold（合规规则 › 第十一条 › 重新审批比例）：应为数字')
    expect(cli('rules', 'nothing').code).toBe(2)
  }, 120_000)

  it('docs/rules-default.md is the Markdown of the shipped default (regenerate: npx paneldesk rules export --markdown -o docs/rules-default.md)', () => {
    const r = defaultRuleSet()
    expect(fs.readFileSync(path.join(ROOT, 'docs/rules-default.md'), 'utf8')).toBe(ruleSetMarkdown(r, ruleSetDigest(r)))
  })
})
