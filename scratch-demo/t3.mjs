let t = performance.now()
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
console.log('pdfjs import', performance.now() - t)
t = performance.now()
await import('exceljs')
console.log('exceljs import', performance.now() - t)
t = performance.now()
await import('mammoth')
console.log('mammoth import', performance.now() - t)
const fs = await import('node:fs')
const { unzipSync } = await import('fflate')
const z = unzipSync(fs.readFileSync('/work/main/tests/fixtures/packages/clean-sanming-12345-hotline.pdpkg'))
const pdf = z['docs/可研暨初设方案.pdf']
const root = '/work/main/node_modules/pdfjs-dist/'
for (let i = 0; i < 3; i++) {
t = performance.now()
const task = pdfjs.getDocument({ data: new Uint8Array(pdf), cMapUrl: root + 'cmaps/', cMapPacked: true, standardFontDataUrl: root + 'standard_fonts/', isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 })
const doc = await task.promise
console.log(' open', performance.now() - t)
for (let n = 1; n <= doc.numPages; n++) { const p = await doc.getPage(n); await p.getTextContent() }
await doc.destroy()
console.log('pdf', i, performance.now() - t)
}
