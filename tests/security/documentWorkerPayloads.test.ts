/**
 * Issue 10, speed: a build worker is sent each signed payload once and gets it by number afterwards
 * (documents/buildWire.ts). The promise: that saves the copy and nothing else — a payload that differs in any way
 * from the one the worker holds is sent in full, and the builders check a referenced payload exactly as one sent
 * in full. The two tables are used here as the pool and the worker use them, each task copied as postMessage
 * copies it (structuredClone).
 */
import { describe, expect, it } from 'vitest'
import { makeFixture } from '../kits/documents/testData'
import { buildFromInput, type DocumentJob } from '../../electron/main/documents/buildInput'
import { ReceivedPayloads, SentPayloads, toWire, type SentTask } from '../../electron/main/documents/buildWire'
import type { SignedPayload } from '../../shared/signing/types'

const f = makeFixture({ experts: 3, budgetLines: 6 })
const expertJob = (payload: SignedPayload, registeredFingerprint?: string): DocumentJob => ({
  kind: 'expert-opinion',
  input: { payload, rubric: f.rubric, ...(registeredFingerprint !== undefined ? { registeredFingerprint } : {}) }
})

/** One task through both tables, as the pool posts it and the worker reads it. */
function post(sent: SentPayloads, received: ReceivedPayloads, job: DocumentJob): { wire: SentTask; job: DocumentJob } {
  const wire = structuredClone(sent.encode({ op: 'build', job: toWire(job), seeds: [] }))
  if (wire.op !== 'build') throw new Error('not a build')
  return { wire, job: received.decode(wire).job }
}

const wirePayload = (t: SentTask): { ref: number; payload?: SignedPayload } => {
  if (t.op !== 'build' || t.job.kind !== 'expert-opinion') throw new Error('not an expert job')
  return t.job.input.payload
}

describe('payloads a build worker already holds', () => {
  it('a tampered copy of a held sheet (same digest and signature) is sent in full and refused by the builder', async () => {
    const sent = new SentPayloads()
    const received = new ReceivedPayloads()
    const genuine = f.sources[0]!
    const first = post(sent, received, expertJob(genuine))
    expect(wirePayload(first.wire).payload).toBeDefined()
    await expect(buildFromInput(first.job)).resolves.toBeInstanceOf(Uint8Array)
    // The same sheet again: by number only.
    const again = post(sent, received, expertJob(genuine))
    expect(wirePayload(again.wire).payload).toBeUndefined()
    // A copy with one figure changed but the old digest and signature: not the held payload.
    const tampered: SignedPayload = { ...genuine, canonical: genuine.canonical.replace('"approvedAmount":437.76', '"approvedAmount":37.76') }
    expect(tampered.canonical).not.toBe(genuine.canonical)
    const forged = post(sent, received, expertJob(tampered))
    expect(wirePayload(forged.wire).payload?.canonical).toBe(tampered.canonical)
    if (forged.job.kind !== 'expert-opinion') throw new Error('not an expert job')
    expect(forged.job.input.payload.canonical).toBe(tampered.canonical)
    await expect(buildFromInput(forged.job)).rejects.toThrow()
  })

  it('any other field changed is another payload: sent in full', () => {
    const sent = new SentPayloads()
    const genuine = f.sources[1]!
    const encode = (p: SignedPayload): { ref: number; payload?: SignedPayload } => wirePayload(sent.encode({ op: 'build', job: toWire(expertJob(p)), seeds: [] }))
    expect(encode(genuine).payload).toBeDefined()
    expect(encode({ ...genuine }).payload).toBeUndefined()
    for (const changed of [
      { ...genuine, signer: { ...genuine.signer, name: '冒名' } },
      { ...genuine, signer: { ...genuine.signer, id: 'other' } },
      { ...genuine, signedAt: '2030-01-01T00:00:00.000Z' },
      { ...genuine, publicKey: f.sources[2]!.publicKey },
      { ...genuine, fingerprint: f.sources[2]!.fingerprint },
      { ...genuine, signature: f.sources[2]!.signature },
      { ...genuine, digest: f.sources[2]!.digest },
      { ...genuine, canonical: `${genuine.canonical} ` }
    ]) {
      expect(encode(changed).payload).toBe(changed)
    }
  })

  it('a referenced sheet is checked by the builder as one sent in full (a wrong registered fingerprint is refused)', async () => {
    const sent = new SentPayloads()
    const received = new ReceivedPayloads()
    const genuine = f.sources[0]!
    const ok = post(sent, received, expertJob(genuine, f.experts[0]!.fingerprint))
    await expect(buildFromInput(ok.job)).resolves.toBeInstanceOf(Uint8Array)
    const byRef = post(sent, received, expertJob(genuine, f.experts[1]!.fingerprint))
    expect(wirePayload(byRef.wire).payload).toBeUndefined()
    await expect(buildFromInput(byRef.job)).rejects.toThrow()
  })
})
