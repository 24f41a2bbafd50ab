#!/usr/bin/env python3
"""Writes the workbooks that turn crashes the fuzz targets found into fixtures of
`fixtures/hostile/`, where `tests/it/hostile.rs` runs each through `klantwaarde ingest`.

    python3 fuzz/make_regressions.py        # from the repository root

Each is a small, readable reconstruction of the crashing input, not the raw fuzz artifact (whose
first byte only picks the part `fuzz_targets/reader_parts.rs` replaces).
"""
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "reader" / "questionnaire-libreoffice.xlsx"
HOSTILE = ROOT / "fixtures" / "hostile"


def with_part(target, part, change):
    """Copies SEED to `target`, passing the text of `part` through `change`."""
    with zipfile.ZipFile(SEED) as source, zipfile.ZipFile(HOSTILE / target, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            out.writestr(item, data)


# reader_parts: calamine 0.38 computes a column number from the letters of a cell reference
# without bounds (xlsx/mod.rs:3096), so 30 letters overflow it: a panic under overflow checks
# (debug builds, `cargo test`), a wrapped column in release builds. The reader now refuses such
# a reference before calamine reads it.
with_part("cell-reference-overflow.xlsx", "xl/worksheets/sheet1.xml",
          lambda xml: re.sub(r'<c r="B2"', '<c r="A' + "Y" * 30 + '2"', xml, count=1))
