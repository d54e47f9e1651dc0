/**
 * The custom XML part (customXml/itemN.xml, its itemProps, relationships and content types) that carries
 * what a document was made from: each signed payload in full (canonical JSON, SM3 digest, SM2 signature,
 * public key, fingerprint, signer, time), the secretariat's charter, the rubric and the digests of the images.
 * The figures a document shows are not listed (issue 10, speed): the verifier derives them, with their
 * bookmarks, from the document it regenerates from the signed payloads (verify.ts). Documents written before
 * list them (`pd:figure`) and carry a body-text digest; both are read and never trusted.
 */
import { strFromU8, strToU8 } from 'fflate'
import { createHash } from 'node:crypto'
import type { SignedPayload } from '../../../shared/signing/types'
import type { RubricDefinition } from '../../../shared/domain/rubric'
import type { DocumentKind, Figure } from './figures'
import type { ImageFigure } from './blocks'
import type { PanelDerivation, PanelOpinion } from './model'
import type { SignedCharter } from './charter'
import { attributes, escapeXml, escapeXmlText, unescapeXml } from './xml'
import { concatBytes } from '../binary/concat'

export const EMBED_NAMESPACE = 'urn:paneldesk:document:1'
const CUSTOM_XML_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml'
const CUSTOM_XML_PROPS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps'
const CUSTOM_XML_PROPS_TYPE = 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml'

export type EmbeddedRole = 'source' | 'leader'

export interface EmbeddedPayload {
  role: EmbeddedRole
  payload: SignedPayload
}

export interface ShownFigure extends Figure {
  anchors: string[]
}

/** Everything the custom part holds. Only `payloads` are signed; the rest lets a verifier re-derive and locate. */
export interface EmbeddedData {
  kind: DocumentKind
  payloads: EmbeddedPayload[]
  rubric: RubricDefinition
  /**
   * The panel opinion as shown, written only when no 组长 signature carries it (a preview before signing; a
   * document without that signature is never 有效).
   */
  opinion?: PanelOpinion
  derivation?: PanelDerivation
  /** The figures with their bookmarks: never written now; read from documents written before (unused). */
  figures: ShownFigure[]
  images: ImageFigure[]
  /** SM3 of the body text: only in documents written before (unused). */
  bodyTextDigest?: string
  generator: string
  /** The secretariat's signed statement of who may sign this document (charter.ts); absent in older documents. */
  charter?: SignedCharter
}

function el(name: string, text: string, attrs: Record<string, string> = {}): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('')
  return `<pd:${name}${a}>${escapeXmlText(text)}</pd:${name}>`
}

/** One signed payload's element, in full. */
function signedXml(role: EmbeddedRole, p: SignedPayload): string {
  return (
    `<pd:signed role="${role}" kind="${p.kind}" format="${escapeXml(p.format)}">` +
    el('signer', p.signer.name, { id: p.signer.id }) +
    el('signedAt', p.signedAt) +
    el('digest', p.digest) +
    el('signature', p.signature) +
    el('publicKey', p.publicKey) +
    el('fingerprint', p.fingerprint) +
    el('canonical', p.canonical) +
    '</pd:signed>'
  )
}

/** The part around its signed payloads: what comes before them and after. */
function embeddedFrame(data: Omit<EmbeddedData, 'figures'>): { head: string; tail: string } {
  const head =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<pd:paneldesk xmlns:pd="${EMBED_NAMESPACE}" version="1" kind="${data.kind}" generator="${escapeXml(data.generator)}">`
  const out: string[] = []
  if (data.charter) {
    const c = data.charter
    out.push('<pd:charter format="paneldesk.charter/1">')
    out.push(el('digest', c.digest), el('signature', c.signature), el('cert', JSON.stringify(c.cert)), el('canonical', c.canonical))
    out.push('</pd:charter>')
  }
  // The opinion is the 组长's signed text when there is one: not repeated.
  const leaderSigned = data.payloads.some((p) => p.role === 'leader')
  const meta = { rubric: data.rubric, ...(leaderSigned ? {} : { opinion: data.opinion }), derivation: data.derivation }
  out.push(el('meta', JSON.stringify(meta)))
  for (const i of data.images) out.push(el('image', i.value, { key: i.key, what: i.what, anchor: i.anchor, ...(i.renderer !== undefined ? { renderer: i.renderer } : {}) }))
  out.push('</pd:paneldesk>')
  return { head, tail: out.join('') }
}

export function embeddedXml(data: Omit<EmbeddedData, 'figures'>): string {
  const { head, tail } = embeddedFrame(data)
  return head + data.payloads.map((x) => signedXml(x.role, x.payload)).join('') + tail
}

/**
 * A signed payload's element as UTF-8, remembered per payload object (issue 10, speed: a project's sheets are
 * embedded in full in four documents each). A hit is used only when every field is still the same string.
 */
const signedMemo = new WeakMap<SignedPayload, { role: EmbeddedRole; fields: string[]; bytes: Uint8Array }>()
const payloadFields = (p: SignedPayload): string[] => [p.kind, p.format, p.signer.id, p.signer.name, p.signedAt, p.digest, p.signature, p.publicKey, p.fingerprint, p.canonical]
const utf8 = new TextEncoder()

function signedBytes(role: EmbeddedRole, p: SignedPayload): Uint8Array {
  const fields = payloadFields(p)
  const hit = signedMemo.get(p)
  if (hit && hit.role === role && hit.fields.every((f, i) => f === fields[i])) return hit.bytes
  const bytes = utf8.encode(signedXml(role, p))
  signedMemo.set(p, { role, fields, bytes })
  return bytes
}

/** The custom part as UTF-8: the same bytes as embeddedXml encoded. */
export function embeddedBytes(data: Omit<EmbeddedData, 'figures'>): Uint8Array {
  const { head, tail } = embeddedFrame(data)
  return concatBytes([utf8.encode(head), ...data.payloads.map((x) => signedBytes(x.role, x.payload)), utf8.encode(tail)])
}

function child(inner: string, prefix: string, name: string): { attrs: Record<string, string>; text: string } | null {
  const m = new RegExp(`<${prefix}${name}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${prefix}${name}>)`).exec(inner)
  if (!m) return null
  return { attrs: attributes(`<x ${m[1] ?? ''}>`), text: unescapeXml(m[2] ?? '') }
}

function all(xml: string, prefix: string, name: string): { attrs: Record<string, string>; text: string }[] {
  const re = new RegExp(`<${prefix}${name}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${prefix}${name}>)`, 'g')
  return [...xml.matchAll(re)].map((m) => ({ attrs: attributes(`<x ${m[1] ?? ''}>`), text: m[2] ?? '' }))
}

export class EmbedFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EmbedFormatError'
  }
}

/** Parses the custom part. Throws EmbedFormatError (Chinese message) when it is malformed. */
export function parseEmbeddedXml(xml: string): EmbeddedData {
  const root = /<(\w+:)?paneldesk\b([^>]*)>/.exec(xml)
  if (!root) throw new EmbedFormatError('内嵌数据缺少根元素')
  const prefix = root[1] ?? ''
  const rootAttrs = attributes(root[0])
  const kind = rootAttrs.kind as DocumentKind
  const payloads: EmbeddedPayload[] = all(xml, prefix, 'signed').map(({ attrs, text }) => {
    const get = (name: string): string => child(text, prefix, name)?.text ?? ''
    const signer = child(text, prefix, 'signer')
    return {
      role: attrs.role === 'leader' ? 'leader' : 'source',
      payload: {
        format: attrs.format as SignedPayload['format'],
        kind: attrs.kind as SignedPayload['kind'],
        canonical: get('canonical'),
        digest: get('digest'),
        signature: get('signature'),
        publicKey: get('publicKey'),
        fingerprint: get('fingerprint'),
        signer: { id: signer?.attrs.id ?? '', name: signer?.text ?? '' },
        signedAt: get('signedAt')
      }
    }
  })
  const charter = parseCharter(xml, prefix)
  const metaText = child(xml, prefix, 'meta')?.text
  if (metaText === undefined) throw new EmbedFormatError('内嵌数据缺少元数据')
  let meta: { rubric: RubricDefinition; opinion?: PanelOpinion; derivation?: PanelDerivation; bodyTextDigest?: string }
  try {
    meta = JSON.parse(metaText) as typeof meta
  } catch {
    throw new EmbedFormatError('内嵌元数据不是有效的 JSON')
  }
  const figures: ShownFigure[] = all(xml, prefix, 'figure').map(({ attrs, text }) => ({
    key: attrs.key ?? '',
    what: attrs.what ?? '',
    value: unescapeXml(text),
    anchors: (attrs.anchors ?? '').split(' ').filter(Boolean)
  }))
  const images: ImageFigure[] = all(xml, prefix, 'image').map(({ attrs, text }) => ({
    key: attrs.key ?? '',
    what: attrs.what ?? '',
    value: unescapeXml(text),
    anchor: attrs.anchor ?? '',
    ...(attrs.renderer !== undefined ? { renderer: attrs.renderer } : {})
  }))
  return {
    kind,
    payloads,
    rubric: meta.rubric,
    opinion: meta.opinion,
    derivation: meta.derivation,
    figures,
    images,
    ...(meta.bodyTextDigest !== undefined ? { bodyTextDigest: meta.bodyTextDigest } : {}),
    generator: rootAttrs.generator ?? '',
    ...(charter ? { charter } : {})
  }
}

function parseCharter(xml: string, prefix: string): SignedCharter | undefined {
  const found = all(xml, prefix, 'charter')
  if (found.length === 0) return undefined
  if (found.length > 1) throw new EmbedFormatError('内嵌数据中有多份秘书处名单')
  const inner = found[0]!.text
  const get = (name: string): string => child(inner, prefix, name)?.text ?? ''
  let cert: unknown
  try {
    cert = JSON.parse(get('cert'))
  } catch {
    throw new EmbedFormatError('秘书处名单的密钥证书不是有效的 JSON')
  }
  return { canonical: get('canonical'), digest: get('digest'), signature: get('signature'), cert: cert as SignedCharter['cert'] }
}

function guidFor(text: string): string {
  const h = createHash('sha256').update(text).digest('hex').toUpperCase()
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`
}

/** Adds the part to unzipped docx files (in place): customXml/itemN.xml, itemPropsN.xml, rels, content types. */
export function addEmbeddedPart(files: Record<string, Uint8Array>, data: Omit<EmbeddedData, 'figures'>): void {
  let n = 1
  while (files[`customXml/item${n}.xml`]) n++
  files[`customXml/item${n}.xml`] = embeddedBytes(data)
  files[`customXml/itemProps${n}.xml`] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' +
      `<ds:datastoreItem ds:itemID="${guidFor(`${data.kind}\n${data.payloads.map((p) => p.payload.digest).join('\n')}`)}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">` +
      `<ds:schemaRefs><ds:schemaRef ds:uri="${EMBED_NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>`
  )
  files[`customXml/_rels/item${n}.xml.rels`] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${CUSTOM_XML_PROPS_REL}" Target="itemProps${n}.xml"/></Relationships>`
  )
  const relsPath = 'word/_rels/document.xml.rels'
  const rels = strFromU8(files[relsPath] ?? strToU8(''))
  const ids = new Set([...rels.matchAll(/Id="([^"]+)"/g)].map((m) => m[1]))
  let r = 1
  while (ids.has(`rIdPD${r}`)) r++
  files[relsPath] = strToU8(
    rels.replace('</Relationships>', `<Relationship Id="rIdPD${r}" Type="${CUSTOM_XML_REL}" Target="../customXml/item${n}.xml"/></Relationships>`)
  )
  const ctPath = '[Content_Types].xml'
  const ct = strFromU8(files[ctPath] ?? strToU8(''))
  files[ctPath] = strToU8(
    ct.replace(
      '</Types>',
      `<Override PartName="/customXml/itemProps${n}.xml" ContentType="${CUSTOM_XML_PROPS_TYPE}"/>` +
        (/Extension="xml"/.test(ct) ? '' : '<Default Extension="xml" ContentType="application/xml"/>') +
        '</Types>'
    )
  )
}

/** Finds and parses the PanelDesk part of a document; null when the document has none. */
export function readEmbedded(files: Record<string, Uint8Array>): EmbeddedData | null {
  const names = Object.keys(files).filter((f) => /^customXml\/item\d+\.xml$/.test(f))
  for (const name of names) {
    const xml = strFromU8(files[name]!)
    if (xml.includes(EMBED_NAMESPACE)) return parseEmbeddedXml(xml)
  }
  return null
}
