/** Issue 14 item 2: the documents group budget lines by the submitted structure signed with the sheets. */
import { beforeAll, describe, expect, it } from 'vitest'
import { buildAll, editPart, figuresOf, part } from '../../../tests/kits/documents/testUtil'
import type { Built } from '../../../tests/kits/documents/testUtil'
import { bodyText, readDocxView } from './docxRead'
import { verifyDocx } from './verify'
import { sheetOf } from './derive'
import { groupedRows } from './budgetGroups'

let g: Built
let plain: Built
beforeAll(async () => {
  g = await buildAll({ experts: 3, groups: true, budgetExtras: true })
  plain = await buildAll({ experts: 3 })
})

/** The text a figure shows in a document (its first bookmark). */
async function shownOf(bytes: Uint8Array): Promise<(key: string) => string> {
  const view = readDocxView(bytes)
  const figures = await figuresOf(bytes)
  return (key) => {
    const f = figures.find((x) => x.key === key)
    if (!f) throw new Error(`no figure ${key}`)
    return view.bookmarks.get(f.anchors[0]!)!
  }
}
const num = (s: string): number => Number(s.replace(/,/g, ''))

describe('documents in the submitted structure', () => {
  it('signs each line with its group path; the panel opinion carries it', () => {
    const sheet = sheetOf(g.fixture.sources[0]!)
    expect(sheet.budgetReview[0]!.group).toEqual(['一、工程费用', '（一）硬件设备购置'])
    expect(sheet.budgetReview.find((l) => l.added)?.group).toBeUndefined()
    expect(g.fixture.panelInput.opinion.budget.lines[11]!.group).toEqual(['二、工程建设其他费用'])
  })

  it('groups nest in budget order, each before its lines; added lines stay outside any group', () => {
    const rows = groupedRows(g.fixture.panelInput.opinion)
    const labels = rows.map((r) => (r.kind === 'group' ? `${r.depth}:${r.label}` : r.line.lineId))
    expect(labels.slice(0, 2)).toEqual(['0:一、工程费用', '1:（一）硬件设备购置'])
    expect(labels).toContain('1:（二）软件开发')
    expect(labels.at(-1)).toBe('add-risk')
  })

  it('概算审核对比表: group rows with 小计 adding up, 审减 and 核增 apart; no category rows', async () => {
    // Each label has a row of its own across the table (one paragraph), its 小计 the row under it.
    const paragraphs = bodyText(readDocxView(g.budget)).split('\n')
    for (const label of ['一、工程费用', '（一）硬件设备购置', '（二）软件开发', '二、工程建设其他费用']) {
      const at = paragraphs.findIndex((p) => p.trim() === label)
      expect(at, label).toBeGreaterThan(0)
      expect(paragraphs[at + 1]!.trim(), label).toBe('小计')
    }
    const shown = await shownOf(g.budget)
    const figures = await figuresOf(g.budget)
    expect(figures.some((f) => f.key.startsWith('category.'))).toBe(false)
    const top = groupedRows(g.fixture.panelInput.opinion).filter((r) => r.kind === 'group' && r.depth === 0)
    const o = g.fixture.panelInput.opinion
    const outside = o.budget.lines.filter((l) => !l.group)
    const sum = (field: 'submitted' | 'approved' | 'cut'): number => top.reduce((s, r) => s + num(shown(`group.${(r as { index: number }).index}.${field}`)), 0)
    expect(sum('submitted') + outside.reduce((s, l) => s + l.submittedAmount, 0)).toBeCloseTo(num(shown('budget.submitted')), 2)
    expect(sum('approved') + outside.reduce((s, l) => s + l.approvedAmount, 0)).toBeCloseTo(num(shown('budget.approved')), 2)
    expect(sum('cut')).toBeCloseTo(num(shown('budget.cut')), 2)
    // 一、工程费用 holds (一) and (二): its subtotal is theirs, and its 核增 is not netted against its 审减.
    expect(num(shown('group.1.submitted'))).toBeCloseTo(num(shown('group.2.submitted')) + num(shown('group.3.submitted')), 2)
    const increases = figures.filter((f) => /^group\.\d+\.increase$/.test(f.key)).map((f) => num(shown(f.key)))
    expect(increases.some((v) => v > 0)).toBe(true)
  })

  it('专家组评审意见 五、投资核定: group rows with their 小计 above their lines', async () => {
    const text = bodyText(readDocxView(g.panel))
    expect(text).toContain('一、工程费用（小计）')
    expect(text.indexOf('（一）硬件设备购置（小计）')).toBeLessThan(text.indexOf('（二）软件开发（小计）'))
    const shown = await shownOf(g.panel)
    expect(num(shown('group.1.submitted'))).toBeGreaterThan(0)
  })

  it('documents with groups verify as 有效; documents from sheets without groups keep the category rows', async () => {
    for (const k of ['panel', 'budget'] as const) {
      const r = await verifyDocx(g[k], { registeredFingerprints: g.fixture.registeredFingerprints })
      expect(r.mismatches).toEqual([])
      expect(r.status).toBe('有效')
    }
    const figures = await figuresOf(plain.budget)
    expect(figures.some((f) => f.key.startsWith('group.'))).toBe(false)
    expect(figures.some((f) => f.key.startsWith('category.'))).toBe(true)
    expect((await verifyDocx(plain.budget, { registeredFingerprints: plain.fixture.registeredFingerprints })).status).toBe('有效')
  })

  it('group rows keep with the row under them (every cell keepNext, rows never split); line rows do not', () => {
    for (const k of ['budget', 'panel', 'expert'] as const) {
      // The rows of the budget table (the one that shows the group labels).
      const tables = part(g[k], 'word/document.xml').split('<w:tbl>').filter((t) => t.includes('（一）硬件设备购置'))
      expect(tables.length, k).toBe(1)
      const rows = [...tables[0]!.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((m) => m[1]!)
      const text = (r: string): string => [...r.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
      const kept = rows.filter((r) => r.includes('<w:keepNext/>'))
      expect(kept.length, k).toBeGreaterThan(0)
      for (const r of kept) {
        expect(r.split('<w:p>').length - 1, `${k}: every paragraph of ${text(r)}`).toBe(r.split('<w:keepNext/>').length - 1)
        expect(r, k).toContain('<w:cantSplit/>')
        expect(text(r), k).toMatch(/^\u3000*(一、工程费用|（一）硬件设备购置|（二）软件开发|二、工程建设其他费用|小计)/)
      }
      // A line row (a 序号 then the line's name) is never kept with the next.
      expect(rows.filter((r) => /^\d+\S/.test(text(r)) && r.includes('<w:keepNext/>')), k).toEqual([])
    }
  })

  it('documents built before group rows kept with the next still verify 有效 (keep-with-next is not visible content)', async () => {
    for (const k of ['budget', 'panel', 'expert'] as const) {
      const before = editPart(g[k], 'word/document.xml', (x) => x.replaceAll('<w:keepNext/>', ''))
      const r = await verifyDocx(before, { registeredFingerprints: g.fixture.registeredFingerprints })
      expect(r.mismatches, k).toEqual([])
      expect(r.status, k).toBe('有效')
    }
  })
})
