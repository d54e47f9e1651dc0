/**
 * Attack (issue 15 item 1, issue 14 item 7): changing the scale under signed sheets. "Scoring has started" used to
 * mean "a sheet of the meeting exists here", and laptops see different sheets; so a second secretariat laptop that
 * had seen no sheet (or a modified client) edited the rubric and the rule set after scoring started, and sync took
 * the edit everywhere. Now the secretariat's laptop writes a signed "scoring started" marker binding the rubric and
 * rule set, and every replica holds a change that would alter them — also a replica that had already applied it
 * before the marker reached it — with the reason in its sync report. A marker not signed by the secretariat's key
 * counts nowhere. Through the shared folder, and through the real server on SQLite and PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { defaultRuleSet, ruleSetJson, ruleSetStamp } from '../../shared/domain/compliance/ruleSet'
import { encodeHlc } from '../../shared/sync/hlc'
import { SCORING_LOCK_REASON, parseScoringMarker } from '../../shared/sync/scoringMarker'
import type { SyncReport } from '../../shared/sync/report'
import { generateKeyPair } from '../../shared/signing/sm'
import { unlockSecretariat } from '../../electron/main/services/secretariatKey'
import { markScoringStarted, markStartedMeetings, ruleSetLock } from '../../electron/main/services/ruleSets'
import { scoringMarker, scoringStarted } from '../../electron/main/services/scoringLock'

import { SCALE_MISMATCH_LABEL, liveBoard } from '../../electron/main/services/board'
import { mergeMeeting } from '../../electron/main/services/merging'
import { markerStatement } from '../../electron/main/services/scoringLock'
import { applyChanges } from '../../electron/main/sync/apply'
import { tempDir } from '../helpers/tmp'
import { fullSheet, laptopOf, signedMeeting, submitFromLaptop } from './signedMeetingKit'
import { syncWith } from '../kits/server/harness'
import { writeForgery } from '../kits/sync/folderForgery'
import { PIN, closeWorlds, meeting, sync, type World as FolderWorld } from '../kits/sync/folderWorld'
import { SEC, newReplica, openDraft, sealedBy, type Replica } from '../kits/sync/replica'
import { STORES, enrolAsApp, startWorld } from './serverKit'

afterEach(closeWorlds)

const RULES_ROW = 'rule-set|m1'
const messages = (r: SyncReport) => r.issues.map((i) => i.message).join('\n')

function editedRules(): ReturnType<typeof defaultRuleSet> {
  const r = defaultRuleSet()
  r.version = '2027.01-评分中修改'
  r.vetoes = []
  return r
}

/** A second laptop of the secretariat (its key, as a secretariat laptop holds it) that has the charter from the folder, and no sheet. */
async function secondSecretariat(w: FolderWorld): Promise<Replica> {
  const sec2 = await newReplica(w.dir, 'sec2')
  sec2.ensureSigner(SEC)
  sync(sec2, w.folder)
  expect(sec2.db.sqlite.prepare("SELECT rubric_id FROM meetings WHERE id = 'm1'").pluck().get()).toBe('rubric-1')
  return sec2
}

/** A secretariat laptop that never saw a sheet nor the marker (a copy of the secretariat's, as a modified client would write) edits the scale. */
function editScale(sec2: Replica): void {
  sec2.clockOffsetMs = 60_000 // after the marker
  sec2.write(SEC, (w) => {
    w.write('rubrics', 'rubric-2', { name: '改过的细则', version: 2, definition: { dimensions: [{ id: 'd9' }] }, deleted: false })
    w.write('meetings', 'm1', { rubric_id: 'rubric-2' })
  })
  sec2.write(SEC, (w) => w.write('meeting_rule_sets', RULES_ROW, { meeting_id: 'm1', definition: editedRules(), updated_at: new Date().toISOString(), deleted: false }))
}

/** What a replica scores with, and what it did with the edit. */
function scaleOf(r: Replica, editOrigin: string) {
  const db = r.db.sqlite
  return {
    rubricId: db.prepare("SELECT rubric_id FROM meetings WHERE id = 'm1'").pluck().get(),
    ruleSetRows: db.prepare('SELECT COUNT(*) FROM meeting_rule_sets WHERE deleted = 0').pluck().get(),
    marker: scoringMarker(r.db, 'm1')?.rubric.id ?? null,
    edit: db.prepare("SELECT DISTINCT status FROM change_log WHERE origin = ? AND tbl IN ('meetings', 'meeting_rule_sets') ORDER BY status").pluck().all(editOrigin)
  }
}

const AGREED = { rubricId: 'rubric-1', ruleSetRows: 0, marker: 'rubric-1', edit: ['held'] }

/** The secretariat's laptop opens scoring (its key unlocked): the marker, binding rubric-1 and the default rules. */
async function openScoring(w: FolderWorld): Promise<void> {
  await unlockSecretariat(w.sec.db, w.sec.deviceKey(), PIN)
  expect(markScoringStarted(w.sec.db, 'm1')).toBe(true)
  expect(markScoringStarted(w.sec.db, 'm1')).toBe(false) // written once
  expect(parseScoringMarker(w.sec.db.sqlite.prepare("SELECT scoring_marker FROM meetings WHERE id = 'm1'").pluck().get() as string)).toMatchObject({ meetingId: 'm1', rubric: { id: 'rubric-1', version: 1 } })
}

describe('the signed scoring-started marker, through the shared folder', () => {
  it('makes every replica hold a rubric and rule-set edit made after it, also one that applied the edit first', async () => {
    const w = await meeting()
    const sec2 = await secondSecretariat(w) // the second secretariat laptop: no sheet, no marker
    try {
      await openScoring(w)
      editScale(sec2)
      sync(sec2, w.folder)
      // e1 reads the edit before the marker exists in the folder: applied there for now.
      sync(w.e1, w.folder)
      expect(w.e1.db.sqlite.prepare("SELECT rubric_id FROM meetings WHERE id = 'm1'").pluck().get()).toBe('rubric-2')
      // The secretariat's laptop knows the marker: it holds the edit, and says why.
      const secReport = sync(w.sec, w.folder)
      expect(messages(secReport)).toContain(SCORING_LOCK_REASON)
      expect(scaleOf(w.sec, sec2.origin)).toEqual(AGREED)
      // e1 learns the marker: the edit it had applied is held, its rubric and rules are the bound ones again.
      const e1Report = sync(w.e1, w.folder)
      expect(messages(e1Report)).toContain(SCORING_LOCK_REASON)
      expect(scaleOf(w.e1, sec2.origin)).toEqual(AGREED)
      expect(scoringStarted(w.e1.db, 'm1')).toBe(true)
      expect(ruleSetLock(w.e1.db, 'm1')).toMatch(/宣布开始评分，审查规则集已锁定/)
      // e2 gets everything in one run; sec2 itself learns the marker and holds its own edit.
      sync(w.e2, w.folder)
      sync(sec2, w.folder)
      for (const r of [w.e2, sec2]) expect(scaleOf(r, sec2.origin)).toEqual(AGREED)
      // Held is not dropped: the edit stays in every log with its reason, and later syncs keep holding it.
      const reason = w.e2.db.sqlite.prepare("SELECT reason FROM change_log WHERE origin = ? AND tbl = 'meeting_rule_sets' LIMIT 1").pluck().get(sec2.origin)
      expect(reason).toContain(SCORING_LOCK_REASON)
      sync(w.e1, w.folder)
      expect(scaleOf(w.e1, sec2.origin)).toEqual(AGREED)
    } finally {
      sec2.close()
    }
  }, 240_000)

  it('is written by the secretariat laptop after a sync brought a sheet of a meeting not yet opened', async () => {
    const w = await meeting()
    openDraft(w.e1, w.f, 'p1', 'e1')
    sync(w.e1, w.folder)
    expect(markStartedMeetings(w.sec.db)).toEqual([]) // nothing seen yet
    sync(w.sec, w.folder)
    expect(markStartedMeetings(w.sec.db)).toEqual([]) // key locked: e1's work still sealed, and nothing can be signed
    await unlockSecretariat(w.sec.db, w.sec.deviceKey(), PIN)
    expect(markStartedMeetings(w.sec.db)).toEqual(['m1'])
    expect(markStartedMeetings(w.sec.db)).toEqual([])
    // It reaches the laptops like any charter statement, and locks the rules there.
    sync(w.sec, w.folder)
    sync(w.e2, w.folder)
    expect(scoringMarker(w.e2.db, 'm1')).toMatchObject({ meetingId: 'm1', rubric: { id: 'rubric-1' } })
  }, 240_000)

  it('counts no marker that the secretariat did not sign', async () => {
    const w = await meeting()
    // An expert's modified client writes a marker: rejected everywhere (not the secretariat's row).
    w.e3.write('e3', (x) => x.write('meetings', 'm1', { scoring_marker: { v: 1, meetingId: 'm1', startedAt: new Date().toISOString(), rubric: { id: 'rubric-1', version: 1, digest: 'a'.repeat(64), at: '' }, ruleSet: { version: 'x', digest: 'b'.repeat(64), at: '' } } }))
    sync(w.e3, w.folder)
    // A forger signs a marker "as the secretariat" with a key of its own: held as not the pinned secretariat key.
    const forger = '00000000-0000-7000-8000-0000000000a1'
    const statement = { v: 1, meetingId: 'm1', startedAt: new Date().toISOString(), rubric: { id: 'rubric-1', version: 1, digest: 'a'.repeat(64), at: '' }, ruleSet: { version: 'x', digest: 'b'.repeat(64), at: '' } }
    const hlc = encodeHlc({ ms: Date.now(), counter: 0, origin: forger })
    writeForgery(w.folder, forger, sealedBy(SEC, [{ origin: forger, seq: 1, tx: 1, txEnd: 1, hlc, author: SEC, tbl: 'meetings', rowId: 'm1', col: 'scoring_marker', value: JSON.stringify(statement) }], generateKeyPair()))
    const report = sync(w.sec, w.folder)
    expect(messages(report)).toMatch(/无权修改秘书处的数据/)
    expect(messages(report)).toMatch(/不是本机确认的秘书处公钥|秘书处/)
    sync(w.e1, w.folder)
    for (const r of [w.sec, w.e1]) {
      expect(scoringMarker(r.db, 'm1')).toBeNull()
      expect(scoringStarted(r.db, 'm1')).toBe(false)
    }
    // So the secretariat can still change the rules, and other replicas take that change.
    w.sec.write(SEC, (x) => x.write('meeting_rule_sets', RULES_ROW, { meeting_id: 'm1', definition: JSON.parse(ruleSetJson(editedRules())) as object, updated_at: new Date().toISOString(), deleted: false }))
    sync(w.sec, w.folder)
    sync(w.e1, w.folder)
    expect(w.e1.db.sqlite.prepare('SELECT COUNT(*) FROM meeting_rule_sets WHERE deleted = 0').pluck().get()).toBe(1)
  }, 240_000)
})

describe.each(STORES)('the signed scoring-started marker, through the sync server (%s store)', (kind) => {
  it('makes every laptop hold the edit of a secretariat laptop that never saw it, in any order', async () => {
    const s = await startWorld(kind)
    const w = await meeting()
    const sec2 = await secondSecretariat(w)
    try {
      const secClient = await enrolAsApp(s, w.sec, s.joinCode, 'secretariat laptop')
      expect((await syncWith(w.sec, secClient)).ok).toBe(true)
      const sec2Client = await enrolAsApp(s, sec2, (await secClient.createJoinCode(SEC)).code, 'second secretariat laptop')
      w.e1.ensureSigner('e1')
      const e1Client = await enrolAsApp(s, w.e1, (await secClient.createJoinCode('e1', 'm1')).code, 'e1 laptop')
      w.e2.ensureSigner('e2')
      const e2Client = await enrolAsApp(s, w.e2, (await secClient.createJoinCode('e2', 'm1')).code, 'e2 laptop')

      await openScoring(w)
      editScale(sec2)
      const pushed = await syncWith(sec2, sec2Client)
      expect(messages(pushed)).toBe("")
      expect(pushed.ok).toBe(true)
      await syncWith(w.e1, e1Client) // the edit first: applied for now
      expect(w.e1.db.sqlite.prepare("SELECT rubric_id FROM meetings WHERE id = 'm1'").pluck().get()).toBe('rubric-2')
      expect(messages(await syncWith(w.sec, secClient))).toContain(SCORING_LOCK_REASON)
      expect(messages(await syncWith(w.e1, e1Client))).toContain(SCORING_LOCK_REASON)
      await syncWith(w.e2, e2Client)
      await syncWith(sec2, sec2Client)
      for (const r of [w.sec, w.e1, w.e2, sec2]) expect(scaleOf(r, sec2.origin)).toEqual(AGREED)

      // Once the server knows the marker it holds such an edit itself, with the reason (a modified client writes it anyway).
      sec2.write(SEC, (x) => x.write('meetings', 'm1', { rubric_id: 'rubric-2' }))
      await syncWith(sec2, sec2Client)
      const stored = await s.server.store.db.selectFrom('changes').select(['status', 'reason']).where('origin', '=', sec2.origin).where('tbl', '=', 'meetings').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()
      expect(stored.status).toBe('held')
      expect(stored.reason).toContain(SCORING_LOCK_REASON)
      await syncWith(w.e1, e1Client)
      expect(scaleOf(w.e1, sec2.origin)).toEqual(AGREED)
    } finally {
      sec2.close()
      await s.stop()
    }
  }, 240_000)
})

describe('a signed sheet checked against the marker', () => {
  it('is shown as not matching, in words, and not counted, when it names another rule set than the marker binds', async () => {
    const dir = tempDir('marker-board')
    const m = await signedMeeting(dir)
    const bound = ruleSetStamp(defaultRuleSet())
    m.sec.write(SEC, (w) => w.write('meetings', m.f.meetingId, { scoring_marker: markerStatement(m.sec.db, m.f.meetingId, bound) }))
    const e1 = laptopOf(m, dir, 'e1')
    const e2 = laptopOf(m, dir, 'e2')
    const other = ruleSetStamp(editedRules())
    const off = submitFromLaptop(m, e1, 'e1', (id) => ({ ...fullSheet(m, id, 'e1'), ruleSet: other }))
    const good = submitFromLaptop(m, e2, 'e2', (id) => ({ ...fullSheet(m, id, 'e2'), ruleSet: bound }))
    applyChanges(m.sec.db, [...off, ...good])
    const cells = liveBoard(m.sec.db, m.f.meetingId).rows[0]!.cells
    expect(cells.map((c) => [c.expertId, c.state, c.label, c.counted])).toEqual([
      ['e1', 'unverifiable', SCALE_MISMATCH_LABEL, false],
      ['e2', 'submitted', '已提交', true]
    ])
    expect(cells[0]!.detail).toBe(`评分表依据的审查规则（${other.version}，摘要 ${other.digest.slice(0, 8)}…）与秘书处宣布开始评分时确定的（${bound.version}，摘要 ${bound.digest.slice(0, 8)}…）不一致，暂不计入`)
    expect(mergeMeeting(m.sec.db, m.f.meetingId).projects[0]!.counted.map((c) => c.expertId)).toEqual(['e2'])
    for (const x of [e1, e2, m.sec]) x.close()
  })
})
