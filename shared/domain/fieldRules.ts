/**
 * Field checks shared by the forms (shown next to the field) and the contract (the backend refuses the same):
 * real calendar dates, mainland phone numbers, 居民身份证号码 with its check digit, the panel size rule.
 * Each returns a Chinese message, or null when the value is fine.
 */

/** A YYYY-MM-DD date that exists (2026-02-30 does not). */
export function dateProblem(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim())
  if (!m) return '日期格式应为 YYYY-MM-DD，如 2026-12-10'
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (mo < 1 || mo > 12) return `没有 ${mo} 月`
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  if (d < 1 || d > days) return `${y} 年 ${mo} 月没有 ${d} 日（该月共 ${days} 天）`
  if (y < 2000 || y > 2100) return '年份应在 2000 至 2100 之间'
  return null
}

/** A phone: digits with optional +, spaces, hyphens, brackets and an extension; 7 to 20 digits. '' is allowed. */
export function phoneProblem(s: string): string | null {
  const t = s.normalize('NFKC').trim()
  if (!t) return null
  if (!/^\+?[\d\s\-()（）]+(转\d{1,6})?$/.test(t)) return '电话号码只能包含数字、空格、“-”和括号，如 13905910001 或 0598-8224567'
  const digits = t.replace(/\D/g, '').length
  if (digits < 7 || digits > 20) return '电话号码位数不对（应为 7 至 20 位数字）'
  return null
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** A 18-character 居民身份证号码 (GB 11643) with a valid check character and birth date. '' is allowed. */
export function idNumberProblem(s: string): string | null {
  const t = s.normalize('NFKC').trim().toUpperCase()
  if (!t) return null
  if (!/^\d{17}[\dX]$/.test(t)) return '身份证号码应为 18 位（最后一位可为 X）'
  const y = Number(t.slice(6, 10))
  const mo = Number(t.slice(10, 12))
  const d = Number(t.slice(12, 14))
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return '身份证号码中的出生日期无效'
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(t[i]) * ID_WEIGHTS[i]!
  if (ID_CHECK[sum % 11] !== t[17]) return '身份证号码校验位不符，请逐位核对'
  return null
}

/** The panel size rule: at least `min` experts, odd if required — a minimum that contradicts oddness is refused. */
export function panelRuleProblem(min: number, requireOdd: boolean): string | null {
  if (!Number.isInteger(min) || min < 1 || min > 99) return '每个项目的专家人数应为 1 至 99 的整数'
  if (requireOdd && min % 2 === 0) return `“至少 ${min} 人”与“须为单数”不一致：实际至少 ${min + 1} 人。请填写 ${min + 1}（或 ${min - 1 || 1}），或取消“须为单数”`
  return null
}

/** The conclusion thresholds: 同意通过 above 修改完善后通过, both within the rubric's total. */
export function thresholdProblem(passAt: number, reviseAt: number, total: number): string | null {
  if (passAt > total) return `同意通过线不能高于总分 ${total}`
  if (reviseAt >= passAt) return '修改完善后通过线应低于同意通过线'
  return null
}
