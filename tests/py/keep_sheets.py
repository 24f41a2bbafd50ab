#!/usr/bin/env python3
"""Copies an .xlsx with openpyxl, deleting every visible sheet but the one named: what a user does
who deletes the optional sheets before the session. Hidden sheets stay. openpyxl writes formulas
without cached results, so the numbers a spreadsheet app shows afterwards are recalculated.

    keep_sheets.py IN.xlsx OUT.xlsx SHEET

Prints how many sheets were deleted.
"""
import sys

import openpyxl

source, target, keep = sys.argv[1:4]
book = openpyxl.load_workbook(source)
deleted = 0
for sheet in list(book.worksheets):
    if sheet.title != keep and sheet.sheet_state == "visible":
        book.remove(sheet)
        deleted += 1
book.active = 0
book.save(target)
print(deleted)
