#!/usr/bin/env python3
"""Fills a klantwaarde questionnaire the way a respondent would, with openpyxl: an independent
writer, so that tests never read back only what our own writer wrote.

    fill.py QUESTIONNAIRE.xlsx OUT.xlsx ANSWERS.json

ANSWERS.json: {"scores": {"1.02": 6, "2.03": [8, "<"]}, "nps": 9, "nps_reason": "…",
               "remarks": "…", "anonymous": "nee", "meta": {"client": "…"}}
A score may be any JSON value (a number, or text such as "7,5" or "acht") and is written as is;
[score, mark] also sets the relevance cell. Cells are found through the hidden `meta` sheet;
"meta" overwrites values in it, as someone tampering with the file would.
"""
import json
import sys

from openpyxl import load_workbook


def split(reference):
    sheet, cell = reference.rsplit("!", 1)
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cell


def main():
    source, target, answers_path = sys.argv[1:4]
    with open(answers_path, encoding="utf-8") as f:
        answers = json.load(f)
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

    for question, value in answers.get("scores", {}).items():
        score_cell, relevance_cell = table[question]
        if isinstance(value, list):
            value, mark = value
            put(relevance_cell, mark)
        put(score_cell, value)
    for key in ("nps", "nps_reason", "remarks", "anonymous"):
        if key in answers:
            put(keys[f"{key}_cell"], answers[key])
    for key, value in answers.get("meta", {}).items():
        for row in meta.iter_rows(min_col=1, max_col=2):
            if row[0].value == key:
                row[1].value = value
    wb.save(target)


if __name__ == "__main__":
    main()
