#!/usr/bin/env node
// Prints the favicon's <link> for renderer/index.html: a 32×32 PNG (data URI) of the app's mark — a blue rounded
// square with 评 in white. The glyph is an outline (taken once from Noto Sans CJK SC with resvg), so no font is
// needed to draw it. Why a PNG and not an SVG with <text>: Chromium draws an SVG favicon in a separate SVG document
// on the page's main thread, and its <text> made it set up a CJK font there — about 150 ms with the CPU slowed 4×,
// just before React's first render (docs/architecture.md, Startup). Run: node scripts/favicon.mjs
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Resvg } = require('@resvg/resvg-js')

const MARK =
  "<svg viewBox='0 0 32 32' xmlns='http://www.w3.org/2000/svg'>" +
  "<path fill='#1f5fa8' d='M 6 0 L 26 0 C 29.31 0 32 2.68 32 6 L 32 26 C 32 29.31 29.31 32 26 32 L 6 32 C 2.68 32 0 29.31 0 26 L 0 6 C 0 2.68 2.68 0 6 0 Z'/>" +
  "<path fill='#ffffff' d='M 22.52 9.72 C 22.26 11.24 21.65 13.46 21.18 14.8 L 22.38 15.14 C 22.9 13.86 23.50 11.78 24 10.08 Z " +
  'M 13.84 10.08 C 14.38 11.66 14.86 13.7 14.98 15.06 L 16.34 14.68 C 16.2 13.36 15.71 11.32 15.12 9.74 Z ' +
  'M 7.93 7.76 C 9 8.72 10.32 10.04 10.94 10.9 L 11.94 9.84 C 11.32 9.02 9.96 7.74 8.9 6.86 Z ' +
  'M 13.16 7.22 L 13.16 8.64 L 18.06 8.64 L 18.06 16.02 L 12.6 16.02 L 12.6 17.46 L 18.06 17.46 L 18.06 24.57 L 19.58 24.57 L 19.58 17.46 ' +
  'L 25.22 17.46 L 25.22 16.02 L 19.58 16.02 L 19.58 8.64 L 24.32 8.64 L 24.32 7.22 Z ' +
  'M 6.85 12.48 L 6.85 13.92 L 9.63 13.92 L 9.63 21.32 C 9.63 22.18 9.08 22.7 8.7 22.92 C 8.96 23.22 9.3 23.84 9.44 24.2 C 9.72 23.8 10.24 23.4 13.56 20.84 ' +
  "C 13.37 20.56 13.12 19.98 13 19.58 L 11.04 21.06 L 11.04 12.46 L 9.63 12.48 Z'/></svg>"

const png = new Resvg(MARK, { fitTo: { mode: 'width', value: 32 }, font: { loadSystemFonts: false } }).render().asPng()
console.log(`<link rel="icon" type="image/png" sizes="32x32" href="data:image/png;base64,${Buffer.from(png).toString('base64')}" />`)
