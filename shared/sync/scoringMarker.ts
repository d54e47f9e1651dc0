/**
 * The secretariat's "scoring started" statement for a meeting (issue 15 item 1, issue 14 item 7): written once, by
 * the secretariat's laptop, into `meetings.scoring_marker` (migration 0029), so it travels in the secretariat's
 * sealed units — a charter statement every replica verifies like the rest of the charter. It binds the rubric
 * (row id, version, digest of its definition) and the rule set (version, digest) the meeting is scored with.
 *
 * Every replica applies the same rule (`scoringLockProblem`, called by the verdict): once a meeting's marker is
 * known, a transaction that changes the bound rubric or rule set — or touches them at all with a clock after the
 * marker's — is held, not applied, and reported with its reason. The cell takes the first write (lowest HLC), so
 * two secretariat laptops that both wrote a marker end up with the same one everywhere.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { canonicalize } from '../signing/canonical'
import { defaultRuleSet, parseRuleSet, ruleSetDigest } from '../domain/compliance/ruleSet'
import type { Change } from './change'

export const SCORING_MARKER_CELL = { tbl: 'meetings', col: 'scoring_marker' } as const
export const SCORING_MARKER_VERSION = 1

export interface ScoringMarkerStatement {
  v: 1
  meetingId: string
  /** When scoring opened (ISO time of the secretariat's laptop). */
  startedAt: string
  /** `at`: the clock (HLC) of the meeting's `rubric_id` write the secretariat's laptop held then. */
  rubric: { id: string; version: number; digest: string; at: string }
  /** `at`: the greatest clock of the meeting's rule-set row (definition, deleted) then, '' for the shipped default. */
  ruleSet: { version: string; digest: string; at: string }
}

/** A marker as a replica knows it: the statement and the clock of the accepted write that carried it. */
export interface ScoringMarker {
  statement: ScoringMarkerStatement
  hlc: string
}

export const SCORING_LOCK_REASON = '评分开始后不得修改评分细则/审查规则'
export const BASIS_LOCK_REASON = '评分开始后不得修改概算的评审依据工作表'

/**
 * The packages columns the secretariat's basis change writes together (electron/main/services/budgetBasis.ts): the
 * basis itself and what is read with it. A package import writes them too, with the row's `sha256` — not a change.
 */
export const BASIS_COLUMNS: ReadonlySet<string> = new Set(['budget_sheets', 'budget_sheet', 'budget_unit', 'budget_notes', 'computed_total', 'sheet_total'])
const isBasisChange = (c: Pick<Change, 'tbl' | 'col'>): boolean => c.tbl === 'packages' && BASIS_COLUMNS.has(c.col)

/**
 * The meeting of a package as this replica knows it: a meeting id, or null when the package (or its project) is
 * not known here yet — then every marker binds (the safe side) until it is, the held change being judged again.
 */
export type PackageMeetingOf = (packageId: string) => string | null

const HEX64 = /^[0-9a-f]{64}$/
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max

/** The statement in a marker cell's JSON text, or null when it is not one (the verdict rejects such a write). */
export function parseScoringMarker(json: string | null): ScoringMarkerStatement | null {
  if (json === null) return null
  let v: unknown
  try {
    v = JSON.parse(json)
  } catch {
    return null
  }
  if (typeof v !== 'object' || v === null) return null
  const s = v as Record<string, unknown>
  const rubric = s.rubric as Record<string, unknown> | undefined
  const ruleSet = s.ruleSet as Record<string, unknown> | undefined
  if (s.v !== SCORING_MARKER_VERSION || !isText(s.meetingId, 200) || !isText(s.startedAt, 40)) return null
  if (typeof rubric !== 'object' || rubric === null || !isText(rubric.id, 200) || !Number.isInteger(rubric.version) || typeof rubric.digest !== 'string' || !HEX64.test(rubric.digest)) return null
  if (typeof ruleSet !== 'object' || ruleSet === null || !isText(ruleSet.version, 60) || typeof ruleSet.digest !== 'string' || !HEX64.test(ruleSet.digest)) return null
  if (typeof rubric.at !== 'string' || rubric.at.length > 120 || typeof ruleSet.at !== 'string' || ruleSet.at.length > 120) return null
  return {
    v: 1,
    meetingId: s.meetingId,
    startedAt: s.startedAt,
    rubric: { id: rubric.id, version: rubric.version as number, digest: rubric.digest, at: rubric.at },
    ruleSet: { version: ruleSet.version, digest: ruleSet.digest, at: ruleSet.at }
  }
}

/** SHA-256 of a rubric definition's canonical JSON (the text stored in `rubrics.definition`); '' when unreadable. */
export function rubricDigest(definitionJson: string): string {
  try {
    return bytesToHex(sha256(utf8ToBytes(canonicalize(JSON.parse(definitionJson) as unknown))))
  } catch {
    return ''
  }
}

let defaultDigest: string | null = null
/** The digest of the rule set a `meeting_rule_sets.definition` names ('' when it is not a usable rule set). */
export function ruleSetDefinitionDigest(definitionJson: string): string {
  let raw: unknown
  try {
    raw = JSON.parse(definitionJson) as unknown
  } catch {
    return ''
  }
  const r = parseRuleSet(raw)
  return r.ok ? ruleSetDigest(r.ruleSet) : ''
}

/** The digest of the shipped default rule set (what a meeting without a `meeting_rule_sets` row uses). */
export function defaultRuleSetDigest(): string {
  defaultDigest ??= ruleSetDigest(defaultRuleSet())
  return defaultDigest
}

const RULE_SET_ROW = /^rule-set\|(.+)$/

/** Which meeting's marker a change of the rubric or rule set answers to, and whether the change keeps it as bound. */
function bindingOf(c: Change, markerOf: (meetingId: string) => ScoringMarker | null, rubricMarkers: () => readonly ScoringMarker[]): { marker: ScoringMarker; keeps: boolean }[] {
  if (c.tbl === 'meetings' && c.col === 'rubric_id') {
    const marker = markerOf(c.rowId)
    // A write older than the bound one loses the cell to it under last-writer-wins: harmless.
    return marker ? [{ marker, keeps: c.hlc <= marker.statement.rubric.at || c.value === JSON.stringify(marker.statement.rubric.id) }] : []
  }
  if (c.tbl === 'meeting_rule_sets') {
    const m = RULE_SET_ROW.exec(c.rowId)
    const marker = m ? markerOf((m[1] as string).replace(/\\(.)/g, '$1')) : null
    if (!marker) return []
    const bound = marker.statement.ruleSet.digest
    if (c.hlc <= marker.statement.ruleSet.at) return [{ marker, keeps: true }]
    if (c.col === 'definition') return [{ marker, keeps: ruleSetDefinitionDigest(c.value) === bound }]
    if (c.col === 'deleted') return [{ marker, keeps: (c.value === 'true') === (bound === defaultRuleSetDigest()) }]
    return [{ marker, keeps: true }]
  }
  if (c.tbl === 'rubrics') {
    return rubricMarkers()
      .filter((marker) => marker.statement.rubric.id === c.rowId)
      .map((marker) => {
        if (c.col === 'definition') return { marker, keeps: rubricDigest(c.value) === marker.statement.rubric.digest }
        if (c.col === 'deleted') return { marker, keeps: c.value === 'false' }
        return { marker, keeps: true }
      })
  }
  return []
}

/** Whether a transaction touches a meeting's rubric, rule set or a package's budget basis at all (cheap: the verdict asks before any lookup). */
export function touchesScoringScale(c: Pick<Change, 'tbl' | 'col'>): boolean {
  return (c.tbl === 'meetings' && c.col === 'rubric_id') || c.tbl === 'meeting_rule_sets' || c.tbl === 'rubrics' || isBasisChange(c)
}

/**
 * The marker a change of a package's budget basis breaks, or null. Written after the marker (a clock above the
 * marker's accepted write) by a transaction that does not import the package (no `sha256` of the row in it): held
 * when the package's meeting has a marker, or — the meeting of the package not being known here — when any marker
 * written before the change exists.
 */
function basisBreaks(c: Change, tx: readonly Change[], markerOf: (meetingId: string) => ScoringMarker | null, allMarkers: () => readonly ScoringMarker[], packageMeetingOf: PackageMeetingOf): ScoringMarker | null {
  if (tx.some((o) => o.tbl === 'packages' && o.rowId === c.rowId && o.col === 'sha256')) return null
  const meetingId = packageMeetingOf(c.rowId)
  const markers = meetingId === null ? allMarkers() : [markerOf(meetingId)]
  return markers.find((m): m is ScoringMarker => m !== null && c.hlc > m.hlc) ?? null
}

/**
 * The problem of one transaction under the markers known here, or null. A change of a meeting's rubric (its
 * `rubric_id`, or the definition of the bound `rubrics` row) or of its rule set is held whenever it would make the
 * meeting score with something other than what the marker binds — whether it was written after the marker or
 * concurrently with it on a laptop that had not seen it (its clock then says nothing reliable). What it cannot
 * change stays applicable: an identical rewrite, the rule set's `updated_at`, a bound rubric's display name.
 */
export function scoringLockProblem(
  tx: readonly Change[],
  markerOf: (meetingId: string) => ScoringMarker | null,
  allMarkers: () => readonly ScoringMarker[],
  packageMeetingOf: PackageMeetingOf = () => null
): { change: Change; reason: string } | null {
  for (const c of tx) {
    if (!touchesScoringScale(c)) continue
    if (isBasisChange(c)) {
      const m = basisBreaks(c, tx, markerOf, allMarkers, packageMeetingOf)
      if (m) return { change: c, reason: `${BASIS_LOCK_REASON}：秘书处已于 ${m.statement.startedAt.slice(0, 16).replace('T', ' ')} 宣布开始评分，此后对评审依据工作表的修改暂不采用` }
      continue
    }
    for (const { marker, keeps } of bindingOf(c, markerOf, allMarkers)) {
      if (keeps) continue
      const s = marker.statement
      return { change: c, reason: `${SCORING_LOCK_REASON}：秘书处已于 ${s.startedAt.slice(0, 16).replace('T', ' ')} 宣布本会议开始评分（评分细则 ${s.rubric.id}，审查规则 ${s.ruleSet.version}），此后对评分细则或审查规则的修改暂不采用` }
    }
  }
  return null
}
