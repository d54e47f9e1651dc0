#!/bin/sh
# Re-makes resources/fonts/chart/NotoSansCJKsc-Regular-chart.otf (chart renderer 3's font; see the README.md there)
# and prints its SHA-256. For the record only: the committed file is the one the app accepts; another fontTools may
# write other bytes, and then the new file is a new renderer, never a replacement.
# The layout tables (GSUB, GPOS, GDEF) and vertical metrics are left out: resvg shapes each text with them at a cost
# of ≈ 40 % of its layout time, and a chart is written horizontally with no ligature or kerning that matters.
# Needs Debian 12's fonts-noto-cjk and python3-fonttools (apt-get install fonts-noto-cjk python3-fonttools).
set -eu
SRC=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
OUT=${1:-NotoSansCJKsc-Regular-chart.otf}
echo "b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a  $SRC" | sha256sum -c -
/usr/bin/python3 -m fontTools.subset "$SRC" --font-number=2 --no-hinting --drop-tables+=GSUB,GPOS,GDEF,VORG,vhea,vmtx --output-file="$OUT" \
  --unicodes="U+0020-007E,U+00A0-024F,U+02B0-036F,U+0370-03FF,U+0400-04FF,U+2000-2BFF,U+2E80-2FDF,U+2FF0-303F,U+3040-30FF,U+3100-31FF,U+3200-33FF,U+3400-4DBF,U+4E00-9FFF,U+F900-FAFF,U+FE10-FE1F,U+FE30-FE4F,U+FF00-FFEF"
# One cmap subtable, format 12 (Windows, UCS-4): resvg's font reader (ttf-parser) misreads the big format 4 subtable
# fontTools writes for this subset (about a third of the ideographs came out blank).
/usr/bin/python3 - "$OUT" <<'PY'
import sys
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable
font = TTFont(sys.argv[1], recalcTimestamp=False)
table = CmapSubtable.newSubtable(12)
table.platformID, table.platEncID, table.language, table.cmap = 3, 10, 0, dict(font.getBestCmap())
font['cmap'].tables = [table]
font.save(sys.argv[1])
PY
sha256sum "$OUT"
