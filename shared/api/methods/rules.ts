/** The rule set a meeting's findings are derived with (issue 14 item 3): view, export, import, back to the default. */
import { z } from 'zod'
import type { RuleSetView } from '../ruleTypes'
import { id } from './core'
import { returns } from './returns'

export const rulesMethods = {
  'rules.get': { input: z.object({ meetingId: id }).strict(), output: returns<RuleSetView>() },
  /** The rule set file (JSON); refused whole, with every problem's path and reason, when it does not pass the schema. */
  'rules.import': {
    input: z.object({ meetingId: id, fileName: z.string().min(1).max(255), text: z.string().max(1024 * 1024, '规则集文件不能超过 1 MB') }).strict(),
    output: returns<RuleSetView>()
  },
  /** A rule set edited in the console (its JSON), saved as the meeting's new version; `baseDigest` is the version it was edited from. */
  'rules.save': {
    input: z.object({ meetingId: id, definition: z.string().max(1024 * 1024, '规则集不能超过 1 MB'), baseDigest: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    output: returns<RuleSetView>()
  },
  'rules.reset': { input: z.object({ meetingId: id }).strict(), output: returns<RuleSetView>() },
  'rules.export': { input: z.object({ meetingId: id.optional() }).strict(), output: returns<{ json: string; fileName: string }>() }
} as const
