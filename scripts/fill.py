#!/usr/bin/env python3
"""Fills a klantwaarde questionnaire the way a respondent would, with openpyxl: an independent
writer, so that tests never read back only what our own writer wrote.

    fill.py QUESTIONNAIRE.xlsx OUT.xlsx ANSWERS.json

ANSWERS.json: {"scores": {"1.02": 6, "2.03": [8, "<"]}, "nps": 9, "nps_reason": "…",
               "remarks": "…", "anonymous": "nee", "meta": {"client": "…"}}
A score may be any JSON value (a number, or text such as "7,5" or "acht") and is written as is;
[score, mark] also sets the relevance cell. Cells are found through the hidden `meta` sheet;
"meta" overwrites values in it, as someone tampering with the file would.

Optional keys for tampering, applied in this order after the above (TARGET is a question id,
meaning its score cell, one of "nps", "remarks", "nps_reason", "anonymous", or a reference
such as "Vragenlijst!C12"):
  "text": {TARGET: "=cmd|..."}    written as text even when it starts with "=" (openpyxl would
                                  otherwise store a formula)
  "formula": {TARGET: "=3+5"}     a formula, stored without a cached result
  "date": {TARGET: "2011-11-30"}  a date cell
  "meta_cell": {"C14": "..."}     any cell of the `meta` sheet, e.g. a question's score_cell
  "unprotect": true               removes every sheet's protection
  "insert_rows": [SHEET, ROW, N]  inserts N rows before ROW (1-based), moving the answers down;
                                  the references in `meta` are text and stay as they were, as
                                  in any spreadsheet program
  "delete_rows": [SHEET, ROW, N]  deletes N rows from ROW, moving the answers up
  "rename_sheet": [OLD, NEW]
  "delete_sheet": NAME

    fill.py --batch JOBS.json

fills many files in one process; JOBS.json is a list of [QUESTIONNAIRE, OUT, ANSWERS] where
ANSWERS is the object described above.
"""
import datetime
import json
import sys

from openpyxl import load_workbook


def split(reference):
    sheet, cell = reference.rsplit("!", 1)
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cell


def move_rows(sheet, row, count):
    """Inserts (count > 0) or deletes (count < 0) rows at `row` as a spreadsheet program does:
    openpyxl moves the cells but leaves merged ranges where they were, so move those too."""
    merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges]
    for top, left, bottom, right in merged:
        sheet.unmerge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    if count > 0:
        sheet.insert_rows(row, count)
    else:
        sheet.delete_rows(row, -count)
    for top, left, bottom, right in merged:
        if count < 0 and row <= top and bottom < row - count:
            continue
        if top >= row:
            top, bottom = top + count, bottom + count
        sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)


def fill(source, target, answers):
    wb = load_workbook(source)
    meta = wb["meta"]
    keys, table, in_table = {}, {}, False
    for row in meta.iter_rows(values_only=True):
        if row[0] == "question":
            in_table = True
        elif in_table and row[0] is not None:
            table[str(row[0])] = (row[2], row[3])
        elif row[0] is not None:
            keys[row[0]] = row[1]

    def put(reference, value):
        sheet, cell = split(reference)
        wb[sheet][cell] = value
        return wb[sheet][cell]

    def resolve(name):
        if name in table:
            return table[name][0]
        if f"{name}_cell" in keys:
            return keys[f"{name}_cell"]
        return name

    for question, value in answers.get("scores", {}).items():
        score_cell, relevance_cell = table[question]
        if isinstance(value, list):
            value, mark = value
            put(relevance_cell, mark)
        put(score_cell, value)
    for key in ("nps", "nps_reason", "remarks", "anonymous"):
        if key in answers:
            put(keys[f"{key}_cell"], answers[key])
    for name, value in answers.get("text", {}).items():
        put(resolve(name), value).data_type = "s"
    for name, value in answers.get("formula", {}).items():
        put(resolve(name), value)
    for name, value in answers.get("date", {}).items():
        put(resolve(name), datetime.date.fromisoformat(value))
    for key, value in answers.get("meta", {}).items():
        for row in meta.iter_rows(min_col=1, max_col=2):
            if row[0].value == key:
                row[1].value = value
    for cell, value in answers.get("meta_cell", {}).items():
        meta[cell] = value
    if answers.get("unprotect"):
        for sheet in wb.worksheets:
            sheet.protection.sheet = False
    if "insert_rows" in answers:
        sheet, row, count = answers["insert_rows"]
        move_rows(wb[sheet], row, count)
    if "delete_rows" in answers:
        sheet, row, count = answers["delete_rows"]
        move_rows(wb[sheet], row, -count)
    if "rename_sheet" in answers:
        old, new = answers["rename_sheet"]
        wb[old].title = new
    if "delete_sheet" in answers:
        del wb[answers["delete_sheet"]]
    wb.save(target)


def main():
    if sys.argv[1] == "--batch":
        with open(sys.argv[2], encoding="utf-8") as f:
            jobs = json.load(f)
        for source, target, answers in jobs:
            fill(source, target, answers)
        return
    source, target, answers_path = sys.argv[1:4]
    with open(answers_path, encoding="utf-8") as f:
        answers = json.load(f)
    fill(source, target, answers)


if __name__ == "__main__":
    main()
