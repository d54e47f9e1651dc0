/** Handlers of the rule set methods (issue 14 item 3). A new rule set derives the meeting's findings again before answering. */
import { ApiError } from '../../../shared/api/errors'
import type { HandlersFor } from '../../../shared/api/contract'
import type { rulesMethods } from '../../../shared/api/methods/rules'
import type { RuleSetView } from '../../../shared/api/ruleTypes'
import { defaultRuleSet, ruleSetDigest } from '../../../shared/domain/compliance/ruleSet'
import type { BackendState } from '../backend'
import { getMeetingRow } from '../services/meetings'
import { packageDeriverFor } from '../services/packageRuntime'
import { exportRuleSet, importRuleSet, meetingRules, resetRuleSet, ruleSetLock, saveRuleSet } from '../services/ruleSets'

function view(state: BackendState, meetingId: string): RuleSetView {
  getMeetingRow(state.db, meetingId)
  const locked = ruleSetLock(state.db, meetingId)
  try {
    const r = meetingRules(state.db, meetingId)
    return { meetingId, custom: r.custom, version: r.ruleSet.version, digest: r.stamp.digest, updatedAt: r.updatedAt, problem: null, ruleSet: r.ruleSet, locked }
  } catch (e) {
    if (!(e instanceof ApiError)) throw e
    const d = defaultRuleSet()
    return { meetingId, custom: true, version: d.version, digest: ruleSetDigest(d), updatedAt: null, problem: e.message, ruleSet: d, locked }
  }
}

export function buildRulesHandlers(state: BackendState): HandlersFor<keyof typeof rulesMethods> {
  const rederive = () => packageDeriverFor(state, state.paths.dataDir, state.options.log).request()
  return {
    'rules.get': ({ meetingId }) => view(state, meetingId),
    'rules.import': async ({ meetingId, text }) => {
      importRuleSet(state.db, meetingId, text)
      await rederive()
      return view(state, meetingId)
    },
    'rules.save': async ({ meetingId, definition, baseDigest }) => {
      saveRuleSet(state.db, meetingId, definition, baseDigest)
      await rederive()
      return view(state, meetingId)
    },
    'rules.reset': async ({ meetingId }) => {
      resetRuleSet(state.db, meetingId)
      await rederive()
      return view(state, meetingId)
    },
    'rules.export': ({ meetingId }) => exportRuleSet(state.db, meetingId ?? null)
  }
}
