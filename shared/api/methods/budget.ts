/** 概算审核: the expert's decision per budget line, accepting the 审减 that findings suggest. */
import { z } from 'zod'
import type { BudgetReviewView } from '../budgetTypes'
import { REVIEW_REASONS } from '../../domain/sheet'
import { id } from './core'
import { returns } from './returns'

export const budgetMethods = {
  'budgetReview.get': { input: z.object({ projectId: id }).strict(), output: returns<BudgetReviewView>() },
  'budgetReview.setLine': {
    input: z
      .object({
        sheetId: id,
        lineId: id,
        approvedAmount: z.number().finite().min(0).nullable(),
        reason: z.enum(REVIEW_REASONS).nullable(),
        note: z.string().max(2000)
      })
      .strict(),
    output: returns<BudgetReviewView>()
  },
  'budgetReview.addLine': {
    input: z
      .object({ sheetId: id, name: z.string().max(200), category: z.string().max(100), amount: z.number().finite().min(0), note: z.string().max(2000) })
      .strict(),
    output: returns<BudgetReviewView>()
  },
  'budgetReview.removeLine': {
    input: z.object({ sheetId: id, lineId: id }).strict(),
    output: returns<BudgetReviewView>()
  },
  'budgetReview.acceptFindings': {
    input: z
      .object({
        sheetId: id,
        findingIds: z.array(id).min(1).max(10_000),
        // A group's suggestion spread over chosen lines only (one finding); default: all its lines in proportion.
        lineIds: z.array(id).min(1).max(10_000).optional()
      })
      .strict(),
    output: returns<BudgetReviewView>()
  },
  'budgetReview.acceptFee': {
    input: z.object({ sheetId: id, feeId: z.string().min(1).max(100) }).strict(),
    output: returns<BudgetReviewView>()
  }
} as const
