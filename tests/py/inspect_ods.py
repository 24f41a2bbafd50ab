#!/usr/bin/env python3
"""Reads a questionnaire saved as .ods straight from its content.xml (Python's zipfile and
ElementTree: no spreadsheet library in between) and prints what a spreadsheet app would enforce,
as JSON, in the shape of inspect_questionnaire.py: sheet states, protection, and for every cell
the `meta` sheet names, whether it is unlocked and which content validation covers it.

    inspect_ods.py QUESTIONNAIRE.ods
"""
import json
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def q(name):
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def column_number(letters):
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter.upper()) - ord("A") + 1
    return number - 1


def split(reference):
    sheet, cell = reference.rsplit("!", 1)
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    letters = "".join(c for c in cell if c.isalpha())
    return sheet, int(cell[len(letters):]) - 1, column_number(letters)


def cell_text(cell):
    value_type = cell.get(q("office:value-type"))
    if value_type in ("float", "percentage", "currency"):
        number = float(cell.get(q("office:value")))
        return int(number) if number.is_integer() else number
    paragraphs = ["".join(p.itertext()) for p in cell.findall("text:p", NS)]
    return "\n".join(paragraphs) if paragraphs else None


class Table:
    """The cells of one table, kept as runs so that the repeat attributes (which may span a
    million rows) cost nothing: rows as (first row, count, runs), runs as (first col, count, cell)."""

    def __init__(self, table):
        self.rows, row_number = [], 0
        for row in table.iter(q("table:table-row")):
            count = int(row.get(q("table:number-rows-repeated"), "1"))
            runs, col = [], 0
            for cell in row:
                if cell.tag in (q("table:table-cell"), q("table:covered-table-cell")):
                    repeat = int(cell.get(q("table:number-columns-repeated"), "1"))
                    runs.append((col, repeat, cell))
                    col += repeat
            self.rows.append((row_number, count, runs))
            row_number += count

    def get(self, row, col):
        for first_row, count, runs in self.rows:
            if first_row <= row < first_row + count:
                for first_col, repeat, cell in runs:
                    if first_col <= col < first_col + repeat:
                        return cell
        return None

    def height(self):
        return max((first + count for first, count, runs in self.rows if any(len(c) for _, _, c in runs)), default=0)


def main():
    with zipfile.ZipFile(sys.argv[1]) as z:
        content = ET.fromstring(z.read("content.xml"))
    styles = {}
    for style in content.iter(q("style:style")):
        styles[style.get(q("style:name"))] = style

    def style_property(style_name, properties, attribute):
        style = styles.get(style_name)
        element = style.find(f"style:{properties}", NS) if style is not None else None
        return element.get(q(attribute)) if element is not None else None

    validations = {}
    for validation in content.iter(q("table:content-validation")):
        error = validation.find("table:error-message", NS)
        help_message = validation.find("table:help-message", NS)
        validations[validation.get(q("table:name"))] = {
            "condition": validation.get(q("table:condition")),
            "allow_empty": validation.get(q("table:allow-empty-cell")) == "true",
            "error": "".join(error.itertext()) if error is not None else None,
            "prompt": "".join(help_message.itertext()) if help_message is not None else None,
            "showErrorMessage": error is not None and error.get(q("table:display")) == "true",
            "error_style": error.get(q("table:message-type")) if error is not None else None,
        }

    tables, states, protected = {}, [], {}
    for table in content.iter(q("table:table")):
        name = table.get(q("table:name"))
        tables[name] = Table(table)
        display = style_property(table.get(q("table:style-name")), "table-properties", "table:display")
        states.append([name, "hidden" if display == "false" else "visible"])
        protected[name] = table.get(q("table:protected")) == "true"

    meta = tables["meta"]
    keys, questions, in_table = {}, [], False
    for row in range(meta.height()):
        values = [cell_text(meta.get(row, c)) if meta.get(row, c) is not None else None for c in range(4)]
        first = values[0]
        if first == "question":
            in_table = True
        elif in_table and first is not None:
            questions.append([str(v) for v in values])
        elif first is not None:
            keys[first] = values[1]

    def describe(reference):
        sheet, row, col = split(reference)
        cell = tables[sheet].get(row, col)
        if cell is None:
            return {"locked": True, "validation": None, "value": None}
        protect = style_property(cell.get(q("table:style-name")), "table-cell-properties", "style:cell-protect")
        return {
            "locked": protect not in ("none", "formula-hidden"),
            "validation": validations.get(cell.get(q("table:content-validation-name"))),
            "value": cell_text(cell),
        }

    main_sheet = split(questions[0][2])[0] if questions else states[0][0]
    result = {
        "sheets": states,
        "protected": protected[main_sheet],
        "meta_protected": protected["meta"],
        "keys": keys,
        "questions": [{"question": q_[0], "kwi": q_[1], "score": describe(q_[2]),
                       "relevance": describe(q_[3])} for q_ in questions],
        "closing": {k: describe(keys[k]) for k in ("nps_cell", "remarks_cell", "nps_reason_cell", "anonymous_cell")},
    }
    json.dump(result, sys.stdout, default=str, ensure_ascii=False)


if __name__ == "__main__":
    main()
