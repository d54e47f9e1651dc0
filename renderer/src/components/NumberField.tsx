/**
 * A number field that never changes a value silently. It keeps exactly what was typed; the text is read by
 * parseNumberInput (full-width digits and 。 accepted, `6,5`, `1e1`, `-1` and out-of-range values refused),
 * and a refusal is shown under the field, in Chinese, until the text is fixed. Only valid values reach
 * `onValue`; nothing is clamped or rounded. A new `value` from outside (undo, a reload) replaces the text
 * unless the text already means that value.
 */
import { Input, Typography } from 'antd'
import { useEffect, useId, useState, type CSSProperties } from 'react'
import { numberText, parseNumberInput, type NumberRules } from '../../../shared/domain/numberInput'

export interface NumberFieldProps {
  label: string
  value: number | null
  rules: NumberRules
  /** Called with each valid value as it is typed (`change`) or when the field is left or Enter pressed (`blur`). */
  onValue: (value: number | null) => void
  commitOn?: 'change' | 'blur'
  /** Digits shown for a value from outside (e.g. 2 for 万元). */
  decimals?: number
  disabled?: boolean
  placeholder?: string
  suffix?: string
  style?: CSSProperties
  /** A refusal from elsewhere (e.g. the save), shown like the field's own. */
  error?: string | null
  /** Every keystroke's text (e.g. to enable the fields that belong to a value being typed). */
  onText?: (text: string) => void
  /** Extra attributes for the input (e.g. data-item-id). */
  inputProps?: Record<string, string>
  id?: string
}

export function NumberField(p: NumberFieldProps) {
  const [text, setText] = useState(() => numberText(p.value, p.decimals))
  const [problem, setProblem] = useState<string | null>(null)
  const errorId = useId()
  useEffect(() => {
    setText((t) => {
      const r = parseNumberInput(t, p.rules)
      return r.ok && r.value === p.value ? t : numberText(p.value, p.decimals)
    })
    // Only a new value from outside resets the text; the rules do not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.value])

  const check = (t: string): number | null | undefined => {
    const r = parseNumberInput(t, p.rules)
    setProblem(r.ok ? null : r.message)
    return r.ok ? r.value : undefined
  }
  const commit = () => {
    const v = check(text)
    if (v !== undefined && v !== p.value) p.onValue(v)
  }
  const shown = problem ?? p.error ?? null
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column', gap: 2 }}>
      <Input
        {...p.inputProps}
        id={p.id}
        aria-label={p.label}
        aria-invalid={shown ? true : undefined}
        aria-describedby={shown ? errorId : undefined}
        inputMode="decimal"
        autoComplete="off"
        value={text}
        disabled={p.disabled}
        placeholder={p.placeholder}
        suffix={p.suffix}
        status={shown ? 'error' : undefined}
        style={p.style}
        onChange={(e) => {
          setText(e.target.value)
          p.onText?.(e.target.value)
          const v = check(e.target.value)
          if (p.commitOn !== 'blur' && v !== undefined && v !== p.value) p.onValue(v)
        }}
        onBlur={commit}
        onPressEnter={commit}
      />
      {shown && (
        <Typography.Text type="danger" role="alert" id={errorId} style={{ fontSize: 13, maxWidth: 260 }}>
          {shown}
        </Typography.Text>
      )}
    </span>
  )
}
