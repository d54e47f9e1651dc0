/**
 * Content keys remembered across envelopes (issue 15 bench: one SM2 decryption per wrapping, not per envelope).
 * Attack: a forger who can write to the folder signs an envelope with a key of its own, enclosed for the pinned
 * secretariat key under its own content key but claiming the `kid` of a real scope, and makes it come first. The
 * secretariat's laptop must still open the real envelopes of that scope: a content key is remembered by the wrapping
 * it came from, never by the kid an envelope claims. Version 2 (one SM2 transport key per author, recipient and
 * session, content keys under it): a forger who copies the real transport wrapping into its own envelope, with a
 * key block of its own, cannot put a key of its choosing in place of the real one either (it does not know the
 * transport key), and the real envelopes still open.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Change } from '../../shared/sync/change'
import { makeCert, makeSeal } from '../../shared/sync/seal'
import { makeContentKey, makeEnvelope, type ContentKey } from '../../shared/sync/unitEnvelope'
import { makeReleaseKey, sm4WrapKey } from '../../shared/sync/grant'
import { generateKeyPair } from '../../shared/signing/sm'
import { lockKeys, rememberKey } from '../../electron/main/sync/keyring'
import { Opener, openWithAny } from '../../electron/main/sync/folderSealed'
import { tempDir } from '../helpers/tmp'
import { TEST_SEC_KEY, newReplica, type Replica } from '../kits/sync/replica'

const ORIGIN = '01900000-0000-7000-8000-0000000000bb'

function sealedUnit(author: string, text: string) {
  const master = generateKeyPair()
  const sync = generateKeyPair()
  const cert = makeCert(author, master, sync.publicKey, '2026-12-01T00:00:00.000Z')
  const changes: Change[] = [1, 2].map((seq) => ({
    origin: ORIGIN, seq, tx: 1, txEnd: 2, hlc: `0190000000${seq}0-0000-${ORIGIN}`, author, tbl: 'opinions', rowId: `op-${seq}`, col: 'text', value: JSON.stringify(text)
  }))
  ;(changes[1] as Change).seal = JSON.stringify(makeSeal(changes, cert, sync.privateKey))
  return { changes, signer: { cert, privateKey: sync.privateKey }, master }
}

let open: Replica[] = []
afterEach(() => {
  for (const r of open) {
    lockKeys(r.db)
    r.close()
  }
  open = []
})

describe('remembered content keys', () => {
  it('a forged envelope claiming a real kid does not hide the real content key', async () => {
    const sec = await newReplica(tempDir('envkeys'), 'sec')
    open.push(sec)
    rememberKey(sec.db, TEST_SEC_KEY)
    const real = sealedUnit('e1', '真实意见')
    const realKey = makeContentKey([TEST_SEC_KEY.publicKey, real.master.publicKey])
    const genuine = makeEnvelope(real.changes, real.signer, realKey)
    const genuine2 = makeEnvelope(real.changes, real.signer, realKey)
    const fake = sealedUnit('e1', '伪造意见')
    const forged = makeEnvelope(fake.changes, fake.signer, { ...makeContentKey([TEST_SEC_KEY.publicKey]), kid: realKey.kid })
    expect(forged.kid).toBe(genuine.kid)

    const opener = new Opener(sec.db, sec.deviceKey())
    const first = openWithAny(forged, opener.keysOf(forged))
    expect(first.ok && first.changes[0]?.value).toBe(JSON.stringify('伪造意见'))
    for (const e of [genuine, genuine2]) {
      const opened = openWithAny(e, opener.keysOf(e))
      expect(opened.ok && opened.changes.map((c) => c.value)).toEqual([JSON.stringify('真实意见'), JSON.stringify('真实意见')])
    }
    // A new run (another Opener) reuses the unwrapped keys and still tells them apart.
    const again = new Opener(sec.db, sec.deviceKey())
    expect(openWithAny(genuine, again.keysOf(genuine)).ok).toBe(true)
    // Locked: nothing is remembered, nothing opens.
    lockKeys(sec.db)
    expect(new Opener(sec.db, sec.deviceKey()).keysOf(genuine)).toEqual([])
  })

  it('version 2: a forged envelope reusing the real transport wrapping neither opens as the forger wants nor hides the real key', async () => {
    const sec = await newReplica(tempDir('envkeys2'), 'sec')
    open.push(sec)
    rememberKey(sec.db, TEST_SEC_KEY)
    const real = sealedUnit('e1', '真实意见')
    const tk = makeReleaseKey(TEST_SEC_KEY.publicKey)
    const realKey = makeContentKey([TEST_SEC_KEY.publicKey, real.master.publicKey], (pub) => (pub === TEST_SEC_KEY.publicKey ? tk : makeReleaseKey(pub)))
    const genuine = makeEnvelope(real.changes, real.signer, realKey)
    expect(genuine.v).toBe(2)
    // The forger's own content key, put in a block "under" the real transport wrapping with a guessed transport key.
    const fake = sealedUnit('e1', '伪造意见')
    const fakeKey = makeContentKey([TEST_SEC_KEY.publicKey])
    const guessed = new Uint8Array(16).fill(7)
    const forgedKeys: ContentKey = { kid: realKey.kid, key: fakeKey.key, keys: [{ fp: genuine.keys[0]!.fp, tk: tk.rk, wrapped: sm4WrapKey(fakeKey.key, guessed) }] }
    const forged = makeEnvelope(fake.changes, fake.signer, forgedKeys)

    const opener = new Opener(sec.db, sec.deviceKey())
    const first = openWithAny(forged, opener.keysOf(forged))
    expect(first.ok).toBe(false) // its block decrypts, under the real transport key, to a key that is not the forger's
    const opened = openWithAny(genuine, opener.keysOf(genuine))
    expect(opened.ok && opened.changes.map((c) => c.value)).toEqual([JSON.stringify('真实意见'), JSON.stringify('真实意见')])
    lockKeys(sec.db)
    expect(new Opener(sec.db, sec.deviceKey()).keysOf(genuine)).toEqual([])
  })
})
