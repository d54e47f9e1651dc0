/**
 * A deliberately wrong merge, used only by the property tests to show that they catch a real bug: 'arrival-order'
 * makes the engine overwrite every cell with whatever arrives last instead of comparing clocks. It reaches the
 * engine through ApplyOptions.winOverride, so nothing of it is in the app.
 */
import type { WinOverride } from '../../../electron/main/sync/cells'

export type SeededBug = 'none' | 'arrival-order'

export function seededBugOverride(bug: SeededBug): WinOverride | undefined {
  return bug === 'arrival-order' ? () => true : undefined
}
