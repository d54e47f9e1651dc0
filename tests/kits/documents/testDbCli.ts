/**
 * Test helper run as a child process by the end-to-end tests (which cannot import main-process code):
 *   seed DB_FILE [projects experts lines]    → writes a signed meeting (testDb.ts), prints it as JSON
 *   tamper IN.docx OUT.docx FIGURE_KEY TEXT  → an edited copy, as typing over a figure in Word would make
 */
import fs from 'node:fs'
import { closeDb, openDb } from '../../../electron/main/db/connection'
import { seedSignedMeeting } from './testDb'
import { editFigure } from './testUtil'

const [cmd, ...args] = process.argv.slice(2)
if (cmd === 'seed') {
  const db = openDb(args[0]!)
  try {
    const m = seedSignedMeeting(db, { projects: Number(args[1] ?? 2), experts: Number(args[2] ?? 5), budgetLines: Number(args[3] ?? 12), drafts: [[1, 3]] })
    console.log(JSON.stringify({ ...m, experts: m.experts.map((e) => ({ id: e.id, name: e.name, fingerprint: e.fingerprint })) }))
  } finally {
    closeDb(db)
  }
} else if (cmd === 'tamper') {
  const [input, output, key, text] = args
  fs.writeFileSync(output!, await editFigure(new Uint8Array(fs.readFileSync(input!)), key!, text!))
} else {
  console.error('usage: testDbCli seed DB_FILE [projects experts lines] | tamper IN OUT KEY TEXT')
  process.exit(2)
}
