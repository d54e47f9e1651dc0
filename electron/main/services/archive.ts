/**
 * Closing a meeting and its archive (issue 7).
 *
 * Close: the meeting becomes read-only (meetings.status = 'closed'; every write to its data through the one
 * write path is refused from then on, see db/meetingGuard.ts); the change replicates through sync like any other.
 *
 * Archive (.pdarchive): a ZIP holding
 *   manifest.json            format, meeting, creation time, every other file with its SHA-256 and size, row counts
 *   tables/<table>.json      every row of the meeting in each replicated table (deleted rows included)
 *   log/change_log.json      the operation log of those rows (author, time, table, column, value)
 *   blobs/<sha256>           the package files (documents, spreadsheets) by content digest
 * Verification (`npx paneldesk archive verify FILE`, or the API) needs nothing but the file: every checksum, no
 * file missing or added, every blob's name equals its digest, every signed sheet and panel opinion verifies
 * (SM2/SM3) against the fingerprint registered for its signer in the archived experts table.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { ApiError } from '../../../shared/api/errors'
import type { ArchiveSummary, ArchiveVerification, CloseCheck, ConsoleSettings } from '../../../shared/api/secretariatTypes'
import { verifySignedPayload } from '../../../shared/signing/envelope'
import { sm3Hex } from '../../../shared/signing/sm'
import type { SignedPayload } from '../../../shared/signing/types'
import { REPLICATED_TABLES, type ReplicatedTable } from '../../../shared/sync/tables'
import { BlobStore } from '../blobs/store'
import type { Db } from '../db/connection'
import { writeChanges } from '../db/changeWriter'
import { MEETING_LINKS } from '../db/meetingGuard'
import { prepare } from '../db/query'
import { zipFiles } from '../documents/zipWrite'
import { safeFileName, writeFileNoClobber } from '../documents/fileNames'
import { ARCHIVE_LIMITS } from '../packages/limits'
import { forEachZipFile } from '../packages/zip'
import { SECRETARIAT } from './authors'
import { collectMeeting } from './board'
import { consoleSettings, phaseOf } from './console'
import { getMeetingRow } from './meetings'
import { harvestMeeting } from './priceLibrary'
import { ensureFolder } from '../paths/userPath'

export const ARCHIVE_FORMAT = 'paneldesk.archive/1'

// ---------------------------------------------------------------------------------------------------------
// Closing
// ---------------------------------------------------------------------------------------------------------

export function closeCheck(db: Db, meetingId: string): CloseCheck {
  const m = getMeetingRow(db, meetingId)
  if (phaseOf(m) === 'closed') return { canClose: false, warnings: ['会议已经关闭'] }
  const c = collectMeeting(db, meetingId)
  const warnings: string[] = []
  for (const p of c.projects) {
    const waiting = p.cells.filter((x) => !x.counted && x.state !== 'recused')
    if (waiting.length > 0) warnings.push(`${p.project.name}：${waiting.map((x) => `${x.name}（${x.label}）`).join('、')}`)
    const leader = c.experts.find((e) => e.is_leader === 1)
    const signed = leader
      ? prepare(db, "SELECT 1 FROM panel_opinions WHERE project_id = ? AND leader_id = ? AND status = 'signed' AND deleted = 0").get(p.project.id, leader.id)
      : undefined
    if (!signed) warnings.push(`${p.project.name}：组长尚未签署专家组意见`)
  }
  return { canClose: true, warnings }
}

export function closeMeeting(db: Db, meetingId: string, now = new Date()): ConsoleSettings {
  const m = getMeetingRow(db, meetingId)
  if (phaseOf(m) === 'closed') throw new ApiError('conflict', '会议已经关闭')
  writeChanges(db, SECRETARIAT, (w) => w.write('meetings', meetingId, { status: 'closed', closed_at: now.toISOString() }))
  // 价格参考 (issue 13): every reviewed line with its 送审 and 核定 unit price joins this laptop's library.
  if (m.is_demo !== 1) harvestMeeting(db, meetingId, now)
  return consoleSettings(db, meetingId)
}

// ---------------------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------------------

const ORDER: ReplicatedTable[] = (Object.keys(REPLICATED_TABLES) as ReplicatedTable[]).sort((a, b) => depth(a) - depth(b))

function depth(t: ReplicatedTable): number {
  const l = MEETING_LINKS[t]
  return l.kind === 'parent' ? 1 + depth(l.parent) : l.kind === 'meeting' ? 1 : 0
}

type Row = Record<string, unknown>

/** Every row of the meeting in every replicated table. */
export function meetingRows(db: Db, meetingId: string): Map<ReplicatedTable, Row[]> {
  const meeting = getMeetingRow(db, meetingId)
  const out = new Map<ReplicatedTable, Row[]>()
  const idsOf = (t: ReplicatedTable) => (out.get(t) ?? []).map((r) => r.id as string)
  for (const t of ORDER) {
    const link = MEETING_LINKS[t]
    let rows: Row[] = []
    if (link.kind === 'self') rows = prepare(db, `SELECT * FROM "${t}" WHERE id = ?`).all(meetingId) as Row[]
    else if (link.kind === 'none') rows = t === 'rubrics' ? (prepare(db, 'SELECT * FROM rubrics WHERE id = ?').all(meeting.rubric_id) as Row[]) : []
    else if (link.kind === 'meeting') rows = prepare(db, `SELECT * FROM "${t}" WHERE meeting_id = ? ORDER BY id`).all(meetingId) as Row[]
    else {
      const parents = idsOf(link.parent)
      const stmt = prepare(db, `SELECT * FROM "${t}" WHERE "${link.col}" = ? ORDER BY id`)
      for (const id of parents) rows.push(...(stmt.all(id) as Row[]))
    }
    out.set(t, rows)
  }
  return out
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT
  createdAt: string
  generator: string
  meeting: { id: string; name: string; date: string; status: string; closedAt: string | null }
  tables: Record<string, number>
  files: { path: string; sha256: string; size: number }[]
}

/** Builds the archive bytes of a meeting. */
export function buildArchive(db: Db, dataDir: string, meetingId: string, now = new Date()): { bytes: Uint8Array; manifest: ArchiveManifest } {
  const meeting = getMeetingRow(db, meetingId)
  const rows = meetingRows(db, meetingId)
  const enc = new TextEncoder()
  const files: Record<string, Uint8Array> = {}
  const tables: Record<string, number> = {}
  const rowIds = new Set<string>()
  for (const [t, list] of rows) {
    files[`tables/${t}.json`] = enc.encode(JSON.stringify(list, null, 1))
    tables[t] = list.length
    for (const r of list) rowIds.add(`${t}\u0000${r.id as string}`)
  }
  // The operation log of these rows (local and received changes), in log order.
  const log = (prepare(db, 'SELECT origin, seq, tx, hlc, author, tbl, row_id, col, value, status, reason FROM change_log ORDER BY hlc, origin, seq').all() as Row[]).filter((r) =>
    rowIds.has(`${r.tbl as string}\u0000${r.row_id as string}`)
  )
  files['log/change_log.json'] = enc.encode(JSON.stringify(log, null, 1))
  // Package files by digest.
  const store = new BlobStore(dataDir)
  for (const f of rows.get('package_files') ?? []) {
    const digest = f.sha256 as string
    if (files[`blobs/${digest}`]) continue
    if (!store.has(digest)) continue
    files[`blobs/${digest}`] = new Uint8Array(store.get(digest))
  }
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    createdAt: now.toISOString(),
    generator: 'PanelDesk 评审台',
    meeting: { id: meeting.id, name: meeting.name, date: meeting.date, status: meeting.status, closedAt: meeting.closed_at },
    tables,
    files: Object.entries(files)
      .map(([p, b]) => ({ path: p, sha256: sha256(b), size: b.length }))
      .sort((a, b) => (a.path < b.path ? -1 : 1))
  }
  files['manifest.json'] = enc.encode(JSON.stringify(manifest, null, 1))
  return { bytes: zipFiles(files), manifest }
}

export async function exportArchive(db: Db, dataDir: string, meetingId: string, folder: string): Promise<ArchiveSummary> {
  // Checked and created level by level within a deadline (paths/userPath.ts), never a recursive mkdir.
  const f = await ensureFolder(folder.trim(), { label: '归档文件夹' })
  const meeting = getMeetingRow(db, meetingId)
  const { bytes, manifest } = buildArchive(db, dataDir, meetingId)
  const written = await writeFileNoClobber(f, `${safeFileName(`${meeting.name}-归档`, '')}.pdarchive`, bytes)
  const back = new Uint8Array(await fs.promises.readFile(written))
  const v = verifyArchive(back)
  if (v.status !== '有效') {
    await fs.promises.rm(written, { force: true })
    throw new ApiError('internal', `归档文件写入后验证未通过：${v.reason}`)
  }
  return {
    path: written,
    fileName: path.basename(written),
    sizeBytes: back.length,
    // The files the manifest lists (the manifest itself is not counted, as 验证 does not count it).
    files: manifest.files.length,
    rows: Object.values(manifest.tables).reduce((s, n) => s + n, 0),
    blobs: manifest.files.filter((x) => x.path.startsWith('blobs/')).length,
    signatures: v.signatures.length,
    digest: sm3Hex(JSON.stringify(manifest))
  }
}

// ---------------------------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------------------------

export function verifyArchive(bytes: Uint8Array): ArchiveVerification {
  const result = (status: ArchiveVerification['status'], reason: string, extra: Partial<ArchiveVerification> = {}): ArchiveVerification => ({
    status,
    reason,
    meetingName: '',
    createdAt: '',
    files: 0,
    signatures: [],
    problems: [],
    ...extra
  })
  // Package files are hashed as they are inflated and not kept: memory stays at the tables plus one entry.
  const files = new Map<string, Uint8Array>()
  const digests = new Map<string, { sha256: string; size: number }>()
  try {
    forEachZipFile(bytes, '归档文件', ARCHIVE_LIMITS, (p, data) => {
      digests.set(p, { sha256: sha256(data), size: data.length })
      if (!p.startsWith('blobs/')) files.set(p, data)
    })
  } catch (e) {
    return result('无法验证', `不是可读取的归档文件：${e instanceof Error ? e.message : String(e)}`)
  }
  const dec = new TextDecoder()
  const manifestBytes = files.get('manifest.json')
  if (!manifestBytes) return result('无法验证', '归档中没有 manifest.json，不是评审台归档文件')
  let manifest: ArchiveManifest
  try {
    manifest = JSON.parse(dec.decode(manifestBytes)) as ArchiveManifest
  } catch {
    return result('已篡改', 'manifest.json 不是有效的 JSON')
  }
  if (manifest.format !== ARCHIVE_FORMAT) return result('无法验证', `不支持的归档格式：${String(manifest.format)}`)
  const base = { meetingName: manifest.meeting?.name ?? '', createdAt: manifest.createdAt ?? '', files: digests.size }
  const problems: string[] = []
  const listed = new Set<string>()
  for (const f of manifest.files ?? []) {
    listed.add(f.path)
    const b = digests.get(f.path)
    if (!b) problems.push(`缺少文件：${f.path}`)
    else if (b.sha256 !== f.sha256 || b.size !== f.size) problems.push(`文件内容已改变：${f.path}`)
    if (f.path.startsWith('blobs/') && b && b.sha256 !== f.path.slice(6)) problems.push(`附件与其摘要不符：${f.path}`)
  }
  for (const p of digests.keys()) if (p !== 'manifest.json' && !listed.has(p)) problems.push(`多出未登记的文件：${p}`)
  // Signatures.
  const table = (t: string): Row[] => {
    const b = files.get(`tables/${t}.json`)
    if (!b) return []
    try {
      return JSON.parse(dec.decode(b)) as Row[]
    } catch {
      problems.push(`数据表 ${t} 无法读取`)
      return []
    }
  }
  const fps = new Map(table('experts').map((e) => [e.id as string, String(e.key_fingerprint ?? '').trim()]))
  const signatures: ArchiveVerification['signatures'] = []
  const check = (json: unknown, expectedKind: string, signerId: string) => {
    let p: SignedPayload
    try {
      p = JSON.parse(String(json)) as SignedPayload
    } catch {
      signatures.push({ signer: signerId, kind: expectedKind, status: '已篡改', reason: '签名数据无法读取' })
      return
    }
    const fp = fps.get(signerId) ?? ''
    const r = verifySignedPayload(p, fp ? { registeredFingerprint: fp } : undefined)
    const status = r.status === 'valid' ? (fp ? '有效' : '无法验证') : r.status === 'tampered' ? '已篡改' : '无法验证'
    const reason = r.status === 'valid' ? (fp ? '' : '归档中没有该签名人的登记指纹') : r.reason
    const signerOk = p.signer?.id === signerId && p.kind === expectedKind
    signatures.push({ signer: p.signer?.name ?? signerId, kind: expectedKind === 'panel-opinion' ? '专家组意见' : '评审意见表', status: signerOk ? status : '已篡改', reason: signerOk ? reason : '签名人或签名类型与记录不符' })
  }
  for (const s of table('score_sheets')) if (s.signed_payload) check(s.signed_payload, 'expert-sheet', s.expert_id as string)
  for (const o of table('panel_opinions')) if (o.signed_payload) check(o.signed_payload, 'panel-opinion', o.leader_id as string)
  const bad = signatures.filter((s) => s.status === '已篡改')
  if (problems.length > 0 || bad.length > 0) {
    return result('已篡改', problems[0] ?? `${bad[0]!.signer}的${bad[0]!.kind}签名未通过验证：${bad[0]!.reason}`, { ...base, signatures, problems: [...problems, ...bad.map((b) => `${b.signer}的${b.kind}：${b.reason}`)] })
  }
  const unverifiable = signatures.filter((s) => s.status === '无法验证')
  if (unverifiable.length > 0) return result('无法验证', `${unverifiable.length} 份签名无法确认签名人（${unverifiable[0]!.reason}）`, { ...base, signatures })
  return result('有效', `全部 ${manifest.files.length} 个文件与清单校验一致，${signatures.length} 份签名有效`, { ...base, signatures })
}
