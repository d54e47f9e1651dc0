/**
 * A 复核 across laptops (tests only): the secretariat's backend and one backend per expert laptop (the 组长, a named
 * re-reviewer and an expert who is not named), each holding only its own expert's key, syncing through a shared
 * folder. The secretariat imports the 送审稿 and 修改稿, names the re-reviewers and records every verdict; the
 * experts sign the 专家组复核意见 on their own laptops.
 */
import type { Backend } from '../../../electron/main/backend'
import { writeChanges } from '../../../electron/main/db/changeWriter'
import { installFixtureKey } from '../../../electron/main/services/consoleTestUtil'
import type { SignedPayload } from '../../../shared/signing/types'
import { followupOpinionRowId } from '../../../shared/sync/rowIds'
import { testBackend, trustSecretariat } from '../../helpers/backend'
import { tempDir } from '../../helpers/tmp'
import { seedSignedMeeting } from '../documents/testDb'
import type { FixtureExpert } from '../documents/testData'
import { signApprovalOpinion } from './approval'
import { importRevisionPair } from './importPair'
import { writeRevisionPair } from './packages'
import { replicateSeed } from './replicateSeed'

export const PIN = '258036'
const SEED = { projects: 1, experts: 3, leaderSigns: false }

export interface WorldOptions {
  /**
   * A fourth expert who is not on the panel (its seeded assignment and sheet removed on every laptop), with a laptop
   * of its own; and the 组长's signed 专家组评审意见 written on the 组长's laptop and synced like the app does
   * (instead of being copied into every laptop), so what reaches each laptop is what the scope rules release.
   */
  newcomer?: boolean
}

/** Takes an expert off the seeded panel: no assignment, no sheet (nor its rows). */
function leavePanel(b: Backend, expertId: string): void {
  const s = b.db().sqlite
  const sheets = "SELECT id FROM score_sheets WHERE expert_id = ?"
  for (const t of ['scores', 'opinions', 'budget_reviews']) s.prepare(`DELETE FROM ${t} WHERE sheet_id IN (${sheets})`).run(expertId)
  s.prepare('DELETE FROM score_sheets WHERE expert_id = ?').run(expertId)
  s.prepare('DELETE FROM assignments WHERE expert_id = ?').run(expertId)
}

/** The 组长's laptop writes the signed 专家组评审意见 (signed on the secretariat's seed) as the 组长, as signPanelOpinion does. */
function leaderWritesOpinion(sec: Backend, leaderLaptop: Backend, projectId: string, leaderId: string): void {
  const o = sec.db().sqlite.prepare('SELECT * FROM panel_opinions WHERE project_id = ?').get(projectId) as Record<string, string>
  writeChanges(leaderLaptop.db(), leaderId, (w) =>
    w.write('panel_opinions', o.id as string, {
      meeting_id: o.meeting_id,
      project_id: projectId,
      leader_id: leaderId,
      draft: JSON.parse(o.draft as string),
      budget_overrides: {},
      status: 'signed',
      signed_payload: JSON.parse(o.signed_payload as string),
      signed_at: o.signed_at,
      updated_at: o.updated_at,
      deleted: false
    })
  )
}

export interface FollowupWorld {
  sec: Backend
  meetingId: string
  projectId: string
  versionId: string
  leader: FixtureExpert
  second: FixtureExpert
  outsider: FixtureExpert
  laptops: { leader: Backend; second: Backend; outsider: Backend; newcomer?: Backend }
  /** With `newcomer`: an expert of the meeting who was not on the original panel (no assignment, no sheet). */
  newcomer?: FixtureExpert
  /** The 组长 signs (仍需修改) on the 组长's laptop; everything synced. */
  leaderSigns(): Promise<void>
  /** The named re-reviewer co-signs on their laptop; everything synced. */
  secondSigns(): Promise<void>
  /** A modified client: writes a signature row on `laptop` as `author`, in the row of `rowExpertId`. */
  writeAs(laptop: Backend, author: string, rowExpertId: string, payload: SignedPayload): void
}

/** 立即同步, waiting (bounded) for the run to end; returns the report whatever it says. */
export async function syncOnce(b: Backend) {
  await b.handlers['sync.now']({})
  for (let i = 0; i < 1500 && (await b.handlers['sync.status']({})).running; i++) await new Promise((r) => setTimeout(r, 20))
  return (await b.handlers['sync.status']({})).last
}

export async function syncAll(w: Pick<FollowupWorld, 'sec' | 'laptops'>): Promise<void> {
  const laptops = Object.values(w.laptops)
  for (const b of [...laptops, w.sec, ...laptops, w.sec, ...laptops]) await syncOnce(b)
}

/** The signed payload stored on the secretariat's laptop for one signer (undefined when none). */
export function signedRow(w: Pick<FollowupWorld, 'sec' | 'versionId'>, expertId: string): SignedPayload | undefined {
  const row = w.sec.db().sqlite.prepare('SELECT signed_payload FROM followup_opinions WHERE version_id = ? AND expert_id = ?').get(w.versionId, expertId) as { signed_payload: string } | undefined
  return row ? (JSON.parse(row.signed_payload) as SignedPayload) : undefined
}

/** `transport`: a shared folder, or the secretariat's 会场模式 server that each laptop joins with its venue code. */
export async function followupWorld(transport: 'folder' | 'server' = 'folder', opts: WorldOptions = {}): Promise<FollowupWorld> {
  const seed = { ...SEED, experts: opts.newcomer ? 4 : 3 }
  const sec = await testBackend({ seedDemo: false })
  const seeded = seedSignedMeeting(sec.db(), seed)
  const projectId = seeded.projectIds[0] as string
  const [leader, second, outsider, newcomer] = seeded.experts as [FixtureExpert, FixtureExpert, FixtureExpert, FixtureExpert | undefined]
  const laptop = async (e: FixtureExpert) => {
    const b = await testBackend({ seedDemo: false })
    seedSignedMeeting(b.db(), seed)
    if (newcomer) leavePanel(b, newcomer.id)
    installFixtureKey(b.db(), e, PIN)
    await b.handlers['session.actAs']({ expertId: e.id })
    if (opts.newcomer) await b.handlers['identity.enableSync']({ pin: PIN })
    return b
  }
  if (newcomer) leavePanel(sec, newcomer.id)
  const laptops = { leader: await laptop(leader), second: await laptop(second), outsider: await laptop(outsider), ...(newcomer ? { newcomer: await laptop(newcomer) } : {}) }
  await trustSecretariat(sec, ...(transport === 'folder' ? Object.values(laptops) : []))
  replicateSeed(sec, seeded.meetingId, projectId, seeded.experts)
  const versionId = await importRevisionPair(sec, seeded.meetingId, projectId, await writeRevisionPair(tempDir('fw')))
  signApprovalOpinion(sec.db(), seeded.meetingId, projectId, leader)
  await sec.handlers['versions.update']({ versionId, stage: 'rereview', reviewers: [leader.id, second.id] })
  for (const [kind, number, verdict, note] of [['problem', 1, 'done', ''], ['problem', 2, 'open', '知识库系统仍按 25 万元列支，未按核定调整。'], ['suggestion', 1, 'done', '']] as const) {
    await sec.handlers['versions.checklistSave']({ versionId, reviewerId: leader.id, kind, number, verdict, note })
  }
  if (transport === 'folder') {
    const folder = tempDir('fw-sync')
    for (const b of [sec, ...Object.values(laptops)]) await b.handlers['sync.configure']({ kind: 'folder', folder, meetingId: seeded.meetingId })
  } else {
    await sec.handlers['venue.start']({ meetingId: seeded.meetingId })
    await syncOnce(sec)
    for (const [e, b] of [[leader, laptops.leader], [second, laptops.second], [outsider, laptops.outsider], ...(newcomer && laptops.newcomer ? [[newcomer, laptops.newcomer] as const] : [])] as const) {
      const j = await sec.handlers['sync.createJoinCode']({ author: e.id })
      await b.handlers['sync.joinVenue']({ code: j.venueCode as string, meetingId: '' })
    }
  }
  const w = { sec, laptops }
  if (opts.newcomer) leaderWritesOpinion(sec, laptops.leader, projectId, leader.id)
  await syncAll(w)
  // The 组长's signed 专家组评审意见 was seeded outside the change log: the same row on every laptop.
  const opinion = sec.db().sqlite.prepare('SELECT * FROM panel_opinions WHERE project_id = ?').get(projectId) as Record<string, unknown>
  for (const b of opts.newcomer ? [] : Object.values(laptops)) {
    const cols = Object.keys(opinion)
    b.db().sqlite.prepare(`INSERT OR REPLACE INTO panel_opinions (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => opinion[c]))
  }
  const sign = async (b: Backend, extra: { conclusion?: 'revise' }) => {
    await b.handlers['versions.followupSign']({ versionId, pin: PIN, ...extra })
    await syncAll(w)
  }
  return {
    sec,
    meetingId: seeded.meetingId,
    projectId,
    versionId,
    leader,
    second,
    outsider,
    ...(newcomer ? { newcomer } : {}),
    laptops,
    leaderSigns: () => sign(laptops.leader, { conclusion: 'revise' }),
    secondSigns: () => sign(laptops.second, {}),
    writeAs: (b, author, rowExpertId, payload) =>
      writeChanges(b.db(), author, (x) =>
        x.write('followup_opinions', followupOpinionRowId(projectId, versionId, rowExpertId), {
          meeting_id: seeded.meetingId,
          project_id: projectId,
          version_id: versionId,
          expert_id: rowExpertId,
          signed_payload: payload,
          signed_at: payload.signedAt,
          deleted: false
        })
      )
  }
}
