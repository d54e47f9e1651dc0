/** Child process for the crash test: applies the changes in a JSON file to a database, reporting when it starts. */
import fs from 'node:fs'
import type { Change } from '../../../shared/sync/change'
import { openDb } from '../../../electron/main/db/connection'
import { applyChanges } from '../../../electron/main/sync/apply'

const [dbFile, changesFile] = process.argv.slice(2) as [string, string]
const changes = JSON.parse(fs.readFileSync(changesFile, 'utf8')) as Change[]
const db = openDb(dbFile)
process.stdout.write('start\n')
for (let i = 0; i < changes.length; i += 2000) {
  applyChanges(db, changes.slice(i, i + 2000))
  process.stdout.write(`applied ${i}\n`)
}
process.stdout.write('done\n')
