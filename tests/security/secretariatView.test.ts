/**
 * The secretariat's view is not a menu choice (issue 15, item 6): through the real API, an expert's laptop (it pinned
 * the secretariat's key and does not hold it) cannot switch to it or read the board, the merge or the documents; the
 * secretariat's own laptop needs its PIN again in each session. A laptop that joined no meeting (the demo) keeps it.
 */
import { describe, expect, it } from 'vitest'
import { NO_SECRETARIAT_VIEW, SECRETARIAT_VIEW_LOCKED } from '../../shared/api/secretariatView'
import { testBackend } from '../helpers/backend'
import { rejection } from '../helpers/review'
import { tempDir } from '../helpers/tmp'

const PIN = '135790'

describe('the secretariat view on a laptop', () => {
  it('is refused on an expert laptop, needs the PIN on the secretariat laptop in every session, and stays open on a laptop that joined nothing', async () => {
    const standalone = await testBackend()
    const [m] = await standalone.handlers['meetings.list']({})
    const meetingId = m!.id
    // The demo laptop: no secretariat key, nothing pinned — its own data only.
    await standalone.handlers['session.actAs']({ expertId: null })
    expect((await standalone.handlers['board.get']({ meetingId })).rows.length).toBeGreaterThan(0)

    // The secretariat's laptop: the key made in this session is unlocked; after a restart it is locked again.
    const dataDir = tempDir('sec-laptop')
    const sec = await testBackend({ dataDir })
    const fp = (await sec.handlers['trust.createSecretariatKey']({ pin: PIN, pinConfirm: PIN })).secretariatKey!.fingerprint
    await sec.handlers['session.actAs']({ expertId: null })
    sec.close()
    const again = await testBackend({ dataDir })
    const [m2] = await again.handlers['meetings.list']({})
    for (const call of [
      () => again.handlers['board.get']({ meetingId: m2!.id }),
      () => again.handlers['merge.meeting']({ meetingId: m2!.id }),
      () => again.handlers['documents.list']({ meetingId: m2!.id }),
      () => again.handlers['audit.list']({ meetingId: m2!.id }),
      () => again.handlers['session.actAs']({ expertId: null })
    ]) {
      expect(await rejection(call)).toMatchObject({ code: 'forbidden', message: SECRETARIAT_VIEW_LOCKED })
    }
    expect(await rejection(() => again.handlers['trust.unlockSecretariat']({ pin: '000000' }))).toMatchObject({ code: 'forbidden' })
    expect(await rejection(() => again.handlers['board.get']({ meetingId: m2!.id }))).toMatchObject({ message: SECRETARIAT_VIEW_LOCKED })
    await again.handlers['trust.unlockSecretariat']({ pin: PIN })
    expect((await again.handlers['board.get']({ meetingId: m2!.id })).rows.length).toBeGreaterThan(0)
    expect((await again.handlers['session.actAs']({ expertId: null })).actingExpertId).toBeNull()

    // An expert's laptop: it pinned the secretariat's key at check-in and holds none — no secretariat view at all.
    const expert = await testBackend()
    await expert.handlers['trust.pinSecretariat']({ fingerprint: fp })
    const [m3] = await expert.handlers['meetings.list']({})
    expect(await rejection(() => expert.handlers['session.actAs']({ expertId: null }))).toMatchObject({ code: 'forbidden', message: NO_SECRETARIAT_VIEW })
    // It stays the expert it acts as (the demo's first expert here): the merge it gets is that expert's view.
    const acting = (await expert.handlers['app.info']({})).actingExpertId
    expect(acting).not.toBeNull()
    expect((await expert.handlers['merge.meeting']({ meetingId: m3!.id })).meetingId).toBe(m3!.id)
    expect(await rejection(() => expert.handlers['trust.unlockSecretariat']({ pin: PIN }))).toMatchObject({ code: 'conflict' })
  })
})
