/**
 * Rules as data (issue 14 item 3) under attack: an expert laptop cannot replace the meeting's rule set.
 *  - A modified client writes a rule set change as its expert (sealed with the expert's own registered key) or
 *    claims to be the secretariat: every replica rejects or holds it, and the rule set in force stays the
 *    secretariat's. The same verdict runs on laptops and on the sync server (shared/sync/verdict.ts).
 *  - A forged rule set written into the shared folder (unsealed, or sealed by a key that is not the pinned
 *    secretariat's) is never applied, and the report says why.
 *  - A rule set that would hang the rules (a pattern that backtracks without end) is refused at import.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultRuleSet, parseRuleSet, ruleSetJson } from '../../shared/domain/compliance/ruleSet'
import type { Change } from '../../shared/sync/change'
import { encodeHlc } from '../../shared/sync/hlc'
import { REPLICATED_TABLES } from '../../shared/sync/tables'
import { judgeTransaction, type Registry } from '../../shared/sync/verdict'
import { generateKeyPair } from '../../shared/signing/sm'
import { syncM1, writeForgery as writeForgeryOf } from '../kits/sync/folderForgery'
import { meetingRules, ruleSetRowId } from '../../electron/main/services/ruleSets'
import { tempDir } from '../helpers/tmp'
import { SEC, newReplica, sealedBy, seedMeeting, type Replica } from '../kits/sync/replica'

const ORIGIN = '01900000-0000-7000-8000-00000000e1e1'
const ctx = { nowMs: Date.now(), registry: REPLICATED_TABLES as unknown as Registry, fingerprintsOf: () => [], isReopened: () => false }

/** A rule set that lets everything through: no 第十二条 veto, every keyword gone. */
function laxRuleSet() {
  const r = defaultRuleSet()
  r.version = '伪造'
  r.vetoes = []
  r.compliance.article12.selfBuiltInfrastructure.keywords = ['永远不会出现的词']
  return r
}

function forgedChanges(author: string): Change[] {
  const ms = Date.now()
  const cells: [string, unknown][] = [['meeting_id', 'm1'], ['definition', laxRuleSet()], ['updated_at', new Date(ms).toISOString()], ['deleted', false]]
  return cells.map(([col, v], i) => ({
    origin: ORIGIN, seq: i + 1, tx: 1, txEnd: cells.length, hlc: encodeHlc({ ms, counter: i + 1, origin: ORIGIN }), author, tbl: 'meeting_rule_sets',
    rowId: ruleSetRowId('m1'), col, value: JSON.stringify(v)
  }))
}

const sync = syncM1
const writeForgery = (folder: string, changes: Change[]) => writeForgeryOf(folder, ORIGIN, changes)

async function secretariat(): Promise<{ sec: Replica; folder: string }> {
  const dir = tempDir('rules-forgery')
  const sec = await newReplica(dir, 'sec')
  seedMeeting(sec, 1, 2, 1)
  return { sec, folder: fs.mkdtempSync(path.join(dir, 'folder-')) }
}

function unchanged(sec: Replica): void {
  expect(sec.db.sqlite.prepare('SELECT COUNT(*) AS n FROM meeting_rule_sets').get()).toEqual({ n: 0 })
  expect(meetingRules(sec.db, 'm1').custom).toBe(false)
  expect(sec.db.sqlite.prepare("SELECT COUNT(*) AS n FROM change_log WHERE origin = ? AND status = 'applied'").get(ORIGIN)).toEqual({ n: 0 })
}

describe('the meeting’s rule set cannot be replaced from an expert laptop', () => {
  it('a rule set change by an expert is rejected by the verdict every replica and the server run; the secretariat’s is accepted', () => {
    expect(judgeTransaction(forgedChanges('e1'), ctx)).toMatchObject({ status: 'rejected' })
    expect(judgeTransaction(forgedChanges(SEC), ctx).status).toBe('accepted')
  })

  it('a modified client’s unit, sealed with the expert’s own registered key, is rejected; the rule set stays the default', async () => {
    const { sec, folder } = await secretariat()
    writeForgery(folder, sealedBy('e1', forgedChanges('e1')))
    const report = sync(sec, folder)
    unchanged(sec)
    expect(sec.db.sqlite.prepare('SELECT DISTINCT status FROM change_log WHERE origin = ?').all(ORIGIN)).toEqual([{ status: 'rejected' }])
    expect(report.issues.map((i) => i.message).join('\n')).toMatch(/已拒绝专家专家1对「审查规则集」的修改/)
  })

  it('a forged rule set in the folder — unsealed, or sealed by a key that is not the pinned secretariat’s — is never applied', async () => {
    const { sec, folder } = await secretariat()
    writeForgery(folder, forgedChanges(SEC))
    const unsealed = sync(sec, folder)
    unchanged(sec)
    expect(unsealed.issues.map((i) => i.message).join('\n')).toMatch(/没有作者签名/)

    const other = await secretariat()
    writeForgery(other.folder, sealedBy(SEC, forgedChanges(SEC), generateKeyPair()))
    const held = sync(other.sec, other.folder)
    unchanged(other.sec)
    expect(held.issues.map((i) => i.message).join('\n')).toMatch(/不是本机确认的秘书处公钥/)
  })

  it('a rule set whose pattern would backtrack without end is refused before it can run', () => {
    const r = JSON.parse(ruleSetJson(defaultRuleSet())) as ReturnType<typeof defaultRuleSet>
    r.compliance.article15.mlpsGradePatterns = ['(等+)+级']
    const checked = parseRuleSet(JSON.stringify(r))
    expect(checked.ok).toBe(false)
  })
})
