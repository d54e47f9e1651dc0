/** A field check of shared/domain/fieldRules as a zod refinement: its Chinese message becomes the issue. */
import type { z } from 'zod'

export function fieldRule(check: (s: string) => string | null): (s: string, ctx: z.RefinementCtx) => void {
  return (s, ctx) => {
    const problem = check(s)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  }
}
