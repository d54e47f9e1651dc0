/**
 * A deliberately wrong merge, switched on only by tests, to show that the property tests catch a real bug:
 * 'arrival-order' makes the engine overwrite every cell with whatever arrives last instead of comparing clocks.
 */
export type SeededBug = 'none' | 'arrival-order'

let current: SeededBug = 'none'

export function setSeededBug(bug: SeededBug): void {
  if (bug !== 'none' && process.env.VITEST !== 'true') throw new Error('seeded bugs are for tests only')
  current = bug
}

export function seededBug(): SeededBug {
  return current
}
