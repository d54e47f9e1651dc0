/**
 * The left navigation: a vertical menu (role="menu", items role="menuitem") in plain HTML with antd's inline Menu
 * look (global.css, .pd-menu), so the shell needs no antd at start-up (issue 11 item 11). Keyboard as antd's: the
 * selected item is the one Tab stop; ↑/↓ (wrapping), Home and End move between items; Enter or Space opens one.
 */
import { useRef, type KeyboardEvent } from 'react'

export interface NavItem {
  key: string
  label: string
  onSelect: () => void
}

export function NavMenu({ items, selected }: { items: readonly NavItem[]; selected: string }) {
  const list = useRef<HTMLUListElement>(null)
  const tabStop = items.some((i) => i.key === selected) ? selected : items[0]?.key
  const focusAt = (index: number) => {
    const els = list.current?.querySelectorAll<HTMLLIElement>('[role="menuitem"]')
    if (!els || els.length === 0) return
    els[(index + els.length) % els.length]?.focus()
  }
  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>, index: number, item: NavItem) => {
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 }
    const to = moves[e.key]
    if (to !== undefined) {
      e.preventDefault()
      focusAt(to)
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      item.onSelect()
    }
  }
  return (
    <ul role="menu" aria-orientation="vertical" className="pd-menu" ref={list}>
      {items.map((item, index) => (
        <li
          key={item.key}
          role="menuitem"
          tabIndex={item.key === tabStop ? 0 : -1}
          aria-current={item.key === selected ? 'page' : undefined}
          className={item.key === selected ? 'pd-menu-item pd-menu-item-selected' : 'pd-menu-item'}
          onClick={item.onSelect}
          onKeyDown={(e) => onKeyDown(e, index, item)}
        >
          {item.label}
        </li>
      ))}
    </ul>
  )
}
