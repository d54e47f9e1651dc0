/**
 * The secretariat's console against real SQLite: settings, roster import (good and malformed files), the
 * assignment matrix, the live board with a tampered sheet, the merge, the 组长's signed panel opinion feeding the
 * documents, the audit log, closing (every write refused) and the archive (verified, and caught when altered).
 */
import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { rejection } from '../../../tests/helpers/review'
import { tempDir } from '../../../tests/helpers/tmp'
import type { Backend } from '../backend'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { verifyDocx } from '../documents/verify'
import { zipFiles } from '../documents/zipWrite'
import { unzipSafely } from '../packages/zip'
import { DEFAULT_PACKAGE_LIMITS } from '../packages/limits'
import { mergeValues as documentsMergeValues } from '../documents/model'
import { MERGE_METHODS, mergeValues } from '../../../shared/domain/merge'
import { CLOSED_MEETING_MESSAGE } from '../db/meetingGuard'
import { gatherProject } from './documents'
import { buildDocument } from './documentBuild'
import { installFixtureKey } from './consoleTestUtil'
import { buildArchive, verifyArchive } from './archive'

const PIN = '258036'

/** Handlers may throw synchronously or reject: both count. */
const rejects = rejection

async function newMeeting(b: Backend) {
  return b.handlers['meetings.create']({ name: '2026年第12批评审会', date: '2026-12-10', place: '三明市行政服务中心', organiser: '三明市发改委' })
}

async function xlsx(rows: (string | number | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('专家名单')
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
}

describe('meeting settings and phase', () => {
  it('stores merge rules and thresholds per meeting, refuses nonsense, and locks project removal once open', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = await newMeeting(b)
    const s0 = await b.handlers['console.updateSettings']({ meetingId: m.id, settings: { mergeMethod: 'trimmed-mean', deviationRatio: 0.25, conclusion: { passAt: 85, reviseAt: 65 } } })
    expect(s0.settings).toMatchObject({ mergeMethod: 'trimmed-mean', budgetMergeMethod: 'median', deviationRatio: 0.25, conclusion: { passAt: 85, reviseAt: 65 } })
    expect((await b.handlers['console.get']({ meetingId: m.id })).settings.settings.mergeMethod).toBe('trimmed-mean')
    expect((await rejects(() => b.handlers['console.updateSettings']({ meetingId: m.id, settings: { conclusion: { passAt: 60, reviseAt: 80 } } }))).message).toMatch(/结论阈值无效/)
    expect(s0.phase).toBe('preparing')
    expect(s0.rubricLocked).toBe(false)
    const opened = await b.handlers['console.openMeeting']({ meetingId: m.id })
    expect(opened.phase).toBe('open')
    // Opening the meeting writes the secretariat's scoring-started marker: the rubric and rule set are locked everywhere.
    expect(opened.rubricLocked).toBe(true)
    const marker = JSON.parse(b.db().sqlite.prepare('SELECT scoring_marker FROM meetings WHERE id = ?').pluck().get(m.id) as string) as { meetingId: string; rubric: { id: string } }
    expect(marker).toMatchObject({ meetingId: m.id, rubric: { id: opened.rubricId } })
    expect((await b.handlers['rubric.get']({ meetingId: m.id })).locked).toMatch(/^秘书处已于 .* 宣布开始评分，评分细则已锁定，不能再修改$/)
    const audit = await b.handlers['audit.list']({ meetingId: m.id })
    expect(audit.map((e) => e.what)).toEqual(expect.arrayContaining(['会议开始，项目不再移除', '评分开始声明：评分细则和审查规则集锁定']))
  })
})

describe('roster import', () => {
  it('imports an .xlsx with a title row and header variants, skipping experts already there', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = await newMeeting(b)
    const base64 = await xlsx([
      ['2026年第12批评审专家名单'],
      ['序号', '专家姓名', '单位名称', '技术职称', '专业领域', '联系电话', '曾任职单位'],
      [1, '林海峰', '福州大学', '教授', '软件工程', '13905910001', '福建省数字福建建设领导小组办公室'],
      [2, '陈雪梅', '三明市财政局', '高级会计师', '财务审计', '0598-8221234', ''],
      [null, null, null, null, null, null, null],
      [3, '张立新', '福建省信息安全测评中心', '正高级工程师', '网络安全', '13805980003', '']
    ])
    const r = await b.handlers['console.importRoster']({ meetingId: m.id, fileName: '专家名单.xlsx', base64 })
    expect(r).toMatchObject({ ok: true, added: 3, problems: [], format: 'xlsx' })
    const experts = (await b.handlers['console.get']({ meetingId: m.id })).experts
    expect(experts.map((e) => e.name).sort()).toEqual(['张立新', '林海峰', '陈雪梅'].sort())
    expect(experts.find((e) => e.name === '林海峰')!.pastUnits).toEqual(['福建省数字福建建设领导小组办公室'])
    const again = await b.handlers['console.importRoster']({ meetingId: m.id, fileName: '专家名单.xlsx', base64 })
    expect(again).toMatchObject({ ok: true, added: 0 })
    expect(again.skipped.map((s) => s.name)).toEqual(['林海峰', '陈雪梅', '张立新'])
  })

  it('imports a GBK .csv', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = await newMeeting(b)
    const csv = iconv.encode('姓名,工作单位,职称,专业,手机\r\n黄志强,三明学院,副教授,数据科学,13600000000\r\n', 'gbk')
    const r = await b.handlers['console.importRoster']({ meetingId: m.id, fileName: 'roster.csv', base64: Buffer.from(csv).toString('base64') })
    expect(r).toMatchObject({ ok: true, added: 1, format: 'csv', encoding: 'gb18030' })
    expect((await b.handlers['console.get']({ meetingId: m.id })).experts[0]).toMatchObject({ name: '黄志强', unit: '三明学院', phone: '13600000000' })
  })

  it('refuses malformed files with the row and the problem, writing nothing', async () => {
    const b = await testBackend({ seedDemo: false })
    const m = await newMeeting(b)
    const bad = await xlsx([
      ['姓名', '工作单位', '电话'],
      ['林海峰', '福州大学', '13905910001'],
      ['', '三明学院', ''],
      ['陈雪梅', '三明市财政局', '电话见附件'],
      ['林海峰', '福州大学', '']
    ])
    const r = await b.handlers['console.importRoster']({ meetingId: m.id, fileName: 'bad.xlsx', base64: bad })
    expect(r.ok).toBe(false)
    expect(r.problems.map((p) => p.message)).toEqual(['第 3 行：缺少姓名', '第 4 行：电话“电话见附件”格式不正确', '第 5 行：与第 2 行重复（林海峰，福州大学）'])
    const noHeader = await xlsx([['张三', '福州大学']])
    expect((await b.handlers['console.importRoster']({ meetingId: m.id, fileName: 'x.xlsx', base64: noHeader })).problems[0]!.message).toMatch(/找不到表头/)
    const notXlsx = await b.handlers['console.importRoster']({ meetingId: m.id, fileName: 'x.xlsx', base64: Buffer.from('not a zip').toString('base64') })
    expect(notXlsx.ok).toBe(false)
    expect(notXlsx.problems[0]!.message).toMatch(/x\.xlsx/)
    expect((await b.handlers['console.get']({ meetingId: m.id })).experts).toEqual([])
  })
})

describe('experts and the assignment matrix', () => {
  it('adds experts by hand, flags 回避 from unit names, checks panel size, assigns everyone except conflicts', async () => {
    const b = await testBackend({ seedDemo: true })
    const [demo] = await b.handlers['meetings.list']({})
    const m = await newMeeting(b)
    const detail = await b.handlers['meetings.get']({ meetingId: demo!.id })
    // Borrow the demo's projects' units: an expert from the owner unit of the first project conflicts with it.
    const owner = detail.projects[0]!.ownerUnit
    const a = await b.handlers['console.addExpert']({ meetingId: m.id, expert: { name: '甲', unit: owner, title: '', specialty: '', phone: '', pastUnits: [] } })
    await b.handlers['console.addExpert']({ meetingId: m.id, expert: { name: '乙', unit: '福州大学', title: '', specialty: '', phone: '', pastUnits: [] } })
    expect((await rejects(() => b.handlers['console.addExpert']({ meetingId: m.id, expert: { name: '乙', unit: '福州大学', title: '', specialty: '', phone: '', pastUnits: [] } }))).code).toBe('conflict')
    // No projects in the new meeting: the demo's matrix shows the checks.
    const matrix = await b.handlers['assignments.matrix']({ meetingId: demo!.id })
    expect(matrix.rows.length).toBe(detail.projects.length)
    const empty = await b.handlers['assignments.matrix']({ meetingId: m.id })
    expect(empty.experts.map((e) => e.name)).toEqual(['甲', '乙'])
    expect(a.name).toBe('甲')
  })

  it('on a seeded meeting: unit conflicts are flagged and skipped by 全员评审, sizes are checked', async () => {
    const b = await testBackend({ seedDemo: false })
    const seeded = seedSignedMeeting(b.db(), { projects: 2, experts: 5, drafts: [[0, 0]] })
    const m = seeded.meetingId
    // A sixth expert from the 编制单位 of every project: conflict.
    const x = await b.handlers['console.addExpert']({ meetingId: m, expert: { name: '王编制', unit: '福建省邮电规划设计院', title: '', specialty: '', phone: '', pastUnits: [] } })
    const y = await b.handlers['console.addExpert']({ meetingId: m, expert: { name: '赵新', unit: '厦门大学', title: '', specialty: '', phone: '', pastUnits: [] } })
    let matrix = await b.handlers['assignments.matrix']({ meetingId: m })
    const cell = matrix.rows[0]!.cells.find((c) => c.expertId === x.id)!
    expect(cell.conflicts[0]).toMatch(/编制单位「福建省邮电规划设计院有限公司」与王编制的现工作单位「福建省邮电规划设计院」相同/)
    matrix = await b.handlers['assignments.everyone']({ meetingId: m })
    expect(matrix.rows[0]!.cells.find((c) => c.expertId === x.id)!.assigned).toBe(false)
    expect(matrix.rows[0]!.cells.find((c) => c.expertId === y.id)!.assigned).toBe(true)
    expect(matrix.rows[0]!.panelSize).toBe(6)
    expect(matrix.rows[0]!.problems).toEqual(['评审专家应为单数（现 6 人）'])
    matrix = await b.handlers['assignments.set']({ meetingId: m, projectId: seeded.projectIds[0]!, expertId: y.id, assigned: false })
    expect(matrix.rows[0]!.problems).toEqual([])
    // An expert with a sheet cannot be unassigned.
    expect((await rejects(() => b.handlers['assignments.set']({ meetingId: m, projectId: seeded.projectIds[0]!, expertId: seeded.experts[1]!.id, assigned: false }))).code).toBe('conflict')
  })
})

describe('board, merge, panel opinion and documents', () => {
  it('counts only valid signed sheets, merges them, and the 组长 signs the opinion the documents then carry', async () => {
    const b = await testBackend({ seedDemo: false })
    const seeded = seedSignedMeeting(b.db(), { projects: 2, experts: 5, budgetLines: 30, tampered: [[1, 2]] })
    const m = seeded.meetingId
    const [p1, p2] = seeded.projectIds as [string, string]

    const board = await b.handlers['board.get']({ meetingId: m })
    expect(board.rows[0]!.cells.every((c) => c.state === 'submitted' && c.counted)).toBe(true)
    const bad = board.rows[1]!.cells[2]!
    expect(bad).toMatchObject({ state: 'tampered', label: '已篡改', counted: false })
    expect(board.rows[1]).toMatchObject({ submitted: 4, expected: 5, tampered: 1 })

    const merged = await b.handlers['merge.meeting']({ meetingId: m })
    const v1 = merged.projects[0]!
    expect(v1.counted.length).toBe(5)
    expect(merged.projects[1]!.counted.length).toBe(4)
    expect(merged.projects[1]!.missing[0]!.reason).toMatch(/已篡改/)
    // The merged totals are the mean of the counted sheets.
    const totals = v1.merge!.total.scores.map((s) => s.score)
    expect(v1.merge!.total.merged).toBe(Math.round((totals.reduce((s, x) => s + x, 0) / totals.length) * 100) / 100)
    expect(merged.ranking.map((r) => r.rank)).toContain(1)

    // The chart renders as SVG on the backend.
    const chart = await b.handlers['merge.chartSvg']({ projectId: p1 })
    expect(chart.svg).toMatch(/^<svg[\s\S]*<\/svg>$/)
    expect(chart.svg).toContain('专家组')

    // Budget merge: median per line, most disputed lines first.
    const budget = await b.handlers['merge.budget']({ projectId: p1, limit: 200 })
    expect(budget.lineCount).toBe(30)
    expect(budget.lines[0]!.spread).toBeGreaterThanOrEqual(budget.lines[budget.lines.length - 1]!.spread)
    expect(budget.total.submitted).toBeGreaterThan(0)

    // The 组长 drafts (as the secretariat here), overrides a line, and signs as the 组长.
    let panel = await b.handlers['panel.get']({ projectId: p1 })
    expect(panel.blocked).toBe('')
    expect(panel.leader!.id).toBe(seeded.leaderId)
    expect(panel.gathered.problems.length).toBeGreaterThan(0)
    expect(panel.gathered.problems[0]!.authors.length).toBeGreaterThan(0)
    expect((await b.handlers['panel.get']({ projectId: p2 })).blocked).toMatch(/已篡改/)
    const line = budget.lines[0]!
    panel = await b.handlers['panel.setOverride']({ projectId: p1, lineId: line.lineId, amount: 0, reason: '第三条排除' })
    expect(panel.budget.overrides).toBe(1)
    expect((await rejects(() => b.handlers['panel.setOverride']({ projectId: p1, lineId: line.lineId, amount: line.submitted + 1, reason: 'x' }))).code).toBe('invalid_input')
    await b.handlers['panel.saveDraft']({ projectId: p1, draft: { ...panel.draft!, problems: ['专家组认为应补充密码应用方案。', ...panel.draft!.problems], conclusion: 'revise' } })
    expect((await rejects(() => b.handlers['panel.sign']({ projectId: p1, pin: PIN }))).code).toBe('forbidden')
    const leader = seeded.experts[0]!
    installFixtureKey(b.db(), leader, PIN)
    await b.handlers['session.actAs']({ expertId: leader.id })
    expect((await rejects(() => b.handlers['panel.sign']({ projectId: p1, pin: '999999' }))).message).toMatch(/PIN/)
    panel = await b.handlers['panel.sign']({ projectId: p1, pin: PIN })
    expect(panel.status).toBe('signed')
    expect(panel.signatureCheck).toEqual({ status: 'valid', reason: '组长签名有效' })

    // The documents now show what the 组长 signed, and verify against the registered fingerprints.
    const snap = gatherProject(b.db(), p1)
    expect(snap.leaderPayload?.kind).toBe('panel-opinion')
    const docx = await buildDocument(snap, 'panel-opinion')
    const registered = Object.fromEntries(seeded.experts.map((e) => [e.id, e.fingerprint]))
    const v = await verifyDocx(docx, { registeredFingerprints: registered })
    expect(v.status).toBe('有效')
    expect(v.signatures.some((s) => s.kind === 'panel-opinion' && s.status === 'valid')).toBe(true)
    const text = new TextDecoder().decode(unzipSafely(docx, 'd', DEFAULT_PACKAGE_LIMITS).get('word/document.xml')!)
    expect(text).toContain('专家组认为应补充密码应用方案。')

    // An edit after signing returns it to a draft; the documents fall back to the sheets.
    panel = await b.handlers['panel.saveDraft']({ projectId: p1, draft: { ...panel.draft!, conclusion: 'pass' } })
    expect(panel.status).toBe('draft')
    expect(gatherProject(b.db(), p1).leaderPayload).toBeNull()

    // Reopen a sheet from the console: it leaves the merge, and the audit log says who, when and why.
    await b.handlers['session.actAs']({ expertId: null })
    const sheetId = board.rows[0]!.cells[1]!.sheetId!
    await b.handlers['sheets.reopen']({ sheetId, reason: '总分与意见不一致，请核对' })
    expect((await b.handlers['merge.meeting']({ meetingId: m })).projects[0]!.counted.length).toBe(4)
    await b.handlers['console.setLeader']({ meetingId: m, expertId: seeded.experts[1]!.id })
    await b.handlers['console.registerFingerprint']({ expertId: seeded.experts[2]!.id, text: `paneldesk:fp:${seeded.experts[2]!.fingerprint}` })
    const audit = await b.handlers['audit.list']({ meetingId: m })
    const kinds = audit.map((a) => a.kind)
    expect(kinds).toEqual(expect.arrayContaining(['reopen', 'override', 'panel-signed', 'leader', 'fingerprint']))
    const reopen = audit.find((a) => a.kind === 'reopen')!
    expect(reopen.detail).toBe('理由：总分与意见不一致，请核对')
    expect(reopen.authorName).toBe('秘书处')
    expect(audit.find((a) => a.kind === 'panel-signed')!.authorName).toBe(`专家${leader.name}`)
    expect(audit.find((a) => a.kind === 'leader')!.what).toBe(`指定组长：${seeded.experts[1]!.name}`)
  })

  it('the shared merge maths is the one the documents verify with', () => {
    for (const method of MERGE_METHODS) {
      for (const xs of [[1], [3, 1, 2], [10, 20, 30, 40, 1000], [7.5, 8, 8.5, 9, 9.5, 10]]) {
        expect(mergeValues(xs, method)).toBe(documentsMergeValues(xs, method))
      }
    }
  })
})

describe('closing and the archive', () => {
  it('refuses every write to a closed meeting, keeps others writable, and archives the meeting verifiably', async () => {
    const b = await testBackend({ seedDemo: false })
    const seeded = seedSignedMeeting(b.db(), { projects: 1, experts: 3, budgetLines: 5, drafts: [[0, 2]] })
    const other = seedSignedMeeting(b.db(), { prefix: 'o-', projects: 1, experts: 3, budgetLines: 5 })
    const m = seeded.meetingId
    const check = await b.handlers['meeting.closeCheck']({ meetingId: m })
    expect(check.canClose).toBe(true)
    expect(check.warnings.join('\n')).toMatch(/评分中/)
    const closed = await b.handlers['meeting.close']({ meetingId: m, confirm: true })
    expect(closed.phase).toBe('closed')
    expect(closed.closedAt).not.toBeNull()
    const expertId = seeded.experts[0]!.id
    const attempts: (() => unknown)[] = [
      () => b.handlers['console.updateSettings']({ meetingId: m, settings: { mergeMethod: 'median' } }),
      () => b.handlers['console.addExpert']({ meetingId: m, expert: { name: '新', unit: '某单位', title: '', specialty: '', phone: '', pastUnits: [] } }),
      () => b.handlers['console.setLeader']({ meetingId: m, expertId: seeded.experts[1]!.id }),
      () => b.handlers['console.registerFingerprint']({ expertId, text: '' }),
      () => b.handlers['console.updateExpert']({ expertId, expert: { name: '改名', unit: '某单位', title: '', specialty: '', phone: '', pastUnits: [] } }),
      () => b.handlers['sheets.reopen']({ sheetId: `sheet-${seeded.projectIds[0]}-${expertId}`, reason: '复核' }),
      () => b.handlers['experts.registerFingerprint']({ expertId, fingerprint: '' }),
      async () => {
        await b.handlers['session.actAs']({ expertId: seeded.experts[2]!.id })
        return b.handlers['review.acceptCommitment']({ meetingId: m })
      }
    ]
    for (const [i, a] of attempts.entries()) expect(await rejects(a), `attempt ${i}`).toMatchObject({ code: 'conflict', message: CLOSED_MEETING_MESSAGE })
    await b.handlers['session.actAs']({ expertId: null })
    // Another meeting is still writable.
    expect((await b.handlers['console.updateSettings']({ meetingId: other.meetingId, settings: { mergeMethod: 'median' } })).settings.mergeMethod).toBe('median')

    // The archive: written, read back and verified; the meeting's rows only.
    const folder = tempDir('archive')
    const summary = await b.handlers['archive.export']({ meetingId: m, folder })
    expect(summary.fileName).toMatch(/归档\.pdarchive$/)
    expect(summary.signatures).toBe(2)
    const bytes = new Uint8Array(fs.readFileSync(summary.path))
    const ok = await b.handlers['archive.verify']({ base64: Buffer.from(bytes).toString('base64') })
    expect(ok).toMatchObject({ status: '有效', meetingName: seeded.meetingName })
    const files = unzipSafely(bytes, 'a', DEFAULT_PACKAGE_LIMITS)
    const experts = JSON.parse(new TextDecoder().decode(files.get('tables/experts.json')!)) as { id: string }[]
    expect(experts.map((e) => e.id).sort()).toEqual(seeded.experts.map((e) => e.id).sort())
    expect(JSON.parse(new TextDecoder().decode(files.get('tables/meetings.json')!))[0].status).toBe('closed')

    // Altering a score inside a signed sheet (and fixing the checksum) is caught by the signature.
    const sheets = JSON.parse(new TextDecoder().decode(files.get('tables/score_sheets.json')!)) as { signed_payload: string | null }[]
    const target = sheets.find((x) => x.signed_payload)!
    const payload = JSON.parse(target.signed_payload!) as { canonical: string }
    payload.canonical = payload.canonical.replace(/"total":[0-9.]+/, '"total":99')
    target.signed_payload = JSON.stringify(payload)
    files.set('tables/score_sheets.json', new TextEncoder().encode(JSON.stringify(sheets)))
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')!)) as { files: { path: string; sha256: string; size: number }[] }
    const { createHash } = await import('node:crypto')
    for (const f of manifest.files) {
      const data = files.get(f.path)!
      f.sha256 = createHash('sha256').update(data).digest('hex')
      f.size = data.length
    }
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)))
    const forged = verifyArchive(zipFiles(Object.fromEntries(files)))
    expect(forged.status).toBe('已篡改')
    expect(forged.reason).toMatch(/签名未通过验证/)
    // A changed byte without fixing the checksum is caught by the manifest.
    const raw = new Map(unzipSafely(buildArchive(b.db(), b.paths.dataDir, m).bytes, 'a', DEFAULT_PACKAGE_LIMITS))
    raw.set('log/change_log.json', new TextEncoder().encode('[]'))
    expect(verifyArchive(zipFiles(Object.fromEntries(raw))).reason).toBe('文件内容已改变：log/change_log.json')
    void path
  })
})
