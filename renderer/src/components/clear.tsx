/**
 * Clear buttons in Chinese (issue 11 item 3): antd's zh_CN locale does not name the clear buttons of Select
 * ("Clear") and Input (an unnamed ✖), so every clearable field uses these.
 */
export const CLEAR_SELECT = { label: '清除' }
export const CLEAR_INPUT = { clearIcon: <span aria-label="清除">✖</span> }
