/** The 价格参考 tab's keys, listed under “?” in the console (ShortcutHelp). */
export const PRICE_KEY_HINTS = [
  { keys: 'Enter', label: '价格参考：修改选中的参考价（Tab 或 ↑/↓ 在行间移动）' },
  { keys: 'Esc', label: '价格参考：取消修改' },
  { keys: 'Ctrl+Z', label: '价格参考：撤销上一次修改' }
] as const
