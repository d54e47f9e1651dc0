/** Handlers of the rubric editor (issue 14, item 7). */
import type { HandlersFor } from '../../../shared/api/contract'
import type { rubricsMethods } from '../../../shared/api/methods/rubrics'
import type { BackendState } from '../backend'
import { exportRubric, parseRubricFile, rubricEditorView, saveRubricTable } from '../services/rubricEditor'

export function buildRubricsHandlers(state: BackendState): HandlersFor<keyof typeof rubricsMethods> {
  const db = () => state.db
  return {
    'rubric.get': ({ meetingId }) => rubricEditorView(db(), meetingId),
    'rubric.save': ({ meetingId, table }) => saveRubricTable(db(), meetingId, table),
    'rubric.parseFile': ({ meetingId, fileName, base64 }) => parseRubricFile(db(), meetingId, fileName, new Uint8Array(Buffer.from(base64, 'base64'))),
    'rubric.export': ({ meetingId, format }) => exportRubric(db(), meetingId, format)
  }
}
