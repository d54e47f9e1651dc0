/** Words for the console's states (Chinese UI text). */
import type { BoardState, MeetingPhase } from '../../../../shared/api/secretariatTypes'
import type { Tone } from '../../components/Badge'

export const PHASE_LABELS: Record<MeetingPhase, string> = { preparing: '筹备中', open: '评审进行中', closed: '已结束（只读）' }

export const BOARD_TONES: Record<BoardState, Tone> = {
  'not-started': 'neutral',
  declared: 'info',
  recused: 'neutral',
  scoring: 'warning',
  submitted: 'success',
  tampered: 'danger',
  unverifiable: 'danger',
  reopened: 'warning'
}

export function percent(x: number): string {
  return `${(x * 100).toFixed(2)}%`
}

export function score(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0$/, '')
}
