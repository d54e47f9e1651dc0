/**
 * Attacks on the PDF worker thread of the package import (issue 14 item 11): a PDF whose text extraction hangs,
 * throws or kills the worker gives a Chinese PackageError naming the file within the time limit, the worker is
 * stopped, and the database and the blob store are as they were. The stand-in workers (tests/kits/packages/
 * pdfWorkers) play pdf.js misbehaving on a crafted PDF.
 */
import { describe, expect, it } from 'vitest'
import type { MeetingSummary } from '../../shared/api/types'
import { BlobStore } from '../../electron/main/blobs/store'
import { PackageError } from '../../electron/main/packages/errors'
import { importPackage } from '../../electron/main/services/packageImport'
import { hasWarmPdfWorker, pdfWorkerWarmed, stopWarmPdfWorker, warmPdfWorker } from '../../electron/main/packages/pdfThread'
import { readPackage } from '../../electron/main/packages/readPackage'
import { testBackend } from '../helpers/backend'
import { CLEAN, snapshotDb } from '../helpers/packages'

const worker = (name: string) => new URL(`../kits/packages/pdfWorkers/${name}.mjs`, import.meta.url)

async function importWith(entry: URL, timeoutMs: number) {
  const backend = await testBackend({ seedDemo: false })
  const meeting = (await backend.handlers['meetings.create']({ name: '评审会', date: '2026-12-01', place: '', organiser: '' })) as MeetingSummary
  const blobs = new BlobStore(backend.paths.dataDir)
  const before = snapshotDb(backend)
  const started = performance.now()
  const error = await importPackage(backend.db(), blobs, {
    meetingId: meeting.id,
    source: CLEAN,
    sourceName: 'clean.pdpkg',
    readOptions: { pdfThread: { entry, timeoutMs } }
  }).catch((e: unknown) => e)
  const ms = performance.now() - started
  expect(error).toBeInstanceOf(PackageError)
  expect(snapshotDb(backend)).toEqual(before)
  expect(blobs.list()).toEqual([])
  return { error: error as PackageError, ms }
}

describe('a PDF whose extraction misbehaves in the worker', () => {
  it('a hung extraction is stopped at the time limit with a Chinese reason; nothing is written', async () => {
    const { error, ms } = await importWith(worker('hangs'), 1500)
    expect(error).toMatchObject({ code: 'pdf-timeout', file: 'docs/可研暨初设方案.pdf' })
    expect(error.message).toMatch(/可研暨初设方案\.pdf.*1\.5 秒内未能提取出文字/)
    // Bounded by the limit (plus reading the rest), not by the worker.
    expect(ms).toBeLessThan(60_000)
  })

  it('a worker that throws or exits gives a Chinese reason naming the PDF; nothing is written', async () => {
    for (const name of ['throws', 'exits']) {
      const { error } = await importWith(worker(name), 60_000)
      expect(error, name).toMatchObject({ code: 'pdf-corrupt', file: 'docs/可研暨初设方案.pdf' })
      expect(error.message, name).toMatch(/“docs\/可研暨初设方案\.pdf”的后台线程意外退出/)
    }
  })
})

describe('the warm PDF worker (started at start-up for the first import)', () => {
  it('serves the next import, a fresh one is warmed after it, and stopping ends it', async () => {
    const entry = worker('echo')
    try {
      warmPdfWorker(entry)
      expect(hasWarmPdfWorker()).toBe(true)
      expect(await pdfWorkerWarmed()).toBe(true)
      const first = await readPackage(CLEAN, { pdfThread: { entry } })
      const pdf = first.documents.find((d) => d.format === 'pdf')!
      // The warm worker served it (its first PDF), and another was warmed for the next import.
      expect(pdf.pages).toEqual([expect.stringMatching(/^worker \d+ pdf 1$/)])
      expect(hasWarmPdfWorker()).toBe(true)
      const second = await readPackage(CLEAN, { pdfThread: { entry } })
      const page2 = second.documents.find((d) => d.format === 'pdf')!.pages[0]!
      expect(page2).toMatch(/^worker \d+ pdf 1$/)
      expect(page2).not.toBe(pdf.pages[0])
    } finally {
      stopWarmPdfWorker()
    }
    expect(hasWarmPdfWorker()).toBe(false)
  })

  it('a warm worker whose extraction hangs is stopped at the time limit like any other; nothing is written', async () => {
    const entry = worker('hangs')
    try {
      warmPdfWorker(entry)
      const { error } = await importWith(entry, 1500)
      expect(error).toMatchObject({ code: 'pdf-timeout', file: 'docs/可研暨初设方案.pdf' })
    } finally {
      stopWarmPdfWorker()
    }
  })
})
