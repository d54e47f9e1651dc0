import { describe, expect, it } from 'vitest'
import { defaultRuleSet, ruleSetDigest } from '../domain/compliance/ruleSet'
import type { Change } from './change'
import { defaultRuleSetDigest, parseScoringMarker, rubricDigest, ruleSetDefinitionDigest, scoringLockProblem, type ScoringMarker, type ScoringMarkerStatement } from './scoringMarker'

const hlc = (ms: number) => `${ms.toString(16).padStart(12, '0')}-0000-o`
const RUBRIC_DEF = JSON.stringify({ dimensions: [], name: 'x' })

const statement: ScoringMarkerStatement = {
  v: 1,
  meetingId: 'm1',
  startedAt: '2026-12-07T01:00:00.000Z',
  rubric: { id: 'r@1', version: 1, digest: rubricDigest(RUBRIC_DEF), at: hlc(100) },
  ruleSet: { version: defaultRuleSet().version, digest: defaultRuleSetDigest(), at: '' }
}
const marker: ScoringMarker = { statement, hlc: hlc(200) }

function change(tbl: string, rowId: string, col: string, value: unknown, ms: number): Change {
  return { origin: 'o', seq: 1, tx: 1, txEnd: 1, hlc: hlc(ms), author: 'secretariat', tbl, rowId, col, value: JSON.stringify(value) }
}
const problem = (...tx: Change[]) => scoringLockProblem(tx, (id) => (id === 'm1' ? marker : null), () => [marker])

describe('the scoring-started marker', () => {
  it('parses only a whole statement, with bounded fields', () => {
    expect(parseScoringMarker(JSON.stringify(statement))).toEqual(statement)
    expect(parseScoringMarker(null)).toBeNull()
    expect(parseScoringMarker('not json')).toBeNull()
    expect(parseScoringMarker(JSON.stringify({ ...statement, v: 2 }))).toBeNull()
    expect(parseScoringMarker(JSON.stringify({ ...statement, rubric: { ...statement.rubric, digest: 'zz' } }))).toBeNull()
    expect(parseScoringMarker(JSON.stringify({ ...statement, ruleSet: { ...statement.ruleSet, at: 'x'.repeat(500) } }))).toBeNull()
    expect(parseScoringMarker(JSON.stringify({ ...statement, meetingId: 'm'.repeat(201) }))).toBeNull()
  })

  it('digests rubrics and rule sets by their canonical JSON', () => {
    expect(rubricDigest('{"name":"x","dimensions":[]}')).toBe(rubricDigest(RUBRIC_DEF))
    expect(rubricDigest('{')).toBe('')
    expect(ruleSetDefinitionDigest(JSON.stringify(defaultRuleSet()))).toBe(ruleSetDigest(defaultRuleSet()))
    expect(ruleSetDefinitionDigest('{"format":"nope"}')).toBe('')
  })

  it('holds a change of what it binds, at any clock after the bound write, and takes everything else', () => {
    // Another rubric for the meeting, written after the marker or concurrently with it (after the bound write).
    expect(problem(change('meetings', 'm1', 'rubric_id', 'r@2', 300))?.reason).toMatch(/^评分开始后不得修改评分细则\/审查规则：秘书处已于 2026-12-07 01:00 宣布/)
    expect(problem(change('meetings', 'm1', 'rubric_id', 'r@2', 150))).not.toBeNull()
    // An older write (the meeting created with its first rubric, arriving late from another laptop) loses the cell anyway.
    expect(problem(change('meetings', 'm1', 'rubric_id', 'r@0', 50), change('meetings', 'm1', 'name', '评审会', 50))).toBeNull()
    // The bound rubric rewritten identically is taken; changed or deleted, held.
    expect(problem(change('rubrics', 'r@1', 'definition', JSON.parse(RUBRIC_DEF), 300))).toBeNull()
    expect(problem(change('rubrics', 'r@1', 'definition', { dimensions: [1] }, 300))).not.toBeNull()
    expect(problem(change('rubrics', 'r@1', 'deleted', true, 300))).not.toBeNull()
    expect(problem(change('rubrics', 'r@9', 'definition', { dimensions: [1] }, 300))).toBeNull() // not bound
    // The rule set: another one held; the default again (what the marker binds) taken; the updated_at stamp alone taken.
    const other = { ...defaultRuleSet(), version: 'other', vetoes: [] }
    expect(problem(change('meeting_rule_sets', 'rule-set|m1', 'definition', other, 300))).not.toBeNull()
    expect(problem(change('meeting_rule_sets', 'rule-set|m1', 'definition', defaultRuleSet(), 300))).toBeNull()
    expect(problem(change('meeting_rule_sets', 'rule-set|m1', 'deleted', true, 300))).toBeNull()
    expect(problem(change('meeting_rule_sets', 'rule-set|m1', 'updated_at', 'x', 300))).toBeNull()
    // Another meeting's rules are not this marker's business.
    expect(problem(change('meeting_rule_sets', 'rule-set|m2', 'definition', other, 300))).toBeNull()
    expect(problem(change('meetings', 'm2', 'rubric_id', 'r@2', 300))).toBeNull()
  })

  it('holds a change of a package’s budget basis after the marker of its meeting, or of any meeting when the package is not known here', () => {
    const meetingOf = (id: string) => (id === 'k1' ? 'm1' : id === 'k2' ? 'm2' : null)
    const basis = (...tx: Change[]) => scoringLockProblem(tx, (id) => (id === 'm1' ? marker : null), () => [marker], meetingOf)
    const sheets = (rowId: string, ms: number) => change('packages', rowId, 'budget_sheets', ['概算汇总表'], ms)
    expect(basis(sheets('k1', 300))?.reason).toMatch(/^评分开始后不得修改概算的评审依据工作表：秘书处已于 2026-12-07 01:00 宣布开始评分/)
    expect(basis(change('packages', 'k1', 'computed_total', 999, 300))).not.toBeNull() // any basis column
    expect(basis(sheets('k1', 150))).toBeNull() // written before the marker
    expect(basis(sheets('k2', 300))).toBeNull() // another meeting, no marker
    expect(basis(sheets('k9', 300))).not.toBeNull() // meeting unknown here: the safe side
    expect(basis(sheets('k9', 150))).toBeNull()
    expect(basis(sheets('k1', 300), change('packages', 'k1', 'sha256', 'ab', 300))).toBeNull() // an import, not a change
    expect(basis(change('packages', 'k1', 'deleted', true, 300))).toBeNull() // not a basis column
    expect(problem(sheets('k1', 300))).not.toBeNull() // no lookup given: the safe side
  })
})
