#!/usr/bin/env python3
"""Writes the workbooks that `src/reader/` is tested against, with writers other than ours.

    python3 scripts/make_hostile_fixtures.py        # from the repository root

`fixtures/reader/` gets one small returned questionnaire in the `meta` contract
(`klantwaarde-questionnaire/1`), written by openpyxl, and LibreOffice's re-saves of it as .xlsx,
.ods and .xls. `fixtures/hostile/` gets the files a respondent (or an attacker) could send instead:
empty, renamed, truncated, encrypted, zip and deflate bombs, far cells, huge declared counts, huge
repeats, broken OLE chains. Every file stays small: the bombs are small because they compress well.

The outputs are committed; run this again only to change them (the openpyxl file is byte-stable
because its timestamps are fixed here; LibreOffice's re-saves carry the time of conversion).

Needs python3, openpyxl, msoffcrypto-tool (`pip install openpyxl msoffcrypto-tool`) and LibreOffice
(`soffice`) on PATH.
"""
import io
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
READER = ROOT / "fixtures" / "reader"
HOSTILE = ROOT / "fixtures" / "hostile"
FORMAT = "klantwaarde-questionnaire/1"
FIXED_TIME = "2024-05-06T07:08:09Z"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


# ---------------------------------------------------------------------------------------------
# The valid questionnaire


def questionnaire(sheet="Vragen lijst", far_cell=False, far_meta=False):
    """A returned questionnaire: 3 questions answered 8, "7", " 9 " with marks "<", "", ">"."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ref_sheet = f"'{sheet}'" if " " in sheet else sheet
    ws["A1"] = "KlantwaardeMonitor"
    ws["A2"], ws["B2"] = "Klant", "KLANT NV"
    ws["A6"], ws["B6"], ws["C6"], ws["D6"] = "Nr", "Vraag", "Cijfer (1-10)", "Relevantie"
    ws["A7"], ws["B7"] = "KWI-01", "Kennisborging"
    rows = [("1.01", "KWI-01", 8, 8, "<"), ("1.02", "KWI-01", 9, "7", ""),
            ("2.01", "KWI-02", 11, " 9 ", ">")]
    ws["A10"], ws["B10"] = "KWI-02", "Inspiratie"
    for qid, _kwi, row, score, mark in rows:
        ws[f"A{row}"] = qid
        ws[f"B{row}"] = f"Vraag {qid}"
        ws[f"C{row}"] = score
        ws[f"D{row}"] = mark
    ws["B13"] = "Opmerkingen"
    # A remark that looks like a formula: kept as text (a formula-injection probe for the caller).
    ws["B14"] = '=HYPERLINK("http://x","x")'
    ws["B14"].data_type = "s"
    ws["B16"], ws["C16"] = "Hoe waarschijnlijk is het (0-10) dat u ons aanbeveelt?", 9
    # A real formula: openpyxl stores no cached value, LibreOffice computes one on re-save.
    ws["B17"], ws["C17"] = "Waarom dit cijfer?", '=CONCATENATE("goed"," zo")'
    ws["B18"], ws["C18"] = "Wilt u anoniem blijven?", "ja"
    nps = f"{ref_sheet}!C16"
    if far_cell:
        ws["XFD1048576"] = 9
        nps = f"{ref_sheet}!XFD1048576"
    meta = wb.create_sheet("meta")
    for k, v in [("format", FORMAT), ("client", "KLANT NV"), ("supplier", "BESTSELLER B.V."),
                 ("period", "2011H2"), ("respondent", "KK"), ("name", "Kees Klant"),
                 ("fingerprint", "sha256:0123abcd"), ("nps_cell", nps),
                 ("remarks_cell", f"{ref_sheet}!B14"),
                 ("nps_reason_cell", f"{ref_sheet}!$C$17"),
                 ("anonymous_cell", f"{ref_sheet}!C18")]:
        meta.append([k, v])
    meta.append([])
    meta.append(["question", "kwi", "score_cell", "relevance_cell", "writer's note"])
    for qid, kwi, row, _score, _mark in rows:
        meta.append([qid, kwi, f"{ref_sheet}!C{row}", f"{ref_sheet}!D{row}", "ignored"])
    if far_meta:
        meta["XFD1048576"] = "x"
    meta.sheet_state = "veryHidden"
    out = io.BytesIO()
    wb.save(out)
    return fix_times(out.getvalue())


def rewrite_zip(data, replace=None, add=None, drop=(), level=6):
    """Copy a zip, replacing entries (name -> bytes or function of bytes) and adding new ones."""
    replace = replace or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = src.read(info)
            if info.filename in replace:
                r = replace[info.filename]
                body = r(body) if callable(r) else r
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 5, 6, 7, 8, 8))
            zi.compress_type = info.compress_type
            dst.writestr(zi, body)
        for name, body in (add or {}).items():
            zi = zipfile.ZipInfo(name, date_time=(2024, 5, 6, 7, 8, 8))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, body)
    return out.getvalue()


def fix_times(xlsx):
    """openpyxl stamps the clock into docProps/core.xml: pin it so the fixture is byte-stable."""
    def core(body):
        body = body.decode()
        body = re.sub(r"(<dcterms:created[^>]*>)[^<]*", rf"\g<1>{FIXED_TIME}", body)
        body = re.sub(r"(<dcterms:modified[^>]*>)[^<]*", rf"\g<1>{FIXED_TIME}", body)
        return body.encode()
    return rewrite_zip(xlsx, {"docProps/core.xml": core})


def soffice_convert(src: Path, target: str, outdir: Path) -> Path:
    """Re-save with LibreOffice, in its own profile so that a running instance does not interfere."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="kw-soffice-"))
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", target, "--outdir", str(outdir), str(src)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    ext = target.split(":")[0]
    return outdir / f"{src.stem}.{ext}"


# ---------------------------------------------------------------------------------------------
# Hostile files


def deflate_bomb(gib=1.0):
    """A workbook whose one worksheet unpacks to about `gib` GiB of spaces (honest sizes)."""
    base = questionnaire()
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                zi = zipfile.ZipInfo(info.filename, date_time=(2024, 5, 6, 7, 8, 8))
                zi.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(zi, "w", force_zip64=False) as f:
                    f.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                            b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                            b"<sheetData>")
                    chunk = b" " * (1 << 20)
                    for _ in range(int(gib * 1024)):
                        f.write(chunk)
                    f.write(b"</sheetData></worksheet>")
            else:
                zi = zipfile.ZipInfo(info.filename, date_time=(2024, 5, 6, 7, 8, 8))
                zi.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(zi, src.read(info))
    return out.getvalue()


def lie_about_size(data, name, declared):
    """Patch the local and central headers of `name` to declare `declared` unpacked bytes."""
    z = zipfile.ZipFile(io.BytesIO(data))
    info = z.getinfo(name)
    buf = bytearray(data)
    local = info.header_offset
    assert buf[local:local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", buf, local + 22, declared)
    pos = 0
    while True:
        pos = buf.find(b"PK\x01\x02", pos)
        assert pos >= 0, "central header not found"
        nlen = struct.unpack_from("<H", buf, pos + 28)[0]
        if bytes(buf[pos + 46:pos + 46 + nlen]) == name.encode():
            struct.pack_into("<I", buf, pos + 24, declared)
            return bytes(buf)
        pos += 4


def ods(content_tables):
    """A hand-made .ods: mimetype first and stored, a manifest, and the given tables."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        "<office:body><office:spreadsheet>" + content_tables +
        "</office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="'
        + ODS_MIME.decode() + '"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", date_time=(2024, 5, 6, 7, 8, 8)), ODS_MIME,
                   compress_type=zipfile.ZIP_STORED)
        for name, body in [("META-INF/manifest.xml", manifest), ("content.xml", content)]:
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 5, 6, 7, 8, 8)), body,
                       compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def ods_cell(value):
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return (f'<table:table-cell office:value-type="string"><text:p>{value}</text:p>'
            "</table:table-cell>")


def ods_meta_table(sheet="Vragenlijst"):
    rows = [["format", FORMAT], ["client", "KLANT NV"], ["supplier", "BESTSELLER B.V."],
            ["period", "2011H2"], ["respondent", "KK"], ["name", "Kees Klant"],
            ["fingerprint", "x"], ["nps_cell", f"{sheet}!C16"],
            ["remarks_cell", f"{sheet}!B14"], ["nps_reason_cell", f"{sheet}!C17"],
            ["anonymous_cell", f"{sheet}!C18"], [],
            ["question", "kwi", "score_cell", "relevance_cell"],
            ["1.01", "KWI-01", f"{sheet}!C8", f"{sheet}!D8"]]
    body = "".join("<table:table-row>" + "".join(ods_cell(v) for v in r)
                   + ("" if r else "<table:table-cell/>") + "</table:table-row>" for r in rows)
    return f'<table:table table:name="meta">{body}</table:table>'


def xls_patch_dimensions(xls):
    """Make every DIMENSIONS record of a BIFF8 .xls claim 4 billion rows by 256 columns."""
    buf = bytearray(xls)
    count = 0
    pos = 0
    while True:
        pos = buf.find(b"\x00\x02\x0e\x00", pos)
        if pos < 0:
            break
        # rwMic u32, rwMac u32, colMic u16, colMac u16, reserved u16
        struct.pack_into("<IIHHH", buf, pos + 4, 0, 0xFFFFFFFF, 0, 0x0100, 0)
        count += 1
        pos += 4
    assert count, "no DIMENSIONS record found"
    return bytes(buf)


def ole_loop(xls):
    """Point the FAT entry of the first directory sector at itself: an endless chain."""
    buf = bytearray(xls)
    assert buf[:8] == b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
    shift = struct.unpack_from("<H", buf, 30)[0]
    size = 1 << shift
    dir_start = struct.unpack_from("<I", buf, 48)[0]
    per_sector = size // 4
    fat_index = dir_start // per_sector
    fat_sector = struct.unpack_from("<I", buf, 76 + 4 * fat_index)[0]
    offset = (fat_sector + 1) * size + (dir_start % per_sector) * 4
    struct.pack_into("<I", buf, offset, dir_start)
    return bytes(buf)


def main():
    if not shutil.which("soffice"):
        sys.exit("soffice (LibreOffice) is needed for the .ods and .xls re-saves")
    try:
        import msoffcrypto  # noqa: F401
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        sys.exit("msoffcrypto-tool is needed for encrypted.xlsx: pip install msoffcrypto-tool")
    READER.mkdir(parents=True, exist_ok=True)
    HOSTILE.mkdir(parents=True, exist_ok=True)

    valid = questionnaire()
    (READER / "questionnaire.xlsx").write_bytes(valid)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "questionnaire.xlsx"
        src.write_bytes(valid)
        ods_path = soffice_convert(src, "ods", tmp / "ods")
        xls_path = soffice_convert(src, 'xls:MS Excel 97', tmp / "xls")
        lo_xlsx = soffice_convert(src, 'xlsx:Calc MS Excel 2007 XML', tmp / "xlsx")
        shutil.copy(ods_path, READER / "questionnaire.ods")
        shutil.copy(xls_path, READER / "questionnaire.xls")
        shutil.copy(lo_xlsx, READER / "questionnaire-libreoffice.xlsx")

    h = HOSTILE
    (h / "empty.xlsx").write_bytes(b"")
    (h / "text-renamed.xlsx").write_bytes(b"question;kwi;score\n1.01;KWI-01;8\n1.02;KWI-01;7\n")
    shutil.copy(READER / "questionnaire.ods", h / "ods-renamed.xlsx")
    (h / "truncated.xlsx").write_bytes(valid[: len(valid) // 2])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("notes.txt", date_time=(2024, 5, 6, 7, 8, 8)),
                   "Dit is geen werkmap.\n")
    (h / "not-a-workbook.xlsx").write_bytes(out.getvalue())

    # Encrypted with msoffcrypto-tool (Agile encryption, password "geheim"): an OLE compound file
    # holding EncryptionInfo and EncryptedPackage streams, as Excel writes it.
    enc = io.BytesIO()
    OOXMLFile(io.BytesIO(valid)).encrypt("geheim", enc)
    (h / "encrypted.xlsx").write_bytes(enc.getvalue())

    # Deflate bombs: ~1 GiB of spaces in the worksheet; once with honest sizes, once declaring
    # 40 kB so that only reading the entry shows it.
    (h / "bomb.xlsx").write_bytes(deflate_bomb(1.0))
    (h / "bomb-lying-size.xlsx").write_bytes(
        lie_about_size(deflate_bomb(0.25), "xl/worksheets/sheet1.xml", 40_000))

    (h / "far-cell.xlsx").write_bytes(questionnaire(sheet="Vragenlijst", far_cell=True))
    (h / "far-cell-meta.xlsx").write_bytes(questionnaire(sheet="Vragenlijst", far_meta=True))

    # openpyxl writes inline strings; LibreOffice's re-save has a shared strings table.
    def huge_sst(body):
        new, n = re.subn(rb'uniqueCount="\d+"', b'uniqueCount="4000000000"', body)
        assert n == 1, "uniqueCount not found"
        return new
    lo_valid = (READER / "questionnaire-libreoffice.xlsx").read_bytes()
    (h / "huge-sst.xlsx").write_bytes(rewrite_zip(lo_valid, {"xl/sharedStrings.xml": huge_sst}))

    # A shared formula with a huge index (calamine resizes a vector to it when it expands formulas).
    def shared_formula(body):
        new, n = re.subn(rb'<c r="C16"( t="n")?><v>9</v></c>',
                         b'<c r="C16"><f t="shared" si="4000000000" ref="C16:C16">4+5</f><v>9</v></c>',
                         body)
        assert n == 1, "nps cell not found"
        return new
    (h / "shared-formula-index.xlsx").write_bytes(
        rewrite_zip(valid, {"xl/worksheets/sheet1.xml": shared_formula}))

    # One million extra rows in the meta sheet; without `r` attributes they compress to little.
    def million(body):
        rows = b"<row><c t=\"inlineStr\"><is><t>9.99</t></is></c></row>" * 1_000_000
        return body.replace(b"</sheetData>", rows + b"</sheetData>")
    (h / "million-rows.xlsx").write_bytes(
        rewrite_zip(valid, {"xl/worksheets/sheet2.xml": million}, level=9))

    # ods: a non-empty cell repeated over the whole grid, and a run of two billion spaces.
    repeat = ('<table:table table:name="Vragenlijst">'
              '<table:table-row table:number-rows-repeated="1048576">'
              '<table:table-cell office:value-type="float" office:value="9" '
              'table:number-columns-repeated="16384"><text:p>9</text:p></table:table-cell>'
              "</table:table-row></table:table>")
    (h / "ods-repeat.ods").write_bytes(ods(ods_meta_table() + repeat))
    spaces = ('<table:table table:name="Vragenlijst"><table:table-row>'
              '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/>b'
              "</text:p></table:table-cell></table:table-row></table:table>")
    (h / "ods-spaces.ods").write_bytes(ods(ods_meta_table() + spaces))

    # Under calamine's own cap of 100 million cells, which it would still allocate (gigabytes).
    under_cap = repeat.replace('number-rows-repeated="1048576"', 'number-rows-repeated="6000"')
    (h / "ods-repeat-under-cap.ods").write_bytes(ods(ods_meta_table() + under_cap))
    # A sheet, and a comment, that never end: calamine reads on past the end of the file forever.
    unclosed = ('<table:table table:name="Vragenlijst"><table:table-row>'
                + ods_cell(9) + "</table:table-row>")
    (h / "ods-unclosed-sheet.ods").write_bytes(ods(ods_meta_table() + unclosed))
    unclosed_comment = ('<table:table table:name="Vragenlijst"><table:table-row>'
                        '<table:table-cell office:value-type="string"><office:annotation>'
                        "<text:p>nooit af</text:p></table:table-cell></table:table-row>"
                        "</table:table>")
    (h / "ods-unclosed-comment.ods").write_bytes(ods(ods_meta_table() + unclosed_comment))

    xls = (READER / "questionnaire.xls").read_bytes()
    (h / "xls-dimensions.xls").write_bytes(xls_patch_dimensions(xls))
    (h / "ole-loop.xls").write_bytes(ole_loop(xls))

    for d in (READER, HOSTILE):
        for p in sorted(d.iterdir()):
            print(f"{p.relative_to(ROOT)}: {p.stat().st_size} bytes")


if __name__ == "__main__":
    main()
