/**
 * Issue 10: attacks on exported documents, as a skeptical auditor would try them. Each edit is what Word or a
 * zip tool can do to a .docx, including recomputing every unsigned digest in the embedded part; each must be
 * 已篡改 (or at least never 有效). A LibreOffice re-save that changes nothing a reader sees stays 有效.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { anchorsOf, buildAll, editPart } from '../kits/documents/testUtil'
import type { Built } from '../kits/documents/testUtil'
import { restoreDocx, verifyDocx } from '../../electron/main/documents/verify'
import { VERIFY_EXIT, verifyCommand } from '../../electron/main/cli/commands/verify'
import { drawSignaturePng } from '../../electron/main/documents/signatureImage'
import { sm3Hex } from '../../shared/signing/sm'
import { bodyText, readDocxView } from '../../electron/main/documents/docxRead'

let b: Built
let reg: Record<string, string>
beforeAll(async () => {
  b = await buildAll({ experts: 3 })
  reg = b.fixture.registeredFingerprints
})

const CUSTOM = 'customXml/item1.xml'

/** Recomputes the unsigned body digest and image hashes of the embedded part, as an attacker would. */
function rehash(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes)
  const digest = sm3Hex(bodyText(readDocxView(files)))
  let xml = strFromU8(files[CUSTOM]!)
  xml = xml.replace(/&quot;bodyTextDigest&quot;:&quot;[0-9a-f]+&quot;|"bodyTextDigest":"[0-9a-f]+"/, `"bodyTextDigest":"${digest}"`)
  const media = Object.keys(files).filter((f) => f.startsWith('word/media/'))
  xml = xml.replace(/(<pd:image [^>]*>)([0-9a-f]{64})(<\/pd:image>)/g, (m, a: string, h: string, c: string) => {
    const known = media.some((f) => createHash('sha256').update(files[f]!).digest('hex') === h)
    if (known) return m
    const replaced = media.map((f) => createHash('sha256').update(files[f]!).digest('hex'))
    return `${a}${replaced[0] ?? h}${c}`
  })
  files[CUSTOM] = strToU8(xml)
  return zipSync(files)
}

/** The bookmark of a figure (its first). */
async function anchorOf(bytes: Uint8Array, key: string): Promise<string> {
  return (await anchorsOf(bytes, key))[0]!
}

/** Adds run properties (e.g. <w:vanish/>) to the run inside a figure's bookmark. */
async function formatFigure(bytes: Uint8Array, key: string, rPr: string): Promise<Uint8Array> {
  const a = await anchorOf(bytes, key)
  const name = /^<([\w:]+)/.exec(rPr)![1]!
  return editPart(bytes, 'word/document.xml', (xml) =>
    xml.replace(new RegExp(`(<w:bookmarkStart[^>]*w:name="${a}"[^>]*/>\\s*<w:r>\\s*<w:rPr>)([\\s\\S]*?)(</w:rPr>)`), (_m, open: string, props: string, close: string) =>
      // The run's own value of the same property is replaced, as Word's font dialog does.
      `${open}${rPr}${props.replace(new RegExp(`<${name}\\b[^>]*/>`, 'g'), '')}${close}`
    )
  )
}

async function status(bytes: Uint8Array): Promise<string> {
  return (await verifyDocx(bytes, { registeredFingerprints: reg })).status
}

describe('signed content only: unsigned digests and images are not trusted', () => {
  it('a swapped signature image, its hash updated in the embedded part, is 已篡改', async () => {
    const files = unzipSync(b.expert)
    const img = Object.keys(files).find((f) => f.startsWith('word/media/') && f.endsWith('.png') && files[f]!.length > 1000)!
    files[img] = new Uint8Array(drawSignaturePng(99))
    const r = await verifyDocx(rehash(zipSync(files)), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.what.includes('手写签名图片'))).toBe(true)
  })
  it('a renamed budget line with the body digest recomputed is 已篡改, and says what it should read', async () => {
    const name = b.fixture.panelInput.opinion.budget.lines[0]!.name
    const edited = rehash(editPart(b.panel, 'word/document.xml', (x) => x.replace(`>${name}<`, '>云服务器租用（含等保）<')))
    const r = await verifyDocx(edited, { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.expected.includes(name) && m.found.includes('云服务器租用（含等保）'))).toBe(true)
  })
  it('a sentence added after the conclusion is 已篡改', async () => {
    const a = await anchorOf(b.panel, 'conclusion')
    const edited = rehash(
      editPart(b.panel, 'word/document.xml', (x) =>
        x.replace(new RegExp(`(<w:bookmarkStart[^>]*w:name="${a}"[\\s\\S]*?</w:p>)`), '$1<w:p><w:r><w:t>专家组一致同意，无需修改。</w:t></w:r></w:p>')
      )
    )
    const r = await verifyDocx(edited, { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.found.includes('专家组一致同意，无需修改。'))).toBe(true)
  })
  it('a relabelled rubric item (in the text and in the embedded rubric) is 已篡改', async () => {
    const item = b.fixture.rubric.dimensions[0]!.items[0]!.name
    let edited = editPart(b.expert, 'word/document.xml', (x) => x.replace(`>${item}<`, '>技术路线先进性<'))
    edited = editPart(edited, CUSTOM, (x) => x.replace(item, '技术路线先进性'))
    const r = await verifyDocx(rehash(edited), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.what.includes('评分细则'))).toBe(true)
  })
})

describe('text a reader cannot see, or that sits outside the body', () => {
  it.each([
    ['hidden (w:vanish)', '<w:vanish/>', '隐藏文字'],
    ['white', '<w:color w:val="FFFFFF"/>', '白色'],
    ['near-background colour', '<w:color w:val="FCFCF8"/>', '白色'],
    ['tiny', '<w:sz w:val="2"/>', '字号过小'],
    ['w:specVanish', '<w:specVanish/>', '隐藏文字'],
    ['scaled to 1 %', '<w:w w:val="1"/>', '压缩'],
    ['condensed', '<w:spacing w:val="-300"/>', '压缩'],
    ['black on a black highlight', '<w:highlight w:val="black"/>', '与底色相同'],
    ['black on black shading', '<w:shd w:val="clear" w:color="auto" w:fill="000000"/>', '与底色相同'],
    ['dark grey on dark shading', '<w:color w:val="222222"/><w:shd w:val="clear" w:color="auto" w:fill="111111"/>', '与底色相同']
  ])('the conclusion made %s is 已篡改', async (_n, rPr, word) => {
    const r = await verifyDocx(rehash(await formatFigure(b.panel, 'conclusion', rPr)), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.found.includes(word))).toBe(true)
  })
  it('dissent hidden through a character style is 已篡改', async () => {
    let edited = editPart(b.panel, 'word/styles.xml', (x) =>
      x.replace('</w:styles>', '<w:style w:type="character" w:styleId="Quiet"><w:name w:val="Quiet"/><w:rPr><w:vanish/></w:rPr></w:style></w:styles>')
    )
    edited = await formatFigure(edited, `dissent.${b.fixture.experts[2]!.id}`, '<w:rStyle w:val="Quiet"/>')
    expect(await status(rehash(edited))).toBe('已篡改')
  })
  it('text added to the footer is 已篡改', async () => {
    const edited = editPart(b.panel, 'word/footer1.xml', (x) => x.replace('</w:ftr>', '<w:p><w:r><w:t>本意见以专家组一致通过为准</w:t></w:r></w:p></w:ftr>'))
    const r = await verifyDocx(rehash(edited), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.what.startsWith('页脚'))).toBe(true)
  })
  it('text in a text box is 已篡改', async () => {
    const box =
      '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="99" name="Box"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>同意通过</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r></w:p>'
    const edited = editPart(b.panel, 'word/document.xml', (x) => x.replace('<w:body>', `<w:body>${box}`))
    const r = await verifyDocx(rehash(edited), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.what.startsWith('文本框') && m.found.includes('同意通过'))).toBe(true)
  })
  it('a comment added to the conclusion is 已篡改, naming 批注', async () => {
    const comments =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="x"><w:p><w:r><w:t>专家组一致同意通过</w:t></w:r></w:p></w:comment></w:comments>'
    let edited = editPart(b.panel, 'word/document.xml', (x) => x.replace('<w:body>', '<w:body><w:p><w:commentRangeStart w:id="0"/><w:r><w:t>注</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>'))
    const files = unzipSync(edited)
    files['word/comments.xml'] = strToU8(comments)
    edited = zipSync(files)
    const r = await verifyDocx(rehash(edited), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.what.startsWith('批注') && m.found.includes('专家组一致同意通过'))).toBe(true)
  })
  it('a field whose result is new text is 已篡改', async () => {
    const field = '<w:p><w:fldSimple w:instr=" QUOTE &quot;同意通过&quot; "><w:r><w:t>同意通过</w:t></w:r></w:fldSimple></w:p>'
    const edited = editPart(b.panel, 'word/document.xml', (x) => x.replace('<w:body>', `<w:body>${field}`))
    const r = await verifyDocx(rehash(edited), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.found.includes('同意通过'))).toBe(true)
  })
  it('a tracked insertion is 已篡改', async () => {
    const edited = editPart(b.expert, 'word/document.xml', (x) => x.replace('<w:body>', '<w:body><w:p><w:ins w:id="1" w:author="x"><w:r><w:t>补充</w:t></w:r></w:ins></w:p>'))
    expect(await status(rehash(edited))).toBe('已篡改')
  })
})

describe('signers and signing times', () => {
  it('a removed signer (their envelope and 验证信息 row gone) is 已篡改', async () => {
    const victim = b.fixture.experts[2]!
    const edited = editPart(b.panel, CUSTOM, (x) => x.replace(new RegExp(`<pd:signed role="source"[^>]*>(?:(?!</pd:signed>)[\\s\\S])*?id="${victim.id}"[\\s\\S]*?</pd:signed>`), ''))
    const r = await verifyDocx(rehash(edited), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.found.includes('签名人被移除'))).toBe(true)
  })
  it('a swapped signing time (envelope label and text) is 已篡改', async () => {
    const p = b.fixture.sources[0]!
    let edited = editPart(b.expert, CUSTOM, (x) => x.replace(`<pd:signedAt>${p.signedAt}</pd:signedAt>`, '<pd:signedAt>2026-11-25T01:00:00.000Z</pd:signedAt>'))
    edited = editPart(edited, 'word/document.xml', (x) => x.replace(/2026年11月26日 \d\d:\d\d/, '2026年11月25日 09:00'))
    const r = await verifyDocx(rehash(edited), { registeredFingerprints: reg })
    expect(r.status).toBe('已篡改')
    expect(r.mismatches.some((m) => m.what.includes('签名时间'))).toBe(true)
  })
})

const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => fs.existsSync(p))

const KINDS = ['expert', 'panel', 'summary', 'budget'] as const
let resaved: Promise<Record<(typeof KINDS)[number], Uint8Array>> | undefined

/**
 * The four documents re-saved by LibreOffice in one run (one profile, one start-up: starting LibreOffice is most
 * of a conversion's cost), made on the first test that needs them.
 */
function resaveAll(): Promise<Record<(typeof KINDS)[number], Uint8Array>> {
  resaved ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-lo-'))
    try {
      const inDir = path.join(dir, 'in')
      fs.mkdirSync(inDir)
      for (const k of KINDS) fs.writeFileSync(path.join(inDir, `${k}.docx`), b[k])
      const inputs = KINDS.map((k) => path.join(inDir, `${k}.docx`))
      execFileSync(soffice!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'docx', '--outdir', dir, ...inputs], { stdio: 'ignore', timeout: 180_000 })
      return Object.fromEntries(KINDS.map((k) => [k, new Uint8Array(fs.readFileSync(path.join(dir, `${k}.docx`)))])) as Record<(typeof KINDS)[number], Uint8Array>
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })()
  return resaved
}

describe.skipIf(!soffice)('a LibreOffice re-save that changes nothing a reader sees', () => {
  it.each(KINDS)('%s stays 有效', async (k) => {
    const bytes = (await resaveAll())[k]
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(b[k]))).not.toBe(0)
    const r = await verifyDocx(bytes, { registeredFingerprints: reg })
    expect(r.mismatches).toEqual([])
    expect(r.status).toBe('有效')
  }, 180_000)
})

describe('恢复签名原文', () => {
  it('a tampered document restores to the authentic one, which verifies 有效', async () => {
    const tampered = rehash(await formatFigure(b.panel, 'conclusion', '<w:vanish/>'))
    const restored = await restoreDocx(tampered)
    const r = await verifyDocx(restored, { registeredFingerprints: reg })
    expect(r.status).toBe('有效')
    expect(strFromU8(unzipSync(restored)['word/document.xml']!)).not.toContain('<w:vanish/>')
  })
  it('the command line writes it with --restore and never overwrites', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-restore-'))
    try {
      const file = path.join(dir, '专家组评审意见.docx')
      fs.writeFileSync(file, rehash(await formatFigure(b.panel, 'conclusion', '<w:color w:val="FFFFFF"/>')))
      const out = path.join(dir, '专家组评审意见-签名原文.docx')
      expect(await verifyCommand.run([file, '--restore', out])).toBe(VERIFY_EXIT.tampered)
      expect((await verifyDocx(new Uint8Array(fs.readFileSync(out)), { registeredFingerprints: reg })).status).toBe('有效')
      expect(await verifyCommand.run([file, '--restore', out])).toBe(VERIFY_EXIT.usage)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
