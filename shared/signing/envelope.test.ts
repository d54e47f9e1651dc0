import { describe, expect, it } from 'vitest'
import * as smv1 from 'sm-crypto'
// The maths is tested on a fixed rubric (the default's version 2), not on whatever the default is today.
import defaultRubricJson from '../../tests/fixtures/rubrics/default-v2.json'
import { parseRubric, type RubricDefinition } from '../domain/rubric'
import { emptySheetContent, type SheetContent } from '../domain/sheet'
import type { SheetPayload, SignedPayload } from './types'
import { canonicalize } from './canonical'
import { buildSheetPayload, payloadContent, SheetPayloadError, SigningError, signPayload, verifySignedPayload, type BuildSheetPayloadInput } from './envelope'
import { formatFingerprint, generateKeyPair, publicKeyFingerprint, sm2Sign, sm3Hex, utf8Bytes } from './sm'
import { parseSheetContent } from './contentSchema'
import { offerParsed, takeParsed } from './parsedHandoff'

const v1 = ((smv1 as unknown as { default?: typeof smv1 }).default ?? smv1) as typeof smv1
const rubric: RubricDefinition = parseRubric(defaultRubricJson)
const NOW = '2026-11-20T06:30:00.000Z'

function fullContent(r: RubricDefinition, fraction = 0.9): SheetContent {
  const c = emptySheetContent()
  for (const d of r.dimensions) {
    for (const item of d.items) c.scores[item.id] = { value: Math.round((item.points * fraction) / item.step) * item.step, na: false }
    c.opinions[d.id] = `${d.name}：方案总体可行。`
  }
  c.mainProblems = [{ id: 'p1', text: '未列支密评费用', cite: { kind: 'budgetLine', lineId: 'L2' } }]
  c.suggestions = [{ id: 's1', text: '补充数据需求清单的提供部门', cite: { kind: 'document', documentPath: 'main.pdf', page: 12 } }, { id: 's2', text: '细化培训计划' }]
  c.conclusion = 'pass'
  c.budgetReview = { L2: { lineId: 'L2', approvedAmount: 80, reason: '单价偏高', note: '参照同类项目询价' } }
  c.declaration = { kind: 'none', reason: '', declaredAt: '2026-11-20T01:00:00.000Z' }
  return c
}

function input(content: SheetContent = fullContent(rubric), useRubric: RubricDefinition = rubric): BuildSheetPayloadInput {
  return {
    sheetId: 'sheet-1',
    revision: 1,
    meeting: { id: 'm1', name: '2026年第3次政务信息化项目评审会', date: '2026-11-20', place: '三明市行政服务中心' },
    project: { id: 'p1', name: '三明市“一网通办”提升项目', ownerUnit: '三明市数据管理局', authorUnit: '福建某某信息技术有限公司', declaredInvestment: 350, packageDigest: 'ab'.repeat(32) },
    expert: { id: 'e1', name: '张三', unit: '福州大学', title: '教授', specialty: '软件工程' },
    rubric: useRubric,
    content,
    budgetLines: [
      { lineId: 'L1', name: '应用软件开发', category: '应用软件开发', submittedAmount: 200 },
      { lineId: 'L2', name: '密码应用改造', category: '密码', submittedAmount: 100 },
      { lineId: 'L3', name: '监理费', category: '监理', submittedAmount: 50 }
    ],
    submittedAt: new Date(NOW)
  }
}

const kp = generateKeyPair()
const signer = { id: 'e1', name: '张三' }

function signedSheet(): { sheet: SheetPayload; signed: SignedPayload } {
  const sheet = buildSheetPayload(input())
  return { sheet, signed: signPayload('expert-sheet', sheet, kp.privateKey, kp.publicKey, signer, NOW) }
}

describe('buildSheetPayload', () => {
  it('computes totals with the rubric and fills every item, opinion and budget line', () => {
    const sheet = buildSheetPayload(input())
    expect(sheet.format).toBe('paneldesk.sheet/1')
    expect(Object.keys(sheet.scores).sort()).toEqual(rubric.dimensions.flatMap((d) => d.items.map((i) => i.id)).sort())
    // 90% of each item's points rounded to its 0.5 step: 技术方案 7 + 9 + 7 + 3.5, 安全方案 7 + 6.5 + 4.5, …
    expect(sheet.dimensionTotals).toEqual({ tech: 26.5, security: 18, standards: 9, data: 13.5, budget: 22.5 })
    expect(sheet.total).toBe(89.5)
    expect(sheet.rubric).toMatchObject({ id: rubric.id, version: rubric.version, name: rubric.name })
    expect(sheet.rubric.digest).toMatch(/^[0-9a-f]{64}$/)
    expect(sheet.budgetReview.map((l) => [l.lineId, l.submittedAmount, l.approvedAmount, l.reason])).toEqual([
      ['L1', 200, null, null],
      ['L2', 100, 80, '单价偏高'],
      ['L3', 50, null, null]
    ])
    expect(sheet.submittedAt).toBe(NOW)
    expect(sheet.suggestions[1]).toEqual({ id: 's2', text: '细化培训计划' })
  })

  it('counts N/A items as full points and stores them without a value', () => {
    const naRubric = parseRubric({ ...defaultRubricJson, dimensions: defaultRubricJson.dimensions.map((d) => ({ ...d, items: d.items.map((i) => (i.id === 'tech.xinchuang' ? { ...i, naAllowed: true } : i)) })) })
    const c = fullContent(naRubric)
    c.scores['tech.xinchuang'] = { value: 1, na: true }
    const sheet = buildSheetPayload(input(c, naRubric))
    expect(sheet.scores['tech.xinchuang']).toEqual({ value: null, na: true })
    expect(sheet.dimensionTotals.tech).toBe(7 + 9 + 7 + 4)
  })

  it('signs only the fields of the payload type, not extra properties of the inputs', () => {
    const i = input()
    Object.assign(i.expert, { idNumber: '350100199001011234', phone: '13800000000' })
    const sheet = buildSheetPayload(i)
    expect(Object.keys(sheet.expert).sort()).toEqual(['id', 'name', 'specialty', 'title', 'unit'])
    expect(canonicalize(sheet)).not.toContain('350100199001011234')
  })

  it('refuses a sheet that cannot be signed, with a Chinese reason', () => {
    const cases: [string, (c: SheetContent) => void, RegExp][] = [
      ['no declaration', (c) => (c.declaration = null), /回避声明/],
      ['recused', (c) => (c.declaration = { kind: 'recuse', reason: '曾任职', declaredAt: NOW }), /回避/],
      ['no conclusion', (c) => (c.conclusion = null), /结论/],
      ['unscored', (c) => delete c.scores['security.crypto'], /尚未评分/],
      ['out of range', (c) => (c.scores['security.crypto'] = { value: 8, na: false }), /0 至 7/],
      ['off step', (c) => (c.scores['security.crypto'] = { value: 3.3, na: false }), /整数倍/],
      ['N/A not allowed', (c) => (c.scores['security.crypto'] = { value: null, na: true }), /不适用/],
      ['unknown line', (c) => (c.budgetReview.X9 = { lineId: 'X9', approvedAmount: 1, reason: '其他', note: '' }), /不存在的概算行/],
      ['negative approved', (c) => (c.budgetReview.L1 = { lineId: 'L1', approvedAmount: -1, reason: '其他', note: '' }), /核定金额无效/]
    ]
    for (const [name, mutate, message] of cases) {
      const c = fullContent(rubric)
      mutate(c)
      expect(() => buildSheetPayload(input(c)), name).toThrow(SheetPayloadError)
      expect(() => buildSheetPayload(input(c)), name).toThrow(message)
    }
  })
})

describe('signPayload / verifySignedPayload', () => {
  it('signs a sheet that verifies, against its registered fingerprint too', () => {
    const { sheet, signed } = signedSheet()
    expect(signed.format).toBe('paneldesk.signed/1')
    expect(signed.canonical).toBe(canonicalize(sheet))
    expect(signed.digest).toBe(sm3Hex(signed.canonical))
    expect(signed.fingerprint).toBe(publicKeyFingerprint(kp.publicKey))
    expect(signed.signedAt).toBe(NOW)
    expect(verifySignedPayload(signed)).toEqual({ status: 'valid' })
    expect(verifySignedPayload(signed, { registeredFingerprint: signed.fingerprint })).toEqual({ status: 'valid' })
    expect(verifySignedPayload(signed, { registeredFingerprint: formatFingerprint(signed.fingerprint) })).toEqual({ status: 'valid' })
    expect(payloadContent<SheetPayload>(signed)).toEqual(JSON.parse(canonicalize(sheet)))
  })

  it('survives a JSON round trip of the envelope (as stored or synced)', () => {
    const { signed } = signedSheet()
    expect(verifySignedPayload(JSON.parse(JSON.stringify(signed)) as SignedPayload)).toEqual({ status: 'valid' })
  })

  it('sm-crypto (a second implementation) verifies the envelope signature and digest', () => {
    const { signed } = signedSheet()
    expect(v1.sm3(signed.canonical)).toBe(signed.digest)
    expect(v1.sm2.doVerifySignature(signed.canonical, signed.signature, signed.publicKey, { hash: true, der: true })).toBe(true)
  })

  it('verifies a payload signed by sm-crypto over the canonical text', () => {
    const other = v1.sm2.generateKeyPairHex()
    const content = { format: 'x', n: 1 }
    const canonical = canonicalize(content)
    const p: SignedPayload = {
      format: 'paneldesk.signed/1',
      kind: 'panel-opinion',
      canonical,
      digest: v1.sm3(canonical),
      signature: v1.sm2.doSignature(canonical, other.privateKey, { hash: true, der: true }),
      publicKey: other.publicKey,
      fingerprint: publicKeyFingerprint(other.publicKey),
      signer: { id: 'e9', name: '组长' },
      signedAt: NOW
    }
    expect(verifySignedPayload(p)).toEqual({ status: 'valid' })
  })

  it('refuses to sign with a key pair that does not match', () => {
    expect(() => signPayload('expert-sheet', {}, kp.privateKey, generateKeyPair().publicKey, signer, NOW)).toThrow(SigningError)
    expect(() => signPayload('expert-sheet', {}, 'xyz', kp.publicKey, signer, NOW)).toThrow(SigningError)
  })

  describe('detects tampering', () => {
    const expectTampered = (p: SignedPayload, reason: RegExp, opts?: { registeredFingerprint?: string }) => {
      const r = verifySignedPayload(p, opts)
      expect(r.status).toBe('tampered')
      if (r.status !== 'valid') expect(r.reason).toMatch(reason)
    }

    it('changed canonical content (digest left as is)', () => {
      const { signed } = signedSheet()
      const canonical = signed.canonical.replace('"total":89.5', '"total":95')
      expect(canonical).not.toBe(signed.canonical)
      expectTampered({ ...signed, canonical }, /摘要/)
    })

    it('changed canonical content with a recomputed digest', () => {
      const { signed } = signedSheet()
      const canonical = signed.canonical.replace('"conclusion":"pass"', '"conclusion":"reject"')
      expect(canonical).not.toBe(signed.canonical)
      expectTampered({ ...signed, canonical, digest: sm3Hex(canonical) }, /签名验证失败/)
    })

    it('canonical text that is not canonical (re-ordered or re-spaced), even with a matching digest', () => {
      const { signed } = signedSheet()
      const spaced = JSON.stringify(JSON.parse(signed.canonical), null, 1)
      expectTampered({ ...signed, canonical: spaced, digest: sm3Hex(spaced) }, /规范形式/)
      expectTampered({ ...signed, canonical: 'not json' }, /JSON/)
    })

    it('changed digest', () => {
      const { signed } = signedSheet()
      const digest = (signed.digest[0] === '0' ? '1' : '0') + signed.digest.slice(1)
      expectTampered({ ...signed, digest }, /摘要/)
    })

    it('changed signature', () => {
      const { signed } = signedSheet()
      const i = signed.signature.length - 4
      const signature = signed.signature.slice(0, i) + (signed.signature[i] === '0' ? '1' : '0') + signed.signature.slice(i + 1)
      expectTampered({ ...signed, signature }, /签名验证失败/)
    })

    it('swapped public key (fingerprint left as is)', () => {
      const { signed } = signedSheet()
      expectTampered({ ...signed, publicKey: generateKeyPair().publicKey }, /指纹与公钥不符/)
    })

    it('swapped public key and fingerprint (signature no longer matches)', () => {
      const { signed } = signedSheet()
      const other = generateKeyPair()
      expectTampered({ ...signed, publicKey: other.publicKey, fingerprint: publicKeyFingerprint(other.publicKey) }, /签名验证失败/)
    })

    it('content re-signed with a wrong key: valid on its own, caught by the registered fingerprint', () => {
      const { sheet, signed } = signedSheet()
      const mallory = generateKeyPair()
      const forged = signPayload('expert-sheet', { ...sheet, total: 100 }, mallory.privateKey, mallory.publicKey, signer, NOW)
      expect(verifySignedPayload(forged).status).toBe('valid')
      expectTampered(forged, /登记/, { registeredFingerprint: signed.fingerprint })
      expectTampered(forged, /登记/, { registeredFingerprint: formatFingerprint(signed.fingerprint) })
    })

    it('a signature over different bytes with the right key', () => {
      const { signed } = signedSheet()
      expectTampered({ ...signed, signature: sm2Sign(signed.digest, kp.privateKey, kp.publicKey) }, /签名验证失败/)
    })

    it('envelope signer that does not match the signed sheet', () => {
      const { signed } = signedSheet()
      expectTampered({ ...signed, signer: { id: 'e2', name: '李四' } }, /签名人/)
      expectTampered({ ...signed, signer: { id: 'e2', name: '张三' } }, /签名人/)
      expectTampered({ ...signed, signer: { id: 'e1', name: '张三丰' } }, /签名人/)
    })

    it('an expert-sheet envelope around content that is not a sheet', () => {
      const p = signPayload('expert-sheet', { hello: 1 }, kp.privateKey, kp.publicKey, signer, NOW)
      expectTampered(p, /不是专家评审意见表/)
    })
  })

  describe('reports what it cannot check as unverifiable', () => {
    const expectUnverifiable = (p: unknown, reason: RegExp, opts?: { registeredFingerprint?: string }) => {
      const r = verifySignedPayload(p as SignedPayload, opts)
      expect(r.status).toBe('unverifiable')
      if (r.status !== 'valid') expect(r.reason).toMatch(reason)
    }

    it('unknown format, missing fields, malformed values', () => {
      const { signed } = signedSheet()
      expectUnverifiable({ ...signed, format: 'paneldesk.signed/2' }, /格式/)
      expectUnverifiable({ ...signed, kind: 'other' }, /类型/)
      expectUnverifiable({ ...signed, signature: undefined }, /signature/)
      expectUnverifiable({ ...signed, signer: null }, /签名人/)
      expectUnverifiable({ ...signed, digest: signed.digest.toUpperCase() }, /摘要格式/)
      expectUnverifiable({ ...signed, publicKey: '04' + '00'.repeat(64) }, /公钥无效/)
      expectUnverifiable(null, /不是对象/)
    })

    it('a registered fingerprint that is empty or malformed', () => {
      const { signed } = signedSheet()
      expectUnverifiable(signed, /尚未在会议登记/, { registeredFingerprint: '' })
      expectUnverifiable(signed, /格式无效/, { registeredFingerprint: 'ABCD 1234' })
    })
  })
})

describe('the worked example of docs/signatures.md', () => {
  const priv = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8'
  const pub = '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13'
  const content = { total: 86.5, expert: { name: '张三', id: 'e1' }, note: 'Cafe\u0301 评审', scores: [8, 7.5, -0] }
  const canonical = '{"expert":{"id":"e1","name":"张三"},"note":"Café 评审","scores":[8,7.5,0],"total":86.5}'
  const signature = '30440220551a33cc9c1b4c04f75e7a1d708b867b8a2501bb430ec29b5487810bfb24545f0220598a09dd42f4ca3df5cea760f217a5a6c0799a6d05818eda266bddf5dc8cf3fd'
  const digest = '52d83aff845280d28d8c295e4e3176f887c0a249800ae37c84c81f2cf86ea224'
  const fingerprint = 'e6a4f9765fca89e8b7d64019b900d57cd86b4677fa5dc70284c90de05fa77f9c'

  it('gives the documented canonical text, digest, public key and fingerprint', () => {
    expect(canonicalize(content)).toBe(canonical)
    expect(utf8Bytes(canonical).length).toBe(92)
    expect(sm3Hex(canonical)).toBe(digest)
    expect(publicKeyFingerprint(pub)).toBe(fingerprint)
    expect(formatFingerprint(fingerprint)).toBe('E6A4 F976 5FCA 89E8 B7D6 4019 B900 D57C')
    const p = signPayload('panel-opinion', content, priv, pub, { id: 'e1', name: '张三' }, NOW)
    expect([p.canonical, p.digest, p.publicKey, p.fingerprint]).toEqual([canonical, digest, pub, fingerprint])
  })

  it('the documented signature verifies with both implementations, and the envelope with ours', () => {
    expect(v1.sm2.doVerifySignature(canonical, signature, pub, { hash: true, der: true })).toBe(true)
    const p: SignedPayload = { format: 'paneldesk.signed/1', kind: 'panel-opinion', canonical, digest, signature, publicKey: pub, fingerprint, signer: { id: 'e1', name: '张三' }, signedAt: NOW }
    expect(verifySignedPayload(p, { registeredFingerprint: 'E6A4 F976 5FCA 89E8 B7D6 4019 B900 D57C' })).toEqual({ status: 'valid' })
  })
})

describe('the parsed content handed from the signature check to the content check (parsedHandoff.ts)', () => {
  it('is taken once, only by the same payload with the same text, and equals a fresh parse', () => {
    const { signed } = signedSheet()
    expect(verifySignedPayload(signed).status).toBe('valid')
    expect(takeParsed(signed, signed.canonical)).toEqual(JSON.parse(signed.canonical))
    expect(verifySignedPayload(signed).status).toBe('valid')
    const first = parseSheetContent(signed)
    const second = parseSheetContent(signed)
    expect(first.ok && second.ok).toBe(true)
    if (!first.ok || !second.ok) return
    expect(first.content).toEqual(JSON.parse(signed.canonical))
    // The second taker parses afresh: the two never share one object.
    expect(second.content).toEqual(first.content)
    expect(second.content).not.toBe(first.content)
    // An offer for one payload object is not taken by an equal copy, nor for another text.
    offerParsed(signed, signed.canonical, { not: 'the content' })
    expect(takeParsed({ ...signed }, signed.canonical)).toBeUndefined()
    expect(takeParsed(signed, `${signed.canonical} `)).toBeUndefined()
    expect(takeParsed(signed, signed.canonical)).toBeUndefined()
  })

  it('a tampered payload offers nothing: its content check parses and judges the text itself', () => {
    const { signed } = signedSheet()
    const tampered = { ...signed, canonical: signed.canonical.replace('"total":', '"total" :') }
    expect(verifySignedPayload(tampered).status).toBe('tampered')
    expect(takeParsed(tampered, tampered.canonical)).toBeUndefined()
  })

  it('keeps at most sixteen offers, dropping the oldest', () => {
    const keys = Array.from({ length: 17 }, () => ({}))
    keys.forEach((k, i) => offerParsed(k, 't', i))
    expect(takeParsed(keys[0]!, 't')).toBeUndefined()
    expect(takeParsed(keys[1]!, 't')).toBe(1)
    expect(takeParsed(keys[16]!, 't')).toBe(16)
  })
})

