/**
 * Showing a refusal at the field it is about: the backend's issues (or its message, for a field named by the
 * caller) become antd Form field errors, so nothing is left to a toast far from the field.
 */
import type { FormInstance } from 'antd'
import { parseNumberInput, type NumberRules } from '../../../shared/domain/numberInput'
import { ClientError, errorMessage } from '../api'

/** The message of an issue path ('items.0.text' → the field 'items'), without the “输入无效：path” prefix. */
export function issueFor(err: unknown, field: string): string | null {
  if (!(err instanceof ClientError)) return null
  const hit = (err.issues ?? []).find((i) => i.path === field || i.path.startsWith(`${field}.`))
  return hit ? hit.message : null
}

/**
 * Puts each issue of `err` on the form field of the same name; `fallback` names the field for an error without
 * issues. Returns whether anything was shown at a field (else the caller shows the message elsewhere).
 */
export function showAtFields<T>(form: FormInstance<T>, err: unknown, fields: readonly string[], fallback?: string): boolean {
  const shown: { name: string; errors: string[] }[] = []
  for (const f of fields) {
    const m = issueFor(err, f)
    if (m) shown.push({ name: f, errors: [m] })
  }
  if (shown.length === 0 && fallback) shown.push({ name: fallback, errors: [errorMessage(err)] })
  // antd's NamePath typing is per form; the names come from the caller's own form.
  form.setFields(shown as Parameters<FormInstance<T>['setFields']>[0])
  return shown.length > 0
}

/** A shared field check (shared/domain/fieldRules) as an antd Form rule: its message shows under the field. */
export function ruleOf(check: (s: string) => string | null): { validator: (_: unknown, v: unknown) => Promise<void> } {
  return {
    validator: (_, v) => {
      const problem = check(typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v))
      return problem ? Promise.reject(new Error(problem)) : Promise.resolve()
    }
  }
}

/** A number field of an antd Form kept as typed text: parseNumberInput's refusal shows under the field. */
export function numberRule(rules: NumberRules, required = true): { validator: (_: unknown, v: unknown) => Promise<void> } {
  return {
    validator: (_, v) => {
      const r = parseNumberInput(typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '', rules)
      if (!r.ok) return Promise.reject(new Error(r.message))
      if (r.value === null && required) return Promise.reject(new Error('请填写'))
      return Promise.resolve()
    }
  }
}

export { numberOf } from './numberText'
