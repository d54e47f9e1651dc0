import { describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/api/errors'
import { lazyModule } from './lazyModule'

describe('lazyModule', () => {
  it('loads the package on the first call and returns the same module afterwards', () => {
    const load = lazyModule<{ Workbook: unknown }>('exceljs', 'Excel 文件生成')
    const first = load()
    expect(typeof first.Workbook).toBe('function')
    expect(load()).toBe(first)
  })

  it('turns a package that cannot be loaded into a Chinese ApiError, at the call and not before', () => {
    const load = lazyModule('paneldesk-no-such-package', '测试')
    let caught: unknown
    try {
      load()
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(ApiError)
    expect((caught as ApiError).code).toBe('internal')
    expect((caught as ApiError).message).toMatch(/^测试组件（paneldesk-no-such-package）无法加载，请重新安装评审台/)
    // Still failing on the next call (nothing half-loaded is kept).
    expect(() => load()).toThrow(ApiError)
  })
})
