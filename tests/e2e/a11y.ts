/** axe-core on the current page: no violation of any impact (issue 11 item 7), and the screenshot sizes. */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { screenshot } from './harness'

const require = createRequire(import.meta.url)
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/** Every axe violation on the page, of any impact (issue 11 item 7 asks for none at all). */
export async function allA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's strict CSP (rightly) refuses injected script tags. Once per
  // loaded document: the app navigates by hash, so a page keeps axe from its previous check until it reloads.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx?: unknown, opts?: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe
    // A toast (antd's message, in a portal outside the landmarks) floats above the screen for three seconds and
    // fades: not part of the screen under test (settle does not wait for it to go).
    const r = await axe.run({ exclude: [['.ant-message']] }, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }))
  })
  return violations
}

export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  return (await allA11yViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** Asserts a settled screen has no axe violation of any impact. */
export async function expectAxeClean(page: Page): Promise<void> {
  await settle(page)
  const violations = await allA11yViolations(page)
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([])
}

/** The three sizes the issue names: screenshots of the current screen at 1280×720, 1366×768 and 1920×1080. */
export const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 }
] as const

/**
 * Which sizes a run writes screenshots at. By default each screen once, at the size the tests drive it at
 * (1366×768): a screenshot asserts nothing, and two more sizes of every screen cost the suite about a second of
 * CPU per screen. `PANELDESK_E2E_SCREENSHOTS=all` (a switch of this test folder, for whoever looks at a changed
 * screen) writes all three sizes, as the issue asks for a screen under change. Screenshots copied to docs/images are
 * always taken at every size (`always`), and a layout check at each size always runs at each size.
 */
export const ALL_SIZES = process.env.PANELDESK_E2E_SCREENSHOTS === 'all'

/** The sizes to shoot: all three with the switch (or `always`), else 1366×768 alone. */
export function shotSizes(always = false): readonly { width: number; height: number }[] {
  return ALL_SIZES || always ? VIEWPORTS : [VIEWPORTS[1]]
}

/**
 * Screenshots of the current screen (at the sizes of `shotSizes`); with `check`, the check runs at each of the three
 * sizes whether or not that size is shot.
 */
export async function screenshotSizes(page: Page, name: string, check?: (size: { width: number; height: number }) => Promise<void>): Promise<void> {
  const before = page.viewportSize()
  const shoot = shotSizes()
  for (const size of check ? VIEWPORTS : shoot) {
    const now = page.viewportSize()
    if (now?.width !== size.width || now.height !== size.height) {
      await page.setViewportSize(size)
      // The panes re-measure on resize: wait for the new size and two frames.
      await page.waitForFunction((w) => window.innerWidth === w, size.width)
      await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))))
    }
    if (check) await check(size)
    if (shoot.includes(size)) await screenshot(page, `${name}-${size.width}x${size.height}`)
  }
  const now = page.viewportSize()
  if (before && (now?.width !== before.width || now.height !== before.height)) await page.setViewportSize(before)
}

/** Waits until no toast is shown; a toast still there after 15 s fails the test with its text and state. */
async function waitNamingToasts(page: Page): Promise<void> {
  try {
    await page.waitForFunction(() => !document.querySelector('.ant-message-notice-wrapper'), undefined, { timeout: 15_000 })
  } catch (err) {
    const shown = await page
      .evaluate(() => ({
        visibility: document.visibilityState,
        url: location.href,
        toasts: [...document.querySelectorAll('.ant-message-notice-wrapper')].map((e) => `${e.className} opacity=${getComputedStyle(e).opacity}: ${e.textContent ?? ''}`)
      }))
      .catch((e: unknown) => String(e))
    throw new Error(`a toast stayed on screen for 15 s: ${JSON.stringify(shown)}`, { cause: err })
  }
}

/**
 * Waits for the screen to settle: no spinner (a page still loading), no open select list or tooltip, no animation
 * running. A toast is left where it is unless `waitForToasts` (the screenshots copied to docs/images): it floats
 * above the page, axe leaves it out (`allA11yViolations`), and waiting out its three seconds after every action
 * cost the e2e run about a sixth of its time (17 s of waiting in 22 captures of three files).
 */
export async function settle(page: Page, options: { waitForToasts?: boolean } = {}): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-spin-blur, .pd-spinner'))
  // The pointer is moved off whatever it last clicked first: a toast under the pointer pauses its timer (antd's
  // pauseOnHover) and a hover tooltip stays open. A closing select list or tooltip (still fading, in a portal outside
  // the landmarks) is not part of the screen.
  await page.mouse.move(0, 0)
  if (options.waitForToasts) await waitNamingToasts(page)
  await page.waitForFunction(() => !document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-tooltip:not(.ant-tooltip-hidden)'), undefined, { timeout: 15_000 })
  // An opening dialog zooms and fades in, a tab's ink bar slides: axe measures a half-faded text as too little
  // contrast, so wait until every finite animation and transition on the page has finished.
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
    undefined,
    { timeout: 15_000 }
  )
}

/**
 * A settled screen, screenshotted at 1366×768 (and at 1920×1080 when `wide` is not false and every size is shot:
 * `shotSizes`, or `always`), then checked with axe.
 */
export async function captureScreen(page: Page, name: string, options: { wide?: boolean; always?: boolean } = {}): Promise<void> {
  await settle(page, { waitForToasts: options.always })
  if (options.wide !== false && shotSizes(options.always).length > 1) {
    await page.setViewportSize({ width: 1920, height: 1080 })
    await screenshot(page, `${name}-1920x1080`)
  }
  await page.setViewportSize({ width: 1366, height: 768 })
  await screenshot(page, `${name}-1366x768`)
  const violations = await allA11yViolations(page)
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([])
}
