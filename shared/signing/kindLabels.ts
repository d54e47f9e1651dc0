import type { SignedPayload } from './types'

/** What each kind of signed content is, in a word: the 签名内容 of verification reports (CLI, app, documents). */
export const SIGNED_KIND_SHORT: Record<SignedPayload['kind'], string> = { 'expert-sheet': '评审意见表', 'panel-opinion': '专家组意见', 'followup-opinion': '复核意见' }
