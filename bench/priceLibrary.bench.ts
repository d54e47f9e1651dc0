/**
 * Bench (issue 13), reported not asserted: the secretariat's 价格参考 tab over a 100,000-entry library on a real
 * SQLite file — filling the search keys of entries written before they existed, and one page (the answer of
 * `prices.library`: a page, the count of matches, the 来源/分类 lists) for the first page, the deepest page sorted by
 * price, and a search with filters. CPU time, median of five (the machine is shared: wall time says little).
 * Run: npm run bench -- priceLibrary
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { BenchRow } from './run'
import { closeDb, openDb } from '../electron/main/db/connection'
import { migrate } from '../electron/main/db/migrator'
import { fillSearchKeys, libraryPage, type LibraryPageQuery } from '../electron/main/services/priceLibraryQuery'
import { labelledLibrary } from '../tests/kits/prices/labelled'

const cpuMs = (f: () => void): number => {
  const c = process.cpuUsage()
  f()
  const d = process.cpuUsage(c)
  return (d.user + d.system) / 1000
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

export async function run(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paneldesk-bench-prices-'))
  const db = openDb(path.join(dir, 'db.sqlite'))
  try {
    await migrate(db)
    const refs = labelledLibrary(100_000 - 200).slice(0, 100_000)
    const ins = db.sqlite.prepare("INSERT INTO price_refs (id, kind, name, spec, unit, unit_price_fen, source, ref_date, created_at, updated_at) VALUES (?, 'import', ?, ?, ?, ?, ?, ?, 't', 't')")
    db.sqlite.transaction(() => {
      refs.forEach((r, i) => ins.run(`r${i}`, r.name, r.spec, r.unit, r.unitPriceFen, i % 3 === 0 ? '政府采购协议价' : '市场询价', r.date))
    })()
    const fill = cpuMs(() => fillSearchKeys(db))
    const page = (q: LibraryPageQuery) => median(Array.from({ length: 5 }, () => cpuMs(() => libraryPage(db, q))))
    const search = { q: 'PC服务器', sources: ['市场询价'], from: '2024-01-01', limit: 50 }
    const found = libraryPage(db, search).matches
    return [
      { name: 'library: fill search keys of 100,000 entries', value: fill, unit: 'ms CPU', note: 'once, for entries written before migration 0036' },
      { name: 'library: first page of 100,000', value: page({ limit: 50 }), unit: 'ms CPU', target: '< 300 ms', note: 'page + count + 来源/分类 lists' },
      { name: 'library: last page sorted by price', value: page({ limit: 50, sort: 'price', offset: 99_950 }), unit: 'ms CPU', target: '< 300 ms' },
      { name: 'library: search “PC服务器” + 来源 + date', value: page(search), unit: 'ms CPU', target: '< 300 ms', note: `${found} matches` }
    ]
  } finally {
    closeDb(db)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
