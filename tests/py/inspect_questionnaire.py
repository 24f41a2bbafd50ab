#!/usr/bin/env python3
"""Reads a questionnaire with openpyxl, an independent reader, and prints what a respondent's
spreadsheet app would enforce, as JSON: sheet states, protection, and for every cell the `meta`
sheet names, whether it is unlocked and which data validation covers it.

    inspect_questionnaire.py QUESTIONNAIRE.xlsx
"""
import json
import sys

from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_from_string, column_index_from_string


def split(reference):
    sheet, cell = reference.rsplit("!", 1)
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cell


def main():
    wb = load_workbook(sys.argv[1])
    meta = wb["meta"]
    keys, questions, in_table = {}, [], False
    for row in meta.iter_rows(values_only=True):
        if row[0] == "question":
            in_table = True
        elif in_table and row[0] is not None:
            questions.append([str(v) for v in row[:4]])
        elif row[0] is not None:
            keys[row[0]] = row[1]

    def validation(ws, cell):
        column, row = coordinate_from_string(cell)
        col = column_index_from_string(column)
        for dv in ws.data_validations.dataValidation:
            for r in dv.sqref.ranges:
                if r.min_row <= row <= r.max_row and r.min_col <= col <= r.max_col:
                    return {"type": dv.type, "formula1": dv.formula1, "error": dv.error,
                            "prompt": dv.prompt, "showErrorMessage": bool(dv.showErrorMessage)}
        return None

    def describe(reference):
        sheet, cell = split(reference)
        ws = wb[sheet]
        c = ws[cell]
        return {"locked": bool(c.protection.locked), "validation": validation(ws, cell),
                "value": c.value, "fill": c.fill.fgColor.rgb if c.fill and c.fill.fill_type else None}

    main_sheet = wb[split(questions[0][2])[0]] if questions else wb.worksheets[0]
    result = {
        "sheets": [[ws.title, ws.sheet_state] for ws in wb.worksheets],
        "protected": bool(main_sheet.protection.sheet),
        "meta_protected": bool(meta.protection.sheet),
        "keys": keys,
        "questions": [{"question": q[0], "kwi": q[1], "score": describe(q[2]),
                       "relevance": describe(q[3])} for q in questions],
        "closing": {k: describe(keys[k]) for k in ("nps_cell", "remarks_cell", "nps_reason_cell", "anonymous_cell")},
        "print": {"paper": main_sheet.page_setup.paperSize, "orientation": main_sheet.page_setup.orientation,
                  "fit_width": main_sheet.page_setup.fitToWidth, "fit_height": main_sheet.page_setup.fitToHeight,
                  "fit": bool(main_sheet.sheet_properties.pageSetUpPr and main_sheet.sheet_properties.pageSetUpPr.fitToPage),
                  "title_rows": main_sheet.print_title_rows, "freeze": main_sheet.freeze_panes,
                  "scale": main_sheet.page_setup.scale, "breaks": [b.id for b in main_sheet.row_breaks.brk],
                  "footer": main_sheet.oddFooter.right.text or main_sheet.oddFooter.center.text},
    }
    json.dump(result, sys.stdout, default=str)


if __name__ == "__main__":
    main()
