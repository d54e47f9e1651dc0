/** The part of word-extractor 1.0.4 (pure JS, no bundled types) that PanelDesk uses. */
declare module 'word-extractor' {
  interface TextOptions {
    filterUnicode?: boolean
  }
  class WordDocument {
    getBody(options?: TextOptions): string
    getTextboxes(options?: { includeHeadersAndFooters?: boolean; includeBody?: boolean }): string
  }
  export default class WordExtractor {
    extract(source: Buffer): Promise<WordDocument>
  }
}
