/**
 * Issue 14 item 2: the group a budget line sits in is signed with the sheet (and the 组长's opinion), so a
 * document's group rows are proven like its amounts. An attacker who renames or moves a group — in the signed
 * content, or in the document's text — is caught.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { buildAll, editFigure, figuresOf, part } from '../kits/documents/testUtil'
import { sheetOf } from '../../electron/main/documents/derive'
import { changedLines } from '../../electron/main/documents/figures'
import { formatAmount } from '../../electron/main/documents/style'
import type { Built } from '../kits/documents/testUtil'
import { verifyDocx } from '../../electron/main/documents/verify'
import { embeddedXml, readEmbedded } from '../../electron/main/documents/embed'
import { verifySignedPayload } from '../../shared/signing/envelope'
import { parseSheetContent } from '../../shared/signing/contentSchema'
import type { SignedPayload } from '../../shared/signing/types'

let g: Built
let reg: Record<string, string>
beforeAll(async () => {
  g = await buildAll({ experts: 3, groups: true })
  reg = g.fixture.registeredFingerprints
}, 120_000)

const RENAMED = (p: SignedPayload): SignedPayload => ({ ...p, canonical: p.canonical.split('（一）硬件设备购置').join('（一）其他设备') })

describe('attacks on the signed group of a budget line', () => {
  it('a group label changed in a signed sheet breaks its signature', () => {
    const p = g.fixture.sources[0]!
    expect(p.canonical).toContain('（一）硬件设备购置')
    expect(verifySignedPayload(p).status).toBe('valid')
    expect(verifySignedPayload(RENAMED(p)).status).toBe('tampered')
  })

  it('a line moved to another group (its path edited) breaks the signature', () => {
    const p = g.fixture.sources[1]!
    const moved = p.canonical.replace('"group":["一、工程费用","（一）硬件设备购置"]', '"group":["二、工程建设其他费用"]')
    expect(moved).not.toBe(p.canonical)
    expect(verifySignedPayload({ ...p, canonical: moved }).status).toBe('tampered')
  })

  it('a group path that is not a list of labels is refused by the content check', () => {
    const p = g.fixture.sources[0]!
    const bad = p.canonical.replace('"group":["一、工程费用","（一）硬件设备购置"]', '"group":"一、工程费用"')
    const r = parseSheetContent({ ...p, canonical: bad })
    expect(r.ok).toBe(false)
  })

  it('a document whose embedded sheets carry a renamed group is 已篡改', async () => {
    const files = unzipSync(g.budget)
    const data = readEmbedded(files)!
    files['customXml/item1.xml'] = strToU8(embeddedXml({ ...data, payloads: data.payloads.map((x) => ({ ...x, payload: RENAMED(x.payload) })) }))
    const r = await verifyDocx(zipSync(files), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
  })

  it('a group label or subtotal retyped in the document text is 已篡改', async () => {
    for (const [key, text] of [
      ['group.2.label', '（一）其他设备'],
      ['group.1.submitted', '1.00']
    ] as const) {
      for (const k of ['budget', 'panel'] as const) {
        const r = await verifyDocx(await editFigure(g[k], key, text), { registeredFingerprints: reg })
        expect(r.status).toBe('已篡改')
        expect(r.mismatches[0]!.found).toBe(text)
      }
    }
  })
})

describe('the 专家个人评审意见表 in the submitted structure (issue 14 item 2)', () => {
  it('shows the groups holding a changed line with their 小计 over all their lines, in exact 分', async () => {
    const figures = new Map((await figuresOf(g.expert)).map((f) => [f.key, f.value]))
    const sheet = sheetOf(g.fixture.sources[0]!)
    const labels = [...figures].filter(([k]) => /^group\.\d+\.label$/.test(k)).map(([, v]) => v)
    // The fixture's expert cuts lines under 一、工程费用 only: 二、工程建设其他费用 holds no change and is not shown.
    expect(labels).toEqual(['一、工程费用', '（一）硬件设备购置', '（二）软件开发'])
    for (const [key, label] of [...figures].filter(([k]) => /^group\.\d+\.label$/.test(k))) {
      const under = sheet.budgetReview.filter((l) => l.group?.includes(label))
      const fen = (x: number) => Math.round(x * 100)
      const submitted = under.reduce((s, l) => s + fen(l.submittedAmount), 0)
      const approved = under.reduce((s, l) => s + fen(l.approvedAmount ?? l.submittedAmount), 0)
      const prefix = key.replace(/\.label$/, '')
      expect(figures.get(`${prefix}.submitted`), label).toBe(formatAmount(submitted / 100))
      expect(figures.get(`${prefix}.approved`), label).toBe(formatAmount(approved / 100))
    }
    // Every changed line is shown, under its group.
    for (const l of changedLines(sheet)) expect(figures.has(`line.${l.lineId}.approved`)).toBe(true)
  })

  it('regenerates from the signed sheet alone; a group label or subtotal retyped in it is 已篡改', async () => {
    const ok = await verifyDocx(g.expert, { registeredFingerprints: reg })
    expect(ok.mismatches).toEqual([])
    expect(ok.status).not.toBe('已篡改')
    for (const [key, text] of [
      ['group.2.label', '（一）其他设备'],
      ['group.1.approved', '1.00']
    ] as const) {
      const r = await verifyDocx(await editFigure(g.expert, key, text), { registeredFingerprints: reg })
      expect(r.status, key).toBe('已篡改')
      expect(r.mismatches[0]!.found).toBe(text)
    }
  })

  it('a sheet signed without group paths keeps its table of changed lines, with no group row', async () => {
    const plain = await buildAll({ experts: 3 })
    const figures = await figuresOf(plain.expert)
    expect(figures.some((f) => f.key.startsWith('group.'))).toBe(false)
    expect(part(plain.expert, 'word/document.xml')).not.toContain('（小计）')
    expect((await verifyDocx(plain.expert, { registeredFingerprints: plain.fixture.registeredFingerprints })).mismatches).toEqual([])
  })
})

describe('group labels and amounts in the table XML (issue 10 item 6, issue 14 item 2)', () => {
  it('the 概算审核对比表 gives a group label its own row across the table and 小计 the row under it', () => {
    const xml = part(g.budget, 'word/document.xml')
    const rows = xml.split('<w:tr>').map((r) => r.replace(/<[^>]+>/g, ''))
    const heading = rows.findIndex((r) => r.startsWith('一、工程费用'))
    expect(heading).toBeGreaterThan(0)
    expect(rows[heading]).toBe('一、工程费用')
    expect(rows[heading + 1]).toMatch(/^小计1,082\.20/)
  })
})
