/**
 * Issue 14 item 2: the group a budget line sits in is signed with the sheet (and the 组长's opinion), so a
 * document's group rows are proven like its amounts. An attacker who renames or moves a group — in the signed
 * content, or in the document's text — is caught.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { buildAll, editFigure } from '../kits/documents/testUtil'
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
})

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
