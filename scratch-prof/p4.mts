import { makeFixture } from '../electron/main/documents/testData'
import { buildBudgetComparisonDocx } from '../electron/main/documents/budgetComparison'
const f = makeFixture({ experts: 9, budgetLines: 2000 })
await buildBudgetComparisonDocx(f.panelInput)
const s = performance.now()
for (let i = 0; i < 3; i++) await buildBudgetComparisonDocx(f.panelInput)
console.log('avg', ((performance.now() - s) / 3).toFixed(0))
