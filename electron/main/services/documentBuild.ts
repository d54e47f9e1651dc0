/**
 * Building one document of a project from its snapshot (documents.ts gathers it): the panel input, the signed
 * signature images, the secretariat's charter statement, and the preview.
 */
import { createHash } from 'node:crypto'
import { loadMammoth } from '../packages/docxText'
import type { DocumentKindId, DocumentPreview } from '../../../shared/api/documentTypes'
import { ApiError } from '../../../shared/api/errors'
import type { SheetPayload, SignedPayload } from '../../../shared/signing/types'
import { parseSheetContent } from '../../../shared/signing/contentSchema'
import type { Db } from '../db/connection'
import { buildFromInput, type DocumentJob } from '../documents/buildInput'
import { DOCUMENT_KIND_LABELS } from '../documents/figures'
import { documentFileName } from '../documents/fileNames'
import type { PanelOpinionDocInput } from '../documents/model'
import { verifyDocx } from '../documents/verify'
import { sealedOpinionOf } from '../documents/derive'
import type { SignedCharter } from '../documents/charter'
import type { Signer } from '../sync/signers'
import type { CharterFacts } from './documentTrust'
import { signCharter } from './documentTrust'
import { gatherProject, type ProjectSnapshot } from './documents'
import { sheetContent } from './board'
import { rememberedVerdict } from '../documents/verifyCache'

// ---------------------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------------------

const panelInputs = new WeakMap<ProjectSnapshot, PanelOpinionDocInput>()

export function panelInput(s: ProjectSnapshot): PanelOpinionDocInput {
  let input = panelInputs.get(s)
  if (!input) {
    if (!s.panelReady || !s.leaderId) throw new ApiError('conflict', s.panelReason || '专家组文档尚不能生成')
    if (!s.leaderPayload) throw new ApiError('conflict', s.panelReason || '组长尚未签署专家组意见')
    // The documents show exactly what the 组长 signed (parsed into a frozen object: see derive.sealedOpinionOf).
    const opinion = sealedOpinionOf(s.leaderPayload)
    const byDigest = new Map([...s.payloads.values()].map((p) => [p.digest, p]))
    const sources = opinion.sources.map((x) => byDigest.get(x.digest)).filter((p): p is SignedPayload => !!p)
    input = { opinion, sources, rubric: s.rubric, leaderPayload: s.leaderPayload, signatureImages: signedImages(s, sources) }
    panelInputs.set(s, input)
  }
  return input
}

const checkedSheets = new WeakMap<SignedPayload, { kind: string; canonical: string; sheet: SheetPayload | null }>()

/**
 * The sheet of a payload when its content is a valid sheet (contentSchema), else null: checked once per payload
 * object and text (an export asks again for every document of the project). A payload whose signature this process
 * has verified (exactly these fields and text, verifyCache.ts) was checked by gathering already: its check is
 * taken from the board's memo (by digest and signature, which a verified signature binds to this text).
 */
function checkedSheet(p: SignedPayload): SheetPayload | null {
  const hit = checkedSheets.get(p)
  if (hit && hit.kind === p.kind && hit.canonical === p.canonical) return hit.sheet
  const parsed = p.kind === 'expert-sheet' && rememberedVerdict(p)?.status === 'valid' ? sheetContent(p) : parseSheetContent(p)
  const sheet = parsed.ok ? parsed.content : null
  checkedSheets.set(p, { kind: p.kind, canonical: p.canonical, sheet })
  return sheet
}

/**
 * The handwritten signature images a document may print: each expert's stored image when its SHA-256 is the one
 * signed with the expert's sheet (or, for sheets signed before images were signed, the stored image as is).
 */
export function signedImages(s: Pick<ProjectSnapshot, 'images'>, sources: readonly SignedPayload[]): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {}
  for (const p of sources) {
    const sheet = checkedSheet(p)
    if (!sheet) continue
    const img = s.images.get(sheet.expert.id)
    if (!img) continue
    if (sheet.signatureImage === undefined || sheet.signatureImage === createHash('sha256').update(img).digest('hex')) out[sheet.expert.id] = img
  }
  return out
}

/**
 * The secretariat's charter statement for one document (charter.ts): the meeting, the 组长 and every signer with
 * the fingerprint registered here. Null when a signer has none (such a document is never made).
 */
export function charterFor(s: ProjectSnapshot, kind: DocumentKindId, expertId: string | null | undefined, signer: Signer): SignedCharter | null {
  const ids = kind === 'expert-opinion' ? (expertId ? [expertId] : []) : panelInput(s).sources.map((p) => p.signer.id)
  const entry = (id: string): CharterFacts['signers'][number] | null => {
    const fp = s.fingerprints.get(id) ?? ''
    const name = s.statuses.find((x) => x.expertId === id)?.name
    return fp && name !== undefined ? { expertId: id, name, fingerprint: fp } : null
  }
  const signers = ids.map(entry)
  if (signers.length === 0 || signers.some((x) => x === null)) return null
  const leader = s.leaderId ? entry(s.leaderId) : null
  const meeting = { id: s.meeting.id, name: s.meeting.name, organiser: s.meeting.organiser }
  return signCharter({ meeting, project: { id: s.project.id, name: s.project.name }, kind, leader, signers: signers as CharterFacts['signers'] }, signer)
}

/** What one document of a project is built from (with the secretariat's charter when `signer` is given). */
export function documentJob(s: ProjectSnapshot, kind: DocumentKindId, expertId?: string | null, signer?: Signer | null): DocumentJob {
  const charter = signer ? charterFor(s, kind, expertId, signer) : null
  const withCharter = charter ? { charter } : {}
  if (kind === 'expert-opinion') {
    const payload = expertId ? s.payloads.get(expertId) : undefined
    if (!expertId || !payload) {
      const st = s.statuses.find((x) => x.expertId === expertId)
      throw new ApiError('conflict', st ? `${st.name}的评审意见表${st.reason || '尚不能生成'}` : '该专家不在本项目的评审专家之中')
    }
    const fp = s.fingerprints.get(expertId) ?? ''
    const image = signedImages(s, [payload])[expertId]
    return {
      kind,
      input: {
        payload,
        rubric: s.rubric,
        ...(image ? { signatureImage: image } : {}),
        ...(fp ? { registeredFingerprint: fp } : {}),
        ...withCharter
      }
    }
  }
  return { kind, input: { ...panelInput(s), ...withCharter } }
}

/** Builds one document of a project from its snapshot (with the secretariat's charter when `signer` is given). */
export async function buildDocument(s: ProjectSnapshot, kind: DocumentKindId, expertId?: string | null, signer?: Signer | null): Promise<Uint8Array> {
  return buildFromInput(documentJob(s, kind, expertId, signer))
}

/**
 * The registered fingerprints of those signers that have one. A signer without one is simply not anchored by
 * them (never a reason to drop the checks of the others: issue 10).
 */
export function registeredFor(s: Pick<ProjectSnapshot, 'fingerprints'>, signerIds: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const id of signerIds) {
    const fp = s.fingerprints.get(id)
    if (fp) out[id] = fp
  }
  return out
}

export function signerIdsOf(s: ProjectSnapshot, kind: DocumentKindId, expertId?: string | null): string[] {
  return kind === 'expert-opinion' ? (expertId ? [expertId] : []) : [...s.payloads.keys()]
}

export async function previewDocument(db: Db, req: { projectId: string; kind: DocumentKindId; expertId?: string | null | undefined }): Promise<DocumentPreview> {
  const s = gatherProject(db, req.projectId)
  const bytes = await buildDocument(s, req.kind, req.expertId)
  const registered = registeredFor(s, signerIdsOf(s, req.kind, req.expertId))
  const verification = await verifyDocx(bytes, { registeredFingerprints: registered })
  const html = await docxToHtml(bytes)
  const expertName = req.expertId ? (s.statuses.find((x) => x.expertId === req.expertId)?.name ?? '') : undefined
  return {
    kind: req.kind,
    label: DOCUMENT_KIND_LABELS[req.kind],
    fileName: documentFileName(req.kind, s.project.name, expertName),
    html,
    sizeBytes: bytes.length,
    verification
  }
}

/** HTML of a document for the preview (mammoth escapes every text; images become data: URLs). */
export async function docxToHtml(bytes: Uint8Array): Promise<string> {
  const r = await loadMammoth().convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })
  return r.value
}
