/**
 * Rules as data across laptops (issue 14 item 3): the secretariat imports a rule set for a meeting, its findings are
 * derived again with it and record its version and digest; an invalid file changes nothing; the expert's laptop
 * derives the same findings with the same rule set after a folder sync; back to the default undoes it.
 */
import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../shared/api/packageTypes'
import { DEFAULT_RULE_SET_VERSION, ruleSetDigest, defaultRuleSet, type RuleSet } from '../../../shared/domain/compliance/ruleSet'
import { runSync, testBackend, trustSecretariat } from '../../../tests/helpers/backend'
import { MESSY_MERGED, waitJob } from '../../../tests/helpers/packages'
import { tempDir } from '../../../tests/helpers/tmp'
import type { Backend } from '../backend'

const findingRows = (b: Backend, projectId: string) =>
  b.db().sqlite.prepare('SELECT id, code, message, veto, rule_set_version, rule_set_digest FROM findings WHERE project_id = ? AND deleted = 0 ORDER BY id').all(projectId) as {
    code: string
    rule_set_version: string
    rule_set_digest: string
  }[]

async function rejection(fn: () => unknown): Promise<Error> {
  try {
    await fn()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected a refusal')
}

describe('a meeting’s rule set', () => {
  it('is imported, stamps and changes the findings, syncs to the expert’s laptop, and can go back to the default', async () => {
    const a = await testBackend({ seedDemo: false })
    const b = await testBackend({ seedDemo: false })
    await trustSecretariat(a, b)
    const meeting = await a.handlers['meetings.create']({ name: '规则集评审会', date: '2026-12-10', place: '三明', organiser: '市数据局' })
    const job = await a.handlers['packages.import']({ meetingId: meeting.id, source: { kind: 'path', path: MESSY_MERGED } })
    const done = await waitJob<ImportResult>(a, job)
    expect(done.status, done.error ?? '').toBe('done')
    const projectId = (done.result as ImportResult).projectId
    const before = findingRows(a, projectId)
    const defaultDigest = ruleSetDigest(defaultRuleSet())
    expect(before.map((f) => f.code)).toContain('fee.contingency-rate')
    for (const f of before) expect([f.rule_set_version, f.rule_set_digest]).toEqual([DEFAULT_RULE_SET_VERSION, defaultDigest])
    expect((await a.handlers['packages.findings']({ projectId }))[0]?.ruleSet).toEqual({ version: DEFAULT_RULE_SET_VERSION, digest: defaultDigest })

    // The secretariat exports, edits (预备费 up to 100 %, a new version) and imports.
    const exported = await a.handlers['rules.export']({ meetingId: meeting.id })
    expect(exported.fileName).toMatch(/^审查规则集-.*\.json$/)
    const edited = JSON.parse(exported.json) as RuleSet
    edited.version = '2027.01-测试'
    edited.compliance.feeRates.contingencyMaxRate = 1
    const view = await a.handlers['rules.import']({ meetingId: meeting.id, fileName: 'r.json', text: JSON.stringify(edited) })
    expect(view).toMatchObject({ custom: true, version: '2027.01-测试', digest: ruleSetDigest(edited), problem: null })
    const after = findingRows(a, projectId)
    expect(after.map((f) => f.code)).not.toContain('fee.contingency-rate')
    expect(after.length).toBe(before.length - 1)
    for (const f of after) expect([f.rule_set_version, f.rule_set_digest]).toEqual(['2027.01-测试', ruleSetDigest(edited)])

    // An invalid file is refused whole, with the path and the reason; nothing changes.
    edited.compliance.feeRates.integrationMaxRate = -1
    const refused = await rejection(() => a.handlers['rules.import']({ meetingId: meeting.id, fileName: 'bad.json', text: JSON.stringify(edited) }))
    expect(refused.message).toMatch(/compliance\.feeRates\.integrationMaxRate（合规规则 › 费率 › 系统集成费费率上限）：应大于 0/)
    expect((await a.handlers['rules.get']({ meetingId: meeting.id })).version).toBe('2027.01-测试')
    expect(findingRows(a, projectId)).toEqual(after)

    // The expert's laptop derives the same findings with the meeting's rule set.
    const folder = tempDir('rules-folder')
    await a.handlers['sync.configure']({ kind: 'folder', folder, meetingId: meeting.id })
    await b.handlers['sync.configure']({ kind: 'folder', folder, meetingId: meeting.id })
    await runSync(a)
    await runSync(b)
    for (let i = 0; i < 500 && findingRows(b, projectId).length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    expect(findingRows(b, projectId)).toEqual(after)
    expect((await b.handlers['rules.get']({ meetingId: meeting.id })).version).toBe('2027.01-测试')
    // The expert's laptop cannot replace it.
    const forbidden = await rejection(() => b.handlers['rules.reset']({ meetingId: meeting.id }))
    expect(forbidden.message).toMatch(/秘书处/)

    // Back to the default: the first findings again, everywhere.
    await a.handlers['rules.reset']({ meetingId: meeting.id })
    expect(findingRows(a, projectId)).toEqual(before)
    await runSync(a)
    await runSync(b)
    for (let i = 0; i < 500 && findingRows(b, projectId)[0]?.rule_set_version !== DEFAULT_RULE_SET_VERSION; i++) await new Promise((r) => setTimeout(r, 20))
    expect(findingRows(b, projectId)).toEqual(before)
  })
})
