/**
 * The 专家组复核意见 (issue 12, item 4): what the 组长 and each named re-reviewer sign after checking a 修改稿. Every
 * signer signs the same opinion with their own `signer` and `signedAt` inside it (so each signing time is signed);
 * the rest must be identical across the signatures of one document. Amounts are integer 分.
 */
import { z } from 'zod'
import { parseCanonical, type ContentCheck } from './contentSchema'

export const FOLLOWUP_OPINION_FORMAT = 'paneldesk.followup-opinion/1'

export type FollowupConclusion = 'agree' | 'revise'
export const FOLLOWUP_CONCLUSION_LABELS: Record<FollowupConclusion, string> = { agree: '同意', revise: '仍需修改' }

export type FollowupItemVerdict = 'done' | 'partial' | 'open'

export interface FollowupOpinionItem {
  kind: 'problem' | 'suggestion'
  number: number
  point: string
  /** Who raised it (names from the verified sheets; 专家组 when nobody). */
  raisedBy: string[]
  answer: string
  verdict: FollowupItemVerdict
  note: string
}

export interface FollowupBudgetLine {
  name: string
  /** 按核定调整 / 未按核定调整 / 新增 / 已删除 (ApprovalStatus of shared/domain/revision). */
  status: 'as-approved' | 'not-as-approved' | 'new' | 'removed'
  approvedFen: number | null
  revisedFen: number | null
  /** 修改稿 minus 核定 (null when either is missing). */
  differenceFen: number | null
}

export interface FollowupOpinion {
  format: typeof FOLLOWUP_OPINION_FORMAT
  meeting: { id: string; name: string; organiser: string }
  project: { id: string; name: string; ownerUnit: string }
  /** The 修改稿: its version number and package digest, and the digest of the reviewed package it revises. */
  version: { id: string; number: number; packageDigest: string; reviewedDigest: string }
  /** The 组长's signed 专家组评审意见 the points and 核定 amounts come from. */
  panelOpinion: { digest: string; leaderName: string; signedAt: string }
  /** The 组长 first, then the other named re-reviewers; every one of them signs. */
  reviewers: { expertId: string; name: string; unit: string; title: string; leader: boolean }[]
  items: FollowupOpinionItem[]
  budget: {
    lines: FollowupBudgetLine[]
    approvedTotalFen: number
    revisedTotalFen: number
    /** 修改稿 minus 核定 over the lines compared. */
    differenceFen: number
    notAsApproved: number
  }
  conclusion: FollowupConclusion
  /** 复核意见 in the panel's words (may be ''). */
  remarks: string
  /** Who signed this copy, and when (inside the signature). */
  signer: { id: string; name: string }
  signedAt: string
}

const key = z.string().min(1).max(300)
const name = z.string().max(2_000)
const text = z.string().max(20_000)
const fen = z.number().int().refine(Number.isSafeInteger, '金额无效')
const digest = z.string().regex(/^[0-9a-f]{64}$/)

export const followupOpinionSchema = z.object({
  format: z.literal(FOLLOWUP_OPINION_FORMAT),
  meeting: z.object({ id: key, name, organiser: name }),
  project: z.object({ id: key, name, ownerUnit: name }),
  version: z.object({ id: key, number: z.number().int().min(2).max(10_000), packageDigest: digest, reviewedDigest: digest }),
  panelOpinion: z.object({ digest, leaderName: name, signedAt: name }),
  reviewers: z.array(z.object({ expertId: key, name, unit: name, title: name, leader: z.boolean() })).min(1).max(50),
  items: z
    .array(
      z.object({
        kind: z.enum(['problem', 'suggestion']),
        number: z.number().int().min(1).max(10_000),
        point: text,
        raisedBy: z.array(name).max(50),
        answer: text,
        verdict: z.enum(['done', 'partial', 'open']),
        note: text
      })
    )
    .max(1_000),
  budget: z.object({
    lines: z
      .array(
        z.object({
          name,
          status: z.enum(['as-approved', 'not-as-approved', 'new', 'removed']),
          approvedFen: fen.nullable(),
          revisedFen: fen.nullable(),
          differenceFen: fen.nullable()
        })
      )
      .max(20_000),
    approvedTotalFen: fen,
    revisedTotalFen: fen,
    differenceFen: fen,
    notAsApproved: z.number().int().min(0)
  }),
  conclusion: z.enum(['agree', 'revise']),
  remarks: text,
  signer: z.object({ id: key, name }),
  signedAt: name
})

export type FollowupCheck = ContentCheck<FollowupOpinion>

/** Parses and checks the signed text of a 专家组复核意见; never throws. */
export function parseFollowupCanonical(canonical: string): FollowupCheck {
  return parseCanonical<FollowupOpinion>(followupOpinionSchema, canonical)
}

/** The opinion without who signed this copy and when: equal for every signature of one 复核意见. */
export function sharedPart(o: FollowupOpinion): Omit<FollowupOpinion, 'signer' | 'signedAt'> {
  const { signer: _signer, signedAt: _signedAt, ...rest } = o
  return rest
}
