import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DERIVED_TABLES } from '../../../shared/sync/tables'
import { testBackend } from '../../../tests/helpers/backend'
import { tempDir } from '../../../tests/helpers/tmp'
import { openBackend } from '../backend'
import { BlobStore } from '../blobs/store'
import { demoDefinition, demoPackagesDir, removeDemo, seedDemo, seedDemoOnFirstRun } from './demo'
import { openStorage } from '../db/storage'
import { localOriginOf, readDevice } from '../db/device'
import { sealPending } from '../sync/signers'
import { readPage } from '../sync/log'
import { deviceKey } from './deviceSecret'

const REPO_PACKAGES = path.resolve(import.meta.dirname, '..', '..', '..', 'resources', 'demo', 'packages')
const PACKAGE_TABLES = ['packages', 'package_documents', 'budget_lines', 'data_list_rows', 'findings'] as const

interface Row {
  [key: string]: unknown
}

function rows(b: { db(): { sqlite: { prepare(sql: string): { all(...p: unknown[]): unknown[] } } } }, sql: string, ...params: unknown[]): Row[] {
  return b.db().sqlite.prepare(sql).all(...params) as Row[]
}

describe('the demo meeting', () => {
  it('is seeded once into a fresh database: 3 projects, 5 experts with a 组长, everyone assigned, marked 示例', async () => {
    const b = await testBackend()
    const meetings = await b.handlers['meetings.list']({})
    expect(meetings).toHaveLength(1)
    expect(meetings[0]).toMatchObject({ isDemo: true, projectCount: 3, expertCount: 5 })
    const m = await b.handlers['meetings.get']({ meetingId: meetings[0]!.id })
    expect(m.projects.map((p) => p.ownerUnit)).toEqual(['三明市行政服务中心管理委员会', '三明市医疗保障局', '三明市生态环境局'])
    expect(m.experts.filter((e) => e.isLeader).map((e) => e.name)).toEqual(['陈建国'])
    const assignments = b.db().sqlite.prepare('SELECT count(*) AS n FROM assignments WHERE deleted = 0').get()
    expect(assignments).toEqual({ n: 15 })
    const info = await b.handlers['app.info']({})
    expect(info.actingExpertId).toBe(m.experts[0]!.id)
  })

  it('takes its projects from the shipped packages: documents, budget lines, data lists and the planted findings', async () => {
    expect(demoPackagesDir()).toBe(REPO_PACKAGES)
    const b = await testBackend()
    const projects = rows(b, 'SELECT * FROM projects WHERE deleted = 0 ORDER BY sort_order')
    const expected = demoDefinition().projects
    expect(projects.map((p) => [p['name'], p['code'], p['owner_unit'], p['author_unit'], p['declared_investment'], p['approved_estimate'], p['sort_order']])).toEqual(
      expected.map((p, i) => [p.name, p.code, p.ownerUnit, p.authorUnit, p.declaredInvestment, p.approvedEstimate, i + 1])
    )
    expect(projects.map((p) => p['declared_investment'])).toEqual([1286.5, 860, 542.3])
    expect(projects[0]!['author_unit']).toBe('福建闽数信息技术有限公司')

    const articles: (number | null)[][] = []
    const codes: string[][] = []
    for (const p of projects) {
      const id = p['id'] as string
      const pkg = rows(b, 'SELECT * FROM packages WHERE project_id = ? AND deleted = 0', id)
      expect(pkg).toHaveLength(1)
      // The declared investment is exactly what the budget adds up to.
      expect(pkg[0]!['computed_total'] as number).toBeCloseTo(p['declared_investment'] as number, 6)
      expect(pkg[0]!['declared_total']).toBe(p['declared_investment'])

      const docs = rows(b, 'SELECT * FROM package_documents WHERE project_id = ? AND deleted = 0', id)
      expect(docs.map((d) => [d['role'], d['format']])).toEqual([['main', 'pdf']])
      expect(docs[0]!['page_count'] as number).toBeGreaterThanOrEqual(6)
      const text = rows(b, 'SELECT text FROM document_pages WHERE document_id = ? ORDER BY page', docs[0]!['id'])
        .map((r) => r['text'] as string)
        .join('\n')
        .replace(/\s+/g, '')
      for (const element of ['建设依据', '建设目标', '使用对象', '业务流程', '建设内容', '功能应用', '安全可靠', '数据资源开发利用', '数据目录', '数据需求清单', '投资概算']) {
        expect(text, `${p['name'] as string}: ${element}`).toContain(element)
      }

      const items = rows(b, "SELECT * FROM budget_lines WHERE project_id = ? AND deleted = 0 AND kind = 'item'", id)
      expect(items.length).toBeGreaterThanOrEqual(25)
      expect(items.length).toBeLessThanOrEqual(60)
      const lists = rows(b, 'SELECT kind, count(*) AS n FROM data_list_rows WHERE project_id = ? AND deleted = 0 GROUP BY kind ORDER BY kind', id)
      expect(lists.map((l) => l['kind'])).toEqual(['dataCatalog', 'dataNeeds'])
      for (const l of lists) expect(l['n'] as number).toBeGreaterThanOrEqual(5)

      const findings = rows(b, 'SELECT article, code FROM findings WHERE project_id = ? AND deleted = 0 ORDER BY sort_order', id)
      articles.push(findings.map((f) => f['article'] as number | null))
      codes.push(findings.map((f) => f['code'] as string))
    }
    // 01: 办公电脑、打印机、多功能一体机 (第三条), one 数量×单价≠金额 slip, and an 电子签章系统 bought although the plan
    // says it reuses the shared 电子印章 platform (重复建设, issue 14).
    expect(codes[0]).toEqual(['art3.office-equipment', 'art3.office-equipment', 'art3.office-equipment', 'art12.duplicate-shared-platform', 'budget.line-product-mismatch'])
    expect(articles[0]).toEqual([3, 3, 3, 12, null])
    // 02: own servers/storage and 机房 (第十二条), no 密码应用方案 and no 密评 (第二十二、十五条), 预备费 over 5%.
    expect(codes[1]).toEqual([
      'art12.self-built-infrastructure',
      'art12.self-built-infrastructure',
      'art22.no-crypto-plan',
      'art15.no-crypto-assessment-cost',
      'fee.contingency-rate'
    ])
    expect(articles[1]).toEqual([12, 12, 22, 15, null])
    // 03: an adjustment of the approved 500 万元 by 8.46% (第十一条, consent); nothing else.
    expect(codes[2]).toEqual(['art11.adjustment-needs-consent'])
    expect(articles[2]).toEqual([11])
    const consent = rows(b, "SELECT message FROM findings WHERE code = 'art11.adjustment-needs-consent'")
    expect(consent[0]!['message']).toContain('8.46%')

    // Every file of every package is in the blob store.
    const blobs = new BlobStore(b.paths.dataDir)
    for (const f of rows(b, 'SELECT sha256 FROM package_files')) expect(blobs.has(f['sha256'] as string)).toBe(true)
  })

  it('keeps 吴海峰’s past unit in conflict with project 1’s 编制单位', async () => {
    const b = await testBackend()
    expect(rows(b, "SELECT past_units FROM experts WHERE name = '吴海峰'")).toEqual([{ past_units: JSON.stringify(['福建闽数信息技术股份有限公司']) }])
    const m = await b.handlers['meetings.get']({ meetingId: (await b.handlers['meetings.list']({}))[0]!.id })
    expect(m.projects[0]!.authorUnit).toBe('福建闽数信息技术有限公司')
  })

  it('falls back to projects without packages, logged, when the packages cannot be read', async () => {
    const b = await testBackend({ seedDemo: false })
    const broken = tempDir('demo-broken')
    fs.copyFileSync(path.join(REPO_PACKAGES, '01-一网通办.pdpkg'), path.join(broken, '01-一网通办.pdpkg'))
    fs.writeFileSync(path.join(broken, '02-智慧医保.pdpkg'), 'not a zip')
    // 03 is missing altogether.
    const logged: string[] = []
    const summary = await seedDemo(b.db(), { blobs: new BlobStore(b.paths.dataDir), packagesDir: broken, log: (m) => logged.push(m) })
    expect(summary).toMatchObject({ isDemo: true, projectCount: 3, expertCount: 5 })
    expect(logged).toHaveLength(2)
    expect(logged[0]).toContain('02-智慧医保.pdpkg')
    expect(logged[1]).toContain('03-生态环境.pdpkg')
    const projects = rows(
      b,
      'SELECT p.name, p.sort_order, p.declared_investment, p.approved_estimate, (SELECT count(*) FROM packages k WHERE k.project_id = p.id) AS pkgs, ' +
        '(SELECT count(*) FROM assignments a WHERE a.project_id = p.id AND a.deleted = 0) AS panel FROM projects p ORDER BY p.sort_order'
    )
    expect(projects.map((p) => [p['sort_order'], p['declared_investment'], p['approved_estimate'], p['pkgs'], p['panel']])).toEqual([
      [1, 1286.5, null, 1, 5],
      [2, 860, null, 0, 5],
      [3, 542.3, 500, 0, 5]
    ])

    const none = await testBackend({ seedDemo: false })
    const quiet: string[] = []
    await seedDemo(none.db(), { packagesDir: null, blobs: new BlobStore(none.paths.dataDir), log: (m) => quiet.push(m) })
    expect(quiet).toHaveLength(3)
    expect(rows(none, 'SELECT count(*) AS n FROM projects')[0]).toEqual({ n: 3 })
    expect(rows(none, 'SELECT count(*) AS n FROM packages')[0]).toEqual({ n: 0 })
  })

  it('is removable with its packages, the removal is logged for sync, and it does not come back at the next start', async () => {
    const dataDir = tempDir('demo-remove')
    const b = await openBackend({ dataDir })
    const counts = Object.fromEntries(PACKAGE_TABLES.map((t) => [t, (rows(b, `SELECT count(*) AS n FROM ${t} WHERE deleted = 0`)[0]!['n'] as number)]))
    for (const t of PACKAGE_TABLES) expect(counts[t], t).toBeGreaterThan(0)
    expect(await b.handlers['demo.remove']({})).toEqual({ removedMeetings: 1 })
    expect(await b.handlers['meetings.list']({})).toEqual([])
    for (const t of PACKAGE_TABLES) expect(rows(b, `SELECT count(*) AS n FROM ${t} WHERE deleted = 0`)[0], t).toEqual({ n: 0 })
    // Only the replicated rows are tombstoned through the log; the derived rows (documents, pages, budget lines, data
    // lists, findings) are removed locally, as every other device removes its own when the tombstones arrive.
    const tombstones = rows(b, "SELECT tbl, count(*) AS n FROM change_log WHERE col = 'deleted' AND value = 'true' GROUP BY tbl")
    expect(Object.fromEntries(tombstones.map((r) => [r['tbl'], r['n']]))).toEqual({ meetings: 1, projects: 3, experts: 5, assignments: 15, packages: counts['packages'] })
    expect(rows(b, `SELECT count(*) AS n FROM change_log WHERE tbl IN (${DERIVED_TABLES.map((t) => `'${t}'`).join(', ')})`)[0]).toEqual({ n: 0 })
    expect(rows(b, 'SELECT count(*) AS n FROM document_pages')[0]).toEqual({ n: 0 })
    expect(rows(b, "SELECT count(*) AS n FROM package_derivations WHERE package_id IS NULL AND status = 'derived'")[0]).toEqual({ n: 3 })
    expect((await b.handlers['app.info']({})).actingExpertId).toBeNull()
    b.close()
    const again = await openBackend({ dataDir })
    expect(await again.handlers['meetings.list']({})).toEqual([])
    // …but the user can load it again on purpose, packages included.
    await again.handlers['demo.seed']({})
    expect(await again.handlers['meetings.list']({})).toHaveLength(1)
    expect(rows(again, 'SELECT count(*) AS n FROM packages WHERE deleted = 0')[0]).toEqual({ n: 3 })
    again.close()
  })
})

describe('the sample meeting stays on this laptop', () => {
  it('is logged under the local origin, so a sync sends none of it and the laptop’s own log is not blocked behind it', async () => {
    const dir = tempDir('demo-local')
    const s = await openStorage(dir, {})
    await seedDemoOnFirstRun(s.db, { log: () => undefined })
    const main = readDevice(s.db).origin
    const local = localOriginOf(s.db)
    expect(local).not.toBeNull()
    const byOrigin = s.db.sqlite.prepare('SELECT origin, COUNT(*) AS n FROM change_log GROUP BY origin').all() as { origin: string; n: number }[]
    expect(byOrigin.map((r) => r.origin)).toEqual([local])
    expect(byOrigin[0]!.n).toBeGreaterThan(100)
    // Nothing of it can be sealed or sent; the device's own origin is untouched.
    expect(sealPending(s.db, deviceKey(dir)).sealed).toBe(0)
    expect(readPage(s.db, {}, Number.MAX_SAFE_INTEGER).changes).toEqual([])
    expect(readDevice(s.db)).toMatchObject({ origin: main, seq: 0 })
    expect(removeDemo(s.db)).toBe(1)
    expect(readDevice(s.db).seq).toBe(0)
    s.db.sqlite.close()
  })
})
