/**
 * The scoring rubric of a meeting (第八条: 技术方案, 安全方案, 标准规范, 数据开发利用情况, 投资概算).
 * Modelled on HotCRP's review fields: stable ids, typed fields, range and step, required, N/A where allowed,
 * guidance text per sub-item. A rubric is versioned and immutable once a meeting uses it.
 */
import { z } from 'zod'

export const rubricItemSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_.-]*$/),
  name: z.string().min(1),
  points: z.number().positive(),
  step: z.number().positive().default(0.5),
  required: z.boolean().default(true),
  naAllowed: z.boolean().default(false),
  guidance: z.string().default('')
})

export const rubricDimensionSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/),
  name: z.string().min(1),
  /** The article of the 办法 the dimension comes from (第八条 for all five by default). */
  article: z.number().int().positive(),
  points: z.number().positive(),
  items: z.array(rubricItemSchema).min(1)
})

export const rubricDefinitionSchema = z
  .object({
    id: z.string().min(1),
    version: z.number().int().positive(),
    name: z.string().min(1),
    totalPoints: z.number().positive(),
    dimensions: z.array(rubricDimensionSchema).min(1),
    /** Suggested conclusion: total ≥ passAt → 同意通过; ≥ reviseAt → 修改完善后通过; else 不予通过. */
    conclusion: z.object({ passAt: z.number(), reviseAt: z.number() }),
    /** A score below this share of an item's points needs an opinion text for its dimension. */
    lowScoreRatio: z.number().min(0).max(1).default(0.6)
  })
  .superRefine((r, ctx) => {
    const dimSum = r.dimensions.reduce((s, d) => s + d.points, 0)
    if (Math.abs(dimSum - r.totalPoints) > 1e-9) {
      ctx.addIssue({ code: 'custom', message: `维度分值之和 ${dimSum} 不等于总分 ${r.totalPoints}` })
    }
    for (const d of r.dimensions) {
      const itemSum = d.items.reduce((s, i) => s + i.points, 0)
      if (Math.abs(itemSum - d.points) > 1e-9) {
        ctx.addIssue({ code: 'custom', message: `维度「${d.name}」细则分值之和 ${itemSum} 不等于维度分值 ${d.points}` })
      }
    }
    const ids = [...r.dimensions.map((d) => d.id), ...r.dimensions.flatMap((d) => d.items.map((i) => i.id))]
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: '评分细则的标识重复' })
    if (r.conclusion.reviseAt > r.conclusion.passAt) {
      ctx.addIssue({ code: 'custom', message: '结论阈值无效：修改完善线高于通过线' })
    }
  })

export type RubricItem = z.infer<typeof rubricItemSchema>
export type RubricDimension = z.infer<typeof rubricDimensionSchema>
export type RubricDefinition = z.infer<typeof rubricDefinitionSchema>

export function parseRubric(json: unknown): RubricDefinition {
  return rubricDefinitionSchema.parse(json)
}

export function findItem(rubric: RubricDefinition, itemId: string): { dimension: RubricDimension; item: RubricItem } | null {
  for (const dimension of rubric.dimensions) {
    const item = dimension.items.find((i) => i.id === itemId)
    if (item) return { dimension, item }
  }
  return null
}
