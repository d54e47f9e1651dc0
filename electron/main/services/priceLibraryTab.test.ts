/**
 * The 价格参考 tab's library work (issue 13) on a real backend and SQLite file: paging, search (as matching reads
 * names), filters and sort over the whole library; edits checked field by field (money in 分), recorded with who
 * and when, undoable; 历史核定 entries keep what the panel approved; copies carried by an open meeting follow the
 * entry; export of a view imports back as it was (CSV and Excel).
 */
import { describe, expect, it } from 'vitest'
import { testBackend } from '../../../tests/helpers/backend'
import { rejection } from '../../../tests/helpers/review'
import { seedSignedMeeting } from '../../../tests/kits/documents/testDb'
import { makeBudgetLines } from '../../../tests/kits/documents/testData'
import { seedBudgetLines } from '../../../tests/kits/prices/seed'
import type { Backend } from '../backend'
import { readSheetFile } from '../packages/sheets'
import { readPriceRows } from '../../../shared/domain/prices/importRows'
import { exportLibraryFile } from './priceLibraryExport'

const csv = (rows: string[]) => Buffer.from(['名称,规格,单位,参考单价（元）,来源,日期', ...rows].join('\n'), 'utf8').toString('base64')

const LIST = [
  '机架式服务器,2路32核 256G内存,台,92000,市场询价,2026-09-01',
  'PC服务器,2路16核,台,61000.5,政府采购协议价,2026-06-01',
  '下一代防火墙,万兆,台,150000,政府采购协议价,2025-11-01',
  '国产中间件,企业版,套,22000,市场询价,2024-03-01',
  '等级保护测评,三级,项,115000,政府采购协议价,2026-02-01',
  '=HYPERLINK("x"),"a,b",台,5,市场询价,2026-01-01'
]

async function library(): Promise<Backend> {
  const b = await testBackend({ seedDemo: false })
  await b.handlers['prices.import']({ fileName: '询价.csv', base64: csv(LIST) })
  return b
}

const names = (v: { rows: { name: string }[] }) => v.rows.map((r) => r.name)

describe('价格参考 library: search, filters, paging', () => {
  it('finds entries the way matching reads names; filters by 来源, date and status; sorts and pages with the count of matches', async () => {
    const b = await library()
    const lib = (q: Parameters<Backend['handlers']['prices.library']>[0]) => b.handlers['prices.library'](q)
    // “PC服务器” and “应用服务器” both read as 服务器, like the matcher reads them.
    expect(names(await lib({ q: '应用服务器' })).sort()).toEqual(['PC服务器', '机架式服务器'])
    expect(names(await lib({ q: 'ＮＧＦＷ' }))).toEqual(['下一代防火墙'])
    // Several words: all must be found (name and specification).
    expect(names(await lib({ q: '服务器 256g' }))).toEqual(['机架式服务器'])
    expect(names(await lib({ q: '协议价 测评' }))).toEqual(['等级保护测评'])
    expect((await lib({ q: '100%_' })).matches).toBe(0)
    expect(names(await lib({ sources: ['政府采购协议价'], from: '2026-01-01' })).sort()).toEqual(['PC服务器', '等级保护测评'])
    const byPrice = await lib({ sort: 'price', order: 'desc', limit: 2 })
    expect(byPrice).toMatchObject({ total: 6, matches: 6, offset: 0 })
    expect(byPrice.rows.map((r) => r.unitPriceFen)).toEqual([15_000_000, 11_500_000])
    const page2 = await lib({ sort: 'price', order: 'desc', limit: 2, offset: 2 })
    expect(page2.rows.map((r) => r.unitPriceFen)).toEqual([9_200_000, 6_100_050])
    expect((await lib({})).rows[0]!.name).toBe('机架式服务器') // newest first
    expect(byPrice.sources).toEqual([{ value: '市场询价', count: 3 }, { value: '政府采购协议价', count: 3 }])
    const fw = (await lib({ q: '防火墙' })).rows[0]!
    await b.handlers['prices.edit']({ id: fw.id, edit: { retired: true } })
    expect((await lib({ q: '防火墙' })).matches).toBe(0)
    expect(names(await lib({ q: '防火墙', status: 'retired' }))).toEqual(['下一代防火墙'])
    expect((await lib({ status: 'all' })).matches).toBe(6)
  })

  it('pages through 100,000 entries quickly, filling the search keys of entries kept before the search existed', async () => {
    const b = await testBackend({ seedDemo: false })
    const s = b.db().sqlite
    const ins = s.prepare("INSERT INTO price_refs (id, kind, name, spec, unit, unit_price_fen, source, ref_date, created_at, updated_at) VALUES (?, 'import', ?, ?, '台', ?, ?, ?, 't', 't')")
    const things = ['机架式服务器', '核心交换机', '下一代防火墙', '磁盘阵列', '国产数据库管理系统', '等级保护测评', '台式计算机', '摄像机']
    s.transaction(() => {
      for (let i = 0; i < 100_000; i++) {
        const d = `20${String(16 + (i % 10)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`
        ins.run(`r${String(i).padStart(6, '0')}`, `${things[i % things.length]}${i % 97}`, `型号 X${i}`, 100_000 + i, i % 3 === 0 ? '政府采购协议价' : '市场询价', d)
      }
    })()
    const cpu = () => process.cpuUsage().user + process.cpuUsage().system
    let t = cpu()
    const first = await b.handlers['prices.library']({ limit: 50 })
    const fillMs = (cpu() - t) / 1000
    expect(first).toMatchObject({ total: 100_000, matches: 100_000 })
    expect(s.prepare('SELECT count(*) AS n FROM price_refs WHERE search_key IS NULL').get()).toEqual({ n: 0 })
    t = cpu()
    const deep = await b.handlers['prices.library']({ limit: 50, offset: 99_950, sort: 'price' })
    const search = await b.handlers['prices.library']({ q: 'PC服务器', sources: ['市场询价'], from: '2020-01-01', limit: 50, offset: 500 })
    const pageMs = (cpu() - t) / 2000
    expect(deep.rows.at(-1)!.unitPriceFen).toBe(199_999)
    let expected = 0
    for (let i = 0; i < 100_000; i++) if (i % 8 === 0 && i % 3 !== 0 && i % 10 >= 4) expected++
    expect(search.matches).toBe(expected)
    expect(search.rows.every((r) => r.name.startsWith('机架式服务器') && r.source === '市场询价' && r.date >= '2020-01-01')).toBe(true)
    console.log(`[prices] 100,000 entries: keys filled in ${fillMs.toFixed(0)} ms CPU; a page ${pageMs.toFixed(0)} ms CPU`)
    // Generous bounds on CPU time (the page is tens of ms on the test machine): catches a sort of the whole library per page.
    expect(pageMs).toBeLessThan(1500)
  }, 120_000)
})

describe('价格参考 library: edits', () => {
  it('checks every field in Chinese at its field, stores 参考单价 in 分, records who and when, and undoes the last edit', async () => {
    const b = await library()
    const row = (await b.handlers['prices.library']({ q: '中间件' })).rows[0]!
    const bad = await rejection(() => b.handlers['prices.edit']({ id: row.id, edit: { name: '  ', unitPriceFen: 0, date: '2026-02-30', source: '' } }))
    expect(bad.issues).toEqual([
      { path: 'edit.name', message: '名称不能为空' },
      { path: 'edit.unitPriceFen', message: '参考单价应大于 0' },
      { path: 'edit.source', message: '来源不能为空（如 政府采购协议价、市场询价）' },
      { path: 'edit.date', message: '日期应为有效的日期，如 2026-03-01' }
    ])
    const floaty = await rejection(() => b.handlers['prices.edit']({ id: row.id, edit: { unitPriceFen: 2_150_000.5 } }))
    expect(floaty.issues?.[0]).toMatchObject({ path: 'edit.unitPriceFen', message: '参考单价应为以分计的整数' })
    // Nothing was changed by the refusals.
    expect((await b.handlers['prices.library']({ q: '中间件' })).rows[0]).toMatchObject({ unitPriceFen: 2_200_000, lastEdit: null })

    const ok = await b.handlers['prices.edit']({ id: row.id, edit: { name: '国产中间件（企业版）', unitPriceFen: 2_150_099, date: '2026-10-01', note: '2026 年询价三家取中', unit: '套' } })
    expect(ok.editId).toBeGreaterThan(0)
    expect(ok.row).toMatchObject({ name: '国产中间件（企业版）', unitPriceFen: 2_150_099, date: '2026-10-01', note: '2026 年询价三家取中' })
    expect(ok.row.lastEdit?.by).toBe('秘书处（本机）')
    const history = await b.handlers['prices.history']({ id: row.id })
    expect(history[0]!.changes).toEqual([
      { field: 'name', before: '国产中间件', after: '国产中间件（企业版）' },
      { field: 'unitPriceFen', before: 2_200_000, after: 2_150_099 },
      { field: 'date', before: '2024-03-01', after: '2026-10-01' },
      { field: 'note', before: '', after: '2026 年询价三家取中' }
    ])
    // Found under its new name; an edit that changes nothing records nothing.
    expect(names(await b.handlers['prices.library']({ q: '企业版 询价' }))).toEqual(['国产中间件（企业版）'])
    expect((await b.handlers['prices.edit']({ id: row.id, edit: { unit: '套' } })).editId).toBeNull()

    const back = await b.handlers['prices.undo']({ editId: ok.editId! })
    expect(back).toMatchObject({ name: '国产中间件', unitPriceFen: 2_200_000, date: '2024-03-01', note: '', lastEdit: null })
    expect((await b.handlers['prices.history']({ id: row.id }))[0]!.undoneAt).not.toBeNull()
    expect((await rejection(() => b.handlers['prices.undo']({ editId: ok.editId! }))).message).toMatch(/已于 .* 撤销/)
    // An edit taken over by a later one cannot be undone underneath it.
    const e1 = await b.handlers['prices.edit']({ id: row.id, edit: { unitPriceFen: 100 } })
    await b.handlers['prices.edit']({ id: row.id, edit: { unitPriceFen: 200 } })
    expect((await rejection(() => b.handlers['prices.undo']({ editId: e1.editId! }))).message).toBe('此后参考单价又被修改过，不能撤销这次修改')
  })

  it('keeps a 历史核定 entry as the panel approved it: only its 备注 and 停用 change; an open meeting’s copy follows edits', async () => {
    const b = await testBackend({ seedDemo: false })
    const lines = makeBudgetLines(6).map((l) => ({ name: l.name, category: l.category, amount: l.submittedAmount }))
    const first = seedSignedMeeting(b.db(), { projects: 1, experts: 3, budgetLines: 6 })
    seedBudgetLines(b.db(), first.projectIds[0]!, '', lines)
    await b.handlers['meeting.close']({ meetingId: first.meetingId, confirm: true })
    const hist = (await b.handlers['prices.library']({ kind: 'meeting' })).rows[0]!
    expect(hist.source).toBe('历史核定')
    const refused = await rejection(() => b.handlers['prices.edit']({ id: hist.id, edit: { unitPriceFen: 1, name: '改名' } }))
    expect(refused.code).toBe('forbidden')
    expect(refused.message).toMatch(/会议核定的历史价格.*名称、参考单价保持核定时的样子，不能修改/)
    expect(refused.issues?.map((i) => i.path)).toEqual(['edit.name', 'edit.unitPriceFen'])
    expect((await b.handlers['prices.library']({ kind: 'meeting', q: hist.name })).rows[0]).toMatchObject({ unitPriceFen: hist.unitPriceFen, name: hist.name })
    expect((await b.handlers['prices.edit']({ id: hist.id, edit: { note: '含三年维保' } })).row.note).toBe('含三年维保')
    // Sending the approved values unchanged is not an edit of them.
    expect((await b.handlers['prices.edit']({ id: hist.id, edit: { name: hist.name, unitPriceFen: hist.unitPriceFen, retired: true } })).row.retired).toBe(true)

    // A second (open) meeting carries an imported entry: its copy follows the entry, 停用 included, through the change log.
    const next = seedSignedMeeting(b.db(), { prefix: 'o-', projects: 1, experts: 3, budgetLines: 6, leaderSigns: false })
    await b.handlers['prices.import']({ fileName: 'a.csv', base64: csv(['存储扩容,100TB,套,300000,市场询价,2026-05-01']) })
    const imp = (await b.handlers['prices.library']({ q: '存储扩容' })).rows[0]!
    await b.handlers['prices.chooseForMeeting']({ meetingId: next.meetingId, refIds: [imp.id] })
    await b.handlers['prices.edit']({ id: imp.id, edit: { unitPriceFen: 28_000_000 } })
    const copy = () => b.db().sqlite.prepare('SELECT unit_price_fen, deleted FROM meeting_price_refs WHERE meeting_id = ?').get(next.meetingId)
    expect(copy()).toEqual({ unit_price_fen: 28_000_000, deleted: 0 })
    const retired = await b.handlers['prices.edit']({ id: imp.id, edit: { retired: true } })
    expect(copy()).toEqual({ unit_price_fen: 28_000_000, deleted: 1 })
    await b.handlers['prices.undo']({ editId: retired.editId! })
    expect(copy()).toEqual({ unit_price_fen: 28_000_000, deleted: 0 })
    const logged = b.db().sqlite.prepare("SELECT DISTINCT author FROM change_log WHERE tbl = 'meeting_price_refs'").all()
    expect(logged).toEqual([{ author: 'secretariat' }])
  })
})

describe('价格参考 library: export of a view', () => {
  it('exports the filtered view with the import template’s columns; CSV and Excel import back as they were', async () => {
    const b = await library()
    const all = await b.handlers['prices.library']({ status: 'all', limit: 200 })
    await b.handlers['prices.edit']({ id: all.rows.find((r) => r.name === 'PC服务器')!.id, edit: { note: '含安装', retired: true } })
    const view = { status: 'all' as const, sources: ['政府采购协议价', '市场询价'] }
    const progress: string[] = []
    const job = { progress: (d: number, t: number) => progress.push(`${d}/${t}`), throwIfCancelled: () => undefined }
    for (const format of ['csv', 'xlsx'] as const) {
      const file = await exportLibraryFile(b.db(), view, format, job)
      expect(file.rows).toBe(6)
      const sheet = (await readSheetFile(file.fileName, file.bytes, 1000)).sheets[0]!.rows
      expect(sheet[0]).toEqual(['名称', '规格', '单位', '参考单价（元）', '来源', '日期', '分类', '项目', '备注', '状态'])
      const { refs, problems } = readPriceRows(sheet, '市场询价')
      expect(problems).toEqual([])
      const fresh = await testBackend({ seedDemo: false })
      await fresh.handlers['prices.import']({ fileName: file.fileName, base64: Buffer.from(file.bytes).toString('base64') })
      const strip = (v: Awaited<ReturnType<Backend['handlers']['prices.library']>>) =>
        v.rows.map((r) => [r.name, r.spec, r.unit, r.unitPriceFen, r.source, r.date, r.group, r.project, r.note, r.retired]).sort()
      expect(strip(await fresh.handlers['prices.library']({ status: 'all', limit: 200 }))).toEqual(strip(await b.handlers['prices.library']({ ...view, limit: 200 })))
      expect(refs.find((r) => r.name === '=HYPERLINK("x")')).toBeDefined()
    }
    expect(progress.at(-1)).toBe('6/6')
    // 取消导出: the job stops at its next check and makes no file.
    const cancelled = { progress: () => undefined, throwIfCancelled: () => { throw new Error('已取消') } }
    await expect(exportLibraryFile(b.db(), view, 'csv', cancelled)).rejects.toThrow('已取消')
    await expect(exportLibraryFile(b.db(), view, 'xlsx', cancelled)).rejects.toThrow('已取消')
  })
})
