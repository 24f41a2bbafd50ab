#!/usr/bin/env bash
# Seeds the fuzz corpora from the committed fixtures (run from anywhere; idempotent):
#   master       the master fixtures, the templates and the worked example's master
#   reader       real returned questionnaires (.xlsx, .ods, .xls) from several writers, and the
#                hostile fixtures under 64 KB (larger ones slow every mutation down)
#   reader_parts byte 0 = index into PARTS of fuzz_targets/reader_parts.rs, then that part's XML
# and, for each target, the committed corpus of fixtures/fuzz/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/master corpus/reader corpus/reader_parts
cp ../fixtures/masters/*.toml ../templates/master-*.toml corpus/master/
cp ../fixtures/worked-example/master.toml corpus/master/worked-example.toml
cp ../fixtures/reader/* ../fixtures/example/returned/* corpus/reader/
cp ../fixtures/worked-example/returned/R1.xlsx corpus/reader/worked-example-R1.xlsx
find ../fixtures/hostile -type f -size -64k -exec cp {} corpus/reader/ \;
for target in master reader reader_parts; do
  cp ../fixtures/fuzz/$target/* corpus/$target/
done
python3 - <<'PY'
import zipfile
PARTS = [
    ("questionnaire-libreoffice.xlsx", "[Content_Types].xml"),
    ("questionnaire-libreoffice.xlsx", "xl/workbook.xml"),
    ("questionnaire-libreoffice.xlsx", "xl/_rels/workbook.xml.rels"),
    ("questionnaire-libreoffice.xlsx", "xl/worksheets/sheet1.xml"),
    ("questionnaire-libreoffice.xlsx", "xl/worksheets/sheet2.xml"),
    ("questionnaire-libreoffice.xlsx", "xl/sharedStrings.xml"),
    ("questionnaire-libreoffice.xlsx", "docProps/core.xml"),
    ("questionnaire.ods", "content.xml"),
    ("questionnaire.ods", "meta.xml"),
]
for index, (workbook, part) in enumerate(PARTS):
    content = zipfile.ZipFile(f"../fixtures/reader/{workbook}").read(part)
    with open(f"corpus/reader_parts/seed-{index}", "wb") as seed:
        seed.write(bytes([index]) + content)
PY
