import { makeFixture } from '/work/main/electron/main/documents/testData'
import { preparePanel } from '/work/main/electron/main/documents/panelCommon'
import { buildPanelOpinionDocx } from '/work/main/electron/main/documents/panelOpinion'
import { verifySignedPayload } from '/work/main/shared/signing/envelope'
import { unzipSync, zipSync, strFromU8 } from 'fflate'
import { readDocxView, bodyText } from '/work/main/electron/main/documents/docxRead'
import { sm3Hex } from '/work/main/shared/signing/sm'
const f = makeFixture({ experts: 9, budgetLines: 2000 })
const T = (l: string, fn: () => unknown) => { const s = performance.now(); const r = fn(); console.log(l, (performance.now() - s).toFixed(0)); return r }
T('verify 1', () => verifySignedPayload(f.sources[0]!))
T('verify 9', () => f.sources.map((p) => verifySignedPayload(p)))
T('prepare', () => preparePanel('panel-opinion', f.panelInput))
T('prepare', () => preparePanel('panel-opinion', f.panelInput))
console.log('canonical len', f.sources[0]!.canonical.length)
const bytes = await buildPanelOpinionDocx(f.panelInput)
const files = T('unzip', () => unzipSync(bytes)) as Record<string, Uint8Array>
console.log('doc.xml', files['word/document.xml']!.length, 'custom', files['customXml/item1.xml']!.length)
const v = T('view', () => readDocxView(files)) as ReturnType<typeof readDocxView>
T('sm3 body', () => sm3Hex(bodyText(v)))
T('zip6', () => zipSync(files, { level: 6 }))
T('zip1', () => zipSync(files, { level: 1 }))
T('sm3 canon', () => sm3Hex(f.sources[0]!.canonical))
