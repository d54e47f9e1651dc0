/**
 * The meeting settings form (SettingsTab) as plain functions, so they are unit-tested: the form's values from the
 * meeting, the update sent from the form's values, and where the backend's refusals are shown.
 */
import type { MethodInput } from '../../../../shared/api/contract'
import type { ConsoleSettings } from '../../../../shared/api/secretariatTypes'
import type { MergeMethod } from '../../../../shared/domain/merge'
import { numberOf } from '../../components/numberText'

export interface SettingsFormValues {
  name: string
  date: string
  place: string
  organiser: string
  rubricId: string
  mergeMethod: MergeMethod
  budgetMergeMethod: MergeMethod
  // Number fields hold the typed text (checked by numberRule, never clamped).
  deviationPercent: string
  passAt: string
  reviseAt: string
  minPerProject: string
  requireOdd: boolean
  pinMinLength: string
  pinRequireLetters: boolean
}

/** The backend's issue paths and the form fields their refusals are shown at. */
export const SETTINGS_ISSUE_FIELDS: readonly (readonly [string, keyof SettingsFormValues])[] = [
  ['name', 'name'],
  ['date', 'date'],
  ['settings.deviationRatio', 'deviationPercent'],
  ['settings.conclusion', 'reviseAt'],
  ['settings.panel', 'minPerProject'],
  ['settings.pin', 'pinMinLength']
]

/** A cross-field check as a Form rule result (a check of a number not yet typed, NaN, is left to numberRule). */
export const rejectIf = (problem: string | null): Promise<void> => (problem && !problem.includes('NaN') ? Promise.reject(new Error(problem)) : Promise.resolve())

export function formValuesOf(s: ConsoleSettings): SettingsFormValues {
  return {
    name: s.name,
    date: s.date,
    place: s.place,
    organiser: s.organiser,
    rubricId: s.rubricId,
    mergeMethod: s.settings.mergeMethod,
    budgetMergeMethod: s.settings.budgetMergeMethod,
    deviationPercent: String(Math.round(s.settings.deviationRatio * 1000) / 10),
    passAt: String(s.settings.conclusion.passAt),
    reviseAt: String(s.settings.conclusion.reviseAt),
    minPerProject: String(s.settings.panel.minPerProject),
    requireOdd: s.settings.panel.requireOdd,
    pinMinLength: String(s.settings.pin.minLength),
    pinRequireLetters: s.settings.pin.requireLetters
  }
}

/** The update of console.updateSettings from the form's values; the rubric is sent only when it was changed. */
export function settingsUpdateOf(s: Pick<ConsoleSettings, 'meetingId' | 'rubricId'>, v: SettingsFormValues): MethodInput<'console.updateSettings'> {
  return {
    meetingId: s.meetingId,
    name: v.name,
    date: v.date,
    place: v.place,
    organiser: v.organiser,
    ...(v.rubricId !== s.rubricId ? { rubricId: v.rubricId } : {}),
    settings: {
      mergeMethod: v.mergeMethod,
      budgetMergeMethod: v.budgetMergeMethod,
      deviationRatio: numberOf(v.deviationPercent) / 100,
      conclusion: { passAt: numberOf(v.passAt), reviseAt: numberOf(v.reviseAt) },
      panel: { minPerProject: numberOf(v.minPerProject), requireOdd: v.requireOdd },
      pin: { minLength: numberOf(v.pinMinLength), requireLetters: v.pinRequireLetters }
    }
  }
}
