/** The project page's resizable split (UI.md): materials on the left, the expert's form on the right. */
import { Splitter } from 'antd'
import { useState, type ReactNode } from 'react'

const KEY = 'paneldesk.split.left'

function savedSize(): number | string {
  const v = Number(localStorage.getItem(KEY))
  return Number.isFinite(v) && v >= 25 && v <= 80 ? `${v}%` : '55%'
}

export function SplitView({ left, right }: { left: ReactNode; right: ReactNode }) {
  const [initial] = useState(savedSize)
  return (
    <Splitter
      className="pd-splitter"
      onResizeEnd={(sizes) => {
        const total = sizes.reduce((a, b) => a + b, 0)
        if (total > 0 && sizes[0] !== undefined) localStorage.setItem(KEY, String(Math.round((sizes[0] / total) * 100)))
      }}
    >
      <Splitter.Panel defaultSize={initial} min="25%" max="80%" style={{ paddingRight: 8 }}>
        {left}
      </Splitter.Panel>
      <Splitter.Panel min={360} style={{ paddingLeft: 8 }}>
        {right}
      </Splitter.Panel>
    </Splitter>
  )
}
