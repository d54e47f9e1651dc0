/**
 * The rule set is locked once scoring starts (issue 14 item 3), like the rubric: experts score and sign against the
 * findings one rule set produced, so the rules cannot change under them.
 *  - A modified client calls the save, import or reset API after an expert has signed: each is refused with the
 *    Chinese reason, and nothing is stored (no rule set row, no change log entry, the findings unchanged).
 *  - The same calls while an expert has merely opened a sheet (scoring started) are refused the same way.
 *  - A laptop acting as an expert cannot save a rule set at all.
 *  - The signed sheet names the rule set (version and digest) its findings came from.
 */
import { describe, expect, it } from 'vitest'
import { defaultRuleSet, ruleSetDigest, ruleSetJson, DEFAULT_RULE_SET_VERSION } from '../../shared/domain/compliance/ruleSet'
import type { SheetPayload, SignedPayload } from '../../shared/signing/types'
import type { Backend } from '../../electron/main/backend'
import { testBackend } from '../helpers/backend'
import { readyToScore, rejection, scoreEverything } from '../helpers/review'

const PIN = '246810'
const LOCKED = '已有专家开始评分（已有评分表），审查规则集已锁定，不能再修改'

function edited(): string {
  const r = defaultRuleSet()
  r.version = '2027.01-修改'
  r.vetoes = []
  r.compliance.feeRates.contingencyMaxRate = 1
  return ruleSetJson(r)
}

function stored(b: Backend) {
  const db = b.db().sqlite
  return {
    rows: db.prepare('SELECT COUNT(*) AS n FROM meeting_rule_sets').get(),
    log: db.prepare("SELECT COUNT(*) AS n FROM change_log WHERE tbl = 'meeting_rule_sets'").get(),
    findings: db.prepare('SELECT id, code, rule_set_version, rule_set_digest FROM findings WHERE deleted = 0 ORDER BY id').all()
  }
}

async function refusedEverything(b: Backend, meetingId: string): Promise<void> {
  const baseDigest = ruleSetDigest(defaultRuleSet())
  const before = stored(b)
  expect(await rejection(() => b.handlers['rules.save']({ meetingId, definition: edited(), baseDigest }))).toMatchObject({ code: 'conflict', message: LOCKED })
  expect(await rejection(() => b.handlers['rules.import']({ meetingId, fileName: 'r.json', text: edited() }))).toMatchObject({ code: 'conflict', message: LOCKED })
  expect(await rejection(() => b.handlers['rules.reset']({ meetingId }))).toMatchObject({ code: 'conflict', message: LOCKED })
  expect(stored(b)).toEqual(before)
  expect(await b.handlers['rules.get']({ meetingId })).toMatchObject({ version: DEFAULT_RULE_SET_VERSION, custom: false, locked: LOCKED })
}

describe('a rule set change after scoring has started', () => {
  it('is refused after an expert has signed, through every API, and nothing is stored', async () => {
    const b = await testBackend()
    const [demo] = await b.handlers['meetings.list']({})
    const m = await b.handlers['meetings.get']({ meetingId: demo!.id })
    const projectId = m.projects[1]!.id
    await readyToScore(b, m.id, projectId)
    const { sheetId } = await b.handlers['sheets.open']({ projectId })
    // Acting as an expert, the laptop may not edit the rule set at all.
    const asExpert = await rejection(() => b.handlers['rules.save']({ meetingId: m.id, definition: edited(), baseDigest: ruleSetDigest(defaultRuleSet()) }))
    expect(asExpert).toMatchObject({ code: 'forbidden', message: '只有秘书处可以修改审查规则集' })
    await scoreEverything(b, projectId, sheetId)
    await b.handlers['identity.createKey']({ pin: PIN, pinConfirm: PIN })
    await b.handlers['sheets.submit']({ sheetId, pin: PIN })

    const row = b.db().sqlite.prepare('SELECT signed_payload FROM score_sheets WHERE id = ?').get(sheetId) as { signed_payload: string }
    const content = JSON.parse((JSON.parse(row.signed_payload) as SignedPayload).canonical) as SheetPayload
    expect(content.ruleSet).toEqual({ version: DEFAULT_RULE_SET_VERSION, digest: ruleSetDigest(defaultRuleSet()) })

    await b.handlers['session.actAs']({ expertId: null })
    await refusedEverything(b, m.id)
  })

  it('is refused as soon as an expert has opened a sheet (scoring started)', async () => {
    const b = await testBackend()
    const [demo] = await b.handlers['meetings.list']({})
    const m = await b.handlers['meetings.get']({ meetingId: demo!.id })
    await readyToScore(b, m.id, m.projects[0]!.id)
    await b.handlers['sheets.open']({ projectId: m.projects[0]!.id })
    await b.handlers['session.actAs']({ expertId: null })
    await refusedEverything(b, m.id)
  })
})
