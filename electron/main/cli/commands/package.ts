/**
 * `paneldesk package inspect FILE [--json]`: reads a package (a .pdpkg or a folder) the way an import does and
 * prints the project, the budget summary and the compliance findings; with --json, one JSON object.
 * `paneldesk package build DIR -o FILE.pdpkg`: makes a package from a folder holding manifest.json and its files.
 * `paneldesk package diff OLD NEW [--json]`: what changed from a reviewed package to its 修改稿 (issue 12).
 * Exit codes: 0 read/made/compared, 1 a package is bad (the Chinese message names the file and the problem), 2 usage.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { articleLabel, SEVERITY_LABELS, sortFindings } from '../../../../shared/domain/packages/findingsView'
import { diffPackages, formatPackageDiff } from '../../../../shared/domain/revision'
import { ARTICLE11_NO_ESTIMATE, article11Adjustment, formatArticle11 } from '../../../../shared/domain/revision/adjustment'
import { wanToFen } from '../../../../shared/domain/money'
import { buildPackage, inspectPackage, isPackageError, readPackage, type PackageInspection } from '../../packages'
import { diffInputOf } from '../../packages/packageDiff'
import type { CliCommand } from './types'

const USAGE = [
  'package inspect <申报包.pdpkg 或文件夹> [--json] [--sheet 工作表名]   检查申报包：项目、概算汇总与合规提示（--sheet 指定作为概算明细读取的工作表，可重复）',
  '          package build <文件夹> -o <输出.pdpkg>          用文件夹（含 manifest.json）制作申报包',
  '          package diff <送审稿.pdpkg> <修改稿.pdpkg> [--json]  比较两版申报包：文档、概算、数据清单与合规提示的变化'
].join('\n')

const wan = (x: number | null) => (x === null ? '—' : `${x.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 万元`)

function printInspection(i: PackageInspection): void {
  const p = i.project
  const out: string[] = []
  out.push(`项目名称：${p.name}${p.code ? `（${p.code}）` : ''}`)
  out.push(`建设单位：${p.ownerUnit}`)
  if (p.authorUnit) out.push(`编制单位：${p.authorUnit}`)
  out.push(`送审投资：${wan(p.declaredInvestment)}${p.approvedEstimate !== undefined ? `；原核定概算：${wan(p.approvedEstimate)}` : ''}`)
  out.push('')
  out.push(`概算表：${i.budget.path}（读取工作表：${i.budget.sheet}；原表单位：${i.budget.unit}，${i.budget.lineCount} 行）`)
  if (i.budget.sheets.length > 1) {
    const role = (s: PackageInspection['budget']['sheets'][number]) => (s.read ? '明细，已读取' : s.role === 'summary' ? '汇总，用于核对' : s.role === 'notes' ? '说明，未读取' : '未读取')
    out.push(`  工作表：${i.budget.sheets.map((s) => `${s.name}（${role(s)}${s.hidden ? '，隐藏' : ''}）`).join('；')}`)
  }
  out.push(`  逐项合计：${wan(i.budget.computedTotal)}；表内合计：${wan(i.budget.sheetTotal)}；申报投资：${wan(i.budget.declaredTotal)}`)
  const list = (name: string, l: PackageInspection['dataCatalog']) =>
    l ? `${name}：${l.path}（${l.rowCount} 行${l.missingColumns.length ? `，缺少列：${l.missingColumns.join('、')}` : ''}）` : `${name}：无`
  out.push(list('数据目录', i.dataCatalog))
  out.push(list('数据需求清单', i.dataNeeds))
  for (const d of i.documents) out.push(`文档：${d.path}（${d.role === 'main' ? '主文档' : '附件'}，${d.format.toUpperCase()}${d.pageCount !== null ? `，${d.pageCount} 页` : ''}）`)
  out.push('')
  if (i.findings.length === 0) out.push('合规提示：无')
  else {
    out.push(`合规提示（${i.findings.length} 条）：`)
    for (const f of sortFindings(i.findings)) {
      out.push(`  [${SEVERITY_LABELS[f.severity]}] ${articleLabel(f.article)}  ${f.message}`)
      if (f.suggestedCut) out.push(`      建议审减 ${wan(f.suggestedCut.amount)}（${f.suggestedCut.reason}）`)
    }
  }
  console.log(out.join('\n'))
}

async function inspect(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, sheet: { type: 'string', multiple: true } },
    allowPositionals: true
  })
  const file = positionals[0]
  if (!file || positionals.length > 1) {
    console.error(`用法：paneldesk ${USAGE}`)
    return 2
  }
  return readingPackages(values.json, async () => {
    const inspection = inspectPackage(await readPackage(path.resolve(file), values.sheet?.length ? { budgetSheets: values.sheet } : {}))
    if (values.json) console.log(JSON.stringify(inspection, null, 2))
    else printInspection(inspection)
  })
}

/** Runs `work`; a package that cannot be read is exit 1 with the Chinese message (and a JSON error with --json). */
async function readingPackages(json: boolean | undefined, work: () => Promise<void>): Promise<number> {
  try {
    await work()
    return 0
  } catch (err) {
    if (!isPackageError(err)) throw err
    if (json) console.log(JSON.stringify({ error: err.toJSON() }, null, 2))
    console.error(`无法读取申报包：${err.message}`)
    return 1
  }
}

async function build(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { output: { type: 'string', short: 'o' } }, allowPositionals: true })
  const dir = positionals[0]
  if (!dir || positionals.length > 1 || !values.output) {
    console.error(`用法：paneldesk ${USAGE}`)
    return 2
  }
  const output = path.resolve(values.output)
  if (!output.toLowerCase().endsWith('.pdpkg')) {
    console.error('输出文件应以 .pdpkg 结尾')
    return 2
  }
  const source = path.resolve(dir)
  if (!fs.existsSync(source) || !fs.statSync(source).isDirectory()) {
    console.error(`找不到文件夹“${dir}”`)
    return 2
  }
  try {
    const bytes = await buildPackage(source)
    // Check it as an import would, so that a package that cannot be imported is never written.
    const parsed = await readPackage(new Uint8Array(bytes))
    const tmp = `${output}.${process.pid}.tmp`
    fs.writeFileSync(tmp, bytes)
    fs.renameSync(tmp, output)
    console.log(`已生成 ${output}（${parsed.files.length} 个文件，${(bytes.byteLength / 1024).toFixed(1)} KB，${parsed.findings.length} 条合规提示）`)
    return 0
  } catch (err) {
    if (!isPackageError(err)) throw err
    console.error(`无法制作申报包：${err.message}`)
    return 1
  }
}

async function diff(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true })
  if (positionals.length !== 2) {
    console.error(`用法：paneldesk ${USAGE}`)
    return 2
  }
  return readingPackages(values.json, async () => {
    const older = await readPackage(path.resolve(positionals[0] as string))
    const newer = await readPackage(path.resolve(positionals[1] as string))
    const result = diffPackages(diffInputOf(older), diffInputOf(newer))
    // 第十一条, as the app's comparison shows it: the approved 概算 the 修改稿's manifest names (the command has no 核定).
    const named = newer.manifest.project.approvedEstimate
    const adjustment = named ? article11Adjustment(wanToFen(named), result.new.declaredFen, 'manifest') : null
    const adjustmentNote = adjustment ? '' : ARTICLE11_NO_ESTIMATE
    console.log(values.json ? JSON.stringify({ ...result, adjustment, adjustmentNote }, null, 2) : `${formatPackageDiff(result)}\n\n${formatArticle11(adjustment, adjustmentNote)}`)
  })
}

export const packageCommand: CliCommand = {
  name: 'package',
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args
    if (sub === 'inspect') return inspect(rest)
    if (sub === 'build') return build(rest)
    if (sub === 'diff') return diff(rest)
    console.error(`用法：paneldesk ${USAGE}`)
    return 2
  }
}
