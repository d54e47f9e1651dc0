/** Who a write is made as: the secretariat, or one expert (by expert id). Used by ownership checks and sync. */
export const SECRETARIAT = 'secretariat'
