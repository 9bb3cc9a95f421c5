#!/bin/sh
# How DejaVuSans.ttf and DejaVuSans-Bold.ttf here were made from the full DejaVu 2.37 fonts
# (Debian fonts-dejavu-core) with fontTools' pyftsubset: Latin, Latin-1 and Latin Extended-A,
# Cyrillic (Ukrainian included), general punctuation, currency signs, arrows and a few
# symbols; the legacy 'kern' table kept (the rasterizer reads it), no hinting, no OpenType
# layout tables (charts lay out plain lines). Run again to add scripts.
set -eu
SRC=${SRC:-/usr/share/fonts/truetype/dejavu}
UNICODES="U+0020-007E,U+00A0-017F,U+0218-021B,U+02C6-02DD,U+0400-04FF,U+2000-206F,U+20A0-20C0,U+2116,U+2122,U+2190-2199,U+2212,U+2215,U+2260-2265,U+25A0-25CF"
for font in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "$SRC/$font.ttf" --unicodes="$UNICODES" --layout-features='' \
    --drop-tables+=GPOS,GSUB,GDEF,MATH,FFTM --legacy-kern --no-hinting \
    --output-file="$(dirname "$0")/$font.ttf"
done
