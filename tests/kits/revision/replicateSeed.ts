/**
 * The seed (seedSignedMeeting) writes the meeting's rows outside the change log (tests only): the secretariat writes
 * them again (the meeting of the project and of each expert, the registered fingerprints), so every replica's verdict
 * knows the experts' keys and the sync server can place the rows.
 */
import type { Backend } from '../../../electron/main/backend'
import { writeChanges } from '../../../electron/main/db/changeWriter'
import { SECRETARIAT } from '../../../electron/main/services/authors'
import type { FixtureExpert } from '../documents/testData'

export function replicateSeed(sec: Backend, meetingId: string, projectId: string, experts: FixtureExpert[]): void {
  writeChanges(sec.db(), SECRETARIAT, (w) => {
    w.write('projects', projectId, { meeting_id: meetingId })
    for (const e of experts) w.write('experts', e.id, { meeting_id: meetingId, key_fingerprint: '' })
  })
  writeChanges(sec.db(), SECRETARIAT, (w) => {
    for (const e of experts) w.write('experts', e.id, { key_fingerprint: e.fingerprint })
  })
}
