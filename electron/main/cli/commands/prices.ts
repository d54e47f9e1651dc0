/**
 * `paneldesk prices import FILE [--source 来源] [--data 目录]`: adds an Excel/CSV price list to this laptop's
 * reference library (all rows or none; each problem named with its row).
 * `paneldesk prices match PACKAGE.pdpkg [--json] [--data 目录]`: matches every line of a package's budget against
 * the library and prints the reference range, the ratio and the 价格参考 findings.
 * `paneldesk prices export -o FILE.csv [--data 目录]`: the library as CSV.
 * Exit codes: 0 done, 1 refused (the Chinese message says why), 2 usage.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ApiError } from '../../../../shared/api/errors'
import type { BudgetLine } from '../../../../shared/domain/budget/types'
import { priceFindings, type PricedLine } from '../../../../shared/domain/prices/findings'
import { acceptedMatches, buildPriceIndex, matchLine, type PriceIndex } from '../../../../shared/domain/prices/match'
import { wanToFen } from '../../../../shared/domain/money'
import { DEFAULT_PRICE_SETTINGS, fenText, priceRange } from '../../../../shared/domain/prices/range'
import { defaultDataDir } from '../../dataDir'
import { closeDb } from '../../db/connection'
import { openStorage } from '../../db/storage'
import { isPackageError, readPackage } from '../../packages'
import { harvestClosedMeetings, importPriceList, libraryRefs } from '../../services/priceLibrary'
import { exportLibraryCsv } from '../../services/priceLibraryExport'
import { readInputFile } from '../readInput'
import type { CliCommand } from './types'

const USAGE = [
  'prices import <价格清单.xlsx/.csv> [--source 来源] [--data 数据目录]   导入参考价格清单',
  '          prices match <申报包.pdpkg> [--json] [--data 数据目录]            逐行匹配参考价，列出单价偏高等价格参考提示',
  '          prices export -o <输出.csv> [--data 数据目录]                     导出参考价格库'
].join('\n')

const OPTIONS = {
  json: { type: 'boolean', default: false },
  source: { type: 'string' },
  data: { type: 'string' },
  output: { type: 'string', short: 'o' }
} as const

async function withDb<T>(dataDir: string | undefined, fn: (db: Awaited<ReturnType<typeof openStorage>>['db']) => Promise<T> | T): Promise<T> {
  const { db } = await openStorage(path.resolve(dataDir ?? defaultDataDir()))
  try {
    return await fn(db)
  } finally {
    closeDb(db)
  }
}

export interface LineReport {
  row: number
  name: string
  unit: string | null
  quantity: number | null
  unitPriceFen: number | null
  range: ReturnType<typeof priceRange>
  ratio: number | null
  matches: { name: string; spec: string; unit: string; unitPriceFen: number; source: string; date: string; score: number; reasons: string[] }[]
}

/** The leaf items of a parsed budget, each matched (shared with the tests). */
export function matchBudget(index: PriceIndex, lines: readonly BudgetLine[], asOf: string): { lines: LineReport[]; priced: PricedLine[] } {
  const leaves = lines.filter((l) => !l.hasChildren && !l.isSubtotal && !l.isTotal && !l.isMemo && l.amount !== null)
  const reports: LineReport[] = []
  const priced: PricedLine[] = []
  for (const l of leaves) {
    const found = matchLine(index, { name: l.name, spec: l.spec, unit: l.unit, group: l.category }, 5)
    const counted = acceptedMatches(found)
    const range = priceRange(counted.map((m) => m.ref), asOf)
    const unitWan = l.unitPrice ?? (l.amount !== null && l.quantity ? l.amount / l.quantity : null)
    const unitPriceFen = unitWan === null ? null : wanToFen(unitWan)
    reports.push({
      row: l.sourceRow, name: l.name, unit: l.unit, quantity: l.quantity, unitPriceFen, range,
      ratio: range && unitPriceFen !== null && range.medianFen > 0 ? Math.round((unitPriceFen / range.medianFen) * 100) / 100 : null,
      matches: found.map((m) => ({ name: m.ref.name, spec: m.ref.spec, unit: m.ref.unit, unitPriceFen: m.ref.unitPriceFen, source: m.ref.source, date: m.ref.date, score: m.score, reasons: m.reasons }))
    })
    priced.push({ lineId: l.id, name: l.name, spec: l.spec, unit: l.unit, quantity: l.quantity, unitPrice: unitWan, amount: l.amount, category: l.category, matches: counted })
  }
  return { lines: reports, priced }
}

async function match(file: string, json: boolean, dataDir: string | undefined): Promise<number> {
  let parsed
  try {
    parsed = await readPackage(path.resolve(file))
  } catch (err) {
    if (!isPackageError(err)) throw err
    console.error(`无法读取申报包：${err.message}`)
    return 1
  }
  const refs = await withDb(dataDir, (db) => {
    harvestClosedMeetings(db)
    return libraryRefs(db)
  })
  const asOf = new Date().toISOString().slice(0, 10)
  const { lines, priced } = matchBudget(buildPriceIndex(refs), parsed.budget.parsed.lines, asOf)
  const findings = priceFindings(priced, asOf, DEFAULT_PRICE_SETTINGS)
  if (json) {
    console.log(JSON.stringify({ project: parsed.manifest.project.name, references: refs.length, lines, findings }, null, 2))
    return 0
  }
  const out = [`项目：${parsed.manifest.project.name}；参考价格库：${refs.length} 条；概算明细 ${lines.length} 行`, '']
  for (const l of lines) {
    const price = l.unitPriceFen === null ? '无单价' : fenText(l.unitPriceFen)
    const range = l.range
      ? `参考 ${l.range.count} 条，中位数 ${fenText(l.range.medianFen)}（${fenText(l.range.minFen)}～${fenText(l.range.maxFen)}，最新 ${l.range.newestDate}${l.range.old ? '，已过时' : ''}）${l.ratio !== null ? `，为中位数的 ${Math.round(l.ratio * 100)}%` : ''}`
      : '无匹配参考价'
    out.push(`第 ${l.row} 行 ${l.name}：${price}；${range}`)
  }
  out.push('', findings.length ? `价格参考提示（${findings.length} 条）：` : '价格参考提示：无', ...findings.map((f) => `  ${f.message}`))
  console.log(out.join('\n'))
  return 0
}

export const pricesCommand: CliCommand = {
  name: 'prices',
  usage: USAGE,
  async run(args) {
    let parsed
    try {
      parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true })
    } catch (e) {
      console.error(`${(e as Error).message}\n用法：paneldesk ${USAGE}`)
      return 2
    }
    const { values, positionals } = parsed
    const [sub, file, ...extra] = positionals
    try {
      if (sub === 'import' && file && extra.length === 0) {
        const bytes = readInputFile(file, 20 * 1024 * 1024, '价格清单')
        const r = await withDb(values.data, (db) => importPriceList(db, path.basename(file), bytes, values.source ?? '市场询价'))
        console.log(`已导入 ${r.added} 条参考价（${r.fileName}）`)
        return 0
      }
      if (sub === 'match' && file && extra.length === 0) return await match(file, values.json, values.data)
      if (sub === 'export' && !file && values.output) {
        const csv = await withDb(values.data, (db) => exportLibraryCsv(db))
        fs.writeFileSync(path.resolve(values.output), csv)
        console.log(`已导出到 ${path.resolve(values.output)}`)
        return 0
      }
    } catch (e) {
      if (e instanceof ApiError || (e instanceof Error && /[\u4e00-\u9fff]/.test(e.message))) {
        console.error(e.message)
        return 1
      }
      throw e
    }
    console.error(`用法：paneldesk ${USAGE}`)
    return 2
  }
}

