/**
 * Patches docx's styles.xml with what its API cannot express: the Normal style's size (the document grid's
 * character pitch is relative to it) and a paragraph style that does not snap to the grid (tables, titles,
 * page numbers), so that only body text is laid out as 22 lines × 28 characters.
 */
import { TEXT } from './style'

export const NO_GRID_STYLE = 'PDNoGrid'

export function patchStylesXml(xml: string): string {
  const size = TEXT.body.size * 2
  const normal = /(<w:style\b[^>]*w:styleId="Normal"[^>]*>)([\s\S]*?)(<\/w:style>)/
  let out = xml.replace(normal, (_all, open: string, inner: string, close: string) => {
    if (inner.includes('<w:rPr>')) return `${open}${inner}${close}`
    return `${open}${inner}<w:rPr><w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr>${close}`
  })
  const noGrid =
    `<w:style w:type="paragraph" w:customStyle="1" w:styleId="${NO_GRID_STYLE}">` +
    '<w:name w:val="PanelDesk 表格与标题（不对齐网格）"/><w:basedOn w:val="Normal"/><w:qFormat/>' +
    '<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/></w:pPr></w:style>'
  out = out.replace('</w:styles>', `${noGrid}</w:styles>`)
  return out
}
