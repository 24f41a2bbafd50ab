#!/usr/bin/env python3
"""Types text into cells of a workbook, in place, the way a respondent in Excel does who starts
an entry with an apostrophe ('=HYPERLINK(...)): the cell holds the text itself, never a formula.

    type_as_text.py WORKBOOK.xlsx 'Sheet!A1' TEXT ['Sheet!B2' TEXT ...]

openpyxl on its own turns every string that starts with '=' into a formula; here the cell is
forced to a string cell, with the quote prefix Excel stores for such an entry.
"""
import sys

from openpyxl import load_workbook


def split(reference):
    sheet, cell = reference.rsplit("!", 1)
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cell


def main():
    path, pairs = sys.argv[1], sys.argv[2:]
    if not pairs or len(pairs) % 2:
        sys.exit("usage: type_as_text.py WORKBOOK 'Sheet!A1' TEXT ...")
    wb = load_workbook(path)
    for reference, text in zip(pairs[::2], pairs[1::2]):
        sheet, cell = split(reference)
        target = wb[sheet][cell]
        target.value = text
        target.data_type = "s"
        # Excel's mark for "typed with a leading apostrophe"; openpyxl has no public setter.
        target._style.quotePrefix = 1
    wb.save(path)


if __name__ == "__main__":
    main()
