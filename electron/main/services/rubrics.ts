/** Rubric definitions: versioned, immutable, stored as JSON; the default one ships under resources/. */
import defaultRubricJson from '../../../resources/rubrics/default.json'
import { parseRubric, type RubricDefinition } from '../../../shared/domain/rubric'
import { ApiError } from '../../../shared/api/errors'
import type { Db } from '../db/connection'
import { localOriginOf } from '../db/device'
import { prepare } from '../db/query'
import { LOGGED_CELLS_INDEXED } from '../sync/log'
import type { ChangeWriter } from '../db/changeWriter'
import { first } from '../db/query'

export const DEFAULT_RUBRIC: RubricDefinition = parseRubric(defaultRubricJson)

export function rubricRowId(def: RubricDefinition): string {
  return `${def.id}@${def.version}`
}

/**
 * Stores a rubric version unless it is already there (versions are immutable). Returns its row id. A row known only
 * from this laptop's local origin (the sample meeting's, which never syncs) is written again, so that a real
 * meeting never names a rubric the other laptops cannot receive.
 */
export function ensureRubric(db: Db, w: ChangeWriter, def: RubricDefinition): string {
  const id = rubricRowId(def)
  const existing = first(db, db.kysely.selectFrom('rubrics').select('id').where('id', '=', id))
  const shared = prepare(db, `SELECT 1 FROM change_log WHERE tbl = 'rubrics' AND row_id = ? AND origin IS NOT ? AND ${LOGGED_CELLS_INDEXED} LIMIT 1`).get(id, localOriginOf(db)) !== undefined
  if (!existing || !shared) w.write('rubrics', id, { name: def.name, version: def.version, definition: def, deleted: false })
  return id
}

export function loadRubric(db: Db, rubricId: string): RubricDefinition {
  const row = first(db, db.kysely.selectFrom('rubrics').select('definition').where('id', '=', rubricId))
  if (!row) throw new ApiError('not_found', '找不到会议使用的评分细则')
  return parseRubric(JSON.parse(row.definition))
}
