/** Handlers of the 概算审核 methods, for the expert this laptop acts as. */
import type { HandlersFor } from '../../../shared/api/contract'
import type { budgetMethods } from '../../../shared/api/methods/budget'
import type { BackendState } from '../backend'
import { acceptFee, acceptFindings, addLine, budgetReviewView, removeAddedLine, setLineReview } from '../services/budgetReview'
import { actingExpert } from '../services/acting'
import { viewerOrNull } from '../services/secretariatView'

export function buildBudgetHandlers(state: BackendState): HandlersFor<keyof typeof budgetMethods> {
  return {
    'budgetReview.get': ({ projectId }) => budgetReviewView(state.db, projectId, viewerOrNull(state.db)),
    'budgetReview.setLine': ({ sheetId, ...line }) => setLineReview(state.db, actingExpert(state.db), sheetId, line),
    'budgetReview.addLine': ({ sheetId, ...line }) => addLine(state.db, actingExpert(state.db), sheetId, line),
    'budgetReview.removeLine': ({ sheetId, lineId }) => removeAddedLine(state.db, actingExpert(state.db), sheetId, lineId),
    'budgetReview.acceptFindings': ({ sheetId, findingIds, lineIds }) => acceptFindings(state.db, actingExpert(state.db), sheetId, findingIds, lineIds),
    'budgetReview.acceptFee': ({ sheetId, feeId }) => acceptFee(state.db, actingExpert(state.db), sheetId, feeId)
  }
}
