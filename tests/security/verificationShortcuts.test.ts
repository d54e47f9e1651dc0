/**
 * Issue 10, speed: shortcuts in the signature check and the gathering for an export. The promise: each saves work
 * and decides nothing — a text that is not what was signed is still refused, and a sheet's content is always
 * judged on its own current text.
 *  - canonicalize's sorting shortcut (canonical.ts): a signed text with its members re-ordered, or in another
 *    normal form, is still not canonical, so verifySignedPayload refuses it;
 *  - the parse handed from the signature check to the content check (parsedHandoff.ts): a payload whose text is
 *    changed after its check, or an equal copy, gets no handed-over content — its own text is parsed and judged;
 *  - a stored text shared between two readers of one gathering (verdictStore.sharedStoredText): never to a reader
 *    of another database, never outside the gathering call.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeFixture } from '../kits/documents/testData'
import { seedSignedMeeting } from '../kits/documents/testDb'
import { tempDir } from '../helpers/tmp'
import { verifySignedPayload } from '../../shared/signing/envelope'
import { parseSheetContent } from '../../shared/signing/contentSchema'
import type { SignedPayload } from '../../shared/signing/types'
import { closeDb, openDb } from '../../electron/main/db/connection'
import { migrate } from '../../electron/main/db/migrator'
import { sharedStoredText, sharingStoredPayloads, verifyStoredPayloads } from '../../electron/main/services/verdictStore'

const f = makeFixture({ experts: 2, budgetLines: 5 })
const sheet = (): SignedPayload => structuredClone(f.sources[0]!)

/** The same JSON with the members of every object in reverse order (what the sorting shortcut would put right). */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed)
  if (v === null || typeof v !== 'object') return v
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]))
}

describe('shortcuts in checking signed sheets decide nothing', () => {
  it('a signed text with its members re-ordered, or with a name in NFD, is refused as not canonical', () => {
    const p = sheet()
    expect(verifySignedPayload(p).status).toBe('valid')
    const reordered = { ...p, canonical: JSON.stringify(reversed(JSON.parse(p.canonical))) }
    expect(reordered.canonical).not.toBe(p.canonical)
    expect(verifySignedPayload(reordered)).toMatchObject({ status: 'tampered', reason: expect.stringMatching(/规范形式/) })
    const nfd = { ...p, canonical: p.canonical.replace(`"${p.signer.name}"`, `"${p.signer.name.normalize('NFD')}e\u0301"`) }
    expect(verifySignedPayload(nfd).status).not.toBe('valid')
  })

  it('a text changed after its signature was checked is judged on its own text, not on the parse handed over', () => {
    const p = sheet()
    expect(verifySignedPayload(p).status).toBe('valid')
    // The same object, its text replaced after the check: its content check must not take the earlier parse.
    p.canonical = p.canonical.replace('"format":"paneldesk.sheet/1"', '"format":"paneldesk.sheet/9"')
    expect(p.canonical).toContain('paneldesk.sheet/9')
    const after = parseSheetContent(p)
    expect(after.ok).toBe(false)
    // An equal copy of a checked payload gets nothing handed over either: it parses its own text.
    const q = sheet()
    expect(verifySignedPayload(q).status).toBe('valid')
    const copy = { ...q, canonical: q.canonical.replace('"format":"paneldesk.sheet/1"', '"format":"paneldesk.sheet/9"') }
    expect(parseSheetContent(copy).ok).toBe(false)
  })

  it('a stored text read in one gathering is never handed to a reader of another database', async () => {
    const a = openDb(path.join(tempDir('shortcut-a'), 'db.sqlite'))
    const b = openDb(path.join(tempDir('shortcut-b'), 'db.sqlite'))
    try {
      await migrate(a)
      await migrate(b)
      const m = seedSignedMeeting(a, { projects: 1, experts: 2, budgetLines: 5 })
      const row = a.sqlite.prepare('SELECT id, signed_payload FROM score_sheets WHERE meeting_id = ? LIMIT 1').get(m.meetingId) as { id: string; signed_payload: string }
      const item = { sheetId: row.id, text: row.signed_payload, registeredFingerprint: m.experts[0]!.fingerprint }
      const seen = sharingStoredPayloads(a, () => {
        verifyStoredPayloads(a, [item])
        return { here: sharedStoredText(a, row.id), there: sharedStoredText(b, row.id) }
      })
      expect(seen).toEqual({ here: row.signed_payload, there: undefined })
      expect(sharedStoredText(a, row.id)).toBeUndefined()
    } finally {
      closeDb(a)
      closeDb(b)
    }
  })
})
