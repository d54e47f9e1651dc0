/** Handlers of the 价格参考 methods (issue 13). */
import type { HandlersFor } from '../../../shared/api/contract'
import type { pricesMethods } from '../../../shared/api/methods/prices'
import type { PriceLibraryRowView } from '../../../shared/api/priceTypes'
import type { BackendState } from '../backend'
import { editRef, exportLibraryCsv, harvestClosedMeetings, importPriceList, libraryRows, type LibraryRow } from '../services/priceLibrary'
import { chooseMeetingRefs, meetingRefs, projectPrices, removeMeetingRefs, setMatchChoice } from '../services/priceReview'
import { naturalId } from '../../../shared/domain/ids'

function rowView(r: LibraryRow): PriceLibraryRowView {
  return {
    id: r.id, kind: r.kind, name: r.name, spec: r.spec, unit: r.unit, unitPriceFen: r.unit_price_fen, submittedPriceFen: r.submitted_price_fen,
    quantity: r.quantity, group: r.group_name, project: r.project, source: r.source, date: r.ref_date, retired: r.retired === 1, note: r.note
  }
}

export function buildPricesHandlers(state: BackendState): HandlersFor<keyof typeof pricesMethods> {
  const db = () => state.db
  return {
    'prices.library': ({ meetingId, includeRetired, limit }) => {
      harvestClosedMeetings(db())
      const rows = libraryRows(db(), { includeRetired: includeRetired ?? false })
      const chosen = meetingId ? new Set(meetingRefs(db(), meetingId).map((r) => r.id)) : new Set<string>()
      return {
        total: rows.length,
        rows: rows.slice(0, limit ?? 500).map(rowView),
        chosenForMeeting: meetingId ? rows.filter((r) => chosen.has(naturalId('price', meetingId, r.id))).length : 0
      }
    },
    'prices.import': ({ fileName, base64, source }) => importPriceList(db(), fileName, new Uint8Array(Buffer.from(base64, 'base64')), source),
    'prices.edit': ({ id, edit }) => rowView(editRef(db(), id, edit)),
    'prices.export': () => ({ csv: exportLibraryCsv(db()) }),
    'prices.chooseForMeeting': ({ meetingId, matched, refIds }) => ({ count: chooseMeetingRefs(db(), meetingId, { matched: matched ?? false, refIds: refIds ?? [] }) }),
    'prices.removeFromMeeting': ({ meetingId, ids }) => ({ count: removeMeetingRefs(db(), meetingId, ids) }),
    'prices.project': ({ projectId }) => projectPrices(db(), projectId),
    'prices.choose': ({ projectId, lineId, refId, choice }) => setMatchChoice(db(), projectId, lineId, refId, choice)
  }
}
