/**
 * Test kit for the security tests: a secretariat replica with a real meeting (the default rubric, experts whose
 * keys are registered, one project assigned to all), and expert laptops cloned from it that sign sheets.
 */
import { DEFAULT_RUBRIC, rubricRowId } from '../../electron/main/services/rubrics'
import { readPage, readVv } from '../../electron/main/sync/log'
import { SEC, cloneReplica, newKey, newReplica, openDraft, seedMeeting, type MeetingFixture, type Replica } from '../kits/sync/replica'
import type { Change } from '../../shared/sync/change'
import { buildSheetPayload, signPayload } from '../../shared/signing/envelope'
import { publicKeyFingerprint, type SmKeyPair } from '../../shared/signing/sm'
import type { SheetPayload } from '../../shared/signing/types'

export interface SignedMeeting {
  sec: Replica
  f: MeetingFixture
  keys: Record<string, SmKeyPair>
}

export async function signedMeeting(dir: string, experts = 2): Promise<SignedMeeting> {
  const sec = await newReplica(dir, 'sec')
  const f = seedMeeting(sec, 1, experts, 0)
  const keys: Record<string, SmKeyPair> = {}
  for (const e of f.experts) keys[e.id] = newKey()
  const rubricId = rubricRowId(DEFAULT_RUBRIC)
  sec.write(SEC, (w) => {
    w.write('rubrics', rubricId, { name: DEFAULT_RUBRIC.name, version: DEFAULT_RUBRIC.version, definition: DEFAULT_RUBRIC, deleted: false })
    w.write('meetings', f.meetingId, { rubric_id: rubricId })
    for (const e of f.experts) w.write('experts', e.id, { key_fingerprint: publicKeyFingerprint(keys[e.id]!.publicKey) })
  })
  return { sec, f: { ...f, rubricId }, keys }
}

/** The content an expert's laptop signs for a fully scored sheet (every item at full points). */
export function fullSheet(m: SignedMeeting, sheetId: string, expertId: string): SheetPayload {
  const projectId = m.f.projects[0]!
  const scores = Object.fromEntries(DEFAULT_RUBRIC.dimensions.flatMap((d) => d.items.map((i) => [i.id, { value: i.points, na: false }])))
  return buildSheetPayload({
    sheetId,
    revision: 1,
    meeting: { id: m.f.meetingId, name: '评审会', date: '2026-12-01', place: '三明' },
    project: { id: projectId, name: '项目1', ownerUnit: '数据局', authorUnit: '某公司', declaredInvestment: 100, packageDigest: '' },
    expert: { id: expertId, name: m.f.experts.find((e) => e.id === expertId)!.name, unit: '', title: '', specialty: '' },
    rubric: DEFAULT_RUBRIC,
    content: {
      scores,
      opinions: {},
      mainProblems: [],
      suggestions: [],
      conclusion: 'pass',
      budgetReview: {},
      declaration: { kind: 'none', reason: '', declaredAt: '2026-12-01T01:00:00.000Z' }
    },
    budgetLines: [],
    submittedAt: '2026-12-01T02:00:00.000Z'
  })
}

/**
 * On an expert's laptop (a clone of the secretariat's database), opens the expert's draft and submits `content`
 * signed with the expert's registered key, through the local write path (which runs no verdict: a modified client).
 * Returns the laptop's changes the secretariat has not seen.
 */
export function submitFromLaptop(m: SignedMeeting, laptop: Replica, expertId: string, content: (sheetId: string) => object): Change[] {
  const sheetId = openDraft(laptop, m.f, m.f.projects[0]!, expertId)!
  const expert = m.f.experts.find((e) => e.id === expertId)!
  const key = m.keys[expertId]!
  const at = new Date('2026-12-01T02:00:00.000Z')
  const signed = signPayload('expert-sheet', content(sheetId), key.privateKey, key.publicKey, expert, at)
  laptop.write(expertId, (w) => w.write('score_sheets', sheetId, { status: 'submitted', signed_payload: signed, submitted_at: at.toISOString() }))
  laptop.seal()
  return readPage(laptop.db, readVv(m.sec.db), Number.MAX_SAFE_INTEGER).changes
}

export function laptopOf(m: SignedMeeting, dir: string, name: string): Replica {
  return cloneReplica(m.sec, dir, name)
}
