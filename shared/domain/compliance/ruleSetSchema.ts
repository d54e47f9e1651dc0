/** The zod schema of a rule set file (ruleSet.ts). Every list and text is bounded; patterns must be safe to run. */
import { z } from 'zod'
import { BUDGET_CATEGORIES } from '../budget/types'
import { VETOABLE_CODES } from './ruleCodes'

const word = z.string().trim().min(1).max(100)
const words = (max = 2000) => z.array(word).max(max)
const someWords = (max = 2000) => words(max).min(1)
const severity = z.enum(['info', 'warning', 'error'])
const category = z.enum(BUDGET_CATEGORIES)
const rate = z.number().gt(0).max(1)

/** A pattern is refused when it could backtrack without end (a quantified group that itself repeats) or refer back. */
export function unsafePatternReason(source: string): string | null {
  if (/\\[1-9]|\\k</.test(source)) return '不能使用反向引用'
  const stack: boolean[] = []
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '\\') {
      i++
      continue
    }
    if (c === '[') {
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1
      continue
    }
    if (c === '(') stack.push(false)
    else if (c === ')') {
      const repeats = stack.pop() ?? false
      const next = source[i + 1]
      if (repeats && (next === '*' || next === '+' || next === '{')) return '不能重复一个本身含重复的分组（可能导致无限回溯）'
      if (repeats && stack.length > 0) stack[stack.length - 1] = true
    } else if ((c === '*' || c === '+' || c === '{') && stack.length > 0) stack[stack.length - 1] = true
  }
  return null
}

const pattern = z
  .string()
  .min(1)
  .max(300)
  .superRefine((s, ctx) => {
    try {
      new RegExp(s)
    } catch {
      ctx.addIssue({ code: 'custom', message: '不是有效的正则表达式' })
      return
    }
    const unsafe = unsafePatternReason(s)
    if (unsafe) ctx.addIssue({ code: 'custom', message: unsafe })
  })

const keywordRule = z.object({ keywords: someWords(), exclude: words(), excludeCategories: z.array(category).max(BUDGET_CATEGORIES.length), severity }).strict()
const requiredCost = z.object({ categories: z.array(category).max(BUDGET_CATEGORIES.length), keywords: words(), severity }).strict()

const compliance = z
  .object({
    article3: z.object({ officeEquipment: keywordRule, buildingIntelligence: keywordRule, professionalEquipment: keywordRule }).strict(),
    article7: z
      .object({
        elements: z.array(z.object({ key: z.string().regex(/^[a-z][a-zA-Z0-9-]{0,39}$/, '应为英文字母开头的标识'), label: word, keywords: someWords(200) }).strict()).max(50),
        severity
      })
      .strict(),
    article11: z.object({ reapprovalThreshold: rate }).strict(),
    article12: z.object({ selfBuiltInfrastructure: keywordRule, sharingKeywords: someWords(), severity }).strict(),
    article14: z.object({ supervision: requiredCost }).strict(),
    article15: z
      .object({
        mlpsGradePatterns: z.array(pattern).min(1).max(50),
        mlpsTestCost: requiredCost,
        cryptoPlanKeywords: someWords(),
        cryptoDesignKeywords: words(),
        negations: words(200),
        cryptoAssessmentCost: requiredCost,
        thirdPartyTestCost: requiredCost,
        severity
      })
      .strict(),
    arithmetic: z.object({ severity, declaredTotalSeverity: severity }).strict(),
    feeRates: z.object({ contingencyMaxRate: rate, integrationMaxRate: rate, integrationBaseCategories: z.array(category).min(1).max(BUDGET_CATEGORIES.length), severity }).strict(),
    dataLists: z.object({ severity }).strict(),
    operations: z
      .object({ categories: z.array(category).max(BUDGET_CATEGORIES.length), keywords: words(), exclude: words(), withinConstruction: words(), severity })
      .strict(),
    sharedPlatforms: z.object({ platforms: z.array(z.object({ name: word, keywords: someWords(200) }).strict()).max(200), reuseWords: words(200), severity }).strict()
  })
  .strict()

export const ruleSetSchema = z
  .object({
    format: z.literal('paneldesk.rules/1'),
    version: z.string().trim().min(1).max(60),
    name: z.string().trim().min(1).max(200),
    note: z.string().max(2000),
    categories: z
      .array(z.object({ category, keywords: someWords(), exclude: words().optional() }).strict())
      .min(1)
      .max(200),
    compliance,
    vetoes: z.array(z.object({ code: z.enum(VETOABLE_CODES), reason: z.string().trim().min(1).max(300) }).strict()).max(VETOABLE_CODES.length)
  })
  .strict()
