#!/usr/bin/env python3
"""Writes the two "many sheets" hostile fixtures from the committed reader fixtures.

    python3 scripts/make_many_sheets.py        # from the repository root

- `fixtures/hostile/many-sheets.xlsx`: `fixtures/reader/questionnaire.xlsx` whose `workbook.xml`
  lists 100,000 more sheets, all pointing at the answer sheet's part, and whose `meta` sheet names
  the answer sheet in lower case (`'vragen lijst'!C16`), with 4,000 more question rows.
- `fixtures/hostile/many-sheets.ods`: `fixtures/reader/questionnaire.ods` with 100,000 empty
  sheets before its own, `meta` again naming the answer sheet in lower case, 4,000 more questions.

Both are within the file and unpacked size limits; the reader refuses them by their sheet count.
Needs only python3. The outputs are byte-stable (fixed zip timestamps).
"""
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READER = ROOT / "fixtures" / "reader"
HOSTILE = ROOT / "fixtures" / "hostile"
SHEETS = 100_000
# Question rows added to `meta`, each naming the answer sheet in lower case (the limit is 5,000).
QUESTIONS = 4_000
STAMP = (2024, 5, 6, 7, 8, 9)


def rewrite(source, target, change):
    """Copies the zip `source` to `target`, passing each part's text through `change(name, text)`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if not info.filename.endswith("/") and info.filename != "mimetype":
                text = data.decode("utf-8", errors="surrogateescape")
                data = change(info.filename, text).encode("utf-8", errors="surrogateescape")
            packed = zipfile.ZipInfo(info.filename, STAMP)
            packed.compress_type = (
                zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            )
            new.writestr(packed, data)


def xlsx(name, text):
    if name == "xl/workbook.xml":
        extra = "".join(
            f'<sheet name="Blad{n}" sheetId="{n + 10}" r:id="rId1" />' for n in range(SHEETS)
        )
        return text.replace("</sheets>", extra + "</sheets>")
    if name == "xl/worksheets/sheet2.xml":
        rows = "".join(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>9.{r}</t></is></c>'
            f'<c r="B{r}" t="inlineStr"><is><t>KWI-09</t></is></c>'
            f'<c r="C{r}" t="inlineStr"><is><t>\'vragen lijst\'!C{r}</t></is></c>'
            f'<c r="D{r}" t="inlineStr"><is><t>\'vragen lijst\'!D{r}</t></is></c></row>'
            for r in range(17, 17 + QUESTIONS)
        )
        text = text.replace("</sheetData>", rows + "</sheetData>")
        return text.replace("'Vragen lijst'!", "'vragen lijst'!")
    return text


def ods(name, text):
    if name == "content.xml":
        extra = "".join(f'<table:table table:name="Blad{n}"/>' for n in range(SHEETS))
        at = text.index("<table:table ")
        text = text[:at] + extra + text[at:]
        cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
        rows = "".join(
            "<table:table-row>"
            + cell.format(f"9.{r}")
            + cell.format("KWI-09")
            + cell.format(f"&apos;vragen lijst&apos;!C{r}")
            + cell.format(f"&apos;vragen lijst&apos;!D{r}")
            + "</table:table-row>"
            for r in range(17, 17 + QUESTIONS)
        )
        # Before the empty rows LibreOffice repeats to the bottom of the `meta` sheet.
        end = text.rindex("</table:table>")
        repeated = text.rindex("table:number-rows-repeated=", 0, end)
        at = text.rindex("<table:table-row", 0, repeated)
        text = text[:at] + rows + text[at:]
        return text.replace("Vragen lijst&apos;!", "vragen lijst&apos;!")
    return text


def main():
    rewrite(READER / "questionnaire.xlsx", HOSTILE / "many-sheets.xlsx", xlsx)
    rewrite(READER / "questionnaire.ods", HOSTILE / "many-sheets.ods", ods)


if __name__ == "__main__":
    main()
