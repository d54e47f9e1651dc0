/** The value of a number field kept as typed text (no backend import, so plain logic can use it in unit tests). */
import { parseNumberInput } from '../../../shared/domain/numberInput'

/** The value of a number field that passed numberRule; NaN for text that is not a number. */
export function numberOf(text: unknown): number {
  const r = parseNumberInput(typeof text === 'number' ? String(text) : typeof text === 'string' ? text : '')
  return r.ok && r.value !== null ? r.value : NaN
}
