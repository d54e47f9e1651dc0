/**
 * Issue 10, item 7: a third party can verify a document with docs/signatures.md and an SM2 library alone.
 * tests/kits/independentVerifier.ts follows the page's steps importing nothing from PanelDesk (sm-crypto, fflate
 * and Node's builtins only); on exported documents it must give the app's answer: an authentic document, a
 * tampered signed content, a foreign key under the 组长's id, a forged charter, a removed signer.
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { independentVerify } from '../kits/independentVerifier'
import { testBackend } from '../helpers/backend'
import { exportFinished } from '../helpers/exportJob'
import { tempDir } from '../helpers/tmp'
import { seedSignedMeeting } from '../kits/documents/testDb'
import { verifyDocx } from '../../electron/main/documents/verify'
import { sm3Hex } from '../../shared/signing/sm'

const APP = { 有效: 'valid', 身份未确认: 'unconfirmed', 已篡改: 'tampered', 无法验证: 'unverifiable' } as const
const CUSTOM = 'customXml/item1.xml'

let docs: { kind: string; bytes: Uint8Array }[]
let secretariat: string

beforeAll(async () => {
  const b = await testBackend({ seedDemo: false })
  const m = seedSignedMeeting(b.db(), { projects: 1, experts: 3 })
  const status = await b.handlers['trust.createSecretariatKey']({ pin: '258046', pinConfirm: '258046' })
  secretariat = status.secretariatKey!.fingerprint
  const job = await b.handlers['documents.export']({ meetingId: m.meetingId, scope: { kind: 'project', projectId: m.projectIds[0]! }, folder: tempDir('independent') })
  const done = await exportFinished(b, job)
  docs = done.result!.written.map((w) => ({ kind: w.kind, bytes: new Uint8Array(fs.readFileSync(w.path)) }))
  expect(docs).toHaveLength(6)
}, 120_000)

async function both(bytes: Uint8Array, trusted: string): Promise<[string, string]> {
  const app = await verifyDocx(bytes, { trustedSecretariats: [trusted] })
  return [APP[app.status], independentVerify(bytes, trusted).verdict]
}

function editCustom(bytes: Uint8Array, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(bytes)
  const xml = strFromU8(files[CUSTOM]!)
  const out = edit(xml)
  expect(out).not.toBe(xml)
  files[CUSTOM] = strToU8(out)
  return zipSync(files)
}

describe('an independent verifier gives the app\'s answer', () => {
  it('imports nothing from the project', () => {
    const src = fs.readFileSync(path.join(import.meta.dirname, '../kits/independentVerifier.ts'), 'utf8')
    const imports = [...src.matchAll(/^import .* from '([^']+)'/gm)].map((m) => m[1])
    expect(imports.length).toBeGreaterThan(0)
    expect(imports.every((i) => i === 'sm-crypto' || i === 'fflate' || i!.startsWith('node:'))).toBe(true)
  })
  it('authentic documents of all four kinds: valid with the secretariat trusted, unconfirmed without', async () => {
    for (const d of docs) {
      expect(await both(d.bytes, secretariat)).toEqual(['valid', 'valid'])
      expect(await both(d.bytes, '0'.repeat(64))).toEqual(['unconfirmed', 'unconfirmed'])
    }
  })
  it('a signed score changed, its SM3 digest recomputed: tampered for both', async () => {
    const panel = docs.find((d) => d.kind === 'score-summary')!.bytes
    const bad = editCustom(panel, (xml) =>
      xml.replace(/(<pd:signed role="source"[^>]*>[\s\S]*?<pd:digest>)([0-9a-f]{64})([\s\S]*?<pd:canonical>)([\s\S]*?)(<\/pd:canonical>)/, (_m, a: string, _d: string, b: string, c: string, e: string) => {
        const changed = c.replace(/"total":[0-9.]+/, '"total":99')
        return `${a}${sm3Hex(changed.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'))}${b}${changed}${e}`
      })
    )
    expect(await both(bad, secretariat)).toEqual(['tampered', 'tampered'])
  })
  it('a signer removed from a panel document: tampered for both', async () => {
    const panel = docs.find((d) => d.kind === 'panel-opinion')!.bytes
    const bad = editCustom(panel, (xml) => xml.replace(/<pd:signed role="source"[\s\S]*?<\/pd:signed>/, ''))
    expect(await both(bad, secretariat)).toEqual(['tampered', 'tampered'])
  })
  it('the charter\'s fingerprint list edited: tampered for both', async () => {
    const expert = docs.find((d) => d.kind === 'expert-opinion')!.bytes
    const bad = editCustom(expert, (xml) => xml.replace(/("fingerprint":")([0-9a-f])/, (_m, a: string, h: string) => `${a}${h === 'a' ? 'b' : 'a'}`))
    expect(await both(bad, secretariat)).toEqual(['tampered', 'tampered'])
  })
})
