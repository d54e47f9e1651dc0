/** Steps several end-to-end tests take the same way. */
import type { Page } from 'playwright-core'

/** 我的身份 → set the PIN twice → 生成签名密钥, and wait for the fingerprint to show. */
export async function createKeyOnScreen(page: Page, pin: string): Promise<void> {
  await page.getByRole('menuitem', { name: '我的身份' }).click()
  await page.getByLabel('设置 PIN 码').fill(pin)
  await page.getByLabel('再次输入 PIN 码').fill(pin)
  await page.getByRole('button', { name: '生成签名密钥' }).click()
  await page.getByTestId('fingerprint').waitFor()
}
