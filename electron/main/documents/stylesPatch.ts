/**
 * Patches docx's styles.xml with what its API cannot express: the Normal style's size (the document grid's
 * character pitch is relative to it) and a paragraph style that does not snap to the grid (tables, titles,
 * page numbers), so that only body text is laid out as 22 lines × 28 characters.
 */
import type { FontChain } from './style'
import { TEXT } from './style'
import { TABLE_STYLES, cellStyleId, cellStyleVariants } from './rawTable'
import { escapeXml } from './xml'

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
  out = out.replace('</w:styles>', `${noGrid}${tableStyles()}</w:styles>`)
  return out
}

const JC = { left: 'left', center: 'center', right: 'right' } as const
const ALIGN_NAME = { left: '左对齐', center: '居中', right: '右对齐' } as const

/**
 * A cell style (rawTable.cellStyleId): the base style with the cell's alignment and, for a cell showing one
 * number, English as its language.
 */
function cellStyles(base: string, name: string): string {
  return cellStyleVariants()
    .map(
      ({ align, numeric }) =>
        `<w:style w:type="paragraph" w:customStyle="1" w:styleId="${cellStyleId(base, align, numeric)}"><w:name w:val="${name}（${ALIGN_NAME[align]}${numeric ? '，数字' : ''}）"/>` +
        `<w:basedOn w:val="${base}"/><w:pPr><w:jc w:val="${JC[align]}"/></w:pPr>` +
        (numeric ? '<w:rPr><w:lang w:val="en-US" w:eastAsia="en-US"/></w:rPr>' : '') +
        '</w:style>'
    )
    .join('')
}

/** Paragraph styles of raw table cells (rawTable.ts): the font and size live here, not on every run. */
function tableStyles(): string {
  const style = (id: string, name: string, font: FontChain, size: number, lineTwips: number): string => {
    const f = escapeXml(font.name)
    const sz = Math.round(size * 2)
    return (
      `<w:style w:type="paragraph" w:customStyle="1" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="${NO_GRID_STYLE}"/>` +
      `<w:pPr><w:spacing w:line="${lineTwips}" w:lineRule="auto"/></w:pPr>` +
      `<w:rPr><w:rFonts w:ascii="${f}" w:hAnsi="${f}" w:eastAsia="${f}" w:cs="${f}"/><w:sz w:val="${sz}"/><w:szCs w:val="${sz}"/></w:rPr></w:style>` +
      cellStyles(id, name)
    )
  }
  const t = TABLE_STYLES
  return [
    style(t.normal.body, 'PanelDesk 表格文字', TEXT.table.font, TEXT.table.size, t.normal.lineTwips),
    style(t.normal.header, 'PanelDesk 表头', TEXT.tableHeader.font, TEXT.tableHeader.size, t.normal.lineTwips),
    style(t.small.body, 'PanelDesk 表格文字（五号）', TEXT.tableSmall.font, TEXT.tableSmall.size, t.small.lineTwips),
    style(t.small.header, 'PanelDesk 表头（五号）', TEXT.tableHeaderSmall.font, TEXT.tableHeaderSmall.size, t.small.lineTwips),
    style(t.tiny.body, 'PanelDesk 表格文字（小五）', TEXT.tableTiny.font, TEXT.tableTiny.size, t.tiny.lineTwips),
    style(t.tiny.header, 'PanelDesk 表头（小五）', TEXT.tableHeaderTiny.font, TEXT.tableHeaderTiny.size, t.tiny.lineTwips),
    style(t.mini.body, 'PanelDesk 表格文字（小六）', TEXT.tableMini.font, TEXT.tableMini.size, t.mini.lineTwips),
    style(t.mini.header, 'PanelDesk 表头（小六）', TEXT.tableHeaderMini.font, TEXT.tableHeaderMini.size, t.mini.lineTwips)
  ].join('')
}
