/**
 * The font table: every font the documents use, with w:altName fallbacks (仿宋_GB2312 → 仿宋 → FangSong)
 * and the GB2312 character set, so that Word and WPS substitute sensibly where a font is missing.
 */
import { fontAltNames } from './style'
import { escapeXml } from './xml'

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'

function isCjk(name: string): boolean {
  return /[\u3400-\u9fff]/.test(name) || /^(SimSun|SimHei|FangSong|KaiTi)$/.test(name)
}

export function fontTableXml(): string {
  const fonts = [...fontAltNames()]
  const entries = fonts.map(([name, alt]) => {
    const cjk = isCjk(name)
    return (
      `<w:font w:name="${escapeXml(name)}">` +
      (alt ? `<w:altName w:val="${escapeXml(alt)}"/>` : '') +
      `<w:charset w:val="${cjk ? '86' : '00'}"/>` +
      `<w:family w:val="${cjk ? 'modern' : 'roman'}"/>` +
      `<w:pitch w:val="${cjk ? 'fixed' : 'variable'}"/>` +
      `</w:font>`
    )
  })
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="${W}">${entries.join('')}</w:fonts>`
}
