/** Takes the expert to the field a submission problem names: scrolls to it and puts the cursor there. */
import type { SubmissionProblem } from '../../../../shared/domain/submission'

export function focusProblem(p: SubmissionProblem): void {
  let el: HTMLElement | null = null
  if (p.kind === 'score') el = document.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(p.itemId)}"] input, input[data-item-id="${CSS.escape(p.itemId)}"]`)
  else if (p.kind === 'opinion') el = document.getElementById(`opinion-${p.dimensionId}`)
  else if (p.kind === 'conclusion') el = document.querySelector<HTMLElement>('[data-testid="conclusion"] input')
  if (!el) return
  el.scrollIntoView({ block: 'center', behavior: 'smooth' })
  el.focus({ preventScroll: true })
}

/** Focuses the first field of a dimension (Alt+1…Alt+9). */
export function focusDimension(index: number): void {
  const cards = document.querySelectorAll<HTMLElement>('[id^="dimension-"]')
  const card = cards[index]
  if (!card) return
  card.scrollIntoView({ block: 'start', behavior: 'smooth' })
  card.querySelector<HTMLElement>('input, textarea')?.focus({ preventScroll: true })
}
