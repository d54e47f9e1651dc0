/**
 * The rule set of a meeting (issue 14 item 3): the shipped default until the secretariat imports one. An imported
 * rule set is checked whole (shared/domain/compliance/ruleSet.ts) and written to `meeting_rule_sets` as the
 * secretariat through writeChanges, so it travels in the secretariat's sealed units: every replica derives the
 * meeting's findings with the same rules, and a row from anyone else is rejected everywhere. A new rule set makes
 * every project of the meeting derive again (package_derivations.rules_digest), and each finding records the
 * rule set's version and digest. The secretariat edits it in the console (saveRuleSet: a new version) or imports a
 * file; like the rubric, it is locked once scoring starts (the secretariat's scoring-started marker, or an expert sheet
 * of the meeting seen here: scoringLock.ts), and every
 * signed sheet names the rule set its findings came from (submission.ts).
 */
import { ApiError } from '../../../shared/api/errors'
import { defaultRuleSet, parseRuleSet, problemsText, ruleSetDigest, ruleSetJson, type RuleSet, type RuleSetStamp } from '../../../shared/domain/compliance/ruleSet'
import { naturalId } from '../../../shared/domain/ids'
import type { Db } from '../db/connection'
import { writeChanges } from '../db/changeWriter'
import { prepare } from '../db/query'
import { actingExpertOrNull } from './acting'
import { SECRETARIAT } from './authors'
import { getMeetingRow } from './meetings'
import { scoringLockReason, writeScoringMarker } from './scoringLock'
import { assertSecretariatView } from './secretariatView'

export const RULE_SET_LOCKED = '已有专家开始评分（已有评分表），审查规则集已锁定，不能再修改'

/** Why the meeting's rule set can no longer change (null while it can): the rubric's lock, scoring has started. */
export function ruleSetLock(db: Db, meetingId: string): string | null {
  return scoringLockReason(db, meetingId, '审查规则集', RULE_SET_LOCKED)
}

/** Writes the meeting's scoring-started marker on the secretariat's laptop (scoringLock.ts), binding these rules. */
export function markScoringStarted(db: Db, meetingId: string): boolean {
  let stamp: RuleSetStamp
  try {
    stamp = meetingRules(db, meetingId).stamp
  } catch {
    stamp = shippedDefault().stamp
  }
  return writeScoringMarker(db, meetingId, stamp)
}

/**
 * On the secretariat's laptop (its own key, unlocked): the marker of every open meeting of which a sheet is known
 * here but no marker yet — an expert who scored before the meeting was opened. Returns the meetings marked.
 */
export function markStartedMeetings(db: Db): string[] {
  if (!prepare(db, 'SELECT 1 FROM secretariat_key WHERE id = 1').get()) return []
  const ids = prepare(db, "SELECT id FROM meetings m WHERE deleted = 0 AND is_demo = 0 AND status <> 'closed' AND scoring_marker IS NULL AND EXISTS (SELECT 1 FROM score_sheets s WHERE s.meeting_id = m.id AND s.deleted = 0)").all() as { id: string }[]
  return ids.filter((r) => markScoringStarted(db, r.id)).map((r) => r.id)
}

/** Every change of a meeting's rule set: the secretariat only, on its unlocked laptop, before scoring starts. */
function assertRulesEditable(db: Db, meetingId: string): void {
  if (actingExpertOrNull(db)) throw new ApiError('forbidden', '只有秘书处可以修改审查规则集')
  assertSecretariatView(db)
  getMeetingRow(db, meetingId)
  const lock = ruleSetLock(db, meetingId)
  if (lock) throw new ApiError('conflict', lock)
}

export interface MeetingRules {
  ruleSet: RuleSet
  stamp: RuleSetStamp
  /** False while the meeting uses the shipped default. */
  custom: boolean
  updatedAt: string | null
}

export const ruleSetRowId = (meetingId: string) => naturalId('rule-set', meetingId)

// Parsing and hashing a rule set costs a few milliseconds: remember the last few by their stored text.
const parsed = new Map<string, { ruleSet: RuleSet; stamp: RuleSetStamp } | { problem: string }>()
function parseStored(definition: string): { ruleSet: RuleSet; stamp: RuleSetStamp } | { problem: string } {
  let hit = parsed.get(definition)
  if (!hit) {
    let raw: unknown
    try {
      raw = JSON.parse(definition) as unknown
    } catch {
      raw = null
    }
    const r = parseRuleSet(raw)
    hit = r.ok ? { ruleSet: r.ruleSet, stamp: { version: r.ruleSet.version, digest: ruleSetDigest(r.ruleSet) } } : { problem: problemsText(r.problems, 3) }
    if (parsed.size >= 16) parsed.clear()
    parsed.set(definition, hit)
  }
  return hit
}

let defaultRules: MeetingRules | null = null
function shippedDefault(): MeetingRules {
  if (!defaultRules) {
    const ruleSet = defaultRuleSet()
    defaultRules = { ruleSet, stamp: { version: ruleSet.version, digest: ruleSetDigest(ruleSet) }, custom: false, updatedAt: null }
  }
  return defaultRules
}

/**
 * The rules a meeting uses. A stored rule set that this build cannot use (a newer format, a damaged value) is never
 * replaced by the default silently: it throws with the reason, and findings are not derived until it is fixed.
 */
export function meetingRules(db: Db, meetingId: string | null): MeetingRules {
  if (!meetingId) return shippedDefault()
  const row = prepare(db, 'SELECT definition, updated_at FROM meeting_rule_sets WHERE id = ? AND deleted = 0').get(ruleSetRowId(meetingId)) as
    | { definition: string; updated_at: string }
    | undefined
  if (!row) return shippedDefault()
  const hit = parseStored(row.definition)
  if ('problem' in hit) throw new ApiError('invalid_input', `本次会议的审查规则集无法使用：${hit.problem}`)
  return { ...hit, custom: true, updatedAt: row.updated_at }
}

export function projectRules(db: Db, projectId: string): MeetingRules {
  const p = prepare(db, 'SELECT meeting_id FROM projects WHERE id = ?').get(projectId) as { meeting_id: string } | undefined
  return meetingRules(db, p?.meeting_id ?? null)
}

/** The digest the derived rows of a project must carry to be current ('' when the meeting's rule set is unusable). */
export function projectRulesDigest(db: Db, projectId: string): string {
  try {
    return projectRules(db, projectId).stamp.digest
  } catch {
    return ''
  }
}

/**
 * Imports a rule set file for a meeting: checked whole, refused with every problem's path and reason in Chinese
 * (nothing is written then). Only on the secretariat's laptop with its key unlocked; never for a closed meeting.
 */
export function importRuleSet(db: Db, meetingId: string, text: string): MeetingRules {
  assertRulesEditable(db, meetingId)
  const r = parseRuleSet(text)
  if (!r.ok) throw new ApiError('invalid_input', `规则集文件有 ${r.problems.length} 处问题，未导入：\n${problemsText(r.problems)}`)
  return store(db, meetingId, r.ruleSet)
}

function store(db: Db, meetingId: string, ruleSet: RuleSet): MeetingRules {
  const now = new Date().toISOString()
  writeChanges(db, SECRETARIAT, (w) => w.write('meeting_rule_sets', ruleSetRowId(meetingId), { meeting_id: meetingId, definition: ruleSet, updated_at: now, deleted: false }))
  return meetingRules(db, meetingId)
}

/** The digest of the rules the console showed: the stored set's, or the default's while the stored one is unusable. */
function shownDigest(db: Db, meetingId: string): { version: string; digest: string } {
  try {
    return meetingRules(db, meetingId).stamp
  } catch {
    return shippedDefault().stamp
  }
}

/**
 * Saves a rule set edited in the console as the meeting's new version. Refused whole, with each problem's path and
 * reason (issues carry the dotted path, for the editor to show at the field): when the set does not pass the
 * schema, changes nothing, keeps the current version label, or was edited from a version that is no longer current.
 */
export function saveRuleSet(db: Db, meetingId: string, definition: string, baseDigest: string): MeetingRules {
  assertRulesEditable(db, meetingId)
  const current = shownDigest(db, meetingId)
  if (current.digest !== baseDigest) throw new ApiError('conflict', `审查规则集已被更改（当前版本“${current.version}”），未保存；请刷新后在当前版本上修改`)
  const r = parseRuleSet(definition)
  if (!r.ok) {
    const issues = r.problems.map((p) => ({ path: p.path.replace(/（.*$/, ''), message: p.reason }))
    throw new ApiError('invalid_input', `审查规则集有 ${r.problems.length} 处问题，未保存：\n${problemsText(r.problems, 5)}`, issues)
  }
  if (ruleSetDigest(r.ruleSet) === current.digest) throw new ApiError('invalid_input', '规则集没有任何修改，未保存')
  if (r.ruleSet.version === current.version) {
    throw new ApiError('invalid_input', `请填写新的版本号（与当前版本“${current.version}”相同），未保存`, [{ path: 'version', message: '修改后的规则集须使用新的版本号' }])
  }
  return store(db, meetingId, r.ruleSet)
}

/** Back to the shipped default (the meeting's row is tombstoned). */
export function resetRuleSet(db: Db, meetingId: string): MeetingRules {
  assertRulesEditable(db, meetingId)
  const id = ruleSetRowId(meetingId)
  const exists = prepare(db, 'SELECT 1 FROM meeting_rule_sets WHERE id = ? AND deleted = 0').get(id)
  if (exists) writeChanges(db, SECRETARIAT, (w) => w.write('meeting_rule_sets', id, { updated_at: new Date().toISOString(), deleted: true }))
  return meetingRules(db, meetingId)
}

/** The file to export: the meeting's rule set (or the default) as indented JSON. */
export function exportRuleSet(db: Db, meetingId: string | null): { json: string; fileName: string } {
  const rules = meetingRules(db, meetingId)
  const safe = rules.ruleSet.version.replace(/[\\/:*?"<>|\s]+/g, '_')
  return { json: ruleSetJson(rules.ruleSet), fileName: `审查规则集-${safe}.json` }
}

/** The readPackage options that make a read use these rules. */
export function rulesReadOptions(rules: MeetingRules): { ruleSet: RuleSet; ruleSetStamp: RuleSetStamp } {
  return { ruleSet: rules.ruleSet, ruleSetStamp: rules.stamp }
}
