/**
 * Saving a rule set edited in the console (issue 14 item 3): a new version becomes the meeting's rule set and its
 * findings carry it; a set with problems is refused with each problem's dotted path (for the field), the same
 * version label, an unchanged set and an edit of a version that is no longer current are refused; nothing is stored.
 */
import { describe, expect, it } from 'vitest'
import { defaultRuleSet, ruleSetDigest, ruleSetJson, type RuleSet } from '../../../shared/domain/compliance/ruleSet'
import { testBackend } from '../../../tests/helpers/backend'
import { rejection } from '../../../tests/helpers/review'

const rowCount = (b: Awaited<ReturnType<typeof testBackend>>) => b.db().sqlite.prepare("SELECT COUNT(*) AS n FROM change_log WHERE tbl = 'meeting_rule_sets'").get()

describe('rules.save', () => {
  it('saves an edited set as a new version and refuses a bad, unchanged, same-version or stale one', async () => {
    const b = await testBackend()
    await b.handlers['session.actAs']({ expertId: null })
    const [m] = await b.handlers['meetings.list']({})
    const meetingId = m!.id
    const base = await b.handlers['rules.get']({ meetingId })
    expect(base.locked).toBeNull()
    const edited: RuleSet = defaultRuleSet()
    edited.compliance.feeRates.contingencyMaxRate = 0.08
    const save = (r: RuleSet, baseDigest = base.digest) => b.handlers['rules.save']({ meetingId, definition: ruleSetJson(r), baseDigest })

    expect(await rejection(() => save(defaultRuleSet()))).toMatchObject({ code: 'invalid_input', message: '规则集没有任何修改，未保存' })
    expect(await rejection(() => save(edited))).toMatchObject({ code: 'invalid_input', issues: [{ path: 'version', message: '修改后的规则集须使用新的版本号' }] })
    const bad = { ...edited, version: '2027.01', compliance: { ...edited.compliance, article11: { reapprovalThreshold: 0 } } }
    const refused = await rejection(() => save(bad))
    expect(refused).toMatchObject({ code: 'invalid_input', issues: [{ path: 'compliance.article11.reapprovalThreshold', message: '应大于 0' }] })
    expect(refused.message).toMatch(/未保存/)
    expect(rowCount(b)).toEqual({ n: 0 })

    edited.version = '2027.01-预备费8%'
    const saved = await save(edited)
    expect(saved).toMatchObject({ custom: true, version: '2027.01-预备费8%', digest: ruleSetDigest(edited), locked: null })
    const stamps = b.db().sqlite.prepare('SELECT DISTINCT rule_set_version AS v FROM findings WHERE deleted = 0').all()
    expect(stamps).toEqual(stamps.length ? [{ v: '2027.01-预备费8%' }] : [])

    // Edited from the version before: refused, the saved one stays.
    const stale = { ...edited, version: '2027.02' }
    expect(await rejection(() => save(stale, base.digest))).toMatchObject({ code: 'conflict', message: '审查规则集已被更改（当前版本“2027.01-预备费8%”），未保存；请刷新后在当前版本上修改' })
    expect((await b.handlers['rules.get']({ meetingId })).version).toBe('2027.01-预备费8%')
  })
})
