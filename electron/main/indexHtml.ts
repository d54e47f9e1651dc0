/**
 * A build step for the renderer's index.html (electron.vite.config.ts; start-up, issue 11 item 11): the app's
 * stylesheets move from <head> to the end of <body>, after the frame that index.html draws before any script runs.
 *
 * In <head> a stylesheet blocks the first paint until it has arrived, so the frame waited for the CSS and its first
 * layout then fell just before React's code was evaluated. At the end of <body> the frame (styled by its own inline
 * rules) paints while the CSS and the scripts are still on their way; the stylesheet still blocks the module
 * scripts (a parser-inserted stylesheet blocks scripts), so React never renders unstyled. The <link> stays in the
 * document, so the lazy chunks' preload helper finds it and does not load the CSS a second time.
 */
const STYLESHEET = /[ \t]*<link\b[^>]*\brel="stylesheet"[^>]*>[ \t]*\n?/gi

export function stylesheetsAfterFrame(html: string): string {
  const links = html.match(STYLESHEET) ?? []
  const bodyEnd = html.lastIndexOf('</body>')
  if (links.length === 0 || bodyEnd < 0) return html
  const headEnd = html.indexOf('</head>')
  // Only stylesheets in <head> move; one already in <body> stays where it is.
  const inHead = links.filter((l) => html.indexOf(l) < headEnd)
  if (inHead.length === 0) return html
  let out = html
  for (const l of inHead) out = out.replace(l, '')
  const end = out.lastIndexOf('</body>')
  return `${out.slice(0, end)}${inHead.map((l) => `  ${l.trim()}\n`).join('')}  ${out.slice(end)}`
}
