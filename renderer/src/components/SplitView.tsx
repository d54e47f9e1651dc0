/**
 * The project page's resizable split (UI.md): materials on the left, the expert's form on the right. Each pane is
 * its own scroll container filling the height left by the title (issue 11 item 3), focusable and named so that a
 * keyboard user can scroll it too.
 */
import { Splitter } from 'antd'
import { useState, type ReactNode } from 'react'

const KEY = 'paneldesk.split.left'

function savedSize(): number | string {
  const v = Number(localStorage.getItem(KEY))
  return Number.isFinite(v) && v >= 25 && v <= 80 ? `${v}%` : '50%'
}

export function SplitView({ left, right, leftLabel = '申报材料', rightLabel = '评审' }: { left: ReactNode; right: ReactNode; leftLabel?: string; rightLabel?: string }) {
  const [initial] = useState(savedSize)
  return (
    <Splitter
      className="pd-splitter"
      onResizeEnd={(sizes) => {
        const total = sizes.reduce((a, b) => a + b, 0)
        if (total > 0 && sizes[0] !== undefined) localStorage.setItem(KEY, String(Math.round((sizes[0] / total) * 100)))
      }}
    >
      <Splitter.Panel defaultSize={initial} min="25%" max="80%" style={{ overflow: 'hidden' }}>
        <div className="pd-pane pd-pane-left" role="region" aria-label={leftLabel} tabIndex={0} data-testid="pane-left">
          {left}
        </div>
      </Splitter.Panel>
      <Splitter.Panel min={360} style={{ overflow: 'hidden' }}>
        <div className="pd-pane pd-pane-right" role="region" aria-label={rightLabel} tabIndex={0} data-testid="pane-right">
          {right}
        </div>
      </Splitter.Panel>
    </Splitter>
  )
}
