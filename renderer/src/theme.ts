/**
 * The one antd theme: calm, large, readable (UI.md: experts often past fifty, 1366×768 laptops, projectors).
 * Colours are darkened from antd's defaults so that text meets WCAG AA contrast (checked by axe in e2e).
 */
import type { ThemeConfig } from 'antd'

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f4e8c',
    colorLink: '#1f4e8c',
    colorLinkHover: '#163a69',
    colorLinkActive: '#163a69',
    colorPrimaryHover: '#2b5fa3',
    colorError: '#b3261e',
    colorWarning: '#8a5300',
    colorSuccess: '#1d6b12',
    colorInfo: '#1f4e8c',
    colorInfoBg: '#eef4fc',
    colorInfoBorder: '#a9c3e6',
    colorWarningBg: '#fff8e6',
    colorWarningBorder: '#e6c878',
    colorErrorBg: '#fdefed',
    colorErrorBorder: '#e7a19c',
    colorSuccessBg: '#f0f8ec',
    colorSuccessBorder: '#a8d29b',
    colorTextSecondary: '#4a4a4a',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#6b6b6b',
    colorTextDisabled: '#6b6b6b',
    fontSize: 15,
    fontFamily: '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", system-ui, sans-serif',
    borderRadius: 4
  },
  components: {
    Layout: { headerBg: '#1f4e8c', siderBg: '#f5f7fa' }
  }
}
