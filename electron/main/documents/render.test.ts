/**
 * Renders one document of each kind with LibreOffice (fonts aliased by resources/fonts/fonts.conf), checks
 * page counts and that the text is Chinese, and keeps PDFs and PNGs in test-artifacts/documents/ for CI.
 */
import { describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { buildAll } from './testUtil'

const ROOT = resolve(__dirname, '../../..')
const OUT = join(ROOT, 'test-artifacts/documents')
const FONTS = join(ROOT, 'resources/fonts/fonts.conf')
const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice && command -v pdftoppm && command -v pdfinfo && command -v pdftotext']).status === 0

if (!hasSoffice) console.warn('[render.test] 跳过：未安装 LibreOffice (soffice) 或 poppler-utils，无法渲染 Word 文档')

describe.skipIf(!hasSoffice)('rendering with LibreOffice', () => {
  it('renders the four documents to PDF and PNG with Chinese text', async () => {
    const b = await buildAll({ experts: 5 })
    rmSync(OUT, { recursive: true, force: true })
    mkdirSync(OUT, { recursive: true })
    const docs = { '专家个人评审意见表': b.expert, '专家组评审意见': b.panel, '评分汇总表': b.summary, '概算审核对比表': b.budget }
    const files = Object.entries(docs).map(([name, bytes]) => {
      const p = join(OUT, `${name}.docx`)
      writeFileSync(p, bytes)
      return p
    })
    const profile = `file:///tmp/lo-paneldesk-${process.pid}`
    execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', OUT, ...files], {
      env: { ...process.env, FONTCONFIG_FILE: FONTS },
      stdio: 'pipe',
      timeout: 90_000
    })
    rmSync(`/tmp/lo-paneldesk-${process.pid}`, { recursive: true, force: true })
    const expectations: Record<string, { min: number; max: number; must: string[] }> = {
      '专家个人评审意见表': { min: 3, max: 7, must: ['专家个人评审意见表', '评审结论', '验证信息', '不依赖CA数字证书'] },
      '专家组评审意见': { min: 4, max: 10, must: ['专家组评审意见', '专家签字表', '投资核定', '组长'] },
      '评分汇总表': { min: 1, max: 3, must: ['评分汇总表', '算术平均'] },
      '概算审核对比表': { min: 2, max: 6, must: ['概算审核对比表', '小计', '审减率'] }
    }
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
      execFileSync('pdftoppm', ['-png', '-r', '80', pdf, join(OUT, name)])
    }
    const pngs = readdirSync(OUT).filter((f) => f.endsWith('.png'))
    expect(pngs.length).toBeGreaterThanOrEqual(4)
  }, 120_000)
})
