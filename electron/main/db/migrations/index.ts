/** Every migration, in order. One file per migration; each has its own test. Never edit a shipped one. */
import type { Migration } from 'kysely'
import * as m0001 from './0001_initial'
import * as m0002 from './0002_review'

export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_review': m0002
}
