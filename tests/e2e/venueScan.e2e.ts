/**
 * 扫码加入 (issue 11 item 10): an expert's laptop joins 会场模式 by showing the secretariat's QR code to its camera.
 * Chromium's fake camera plays a .y4m made from the app's own QR encoder (tests/kits/qrPicture): a picture without a
 * code (the dialog, axe, screenshots, Esc releases the camera), the venue code with an altered certificate
 * fingerprint (refused at the field, as typed), then the real code (joined). Then a refused permission and a laptop
 * without a camera: a Chinese reason, the typed code untouched.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expectAxeClean, screenshotSizes } from './a11y'
import { api, launchBrowser, startBackend, tempDataDir, type RunningBackend } from './harness'
import { qrPicture, toY4m } from '../kits/qrPicture'

const camera = path.join(tempDataDir('venue-camera'), 'camera.y4m')
let browser: Browser
let host: RunningBackend
let expert: RunningBackend
const others: { close(): Promise<void> }[] = []

/** What the fake camera shows from the next time it is opened. */
const show = (text: string | null) => fs.writeFileSync(camera, toY4m(text === null ? { width: 640, height: 480, data: new Uint8Array(640 * 480).fill(200) } : qrPicture(text, { angle: 8, noise: 20 })))

beforeAll(async () => {
  show(null)
  // One at a time: the machine is shared and each start is CPU-bound.
  host = await startBackend(tempDataDir('venue-host'))
  expert = await startBackend(tempDataDir('venue-expert'))
  browser = await launchBrowser(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${camera}`])
})
afterAll(async () => {
  for (const o of others) await o.close().catch(() => undefined)
  await Promise.all([host?.stop(), expert?.stop()])
  await browser?.close()
})

/** A page of the expert's laptop on the 同步 page; every camera stream it opens is kept to check it is released. */
async function syncPage(context: BrowserContext): Promise<Page> {
  await context.addInitScript(() => {
    const streams: MediaStream[] = []
    ;(window as unknown as { __streams: MediaStream[] }).__streams = streams
    const md = navigator.mediaDevices
    if (!md) return
    const original = md.getUserMedia.bind(md)
    md.getUserMedia = async (c) => {
      const s = await original(c)
      streams.push(s)
      return s
    }
  })
  const page = await context.newPage()
  await page.goto(expert.url)
  await page.waitForFunction(() => !location.hash.includes('token='))
  await page.evaluate(() => (location.hash = '#/sync'))
  await page.getByLabel(/会场加入码/).waitFor()
  return page
}

const liveTracks = (page: Page) =>
  page.evaluate(() => (window as unknown as { __streams: MediaStream[] }).__streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length)

describe('扫码加入', () => {
  it('reads the venue QR code with the camera: an altered code is refused at the field, the real one joins', async () => {
    await api(host, 'session.actAs', { expertId: null })
    await api(host, 'trust.createSecretariatKey', { pin: '135790', pinConfirm: '135790' })
    const meeting = await api<{ id: string }>(host, 'meetings.create', { name: '第十二批评审会', date: '2026-12-10', place: '三明', organiser: '市数据管理局' })
    await api(host, 'venue.start', { meetingId: meeting.id })
    const { venueCode } = await api<{ venueCode: string }>(host, 'sync.createJoinCode', { author: 'expert-zhang' })
    const altered = venueCode.split('/').map((p, i) => (i === 3 ? 'ab'.repeat(16) : p)).join('/')

    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } })
    others.push(context)
    await context.grantPermissions(['camera'], { origin: new URL(expert.url).origin })
    const page = await syncPage(context)
    const field = page.getByLabel(/会场加入码/)
    const dialog = page.getByRole('dialog', { name: '扫描会场加入码' })
    // No code in view: the dialog waits; Esc closes it and releases the camera.
    await page.getByRole('button', { name: '扫描二维码' }).click()
    await dialog.getByText(/请将秘书处屏幕或打印件上的二维码对准摄像头/).waitFor()
    await expect.poll(() => liveTracks(page)).toBe(1)
    await expectAxeClean(page)
    await screenshotSizes(page, '70-venue-scan')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => liveTracks(page)).toBe(0)

    // A QR code whose certificate fingerprint was altered: filled in, then refused exactly as if typed.
    show(altered)
    await page.getByRole('button', { name: '扫描二维码' }).click()
    await expect.poll(() => field.inputValue(), { timeout: 20_000 }).toBe(altered)
    await page.locator('#venue-code-error').getByText(/^同步服务器的证书与会场加入码中的指纹不符，已拒绝连接/).waitFor({ timeout: 20_000 })
    expect(await liveTracks(page)).toBe(0)
    expect((await api<{ target: unknown }>(expert, 'sync.status')).target).toBeNull()

    show(venueCode)
    await page.getByRole('button', { name: '扫描二维码' }).click()
    await page.getByText('已加入会场同步').waitFor({ timeout: 30_000 })
    expect(await liveTracks(page)).toBe(0)
    expect((await api<{ target: { kind: string; author: string; meetingId: string } }>(expert, 'sync.status')).target).toMatchObject({ kind: 'server', author: 'expert-zhang', meetingId: meeting.id })
    await context.close()
  })

  it('says in Chinese when the camera is refused or missing, and keeps the typed code', async () => {
    const typed = 'PDV1/192.168.1.20:8620/'
    const denied = await browser.newContext({ viewport: { width: 1366, height: 768 } })
    others.push(denied)
    const p1 = await syncPage(denied)
    await p1.getByLabel(/会场加入码/).fill(typed)
    await p1.getByRole('button', { name: '扫描二维码' }).click()
    await p1.getByTestId('camera-error').getByText('摄像头权限被拒绝，请改为输入加入码').waitFor()
    await expectAxeClean(p1)
    await screenshotSizes(p1, '71-venue-scan-denied')
    await p1.getByRole('button', { name: '取消' }).click()
    expect(await p1.getByLabel(/会场加入码/).inputValue()).toBe(typed)

    const noCamera = await launchBrowser()
    others.push(noCamera)
    const context = await noCamera.newContext({ viewport: { width: 1366, height: 768 } })
    await context.grantPermissions(['camera'], { origin: new URL(expert.url).origin })
    const p2 = await syncPage(context)
    await p2.getByLabel(/会场加入码/).fill(typed)
    await p2.getByRole('button', { name: '扫描二维码' }).click()
    await p2.getByTestId('camera-error').getByText('未检测到摄像头，请改为输入加入码').waitFor()
    await p2.keyboard.press('Escape')
    await p2.getByRole('dialog').waitFor({ state: 'detached' })
    expect(await p2.getByLabel(/会场加入码/).inputValue()).toBe(typed)
  })

  it('the secretariat starts 会场模式 with one button, the header counts the expert who joined, and ends it', async () => {
    // The first test started it through the API (this one also runs alone): from here on, only the screen.
    await api(host, 'session.actAs', { expertId: null })
    if (!(await api<{ secretariatKey: unknown }>(host, 'trust.status')).secretariatKey) await api(host, 'trust.createSecretariatKey', { pin: '135790', pinConfirm: '135790' })
    if (!(await api<{ isDemo: boolean }[]>(host, 'meetings.list')).some((m) => !m.isDemo)) await api(host, 'meetings.create', { name: '第十二批评审会', date: '2026-12-10', place: '三明', organiser: '市数据管理局' })
    await api(host, 'venue.stop', {})
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } })
    others.push(context)
    const page = await context.newPage()
    await page.goto(host.url)
    await page.waitForFunction(() => !location.hash.includes('token='))
    await page.evaluate(() => (location.hash = '#/sync'))
    const card = page.getByTestId('venue-card')
    await card.getByRole('button', { name: '开启会场模式' }).click()
    await card.getByTestId('venue-connected').filter({ hasText: '0 位' }).waitFor()
    expect(await card.getByText(/^https:\/\/[\d.]+:\d+/).count()).toBeGreaterThan(0)
    await page.getByTestId('venue-indicator').filter({ hasText: '会场模式 · 0 位专家已连接' }).waitFor()

    // An expert's laptop joins with the code made for it and syncs once: counted on the card and in the header.
    const { venueCode } = await api<{ venueCode: string }>(host, 'sync.createJoinCode', { author: 'expert-li' })
    await api(expert, 'sync.joinVenue', { code: venueCode, meetingId: '' })
    await api(expert, 'sync.now', {})
    await page.getByTestId('venue-indicator').filter({ hasText: '会场模式 · 1 位专家已连接' }).waitFor({ timeout: 30_000 })
    await card.getByTestId('venue-connected').filter({ hasText: '1 位' }).waitFor({ timeout: 30_000 })
    await expectAxeClean(page)
    await screenshotSizes(page, '72-venue-host')

    await card.getByRole('button', { name: '结束会场模式' }).click()
    await page.getByRole('button', { name: /^结\s*束$/ }).click()
    await card.getByRole('button', { name: '开启会场模式' }).waitFor()
    await page.getByTestId('venue-indicator').waitFor({ state: 'detached' })
    expect((await api<{ running: boolean }>(host, 'venue.status')).running).toBe(false)
    await context.close()
  })
})
