import { makeFixture } from '../electron/main/documents/testData'
import { buildPanelOpinionDocx } from '../electron/main/documents/panelOpinion'
import { unzipSync, zipSync } from 'fflate'
import zlib from 'node:zlib'
const f = makeFixture({ experts: 9, budgetLines: 2000 })
const bytes = await buildPanelOpinionDocx(f.panelInput)
const files = unzipSync(bytes)
for (const [k, v] of Object.entries(files)) if (v.length > 10000) console.log(k, v.length)
const T = (l: string, fn: () => unknown) => { const s = performance.now(); fn(); console.log(l, (performance.now() - s).toFixed(0)) }
T('fflate6', () => zipSync(files, { level: 6 }))
T('fflate1', () => zipSync(files, { level: 1 }))
for (const lvl of [1, 6]) T('zlib' + lvl, () => { for (const v of Object.values(files)) zlib.deflateRawSync(v, { level: lvl }) })
console.log(typeof (zlib as any).crc32)
T('crc', () => { for (const v of Object.values(files)) (zlib as any).crc32(v) })
