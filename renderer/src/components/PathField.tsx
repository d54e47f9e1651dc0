/**
 * A folder or file path field. Desktop app: read-only, filled by “选择…” through the OS dialog (files.pick), and the
 * opaque grant goes with the path (the backend accepts nothing else). Browser version: typed, as it has no dialog.
 * A refusal of the path is shown under the field, and what the user typed is kept.
 */
import { App as AntApp, Button, Input, Space, Typography } from 'antd'
import type { CSSProperties } from 'react'
import type { PathPurpose } from '../../../shared/api/methods/files'
import { call, ClientError, errorMessage, hasOsDialogs } from '../api'

/** Whether an error refuses the path itself (shown at the field) rather than something else. */
export function isPathRefusal(err: unknown): boolean {
  return err instanceof ClientError && (err.issues ?? []).some((i) => i.path === 'path' || i.path === 'folder' || i.path === 'source.path')
}

export interface ChosenPath {
  path: string
  /** From files.pick in the desktop app; absent for typed paths. */
  grant?: string
}

/** The grant to send beside a chosen path, if it has one (`{ folder: c.path, ...grantOf(c) }`). */
export function grantOf(c: ChosenPath): { grant?: string } {
  return c.grant ? { grant: c.grant } : {}
}

interface Props {
  id?: string
  label: string
  purpose: PathPurpose
  value: ChosenPath
  onChange: (v: ChosenPath) => void
  placeholder?: string
  disabled?: boolean
  size?: 'large' | 'middle'
  style?: CSSProperties
  /** A refusal of this path, shown under the field. */
  error?: string | null
}

export function PathField({ id, label, purpose, value, onChange, placeholder, disabled, size, style, error }: Props) {
  const { message } = AntApp.useApp()
  const pick = async () => {
    try {
      const picked = await call('files.pick', { purpose })
      if (picked) onChange({ path: picked.path, grant: picked.grant })
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }
  const errorId = id ? `${id}-error` : undefined
  return (
    <div style={style}>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          id={id}
          aria-label={id ? undefined : label}
          size={size}
          value={value.path}
          readOnly={hasOsDialogs}
          onChange={(e) => onChange({ path: e.target.value })}
          onClick={hasOsDialogs && !disabled ? () => void pick() : undefined}
          placeholder={hasOsDialogs ? '点“选择…”选择' : placeholder}
          disabled={disabled}
          spellCheck={false}
          status={error ? 'error' : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        {hasOsDialogs && (
          <Button size={size} disabled={disabled} onClick={() => void pick()}>
            选择…
          </Button>
        )}
      </Space.Compact>
      {error && (
        <Typography.Text id={errorId} type="danger" role="alert">
          {error}
        </Typography.Text>
      )}
    </div>
  )
}
