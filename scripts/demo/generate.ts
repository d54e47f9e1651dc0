/**
 * Writes the demo meeting's proposal packages (resources/demo/packages/*.pdpkg), which the first run imports
 * (electron/main/services/demo.ts). Deterministic: running it twice gives the same bytes.
 *
 *   npx tsx scripts/demo/generate.ts
 *
 * Before writing, every package is read back with the app's own reader and checked: the budget's 合计 equals
 * the declared investment in meeting.json, and the planted findings (and only those) are produced.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { zipFiles } from '../../electron/main/packages/buildPackage'
import { readPackage } from '../../electron/main/packages/readPackage'
import { demoPackages } from './projects'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const outDir = path.join(root, 'resources', 'demo', 'packages')
const MAX_SIZE = 200 * 1024

const packages = await demoPackages()
const built: { file: string; bytes: Uint8Array }[] = []
for (const pkg of packages) {
  const bytes = new Uint8Array(zipFiles(new Map(Object.entries(pkg.files))))
  const declared = (pkg.manifest['project'] as { declaredInvestment: number }).declaredInvestment
  const problems: string[] = []
  if (Math.abs(pkg.budgetTotal - declared) > 1e-6) problems.push(`budget total ${pkg.budgetTotal} ≠ declared ${declared}`)
  if (bytes.length >= MAX_SIZE) problems.push(`${bytes.length} bytes, over ${MAX_SIZE}`)

  const parsed = await readPackage(bytes)
  const computed = parsed.budget.parsed.computedTotal
  if (Math.abs(computed - declared) > 0.005) problems.push(`parsed total ${computed} ≠ declared ${declared}`)
  const codes = parsed.findings.map((f) => f.code).sort()
  const expected = [...pkg.expectedCodes].sort()
  if (JSON.stringify(codes) !== JSON.stringify(expected)) problems.push(`findings ${JSON.stringify(codes)}, expected ${JSON.stringify(expected)}`)
  const lines = parsed.budget.parsed.lines.filter((l) => !l.isSubtotal && !l.isTotal && !l.isMemo).length
  if (lines < 25 || lines > 60) problems.push(`${lines} budget lines, expected 25–60`)

  console.log(
    `${pkg.file}: ${(bytes.length / 1024).toFixed(1)} KB, ${parsed.documents[0]?.pageCount ?? 0} pages, ${lines} budget lines, ` +
      `total ${computed.toFixed(2)} 万元 (${parsed.budget.sourceUnit}), catalog ${parsed.dataCatalog?.list.rows.length ?? 0} rows, ` +
      `needs ${parsed.dataNeeds?.list.rows.length ?? 0} rows`
  )
  for (const f of parsed.findings) console.log(`  第${f.article ?? '—'}条 ${f.code}: ${f.message}`)
  if (problems.length > 0) {
    console.error(`${pkg.file}:\n  ${problems.join('\n  ')}`)
    process.exit(1)
  }
  built.push({ file: pkg.file, bytes })
}

await mkdir(outDir, { recursive: true })
for (const name of await readdir(outDir)) if (name.endsWith('.pdpkg')) await rm(path.join(outDir, name))
for (const b of built) await writeFile(path.join(outDir, b.file), b.bytes)
console.log(`demo packages written to ${path.relative(root, outDir)}`)
