/** Handlers of the 价格参考 methods (issue 13). */
import type { HandlersFor } from '../../../shared/api/contract'
import type { pricesMethods } from '../../../shared/api/methods/prices'
import type { PriceExportResult, PriceLibraryRowView } from '../../../shared/api/priceTypes'
import type { BackendState } from '../backend'
import { jobsFor } from '../jobs/index'
import { harvestClosedMeetings, importPriceList, type LibraryRow } from '../services/priceLibrary'
import { assertLibraryEditor, editRef, lastEdits, refHistory, undoEdit } from '../services/priceLibraryEdit'
import { exportLibraryCsv, exportLibraryFile, templateCsv } from '../services/priceLibraryExport'
import { libraryPage } from '../services/priceLibraryQuery'
import { chooseMeetingRefs, projectPrices, removeMeetingRefs, setMatchChoice } from '../services/priceReview'
import { packageRuntimeFor } from '../services/packageRuntime'
import { prepare } from '../db/query'

function rowView(r: LibraryRow, lastEdit: { at: string; by: string } | null = null): PriceLibraryRowView {
  return {
    id: r.id, kind: r.kind, name: r.name, spec: r.spec, unit: r.unit, unitPriceFen: r.unit_price_fen, submittedPriceFen: r.submitted_price_fen,
    quantity: r.quantity, group: r.group_name, project: r.project, source: r.source, date: r.ref_date, retired: r.retired === 1, note: r.note, lastEdit
  }
}

export function buildPricesHandlers(state: BackendState): HandlersFor<keyof typeof pricesMethods> {
  const db = () => state.db
  const jobs = jobsFor(state)
  const withLastEdit = (r: LibraryRow) => rowView(r, lastEdits(db(), [r.id]).get(r.id) ?? null)
  return {
    'prices.library': ({ meetingId, ...query }) => {
      harvestClosedMeetings(db())
      const page = libraryPage(db(), query)
      const edits = lastEdits(db(), page.rows.map((r) => r.id))
      const chosen = meetingId ? (prepare(db(), 'SELECT count(*) AS n FROM meeting_price_refs WHERE meeting_id = ? AND deleted = 0').get(meetingId) as { n: number }).n : 0
      return { ...page, rows: page.rows.map((r) => rowView(r, edits.get(r.id) ?? null)), chosenForMeeting: chosen }
    },
    'prices.import': ({ fileName, base64, source }) => {
      assertLibraryEditor(db())
      return importPriceList(db(), fileName, new Uint8Array(Buffer.from(base64, 'base64')), source)
    },
    'prices.edit': ({ id, edit }) => {
      const r = editRef(db(), id, edit)
      return { row: withLastEdit(r.row), editId: r.editId }
    },
    'prices.undo': ({ editId }) => withLastEdit(undoEdit(db(), editId)),
    'prices.history': ({ id }) => refHistory(db(), id),
    'prices.export': () => ({ csv: exportLibraryCsv(db()) }),
    'prices.exportFile': ({ format, ...query }) => {
      const uploads = packageRuntimeFor(state, state.paths.dataDir, state.db).uploads
      return jobs.start<PriceExportResult>('prices.export', '导出参考价格库', async (ctx) => {
        const file = await exportLibraryFile(db(), query, format, ctx)
        return { uploadId: uploads.add(file.fileName, file.bytes), fileName: file.fileName, rows: file.rows }
      })
    },
    'prices.template': () => ({ csv: templateCsv() }),
    'prices.chooseForMeeting': ({ meetingId, matched, refIds }) => ({ count: chooseMeetingRefs(db(), meetingId, { matched: matched ?? false, refIds: refIds ?? [] }) }),
    'prices.removeFromMeeting': ({ meetingId, ids }) => ({ count: removeMeetingRefs(db(), meetingId, ids) }),
    'prices.project': ({ projectId }) => projectPrices(db(), projectId),
    'prices.choose': ({ projectId, lineId, refId, choice }) => setMatchChoice(db(), projectId, lineId, refId, choice)
  }
}
