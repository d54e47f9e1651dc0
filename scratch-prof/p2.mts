import { makeFixture } from '../electron/main/documents/testData'
import { buildPanelOpinionDocx } from '../electron/main/documents/panelOpinion'
const f = makeFixture({ experts: 9, budgetLines: 2000 })
await buildPanelOpinionDocx(f.panelInput)
const s = performance.now()
for (let i = 0; i < 3; i++) await buildPanelOpinionDocx(f.panelInput)
console.log('avg', ((performance.now() - s) / 3).toFixed(0))
