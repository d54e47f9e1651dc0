/** Helpers for the document tests: build all four documents once, read parts, and tamper like a Word user would. */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { buildBudgetComparisonDocx } from '../../../electron/main/documents/budgetComparison'
import type { ShownFigure } from '../../../electron/main/documents/embed'
import { readEmbedded } from '../../../electron/main/documents/embed'
import { regenerateFromSigned } from '../../../electron/main/documents/verify'
import { buildExpertOpinionDocx } from '../../../electron/main/documents/expertOpinion'
import { buildPanelOpinionDocx } from '../../../electron/main/documents/panelOpinion'
import { buildScoreSummaryDocx } from '../../../electron/main/documents/scoreSummary'
import type { Fixture, FixtureOptions } from './testData'
import { makeFixture } from './testData'

export interface Built {
  fixture: Fixture
  expert: Uint8Array
  panel: Uint8Array
  summary: Uint8Array
  budget: Uint8Array
}

export async function buildAll(options: FixtureOptions = {}): Promise<Built> {
  const fixture = makeFixture({ ...options, experts: options.experts ?? 5 })
  const e = fixture.experts[0]!
  return {
    fixture,
    expert: await buildExpertOpinionDocx({ payload: fixture.sources[0]!, rubric: fixture.rubric, signatureImage: e.signaturePng, registeredFingerprint: e.fingerprint }),
    panel: await buildPanelOpinionDocx(fixture.panelInput),
    summary: await buildScoreSummaryDocx(fixture.panelInput),
    budget: await buildBudgetComparisonDocx(fixture.panelInput)
  }
}

export function part(bytes: Uint8Array, name: string): string {
  const f = unzipSync(bytes)[name]
  if (!f) throw new Error(`no part ${name}`)
  return strFromU8(f)
}

export function editPart(bytes: Uint8Array, name: string, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(bytes)
  const xml = strFromU8(files[name]!)
  const out = edit(xml)
  if (out === xml) throw new Error(`edit of ${name} changed nothing`)
  files[name] = strToU8(out)
  return zipSync(files)
}

/**
 * The figures a document shows, with their bookmarks: as the verifier finds them, from the document regenerated
 * from its signed data (documents written before issue 10's speed work also list them in the embedded part).
 */
export async function figuresOf(bytes: Uint8Array): Promise<ShownFigure[]> {
  const files = unzipSync(bytes)
  const data = readEmbedded(files)
  if (!data) throw new Error('no embedded data')
  if (data.figures.length > 0) return data.figures
  const r = await regenerateFromSigned(files, data)
  if ('problem' in r) throw new Error(r.problem)
  return r.figures
}

/** Anchors (bookmark names) of a figure. */
export async function anchorsOf(bytes: Uint8Array, key: string): Promise<string[]> {
  const f = (await figuresOf(bytes)).find((x) => x.key === key)
  if (!f) throw new Error(`no figure ${key}`)
  return f.anchors
}

/** Replaces the text shown at every anchor of `key` — what typing over it in Word does. */
export async function editFigure(bytes: Uint8Array, key: string, newText: string, onlyFirst = false): Promise<Uint8Array> {
  const anchors = await anchorsOf(bytes, key)
  return editPart(bytes, 'word/document.xml', (xml) => {
    let out = xml
    for (const a of onlyFirst ? anchors.slice(0, 1) : anchors) {
      const re = new RegExp(`(<w:bookmarkStart[^>]*w:name="${a}"[^>]*/>[\\s\\S]*?<w:t[^>]*>)([^<]*)(</w:t>)`)
      out = out.replace(re, (_m, p1: string, _p2: string, p3: string) => `${p1}${newText}${p3}`)
    }
    return out
  })
}
