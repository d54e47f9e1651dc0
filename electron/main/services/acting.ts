/** Which meeting expert this laptop acts as (a local setting). */
import { ApiError } from '../../../shared/api/errors'
import type { Db } from '../db/connection'
import { getSetting, SETTING_ACTING_EXPERT } from './settings'

export function actingExpertOrNull(db: Db): string | null {
  return getSetting(db, SETTING_ACTING_EXPERT)
}

export function actingExpert(db: Db): string {
  const id = actingExpertOrNull(db)
  if (!id) throw new ApiError('forbidden', '请先在会议页面选择本机以哪位专家的身份评审')
  return id
}
