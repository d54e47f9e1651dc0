/**
 * `npm run bench`: runs every bench/*.bench.ts module that exports `run()` and prints one table. Results are
 * reported, not asserted. A module without `run()` is a standalone script (npx tsx bench/<name>.bench.ts).
 * Run one: npm run bench -- sync
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export interface BenchRow {
  name: string
  value: number
  unit: string
  /** e.g. '≥ 80,000/s' or '< 3 s' */
  target?: string
  note?: string
  /** The same measure done the old or naive way in the same run (printed next to the result). */
  baseline?: number
}

const dir = path.dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2)
}

async function main(): Promise<void> {
  const rows: (BenchRow & { module: string })[] = []
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()) {
    const name = file.replace(/\.bench\.ts$/, '')
    if (only.length && !only.includes(name)) continue
    const text = fs.readFileSync(path.join(dir, file), 'utf8')
    if (!/export (async )?function run\(/.test(text)) {
      console.log(`- ${name}: standalone script, run it with: npx tsx bench/${file}`)
      continue
    }
    console.log(`- ${name} …`)
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run: () => Promise<BenchRow[]> | BenchRow[] }
    for (const r of await mod.run()) rows.push({ ...r, module: name })
  }
  const table = rows.map((r) => ({
    bench: r.module,
    measure: r.name,
    result: `${fmt(r.value)} ${r.unit}`,
    target: r.target ?? '',
    note: [r.baseline !== undefined ? `baseline ${fmt(r.baseline)} ${r.unit}` : '', r.note ?? ''].filter(Boolean).join('; ')
  }))
  const cols = ['bench', 'measure', 'result', 'target', 'note'] as const
  const width = (c: (typeof cols)[number]) => Math.max(c.length, ...table.map((t) => [...t[c]].length))
  const line = (t: Record<(typeof cols)[number], string>) => cols.map((c) => t[c] + ' '.repeat(width(c) - [...t[c]].length)).join('  ')
  console.log('\n' + line({ bench: 'bench', measure: 'measure', result: 'result', target: 'target', note: 'note' }))
  for (const t of table) console.log(line(t))
}

await main()
