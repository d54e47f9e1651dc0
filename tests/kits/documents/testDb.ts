/**
 * Writes a meeting with signed sheets straight into a test database (tests, e2e and the bench; the real sheets
 * come from the expert's submit flow): rubric, meeting, projects, experts with keys and registered fingerprints,
 * assignments, one submitted signed revision per expert and project, and signature images.
 */
import type { Db } from '../../../electron/main/db/connection'
import type { RubricDefinition } from '../../../shared/domain/rubric'
import type { Conclusion } from '../../../shared/domain/conclusion'
import { buildSheetPayload, signPayload } from '../../../shared/signing/envelope'
import type { FixtureExpert } from './testData'
import { DEFAULT_RUBRIC, makeBudgetLines, makeExperts, sheetContent } from './testData'
import { createHash } from 'node:crypto'
import { panelOpinionRowId } from '../../../shared/sync/rowIds'
import { currentOpinion } from '../../../electron/main/services/panelOpinion'

/** The 组长 signs the panel opinion the console composes now (nothing when it cannot be drafted yet). */
export function signSeededPanelOpinion(db: Db, meetingId: string, projectId: string, leader: FixtureExpert, at = '2026-11-26T09:30:00.000Z'): void {
  const composed = currentOpinion(db, projectId)
  if (!composed) return
  const opinion = { ...composed, signedAt: at }
  const signed = signPayload('panel-opinion', opinion, leader.privateKey, leader.publicKey, { id: leader.id, name: leader.name }, at)
  const draft = { process: opinion.process, opinions: opinion.opinions, problems: opinion.problems, suggestions: opinion.suggestions, conclusion: opinion.conclusion }
  db.sqlite
    .prepare(
      "INSERT OR REPLACE INTO panel_opinions (id, meeting_id, project_id, leader_id, draft, budget_overrides, status, signed_payload, signed_at, updated_at, deleted) VALUES (?, ?, ?, ?, ?, '{}', 'signed', ?, ?, ?, 0)"
    )
    .run(panelOpinionRowId(projectId, leader.id), meetingId, projectId, leader.id, JSON.stringify(draft), JSON.stringify(signed), at, at)
}

export interface SeedOptions {
  /** Prefix of every id (lets one database hold several seeded meetings). */
  prefix?: string
  projects?: number
  experts?: number
  budgetLines?: number
  /** Register the experts' key fingerprints (default true). */
  registerFingerprints?: boolean
  /** [projectIndex, expertIndex] pairs left as an unsubmitted draft. */
  drafts?: [number, number][]
  /** [projectIndex, expertIndex] pairs whose stored signed payload is altered after signing. */
  tampered?: [number, number][]
  /** Project names (default: realistic names, one with characters Windows does not allow in file names). */
  projectNames?: string[]
  rubric?: RubricDefinition
  /** Declared 送审投资 minus the line sum, in 万元 (default 0: they agree). */
  declaredInvestmentDelta?: number
  /** The 组长 signs each project's panel opinion (the automatic merge, as drafted) when all sheets are in (default true). */
  leaderSigns?: boolean
}

export interface SeededMeeting {
  meetingId: string
  meetingName: string
  projectIds: string[]
  projectNames: string[]
  experts: FixtureExpert[]
  leaderId: string
}

const NAMES = [
  '三明市城市运行“一网统管”平台（一期）项目',
  '三明市“智慧医保”监管系统：二期/扩容项目',
  '三明市政务服务“一网通办”升级改造项目',
  '三明市公共数据汇聚共享平台项目',
  '三明市应急指挥调度系统项目'
]

export function seedSignedMeeting(db: Db, options: SeedOptions = {}): SeededMeeting {
  const prefix = options.prefix ?? ''
  const rubric = options.rubric ?? DEFAULT_RUBRIC
  const nProjects = options.projects ?? 2
  const experts = makeExperts(options.experts ?? 5).map((e) => ({ ...e, id: `${prefix}${e.id}` }))
  const lines = makeBudgetLines(options.budgetLines ?? 12)
  const meetingId = `${prefix}m-seeded`
  const meeting = { id: meetingId, name: '2026年第11批市级政务信息化项目评审会', date: '2026-11-26', place: '三明市行政服务中心四楼会议室' }
  const rubricRowId = `${rubric.id}@${rubric.version}`
  const s = db.sqlite
  const now = '2026-11-26T08:00:00.000Z'
  const drafts = new Set((options.drafts ?? []).map(([p, e]) => `${p}:${e}`))
  const tampered = new Set((options.tampered ?? []).map(([p, e]) => `${p}:${e}`))
  const projectIds: string[] = []
  const projectNames: string[] = []
  s.transaction(() => {
    s.prepare('INSERT OR IGNORE INTO rubrics (id, name, version, definition, deleted) VALUES (?, ?, ?, ?, 0)').run(rubricRowId, rubric.name, rubric.version, JSON.stringify(rubric))
    s.prepare(
      "INSERT INTO meetings (id, name, date, place, organiser, rubric_id, merge_method, status, is_demo, created_at, deleted) VALUES (?, ?, ?, ?, '三明市发展和改革委员会', ?, 'mean', 'reviewing', 0, ?, 0)"
    ).run(meeting.id, meeting.name, meeting.date, meeting.place, rubricRowId, now)
    experts.forEach((e, i) => {
      s.prepare(
        "INSERT INTO experts (id, meeting_id, name, unit, title, specialty, phone, past_units, is_leader, key_fingerprint, deleted) VALUES (?, ?, ?, ?, ?, ?, '', '[]', ?, ?, 0)"
      ).run(e.id, meetingId, e.name, e.unit, e.title, e.specialty, i === 0 ? 1 : 0, options.registerFingerprints === false ? '' : e.fingerprint)
      s.prepare('INSERT INTO expert_signatures (id, expert_id, image, updated_at, deleted) VALUES (?, ?, ?, ?, 0)').run(
        `sig-${e.id}`,
        e.id,
        `data:image/png;base64,${Buffer.from(e.signaturePng).toString('base64')}`,
        now
      )
    })
    for (let p = 0; p < nProjects; p++) {
      const name = options.projectNames?.[p] ?? (p < NAMES.length ? NAMES[p]! : `三明市政务信息化项目${p + 1}`)
      const projectId = `${prefix}p-${p + 1}`
      const declaredInvestment = Math.round((lines.reduce((t, l) => t + l.submittedAmount, 0) + (options.declaredInvestmentDelta ?? 0)) * 100) / 100
      projectIds.push(projectId)
      projectNames.push(name)
      s.prepare(
        "INSERT INTO projects (id, meeting_id, name, code, owner_unit, author_unit, declared_investment, approved_estimate, summary, sort_order, deleted) VALUES (?, ?, ?, ?, '三明市数据管理局', '福建省邮电规划设计院有限公司', ?, NULL, '', ?, 0)"
      ).run(projectId, meetingId, name, `SM-2026-${p + 1}`, declaredInvestment, p + 1)
      const project = { id: projectId, name, ownerUnit: '三明市数据管理局', authorUnit: '福建省邮电规划设计院有限公司', declaredInvestment, packageDigest: '' }
      experts.forEach((e, i) => {
        s.prepare('INSERT INTO assignments (id, meeting_id, project_id, expert_id, deleted) VALUES (?, ?, ?, ?, 0)').run(`as-${projectId}-${e.id}`, meetingId, projectId, e.id)
        const sheetId = `sheet-${projectId}-${e.id}`
        if (drafts.has(`${p}:${i}`)) {
          s.prepare("INSERT INTO score_sheets (id, meeting_id, project_id, expert_id, revision, status, updated_at, deleted) VALUES (?, ?, ?, ?, 1, 'draft', ?, 0)").run(
            sheetId,
            meetingId,
            projectId,
            e.id,
            now
          )
          return
        }
        const conclusion: Conclusion = i === experts.length - 1 ? 'pass' : 'revise'
        const submittedAt = `2026-11-26T0${3 + (i % 5)}:${String(10 + i).padStart(2, '0')}:00.000Z`
        const payload = buildSheetPayload({
          sheetId,
          revision: 1,
          meeting,
          project,
          expert: { id: e.id, name: e.name, unit: e.unit, title: e.title, specialty: e.specialty },
          rubric,
          content: sheetContent(rubric, lines, i + p, conclusion),
          budgetLines: lines,
          submittedAt,
          signatureImageSha256: createHash('sha256').update(e.signaturePng).digest('hex')
        })
        const signed = signPayload('expert-sheet', payload, e.privateKey, e.publicKey, { id: e.id, name: e.name }, submittedAt)
        let stored = JSON.stringify(signed)
        if (tampered.has(`${p}:${i}`)) stored = JSON.stringify({ ...signed, canonical: signed.canonical.replace(/"total":[0-9.]+/, '"total":99') })
        s.prepare(
          "INSERT INTO score_sheets (id, meeting_id, project_id, expert_id, revision, status, conclusion, updated_at, deleted, signed_payload, submitted_at) VALUES (?, ?, ?, ?, 1, 'submitted', ?, ?, 0, ?, ?)"
        ).run(sheetId, meetingId, projectId, e.id, conclusion, submittedAt, stored, submittedAt)
      })
    }
  })()
  if (options.leaderSigns !== false) {
    for (const projectId of projectIds) signSeededPanelOpinion(db, meetingId, projectId, experts[0]!)
  }
  return { meetingId, meetingName: meeting.name, projectIds, projectNames, experts, leaderId: experts[0]!.id }
}
