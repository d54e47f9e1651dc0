/** Local, non-replicated settings of this device (acting person, first-run flags, window state). */
import type { Db } from '../db/connection'
import { first, run } from '../db/query'

export function getSetting(db: Db, key: string): string | null {
  return first(db, db.kysely.selectFrom('local_settings').select('value').where('key', '=', key))?.value ?? null
}

export function setSetting(db: Db, key: string, value: string | null): void {
  if (value === null) {
    run(db, db.kysely.deleteFrom('local_settings').where('key', '=', key))
    return
  }
  run(
    db,
    db.kysely
      .insertInto('local_settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
  )
}

export const SETTING_ACTING_EXPERT = 'acting_expert_id'
export const SETTING_DEMO_SEEDED = 'demo_seeded'
