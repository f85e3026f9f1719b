#!/bin/sh
# Render the application icon from its SVG source into the PNG sizes and the Windows ICO.
#
#   sh installer/icons.sh        # or `make icons`; needs rsvg-convert and icotool
#                                # (Debian: apt-get install librsvg2-bin icoutils)
#
# The results are committed, so neither a build nor a user needs these tools.
# Small sizes are rendered from the vector source (not scaled down from 256 px) so
# the strokes stay sharp; the ICO keeps 16–128 as bitmaps for Windows Explorer and
# 256 as PNG, as Windows expects.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=$ROOT/src/paizhu_desktop/resources/icons
SIZES="16 24 32 48 64 128 256"
for s in $SIZES; do
    rsvg-convert -w "$s" -h "$s" "$DIR/paizhu.svg" -o "$DIR/paizhu-$s.png"
done
icotool -c -o "$DIR/paizhu.ico" \
    "$DIR/paizhu-16.png" "$DIR/paizhu-24.png" "$DIR/paizhu-32.png" "$DIR/paizhu-48.png" \
    "$DIR/paizhu-64.png" "$DIR/paizhu-128.png" --raw="$DIR/paizhu-256.png"
echo "图标：$(ls "$DIR" | tr '\n' ' ')"
