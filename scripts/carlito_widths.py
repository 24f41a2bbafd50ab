#!/usr/bin/env python3
"""Prints the advance widths of Carlito (metric-compatible with Calibri) as the Rust table in
src/questionnaire/measure.rs: U+0020..U+007E and U+00A0..U+017F, in font units (2048 per em),
the wider of the regular and italic faces. Needs fontTools (`pip install fonttools`).

    python3 scripts/carlito_widths.py /usr/share/fonts/truetype/crosextra
"""
import sys

from fontTools.ttLib import TTFont

folder = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/crosextra"
codes = list(range(0x20, 0x7F)) + list(range(0xA0, 0x180))
faces = [TTFont(f"{folder}/Carlito-{style}.ttf") for style in ("Regular", "Italic", "Bold")]


def widths(font):
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    return [metrics[cmap[code]][0] if code in cmap else 0 for code in codes]


regular, italic, bold = (widths(face) for face in faces)
for name, table in (("TEXT", [max(a, b) for a, b in zip(regular, italic)]), ("BOLD", bold)):
    print(f"const {name}: [u16; {len(table)}] = [")
    for start in range(0, len(table), 16):
        print("    " + ", ".join(str(width) for width in table[start:start + 16]) + ",")
    print("];")
