#!/usr/bin/env python3
"""Copies an .xlsx, replacing the cached result of every formula cell with a value no formula of
ours can give, so that a spreadsheet app that shows the right numbers afterwards has provably
recalculated them (and did not just keep the cached results).

    tamper_cached.py IN.xlsx OUT.xlsx

Numbers become -987654321, text results "tampered"; prints how many cells were changed.
"""
import re
import sys
import zipfile

FORMULA_CELL = re.compile(r"(<c [^>]*>)(<f[ >/](?:(?!</c>).)*?)<v>[^<]*</v></c>", re.S)


def tamper(match):
    opening, formula = match.group(1), match.group(2)
    value = "tampered" if 't="str"' in opening else "-987654321"
    return f"{opening}{formula}<v>{value}</v></c>"


def main():
    source, target = sys.argv[1:3]
    changed = 0
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/") and item.filename.endswith(".xml"):
                text, count = FORMULA_CELL.subn(tamper, data.decode("utf-8"))
                changed += count
                data = text.encode("utf-8")
            zout.writestr(item, data)
    print(changed)


if __name__ == "__main__":
    main()
