import { describe, expect, it } from 'vitest'
import { stylesheetsAfterFrame } from './indexHtml'

const BUILT = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="UTF-8" />
    <style>.pd-boot{display:flex}</style>
    <script type="module" crossorigin src="./assets/index-B8k.js"></script>
    <link rel="modulepreload" crossorigin href="./assets/rolldown-runtime-X.js">
    <link rel="stylesheet" crossorigin href="./assets/index-C.css">
  </head>
  <body>
    <div id="root"><div class="pd-boot">正在打开评审台…</div></div>
  </body>
</html>
`

describe('stylesheetsAfterFrame (the frame paints before the CSS arrives)', () => {
  it('moves the head stylesheet after the frame, keeping the scripts, preloads and inline style in <head>', () => {
    const out = stylesheetsAfterFrame(BUILT)
    const head = out.slice(0, out.indexOf('</head>'))
    const body = out.slice(out.indexOf('<body>'))
    expect(head).not.toContain('rel="stylesheet"')
    expect(head).toContain('<style>.pd-boot{display:flex}</style>')
    expect(head).toContain('<script type="module" crossorigin src="./assets/index-B8k.js"></script>')
    expect(head).toContain('rel="modulepreload"')
    expect(body.indexOf('<link rel="stylesheet" crossorigin href="./assets/index-C.css">')).toBeGreaterThan(body.indexOf('id="root"'))
    expect(body.trimEnd().endsWith('</body>\n</html>')).toBe(true)
    expect(out.match(/rel="stylesheet"/g)).toHaveLength(1)
  })

  it('leaves a page without a head stylesheet as it is, and is idempotent', () => {
    const none = BUILT.replace(/\s*<link rel="stylesheet"[^>]*>/, '')
    expect(stylesheetsAfterFrame(none)).toBe(none)
    const once = stylesheetsAfterFrame(BUILT)
    expect(stylesheetsAfterFrame(once)).toBe(once)
  })
})
