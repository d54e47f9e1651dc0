/**
 * A small labelled tag with AA-contrast colours; the word always says what the colour means. Plain HTML with the
 * look of antd's Tag (global.css, .pd-badge), so the first screen needs no antd.
 */
import type { ReactNode } from 'react'

export type Tone = 'demo' | 'info' | 'success' | 'warning' | 'danger' | 'neutral'

const TONES: Record<Tone, { color: string; background: string; borderColor: string }> = {
  demo: { color: '#7a3300', background: '#fff4e5', borderColor: '#f0b46c' },
  info: { color: '#123d73', background: '#e8f0fb', borderColor: '#9dbbe3' },
  success: { color: '#1d5c12', background: '#eef8ea', borderColor: '#9cc98f' },
  warning: { color: '#6b4100', background: '#fff8e1', borderColor: '#e2c36b' },
  danger: { color: '#8c1d18', background: '#fdecea', borderColor: '#e7a19c' },
  neutral: { color: '#333', background: '#f2f2f2', borderColor: '#ccc' }
}

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <span className="pd-badge" style={TONES[tone]}>
      {children}
    </span>
  )
}
