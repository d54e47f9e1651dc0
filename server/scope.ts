/**
 * Which meeting each transaction belongs to, and what an expert may see of the other experts' work.
 *
 * Meeting scope. An expert's device is bound to one meeting at enrolment, so everything an expert writes belongs to
 * the meeting of the device that pushed it. The secretariat's rows are placed from accepted changes: a meeting is its
 * own scope; rows with a `meeting_id` column belong to that meeting; packages through their project, package files
 * through their package, a sheet's reopen and a panel opinion through the project in their id; rubrics are shared
 * by every meeting (scope ''). The result is indexed (row_meetings, blob_meetings) and stored on each change
 * (`changes.scope`); a transaction naming a row whose meeting is not known yet stays unplaced (null) and is placed
 * again when it is pulled.
 *
 * Independence. An expert's device receives another expert's sheet, scores, opinions, budget review, declarations
 * (anything expert-owned with a project in its id) only for a project the expert is assigned to, has not recused
 * from, and has submitted a sheet for that the server accepted; another expert's document notes never. A re-reviewer
 * the secretariat named for a 修改稿 of a project (project_versions.reviewers, an accepted secretariat change, so
 * signed by the secretariat's key) receives, of the others' work on that project, only the 组长's signing of the
 * 专家组评审意见 (a transaction of scope 'O:', shared/sync/units.ts) — what the 专家组复核意见 is composed against.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Change } from '../shared/sync/change'
import { SECRETARIAT_AUTHOR, rowOwner } from '../shared/sync/ownership'
import { parseTagged } from '../shared/sync/rowIds'
import { signedPanelOpinionRows } from '../shared/sync/units'
import type { ServerSchema } from './schema'

type Db = Kysely<ServerSchema> | Transaction<ServerSchema>

/** Shared by every meeting (rubrics). */
export const EVERY_MEETING = ''
/** Touches several meetings: shown only to the secretariat's devices that are bound to no meeting. */
export const MIXED = '*'

export interface Viewer {
  author: string
  meetingId: string
}

export const seesEveryMeeting = (v: Viewer): boolean => v.author === SECRETARIAT_AUTHOR && v.meetingId === ''

/** Whether a transaction of this scope may reach the viewer's device at all. */
export function scopeVisible(v: Viewer, scope: string | null): boolean {
  if (seesEveryMeeting(v)) return true
  if (scope === EVERY_MEETING) return true
  return v.meetingId !== '' && scope === v.meetingId
}

function parseJsonString(value: string): string | null {
  try {
    const v: unknown = JSON.parse(value)
    return typeof v === 'string' && v !== '' ? v : null
  } catch {
    return null
  }
}

const rowKey = (tbl: string, rowId: string) => `${tbl}\u0000${rowId}`

async function storedMeeting(db: Db, tbl: string, rowId: string): Promise<string | null> {
  const r = await db.selectFrom('row_meetings').select('meeting_id').where('tbl', '=', tbl).where('row_id', '=', rowId).executeTakeFirst()
  return r ? r.meeting_id : null
}

/** The meeting of each row a secretariat transaction writes (null: not known yet). */
async function secretariatRowMeetings(db: Db, tx: readonly Change[]): Promise<Map<string, string | null>> {
  const cols = new Map<string, { tbl: string; rowId: string; values: Map<string, string> }>()
  for (const c of tx) {
    const k = rowKey(c.tbl, c.rowId)
    const entry = cols.get(k) ?? { tbl: c.tbl, rowId: c.rowId, values: new Map<string, string>() }
    entry.values.set(c.col, c.value)
    cols.set(k, entry)
  }
  const local = new Map<string, string>()
  const meetingOf = async (tbl: string, rowId: string): Promise<string | null> => local.get(rowKey(tbl, rowId)) ?? (await storedMeeting(db, tbl, rowId))
  const out = new Map<string, string | null>()
  // Rows that say their meeting first, so that a project and its package written together place each other.
  for (const [k, { tbl, rowId, values }] of cols) {
    const direct = tbl === 'meetings' ? rowId : tbl === 'rubrics' ? EVERY_MEETING : values.has('meeting_id') ? parseJsonString(values.get('meeting_id') as string) : null
    if (direct !== null) {
      local.set(k, direct)
      out.set(k, direct)
    }
  }
  // Then the rows placed through a parent; a parent written later in the same transaction places them next round.
  for (let round = 0, progress = true; progress && round < 4; round++) {
    progress = false
    for (const [k, { tbl, rowId, values }] of cols) {
      if (local.has(k)) continue
      const owner = rowOwner(tbl, rowId)
      let m: string | null = owner?.kind === 'expert' && owner.projectId ? await meetingOf('projects', owner.projectId) : await meetingOf(tbl, rowId)
      const parent = m === null && values.has('project_id') ? ['projects', values.get('project_id')] : m === null && values.has('package_id') ? ['packages', values.get('package_id')] : null
      const parentId = parent ? parseJsonString(parent[1] as string) : null
      if (parent && parentId) m = await meetingOf(parent[0] as string, parentId)
      out.set(k, m)
      if (m !== null) {
        local.set(k, m)
        progress = true
      }
    }
  }
  return out
}

function combine(meetings: Iterable<string | null>): string | null {
  const set = new Set<string>()
  for (const m of meetings) {
    if (m === null) return null
    if (m !== EVERY_MEETING) set.add(m)
  }
  if (set.size === 0) return EVERY_MEETING
  return set.size === 1 ? ([...set][0] as string) : MIXED
}

/**
 * The scope of a transaction pushed (or relayed) by a device bound to `deviceMeeting`; when `index` is set (the
 * transaction was accepted), records the meetings of the secretariat's rows and of the blobs they name.
 */
export async function scopeOf(db: Db, tx: readonly Change[], deviceMeeting: string, index: boolean): Promise<string | null> {
  const first = tx[0]
  if (!first) return EVERY_MEETING
  if (first.author !== SECRETARIAT_AUTHOR) return deviceMeeting === '' ? MIXED : deviceMeeting
  const rows = await secretariatRowMeetings(db, tx)
  if (index) {
    for (const [k, m] of rows) {
      if (m === null || m === EVERY_MEETING) continue
      const [tbl, rowId] = k.split('\u0000') as [string, string]
      await db.insertInto('row_meetings').values({ tbl, row_id: rowId, meeting_id: m }).onConflict((oc) => oc.columns(['tbl', 'row_id']).doUpdateSet({ meeting_id: m })).execute()
    }
    for (const c of tx) {
      if (c.tbl !== 'package_files' || c.col !== 'sha256') continue
      const m = rows.get(rowKey(c.tbl, c.rowId))
      const sha = parseJsonString(c.value)
      if (m && sha) await db.insertInto('blob_meetings').values({ sha256: sha, meeting_id: m }).onConflict((oc) => oc.doNothing()).execute()
    }
  }
  return combine(rows.values())
}

const isTrue = (value: string) => value === 'true' || value === '1'

/** Keeps who is assigned to and recused from which project (last writer wins by HLC), from an accepted transaction. */
export async function noteAssignments(db: Db, tx: readonly Change[]): Promise<void> {
  for (const c of tx) {
    let kind: 'assigned' | 'recused' | null = null
    let parts: string[] | null = null
    let value = 0
    if (c.tbl === 'assignments' && c.col === 'deleted') {
      parts = parseTagged(c.rowId, 'assignment', 2)
      kind = 'assigned'
      value = isTrue(c.value) ? 0 : 1
    } else if (c.tbl === 'declarations' && c.col === 'kind') {
      parts = parseTagged(c.rowId, 'declaration', 2)
      kind = 'recused'
      value = c.value === '"recuse"' ? 1 : 0
    }
    if (!kind || !parts) continue
    const [project, expert] = parts as [string, string]
    const row = { expert_id: expert, project_id: project, assigned: 0, assigned_hlc: '', recused: 0, recused_hlc: '' }
    const insert = db.insertInto('expert_projects')
    if (kind === 'assigned') {
      await insert
        .values({ ...row, assigned: value, assigned_hlc: c.hlc })
        .onConflict((oc) => oc.columns(['expert_id', 'project_id']).doUpdateSet({ assigned: value, assigned_hlc: c.hlc }).where('expert_projects.assigned_hlc', '<', c.hlc))
        .execute()
    } else {
      await insert
        .values({ ...row, recused: value, recused_hlc: c.hlc })
        .onConflict((oc) => oc.columns(['expert_id', 'project_id']).doUpdateSet({ recused: value, recused_hlc: c.hlc }).where('expert_projects.recused_hlc', '<', c.hlc))
        .execute()
    }
  }
}

/** Projects whose other experts' work this expert may see: assigned, not recused, and submitted (accepted). */
export async function unlockedProjects(db: Db, expertId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('submissions')
    .innerJoin('expert_projects', (j) => j.onRef('expert_projects.expert_id', '=', 'submissions.expert_id').onRef('expert_projects.project_id', '=', 'submissions.project_id'))
    .select('submissions.project_id')
    .where('submissions.expert_id', '=', expertId)
    .where('expert_projects.assigned', '=', 1)
    .where('expert_projects.recused', '=', 0)
    .execute()
  return new Set(rows.map((r) => r.project_id))
}

/** A JSON array of expert ids as a change carries it (the array, or a JSON string holding it); bounded. */
function idList(value: string): string[] {
  try {
    let v: unknown = JSON.parse(value)
    if (typeof v === 'string') v = JSON.parse(v)
    return Array.isArray(v) ? v.slice(0, 200).filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

/** Keeps each 修改稿 version's project and named re-reviewers (last writer wins by HLC), from an accepted secretariat transaction. */
export async function noteRereviewers(db: Db, tx: readonly Change[]): Promise<void> {
  for (const c of tx) {
    if (c.tbl !== 'project_versions' || (c.col !== 'project_id' && c.col !== 'reviewers') || c.author !== SECRETARIAT_AUTHOR) continue
    const row = { version_id: c.rowId, project_id: '', project_hlc: '', reviewers: '[]', reviewers_hlc: '' }
    const insert = db.insertInto('rereviewers')
    if (c.col === 'project_id') {
      const project = parseJsonString(c.value) ?? ''
      await insert
        .values({ ...row, project_id: project, project_hlc: c.hlc })
        .onConflict((oc) => oc.column('version_id').doUpdateSet({ project_id: project, project_hlc: c.hlc }).where('rereviewers.project_hlc', '<', c.hlc))
        .execute()
    } else {
      const reviewers = JSON.stringify(idList(c.value))
      await insert
        .values({ ...row, reviewers, reviewers_hlc: c.hlc })
        .onConflict((oc) => oc.column('version_id').doUpdateSet({ reviewers, reviewers_hlc: c.hlc }).where('rereviewers.reviewers_hlc', '<', c.hlc))
        .execute()
    }
  }
}

/** Projects for a 修改稿 of which the secretariat named this expert as a re-reviewer. */
export async function namedProjects(db: Db, expertId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('rereviewers').select(['project_id', 'reviewers']).where('reviewers', '<>', '[]').execute()
  return new Set(rows.filter((r) => r.project_id !== '' && idList(r.reviewers).includes(expertId)).map((r) => r.project_id))
}

/**
 * Whether an expert's device may receive this transaction: none of its changes is another expert's work on a
 * project not unlocked for the viewer, or another expert's document note. For a project the viewer was named to
 * re-review (`named`), the 组长's signing of the 专家组评审意见 is allowed, and nothing else of the others' work.
 */
export function independenceAllows(viewer: string, tx: readonly Change[], unlocked: ReadonlySet<string>, named: ReadonlySet<string> = new Set()): boolean {
  if (viewer === SECRETARIAT_AUTHOR) return true
  let signed: Set<string> | undefined
  for (const c of tx) {
    const owner = rowOwner(c.tbl, c.rowId)
    if (!owner || owner.kind !== 'expert' || owner.expertId === viewer || owner.public) continue
    if (c.tbl === 'document_notes') return false
    if (owner.projectId === null || unlocked.has(owner.projectId)) continue
    if (named.has(owner.projectId) && c.tbl === 'panel_opinions' && (signed ??= signedPanelOpinionRows(tx)).has(c.rowId)) continue
    return false
  }
  return true
}
