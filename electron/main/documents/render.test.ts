/**
 * Renders one document of each kind with LibreOffice (fonts aliased by resources/fonts/fonts.conf), checks
 * page counts and that the text is Chinese, and keeps PDFs and PNGs in test-artifacts/documents/ for CI.
 */
import { describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { buildAll, editPart, figuresOf } from '../../../tests/kits/documents/testUtil'

const ROOT = resolve(__dirname, '../../..')
const OUT = join(ROOT, 'test-artifacts/documents')
const FONTS = join(ROOT, 'resources/fonts/fonts.conf')
const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice && command -v pdftoppm && command -v pdfinfo && command -v pdftotext']).status === 0

if (!hasSoffice) console.warn('[render.test] 跳过：未安装 LibreOffice (soffice) 或 poppler-utils，无法渲染 Word 文档')

type Built = Awaited<ReturnType<typeof buildAll>>
interface Rendered {
  /** Five experts: the four documents, as test-artifacts/documents/<name>.docx and .pdf. */
  five: Built
  /** Five experts with 核增 and 价格依据: extras/概算审核对比表-核增.pdf. */
  extras: Built
  /** Nine experts without and with 核增/价格依据: nine/概算审核对比表-9位专家-审减.pdf and -核增.pdf. */
  nine: Built[]
  nineFiles: string[]
  /** Five and nine experts with groups and four- and five-digit amounts: groups/<kind>-<n>位专家-分组.pdf. */
  groups: { bytes: Uint8Array; file: string }[]
  /** 66 lines in fifteen groups, with and without keep-with-next: keep/<name>.pdf. */
  keep: [string, Uint8Array][]
}
let rendered: Promise<Rendered> | undefined

/**
 * Converts the .docx files to PDF in one LibreOffice run, with a profile of its own; each PDF is written beside its
 * .docx. The files are converted under numbered names in a staging folder (LibreOffice writes every PDF into one
 * folder, by the file's own name, and two tests keep documents of the same name in different folders).
 */
function toPdf(files: string[], tag: string, timeout: number): void {
  const profile = `/tmp/lo-paneldesk-${tag}-${process.pid}`
  const staging = join(OUT, `.staging-${tag}`)
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  try {
    const staged = files.map((f, i) => {
      const copy = join(staging, `${i}.docx`)
      copyFileSync(f, copy)
      return copy
    })
    execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', staging, ...staged], {
      env: { ...process.env, FONTCONFIG_FILE: FONTS },
      stdio: 'pipe',
      timeout
    })
    for (const [i, f] of files.entries()) renameSync(join(staging, `${i}.pdf`), f.replace(/\.docx$/, '.pdf'))
  } finally {
    rmSync(profile, { recursive: true, force: true })
    rmSync(staging, { recursive: true, force: true })
  }
}

/**
 * Pages of a PDF whose table ends with a group's head (its label or 小计 row, `heads` the labels) and no line under
 * it: the last head on the page has no amount after it.
 */
function pagesEndingWithHead(pdf: string, heads: readonly string[]): number[] {
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())?.[1])
  const out: number[] = []
  for (let p = 1; p <= pages; p++) {
    const lines = execFileSync('pdftotext', ['-layout', '-f', String(p), '-l', String(p), pdf, '-'])
      .toString()
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !/^—\s*\d+\s*—$/.test(l))
    const last = lines.findLastIndex((l) => l.startsWith('小计') || heads.some((h) => l.startsWith(h)))
    if (last >= 0 && !lines.slice(last + 1).some((l) => /\d\.\d\d/.test(l))) out.push(p)
  }
  return out
}

/** Fifteen groups of two to six lines under 一、工程费用 (so some group starts near the foot of a page), then 二、. */
const KEEP_SIZES = [3, 5, 2, 4, 6, 3, 2, 5, 4, 3, 6, 2, 4, 5, 3]
const NUMERALS = '一二三四五六七八九十'
const keepLabel = (g: number): string => `（${g < 10 ? NUMERALS[g] : `十${NUMERALS[g - 10]}`}）第${g + 1}部分`
function keepGroupOf(i: number): string[] {
  let end = 0
  for (const [g, n] of KEEP_SIZES.entries()) if (i < (end += n)) return ['一、工程费用', keepLabel(g)]
  return ['二、工程建设其他费用']
}

/**
 * Every document the tests look at, converted to PDF in one LibreOffice run (one profile, one start-up: the
 * start-up is most of a conversion's cost), on the first test that needs them; each PDF is then moved to the
 * folder its test keeps it in.
 */
function renderAll(): Promise<Rendered> {
  rendered ??= (async () => {
    const [five, extras, nine0, nine1, groups5, groups9, keepBuilt] = await Promise.all([
      buildAll({ experts: 5 }),
      buildAll({ experts: 5, budgetExtras: true }),
      ...[false, true].map((budgetExtras) => buildAll({ experts: 9, budgetExtras })),
      ...[5, 9].map((experts) => buildAll({ experts, groups: true, budgetExtras: experts === 9, amountScale: 10 })),
      buildAll({ experts: 5, budgetLines: 66, groupOf: keepGroupOf })
    ])
    const nine = [nine0!, nine1!]
    rmSync(OUT, { recursive: true, force: true })
    for (const d of [OUT, join(OUT, 'extras'), join(OUT, 'nine'), join(OUT, 'groups'), join(OUT, 'keep')]) mkdirSync(d, { recursive: true })
    const groups = [groups5!, groups9!].flatMap((b, i) =>
      (['expert', 'panel', 'budget'] as const).map((kind) => ({ bytes: b[kind], file: join(OUT, 'groups', `${kind}-${i ? 9 : 5}位专家-分组.docx`) }))
    )
    // The same documents without keep-with-next show that the fixture does put a group head at a page's foot.
    const unkept = (bytes: Uint8Array): Uint8Array => editPart(bytes, 'word/document.xml', (x) => x.replaceAll('<w:keepNext/>', ''))
    const keep: [string, Uint8Array][] = [
      ['概算审核对比表', keepBuilt!.budget],
      ['专家组评审意见', keepBuilt!.panel],
      ['概算审核对比表-不保持', unkept(keepBuilt!.budget)],
      ['专家组评审意见-不保持', unkept(keepBuilt!.panel)]
    ]
    const docs: [string, Uint8Array][] = [
      [join(OUT, '专家个人评审意见表.docx'), five!.expert],
      [join(OUT, '专家组评审意见.docx'), five!.panel],
      [join(OUT, '评分汇总表.docx'), five!.summary],
      [join(OUT, '概算审核对比表.docx'), five!.budget],
      [join(OUT, 'extras', '概算审核对比表-核增.docx'), extras!.budget],
      ...nine.map((b, i): [string, Uint8Array] => [join(OUT, 'nine', `概算审核对比表-9位专家-${i ? '核增' : '审减'}.docx`), b.budget]),
      ...groups.map((g): [string, Uint8Array] => [g.file, g.bytes]),
      ...keep.map(([name, bytes]): [string, Uint8Array] => [join(OUT, 'keep', `${name}.docx`), bytes])
    ]
    for (const [file, bytes] of docs) writeFileSync(file, bytes)
    // Every document of every test in one run: a LibreOffice start with a fresh profile costs about 6 s of CPU, a
    // document about 1 s (three runs took 11 s more CPU than one).
    toPdf(docs.map(([f]) => f), 'all', 400_000)
    return { five: five!, extras: extras!, nine, nineFiles: docs.slice(5, 7).map(([f]) => f), groups, keep }
  })()
  return rendered
}

describe.skipIf(!hasSoffice)('rendering with LibreOffice', () => {
  it('renders the four documents to PDF and PNG with Chinese text', async () => {
    const b = (await renderAll()).five
    const expectations: Record<string, { min: number; max: number; must: string[] }> = {
      '专家个人评审意见表': { min: 3, max: 7, must: ['专家个人评审意见表', '评审结论', '验证信息', '不依赖CA数字证书'] },
      '专家组评审意见': { min: 4, max: 10, must: ['专家组评审意见', '专家签字表', '投资核定', '组长'] },
      '评分汇总表': { min: 1, max: 3, must: ['评分汇总表', '算术平均'] },
      '概算审核对比表': { min: 2, max: 6, must: ['概算审核对比表', '小计', '审减率'] }
    }
    const pageTexts = new Map<string, string[]>()
    const plainTexts = new Map<string, string>()
    for (const [name, exp] of Object.entries(expectations)) {
      const pdf = join(OUT, `${name}.pdf`)
      expect(existsSync(pdf), `${name}.pdf`).toBe(true)
      const info = execFileSync('pdfinfo', [pdf]).toString()
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1])
      expect(pages, `${name} pages`).toBeGreaterThanOrEqual(exp.min)
      expect(pages, `${name} pages`).toBeLessThanOrEqual(exp.max)
      const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString()
      const han = (text.match(/[\u4e00-\u9fff]/g) ?? []).length
      expect(han, `${name} Chinese characters`).toBeGreaterThan(100)
      expect(/—\s*1\s*—/.test(text), `${name} page number`).toBe(true)
      for (const m of exp.must) expect(text.replace(/\s+/g, ''), `${name} contains ${m}`).toContain(m)
      execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(OUT, name)])
      // No number is broken across lines ("1,1" / "76.40", "7." / "00"), and no unit starts a line.
      const plain = execFileSync('pdftotext', [pdf, '-']).toString()
      expect(plain, `${name}: a number split across lines`).not.toMatch(/\d[,.]\n\s*\d/)
      expect(plain, `${name}: a unit separated from its number`).not.toMatch(/\d\n\s*万元/)
      pageTexts.set(name, plain.split('\f').map((p) => p.replace(/\s+/g, '')))
      plainTexts.set(name, plain)
    }
    // 专家组评审意见: the 组长's signature and date share their page with the conclusion above them.
    const panel = pageTexts.get('专家组评审意见')!
    const signPage = panel.find((p) => p.includes('专家组组长（签名）'))!
    expect(signPage).toContain('专家组评审结论')
    expect(signPage).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/)
    const own = pageTexts.get('专家个人评审意见表')!.find((p) => p.includes('评审专家（签名）'))!
    expect(own).toContain('评审结论')
    expect(panel.join('')).toContain('三明市发展和改革委员会在')
    expect(panel.join('')).not.toContain('市发改委（数据管理局）')
    expect(panel.join('')).toContain('各专家核定投资分别为')
    // 验证信息 is kept whole: its heading is on the page of its last row.
    for (const [name, pages] of pageTexts) {
      const last = pages.findLast((p) => p.includes('不依赖CA数字证书'))!
      expect(last, `${name}: 验证信息 heading with its last row`).toContain('验证信息')
    }
    // Every amount of the panel documents stands whole on one line (in narrow table cells too).
    const amounts = (await figuresOf(b.budget)).filter((f) => /^(budget|expert\.[^.]+\.approvedTotal|category)/.test(f.key))
    expect(amounts.length).toBeGreaterThan(5)
    for (const f of amounts) expect(plainTexts.get('概算审核对比表'), `${f.what} ${f.value}`).toContain(f.value)
    for (const f of amounts.filter((x) => x.key.endsWith('approvedTotal'))) expect(plainTexts.get('专家组评审意见'), `${f.what}`).toContain(`${f.value} 万元`)
    // The 评分汇总表 and the 概算审核对比表 carry 专家签字 lines.
    for (const name of ['评分汇总表', '概算审核对比表']) expect(pageTexts.get(name)!.join(''), name).toMatch(/专家签字序号/)
    const pngs = readdirSync(OUT).filter((f) => f.endsWith('.png'))
    expect(pngs.length).toBeGreaterThanOrEqual(4)
  }, 480_000)

  it('renders the 概算审核对比表 with 核增 and 价格依据 columns: every amount and the citation whole on one line', async () => {
    const b = (await renderAll()).extras
    const dir = join(OUT, 'extras')
    const file = join(dir, '概算审核对比表-核增.docx')
    const pdf = file.replace(/\.docx$/, '.pdf')
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(dir, '概算审核对比表-核增')])
    const plain = execFileSync('pdftotext', [pdf, '-']).toString()
    expect(plain.replace(/\s+/g, '')).toContain('价格依据（来源、日期）')
    const figures = (await figuresOf(b.budget)).filter((f) => /^(budget|expert\.[^.]+\.approvedTotal|category)|\.(increase|cite)$/.test(f.key))
    expect(figures.some((f) => f.key.endsWith('.cite') && f.value === '政府采购协议价，2026-03-01')).toBe(true)
    expect(figures.some((f) => f.key === 'budget.increase' && f.value === '11.35')).toBe(true)
    for (const f of figures.filter((x) => !x.key.endsWith('.cite'))) expect(plain, `${f.what} ${f.value}`).toContain(f.value)
  }, 480_000)

  it('renders the 概算审核对比表 of nine experts (with and without 核增/价格依据) with no amount broken across lines', async () => {
    const { nine: built, nineFiles: files } = await renderAll()
    for (const [i, file] of files.entries()) {
      const pdf = file.replace(/\.docx$/, '.pdf')
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, pdf.replace(/\.pdf$/, '')])
      const plain = execFileSync('pdftotext', [pdf, '-']).toString()
      const amounts = (await figuresOf(built[i]!.budget)).filter((f) => /\.(submitted|approved|cut|increase|approvedTotal)$|\.expert\./.test(f.key) && /^[\d,.]+$/.test(f.value))
      expect(amounts.length).toBeGreaterThan(100)
      for (const f of amounts) expect(plain, `${f.what} ${f.value}`).toContain(f.value)
    }
  }, 480_000)

  it('renders the three budget tables with groups and four- and five-digit amounts: no amount or group label split', async () => {
    const docs = (await renderAll()).groups
    for (const d of docs) {
      const pdf = d.file.replace(/\.docx$/, '.pdf')
      execFileSync('pdftoppm', ['-png', '-r', '60', pdf, pdf.replace(/\.pdf$/, '')])
      const plain = execFileSync('pdftotext', [pdf, '-']).toString()
      const lines = plain.split('\n').map((l) => l.trim())
      const figures = await figuresOf(d.bytes)
      const amounts = figures.filter((f) => /\.(submitted|approved|cut|increase|approvedTotal)$|\.expert\./.test(f.key) && /^[\d,.]+$/.test(f.value))
      // Four- and five-digit amounts are there to be split if they could be.
      expect(amounts.some((f) => /^\d{1,2},\d{3}\.\d\d$/.test(f.value)), d.file).toBe(true)
      for (const f of amounts) expect(plain, `${d.file}: ${f.what} ${f.value}`).toContain(f.value)
      expect(plain, `${d.file}: a number split across lines`).not.toMatch(/\d[,.]\n\s*\d/)
      // Every group label stands whole on one line (with its （小计） where the table prints it so).
      for (const f of figures.filter((x) => /^group\.\d+\.label$/.test(x.key))) {
        expect(lines.some((l) => l.includes(f.value)), `${d.file}: ${f.value}`).toBe(true)
      }
    }
  }, 480_000)

  it('keeps a group’s label and 小计 rows with the line under them: no group head stands alone at the foot of a page', async () => {
    const dir = join(OUT, 'keep')
    const docs = (await renderAll()).keep
    const heads = ['一、工程费用', '二、工程建设其他费用', ...KEEP_SIZES.map((_, g) => keepLabel(g))]
    const orphans = Object.fromEntries(docs.map(([name]) => [name, pagesEndingWithHead(join(dir, `${name}.pdf`), heads)]))
    for (const [name] of docs) execFileSync('pdftoppm', ['-png', '-r', '50', join(dir, `${name}.pdf`), join(dir, name)])
    expect(orphans['概算审核对比表-不保持']!.length + orphans['专家组评审意见-不保持']!.length, JSON.stringify(orphans)).toBeGreaterThan(0)
    expect(orphans['概算审核对比表'], '概算审核对比表').toEqual([])
    expect(orphans['专家组评审意见'], '专家组评审意见').toEqual([])
    // Two-digit 序号 stand whole in their column (the 序号 column is as wide as the widest number needs).
    for (const name of ['概算审核对比表', '专家组评审意见']) {
      const cells = new Set(execFileSync('pdftotext', [join(dir, `${name}.pdf`), '-']).toString().split('\n').map((l) => l.trim()))
      for (let n = 10; n <= 66; n++) expect(cells.has(String(n)), `${name}: 序号 ${n}`).toBe(true)
    }
  }, 480_000)
})
