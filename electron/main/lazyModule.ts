/**
 * Heavy libraries loaded on first use instead of at start-up (issue 11; docs/architecture.md, 启动性能): ECharts,
 * ExcelJS, mammoth, the old-Office readers, QR codes, resvg and the PostgreSQL client together cost about half the
 * backend's start-up CPU when imported with everything else, and none of them is needed to answer the first
 * requests. `lazyModule` returns a getter that `require`s the package the first time it is called and keeps it; a
 * package that cannot be loaded (a broken install) becomes a Chinese ApiError naming what is unavailable, thrown
 * where the feature is used, so the rest of the app still starts.
 */
import { createRequire } from 'node:module'
import { ApiError } from '../../shared/api/errors'

const requireModule = createRequire(import.meta.url)

/** `label`: what the package does, in Chinese, for the error message (e.g. '图表绘制'). */
export function lazyModule<T>(name: string, label: string): () => T {
  let loaded: { mod: T } | null = null
  return () => {
    if (loaded) return loaded.mod
    try {
      loaded = { mod: requireModule(name) as T }
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err)
      throw new ApiError('internal', `${label}组件（${name}）无法加载，请重新安装评审台：${why}`)
    }
    return loaded.mod
  }
}
