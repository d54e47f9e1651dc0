/**
 * The expert's review (issue 4): make a key, draw a signature, sign the 承诺书, declare, score a whole project
 * by keyboard alone, submit with the PIN and see the sheet locked and verified; a second expert recuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { allA11yViolations, settle } from './a11y'
import { launchBrowser, screenshot, startBackend, tempDataDir, type RunningBackend } from './harness'
import { createKeyOnScreen } from './steps'

let browser: Browser
let backend: RunningBackend
const PIN = '246810'

beforeAll(async () => {
  browser = await launchBrowser()
  backend = await startBackend(tempDataDir('review'))
})
afterAll(async () => {
  await backend?.stop()
  await browser?.close()
})

const noSpinners = settle

async function a11y(page: Page) {
  const v = await allA11yViolations(page)
  expect(v, JSON.stringify(v, null, 2)).toEqual([])
}

describe("an expert's review", () => {
  it('makes a key, signs, declares, scores by keyboard, submits with the PIN, and the sheet is locked', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await createKeyOnScreen(page, PIN)
    const fp = page.getByTestId('fingerprint')
    expect(await fp.textContent()).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/)
    // The same fingerprint as a QR code for check-in.
    await page.getByTestId('fingerprint-qr').waitFor()
    expect(await page.getByTestId('fingerprint-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/)

    // Draw a signature with the mouse.
    const pad = page.getByTestId('signature-pad')
    await pad.scrollIntoViewIfNeeded()
    const box = (await pad.boundingBox())!
    await page.mouse.move(box.x + 40, box.y + 120)
    await page.mouse.down()
    for (let i = 0; i <= 20; i++) await page.mouse.move(box.x + 40 + i * 15, box.y + 120 - Math.sin(i / 3) * 50)
    await page.mouse.up()
    await page.getByRole('button', { name: '保存签名' }).click()
    await page.getByRole('img', { name: '当前保存的手写签名' }).waitFor()
    await noSpinners(page)
    await screenshot(page, '10-identity')
    await a11y(page)

    // 我的评审: the 承诺书 first.
    await page.getByRole('menuitem', { name: '我的评审' }).click()
    await page.getByTestId('commitment').waitFor()
    await page.getByRole('checkbox', { name: '我已阅读上述承诺，并愿意遵守' }).check()
    await page.getByRole('button', { name: '签署承诺书' }).click()
    await page.getByText('还有 3 个项目待完成').waitFor()
    await noSpinners(page)
    await screenshot(page, '11-review-overview')
    await a11y(page)

    await page.getByRole('link', { name: /智慧医保/ }).click()
    await page.getByTestId('declaration').waitFor()
    await page.getByRole('button', { name: '确认声明' }).click()
    await page.getByRole('button', { name: '开始评审' }).click()

    // Keyboard alone from the first score to the signed submission.
    const first = page.getByLabel('建设依据与必要性（国家、省、市文件和数字三明规划）得分（满分6）')
    await first.focus()
    const values: Record<string, string> = {
      '建设依据与必要性（国家、省、市文件和数字三明规划）': '5',
      需求分析与业务流程: '5',
      '总体架构与技术路线（依托政务云、复用共性平台）': '7',
      '建设内容与功能匹配、无重复建设': '5',
      信创适配: '3',
      等级保护定级与措施: '5',
      '密码应用方案（GB/T 39786）': '5',
      '政务云上自建系统的应用安全（平台安全边界）': '3',
      数据与个人信息安全: '3',
      '引用国标/行标/地标': '4',
      '接口与数据标准、互联互通': '4',
      拟生成数据目录: '4',
      数据需求清单: '4',
      汇聚共享与开发利用: '4',
      '构成完整、无排除项': '4',
      软件工作量测算依据: '5.5',
      设备与服务询价依据: '4',
      其他费用费率: '4'
    }
    for (const [name, v] of Object.entries(values)) {
      const input = page.getByLabel(`${name}得分`, { exact: false })
      // Tab until this score box has the focus (passing over opinion boxes and the 不适用 box).
      for (let guard = 0; guard < 6 && !(await input.evaluate((el) => el === document.activeElement)); guard++) await page.keyboard.press('Tab')
      expect(await input.evaluate((el) => el === document.activeElement), `focus on ${name}`).toBe(true)
      await page.keyboard.type(v)
      await page.keyboard.press('Tab')
    }
    // 软件工作量 5.5 of 10 is below 60%: the 投资概算 opinion is required. Type it by keyboard.
    await page.getByLabel('「投资概算」评审意见').focus()
    await page.keyboard.type('软件开发工作量测算依据不足，功能点与人月单价偏高。')
    // Alt+1 jumps back to 技术方案; undo/redo by keyboard outside text fields.
    await page.keyboard.press('Alt+1')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('建设依据与必要性（国家、省、市文件和数字三明规划）得分（满分6）')
    // The conclusion by keyboard: focus the group's first radio and choose 修改完善后通过 with an arrow key.
    await page.getByRole('radio', { name: '同意通过' }).focus()
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.getByRole('radio', { name: '修改完善后通过' }).isChecked()).toBe(true)
    await expect.poll(() => page.getByTestId('dimension-total-budget').textContent()).toBe('17.5 / 25')
    await page.getByTestId('save-state').filter({ hasText: '已自动保存' }).waitFor()
    await screenshot(page, '12-scoring-complete')

    // 概算审核: accept the 第十二条 suggestion on the self-built servers (it covers the group's three items),
    // and cut one more line by hand.
    await page.getByRole('tab', { name: '概算审核' }).click()
    // The suggestion belongs to the servers' group: shown once as a card, spread over the group's lines by choice.
    await page.getByRole('button', { name: /^审减建议与费用重算（/ }).click()
    const group = page.getByRole('group', { name: /分组审减建议/ }).filter({ hasText: '应用服务器' })
    await group.getByRole('button', { name: /^采纳（审减/ }).click()
    await page.getByText('已调整（3）').waitFor()
    const firstPlain = page.locator('.pd-budget-row[data-line-id]').filter({ hasNot: page.getByText(/提示/) }).first()
    // The list is windowed and the first groups' lines all carry findings: scroll down until a plain line is drawn.
    const lines = page.getByRole('list', { name: /^概算逐行审核/ })
    for (let i = 0; i < 40 && (await firstPlain.count()) === 0; i++) await lines.evaluate((el) => el.scrollBy(0, el.clientHeight / 2))
    const name = (await firstPlain.locator('.pd-budget-name strong').textContent())!.replace(/^\S+ /, '').trim()
    const amount = firstPlain.getByLabel(/核定金额（万元）/)
    await amount.fill('1')
    // By keyboard: Tab to the reason, type to filter, Enter to choose.
    await page.keyboard.press('Tab')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).toMatch(/审减理由/)
    await page.keyboard.type('单价偏高')
    await page.keyboard.press('Enter')
    await page.getByText('已调整（4）').waitFor()
    expect(name.length).toBeGreaterThan(0)
    await noSpinners(page)
    await screenshot(page, '12b-budget-review')
    await a11y(page)
    await page.getByRole('tab', { name: '评分与意见' }).click()

    await page.getByRole('button', { name: '检查并提交' }).focus()
    await page.keyboard.press('Enter')
    const pin = page.getByLabel('PIN 码', { exact: true })
    await pin.waitFor({ timeout: 5000 }).catch(async (e: unknown) => {
      await screenshot(page, '12-debug')
      throw new Error(`${String(e)}\n${await page.getByTestId('submit-problems').textContent().catch(() => '')}`)
    })
    await page.keyboard.type('000000')
    await page.keyboard.press('Enter')
    await page.getByRole('alert').filter({ hasText: 'PIN 码错误' }).waitFor()
    await pin.fill('')
    await page.keyboard.type(PIN)
    await page.keyboard.press('Enter')
    await page.getByTestId('submitted').waitFor()
    expect(await page.getByTestId('submitted').textContent()).toContain('有效')
    expect(await page.getByLabel('需求分析与业务流程得分（满分6）').isDisabled()).toBe(true)
    await noSpinners(page)
    await screenshot(page, '13-submitted')
    await a11y(page)
    // The budget review is locked with the signed sheet.
    await page.getByRole('tab', { name: '概算审核' }).click()
    await page.getByText('评分表已提交，概算审核结果已随签名锁定。').waitFor()
    await page.close()
  })

  it('shows what is missing before submission and takes the expert there', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.getByRole('menuitem', { name: '我的评审' }).click()
    await page.getByRole('link', { name: /生态环境/ }).click()
    await page.getByRole('button', { name: '确认声明' }).click()
    await page.getByRole('button', { name: '开始评审' }).click()
    await page.getByLabel('需求分析与业务流程得分（满分6）').fill('6')
    await page.getByRole('button', { name: '检查并提交' }).click()
    const problems = page.getByTestId('submit-problems')
    await problems.waitFor()
    expect(await problems.textContent()).toContain('「技术方案」的「总体架构与技术路线（依托政务云、复用共性平台）」尚未评分')
    expect(await problems.textContent()).toContain('尚未选择评审结论')
    await problems.getByRole('button', { name: '去填写' }).first().click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('建设依据与必要性（国家、省、市文件和数字三明规划）得分（满分6）')
    await screenshot(page, '14-submit-problems')
    await page.close()
  })

  it('lets a second expert recuse, after which the project cannot be scored by them', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(backend.url)
    await page.getByRole('main').getByRole('link', { name: /2026年第四批/ }).click()
    await page.getByRole('row', { name: /吴海峰/ }).getByRole('button', { name: '以此身份评审' }).click()
    await expect.poll(() => page.getByTestId('acting-person').textContent()).toBe('当前专家：吴海峰')
    await page.getByRole('link', { name: /一网通办/ }).click()
    await page.getByRole('checkbox', { name: '我已阅读上述承诺，并愿意遵守' }).check()
    await page.getByRole('button', { name: '签署承诺书' }).click()
    await page.getByText('系统发现您的单位与本项目有关联').waitFor()
    expect(await page.getByTestId('declaration').textContent()).toContain('福建闽数信息技术股份有限公司')
    await page.getByRole('radio', { name: '申请回避' }).check()
    await page.getByLabel('声明理由').fill('本人曾在编制单位任职，申请回避。')
    await page.getByRole('button', { name: '确认声明' }).click()
    await page.getByText('您已申请回避该项目，不能评分。').waitFor()
    expect(await page.getByRole('button', { name: '开始评审' }).count()).toBe(0)
    await noSpinners(page)
    await screenshot(page, '15-recused')
    await a11y(page)
    // The backend refuses too, whatever the UI shows.
    const res = await fetch(`${backend.baseUrl}/api/sheets.open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${backend.token}` },
      body: JSON.stringify({ projectId: new URL(page.url()).hash.split('/')[2] })
    })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('您已申请回避该项目，不能评分')
    await page.getByRole('menuitem', { name: '我的评审' }).click()
    await page.getByRole('row', { name: /一网通办/ }).getByText('已回避').waitFor()
    await page.close()
  })
})
