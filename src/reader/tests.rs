//! Whole-file tests of [`read_questionnaire`](super::read_questionnaire): questionnaires from other
//! writers, hostile files, every limit and arbitrary bytes; the parts' own tests sit beside them.

use std::io::Cursor;
use std::time::{Duration, Instant};

use zip::ZipArchive;

use super::*;
use support::{check_rejects, check_rejects_with, fixture, limits, rezip};

// --- Valid questionnaires, from other writers ---------------------------------------------

/// Reads a fixture and checks what every writer must give back alike.
fn check_questionnaire(path: &str, kind: FileKind) -> Returned {
    let returned = read_questionnaire(&fixture(path), &Limits::default())
        .unwrap_or_else(|error| panic!("{path}: {error}"));
    assert_eq!(returned.kind, kind, "{path}");
    let expected_meta = Meta {
        format: FORMAT.to_string(),
        client: "KLANT NV".to_string(),
        supplier: "BESTSELLER B.V.".to_string(),
        period: "2011H2".to_string(),
        respondent: "KK".to_string(),
        name: "Kees Klant".to_string(),
        fingerprint: "sha256:0123abcd".to_string(),
        tag: String::new(),
    };
    assert_eq!(returned.meta, expected_meta, "{path}");
    let text = |value: &str| CellValue::Text(value.to_string());
    let answers: Vec<_> = returned
        .answers
        .iter()
        .map(|answer| {
            (
                answer.question.as_str(),
                answer.kwi.as_str(),
                answer.meta_row,
                answer.score.reference.as_str(),
                answer.score.value.clone(),
                answer.relevance.reference.as_str(),
                answer.relevance.value.clone(),
            )
        })
        .collect();
    let sheet = "'Vragen lijst'";
    let (c8, d8, c9, d9, c11, d11) = (
        format!("{sheet}!C8"),
        format!("{sheet}!D8"),
        format!("{sheet}!C9"),
        format!("{sheet}!D9"),
        format!("{sheet}!C11"),
        format!("{sheet}!D11"),
    );
    let expected = vec![
        (
            "1.01",
            "KWI-01",
            14,
            &*c8,
            CellValue::Number(8.0),
            &*d8,
            text("<"),
        ),
        (
            "1.02",
            "KWI-01",
            15,
            &*c9,
            text("7"),
            &*d9,
            CellValue::Empty,
        ),
        ("2.01", "KWI-02", 16, &*c11, text(" 9 "), &*d11, text(">")),
    ];
    assert_eq!(answers, expected, "{path}");
    assert_eq!(returned.nps.reference, format!("{sheet}!C16"), "{path}");
    assert_eq!(returned.nps.value, CellValue::Number(9.0), "{path}");
    assert_eq!(returned.nps.formula, None, "{path}");
    // Text that looks like a formula stays text: the caller must not write it as one.
    assert_eq!(
        returned.remarks.value,
        text("=HYPERLINK(\"http://x\",\"x\")"),
        "{path}"
    );
    assert_eq!(returned.remarks.formula, None, "{path}");
    assert_eq!(returned.nps_reason.reference, format!("{sheet}!$C$17"));
    assert_eq!(returned.anonymous.value, text("ja"), "{path}");
    returned
}

#[test]
fn reads_questionnaire_written_by_openpyxl() {
    let returned = check_questionnaire("reader/questionnaire.xlsx", FileKind::Xlsx);
    // openpyxl stores a formula without its result.
    assert_eq!(returned.nps_reason.value, CellValue::Empty);
    let formula = returned.nps_reason.formula.as_deref();
    assert_eq!(formula, Some("CONCATENATE(\"goed\",\" zo\")"));
    assert_eq!(returned.saved_at.as_deref(), Some("2024-05-06T07:08:09Z"));
}

#[test]
fn reads_libreoffice_resave_as_xlsx() {
    let returned = check_questionnaire("reader/questionnaire-libreoffice.xlsx", FileKind::Xlsx);
    let reason = &returned.nps_reason;
    assert_eq!(reason.value, CellValue::Text("goed zo".to_string()));
    assert_eq!(
        reason.formula.as_deref(),
        Some("CONCATENATE(\"goed\",\" zo\")")
    );
    assert!(returned.saved_at.is_some_and(|at| at.starts_with("20")));
}

#[test]
fn reads_libreoffice_resave_as_ods() {
    let returned = check_questionnaire("reader/questionnaire.ods", FileKind::Ods);
    let reason = &returned.nps_reason;
    assert_eq!(reason.value, CellValue::Text("goed zo".to_string()));
    assert_eq!(
        reason.formula.as_deref(),
        Some("of:=CONCATENATE(\"goed\";\" zo\")")
    );
    assert_eq!(returned.saved_at.as_deref(), Some("2024-05-06T07:08:09"));
}

#[test]
fn reads_libreoffice_resave_as_xls() {
    let returned = check_questionnaire("reader/questionnaire.xls", FileKind::Xls);
    let reason = &returned.nps_reason;
    assert_eq!(reason.value, CellValue::Text("goed zo".to_string()));
    assert_eq!(
        reason.formula.as_deref(),
        Some("CONCATENATE(\"goed\",\" zo\")")
    );
    assert_eq!(returned.saved_at, None);
}

#[test]
fn reads_an_ods_renamed_to_xlsx_by_its_bytes() {
    check_questionnaire("hostile/ods-renamed.xlsx", FileKind::Ods);
}

#[test]
fn reads_an_xlsm_by_its_content() {
    let xlsm = rezip(
        &fixture("reader/questionnaire.xlsx"),
        |_, content| Some(content),
        &[("xl/vbaProject.bin", b"not really vba")],
    );
    assert_eq!(sniff(&xlsm), Sniffed::Workbook(FileKind::Xlsm));
    let returned = read_questionnaire(&xlsm, &Limits::default()).unwrap();
    assert_eq!(returned.kind, FileKind::Xlsm);
}

// --- Hostile files and limits -----------------------------------------------------------

#[test]
fn rejects_hostile_files_quickly() {
    check_rejects("hostile/empty.xlsx", "the file is empty (0 bytes)");
    check_rejects(
        "hostile/text-renamed.xlsx",
        "not a spreadsheet (it is text, starting with `question;kwi;score`)",
    );
    check_rejects(
        "hostile/truncated.xlsx",
        "table of contents is missing or broken",
    );
    check_rejects(
        "hostile/not-a-workbook.xlsx",
        "a zip archive holding no workbook",
    );
    check_rejects(
        "hostile/encrypted.xlsx",
        "the workbook is password-encrypted",
    );
    check_rejects(
        "hostile/bomb.xlsx",
        "too large: the zip archive unpacks to 1.1 GB (limit 100 MB)",
    );
    check_rejects(
        "hostile/bomb-lying-size.xlsx",
        "zip bomb: part `xl/worksheets/sheet1.xml` unpacks to more than it declares",
    );
    check_rejects(
        "hostile/far-cell-meta.xlsx",
        "the `meta` sheet has a value in cell XFD1048576 (limit 10000 rows)",
    );
    check_rejects(
        "hostile/huge-sst.xlsx",
        "`xl/sharedStrings.xml` declares 4000000000 strings (limit 100000 strings)",
    );
    check_rejects(
        "hostile/million-rows.xlsx",
        "part `xl/worksheets/sheet2.xml` unpacks to 52 MB",
    );
    check_rejects(
        "hostile/ods-repeat.ods",
        "sheet `Vragenlijst` would expand to 17179885568 cells (limit 500000 cells)",
    );
    check_rejects(
        "hostile/ods-repeat-under-cap.ods",
        "sheet `Vragenlijst` would expand to 98320384 cells",
    );
    check_rejects(
        "hostile/ods-spaces.ods",
        "`content.xml` expands to at least 2 GB once its repeated cells and runs of spaces",
    );
    check_rejects(
        "hostile/ods-unclosed-sheet.ods",
        "sheet `Vragenlijst` of `content.xml` never ends",
    );
    check_rejects(
        "hostile/ods-unclosed-comment.ods",
        "a comment in `content.xml` never ends",
    );
    check_rejects(
        "hostile/xls-dimensions.xls",
        "sheet `Vragen lijst` would expand to 1099511627520 cells (limit 500000 cells)",
    );
    check_rejects("hostile/ole-loop.xls", "a chain of sectors loops");
}

#[test]
fn applies_every_limit() {
    let xlsx = "reader/questionnaire.xlsx";
    let shared = "reader/questionnaire-libreoffice.xlsx";
    let cases: [(&str, Limits, &str); 12] = [
        (xlsx, limits(|l| l.max_file_bytes = 1_000), "(limit 1 kB)"),
        (
            xlsx,
            limits(|l| l.max_uncompressed_bytes = 10_000),
            "the zip archive unpacks to 21.8 kB (limit 10 kB)",
        ),
        (
            xlsx,
            limits(|l| l.max_zip_entries = 5),
            "the zip archive holds 10 parts (limit 5 parts)",
        ),
        (
            shared,
            limits(|l| l.max_shared_strings = 10),
            "declares 60 strings (limit 10 strings)",
        ),
        (
            xlsx,
            limits(|l| l.max_rows = 10),
            "the `meta` sheet has a value in cell A11 (limit 10 rows)",
        ),
        (
            "reader/questionnaire.ods",
            limits(|l| l.max_rows = 10),
            "the `meta` sheet has a value in cell A11 (limit 10 rows)",
        ),
        (
            "reader/questionnaire.xls",
            limits(|l| l.max_rows = 10),
            "the `meta` sheet has a value in cell A11 (limit 10 rows)",
        ),
        (
            xlsx,
            limits(|l| l.max_questions = 2),
            "the `meta` sheet lists more than 2 questions (limit 2 questions)",
        ),
        (
            "reader/questionnaire.ods",
            limits(|l| l.max_cells = 50),
            "(limit 50 cells)",
        ),
        (
            "reader/questionnaire.xls",
            limits(|l| l.max_cells = 50),
            "(limit 50 cells)",
        ),
        (
            "reader/questionnaire.ods",
            limits(|l| l.max_uncompressed_bytes = 20_000),
            "(limit 20 kB)",
        ),
        (
            "hostile/bomb.xlsx",
            limits(|l| l.max_uncompressed_bytes = u64::MAX),
            "times its packed size (limit 100 times, for parts over 1 MB)",
        ),
    ];
    for (path, limits, expected) in cases {
        check_rejects_with(path, &limits, expected);
    }
}

// --- Arbitrary bytes ---------------------------------------------------------------------

const VALID: [&str; 4] = [
    "reader/questionnaire.xlsx",
    "reader/questionnaire-libreoffice.xlsx",
    "reader/questionnaire.ods",
    "reader/questionnaire.xls",
];

/// Reads without panicking; notes `what` when the error came from a panic caught inside calamine.
fn read_anything(bytes: &[u8], what: impl FnOnce() -> String, caught: &mut Vec<String>) {
    if let Err(ReadError::Damaged {
        detail: Damage::ReaderFailed,
    }) = read_questionnaire(bytes, &Limits::default())
    {
        caught.push(what());
    }
}

/// The one-byte corruptions of the xls fixture that still panic inside calamine 0.38 after every
/// guard, found by [`every_one_byte_corruption_of_the_xls_fixture`] (9 of its 78,336 in a release
/// build, 11 in a debug build): (offset, XOR mask, where calamine panics, whether only a debug
/// build panics). Its xls reader slices formula tokens by lengths it has not measured, and in a
/// debug build overflows subtracting a `DIMENSIONS` record's first row or column from its last
/// (a release build wraps to an empty sheet). Each panic is caught and reported as a damaged file.
const KNOWN_XLS_PANICS: [(usize, u8, &str, bool); 11] = [
    (
        1541,
        0x02,
        "a formula token past its record (xls.rs:1764)",
        false,
    ),
    (
        1541,
        0x04,
        "a formula token past its record (xls.rs:1764)",
        false,
    ),
    (
        3809,
        0x04,
        "DIMENSIONS columns end before they start (xls.rs:666)",
        true,
    ),
    (
        4477,
        0x01,
        "a 2-byte read past a formula (utils.rs:48)",
        false,
    ),
    (
        4481,
        0x01,
        "a 2-byte read past a formula (utils.rs:48)",
        false,
    ),
    (
        4481,
        0xFF,
        "a 2-byte read past a formula (utils.rs:48)",
        false,
    ),
    (
        4487,
        0x02,
        "a 2-byte read past a formula (utils.rs:48)",
        false,
    ),
    (
        4492,
        0x01,
        "a 4-byte read past a formula (utils.rs:38)",
        false,
    ),
    (
        4492,
        0x02,
        "a formula token past its record (xls.rs:1764)",
        false,
    ),
    (
        4492,
        0x08,
        "a formula token past its record (xls.rs:1897)",
        false,
    ),
    (
        4926,
        0x10,
        "DIMENSIONS rows end before they start (xls.rs:665)",
        true,
    ),
];

#[test]
fn never_panics_on_truncated_or_flipped_bytes() {
    let mut caught = Vec::new();
    for path in VALID {
        let bytes = fixture(path);
        // About 100 cuts and 300 flips per file keep this within seconds in a debug build.
        for length in (0..bytes.len()).step_by(bytes.len() / 100 + 1) {
            read_anything(
                &bytes[..length],
                || format!("{path} cut at {length}"),
                &mut caught,
            );
        }
        for at in (0..bytes.len()).step_by(bytes.len() / 150 + 1) {
            for mask in [0xFF, 0x01] {
                let mut flipped = bytes.clone();
                flipped[at] ^= mask;
                let what = || format!("{path} with byte {at} XOR {mask:#04X}");
                read_anything(&flipped, what, &mut caught);
            }
        }
    }
    // None of these inputs is among the known panics above, so every caught panic here is new:
    // a guard let through something calamine cannot read.
    assert!(
        caught.is_empty(),
        "panics caught inside calamine: {caught:#?}"
    );
}

#[test]
fn known_panics_inside_calamines_xls_reader_are_caught_and_reported_as_damage() {
    let bytes = fixture("reader/questionnaire.xls");
    for (at, mask, where_, debug_only) in KNOWN_XLS_PANICS {
        if debug_only && !cfg!(debug_assertions) {
            continue;
        }
        let mut flipped = bytes.clone();
        flipped[at] ^= mask;
        let mut caught = Vec::new();
        read_anything(&flipped, String::new, &mut caught);
        assert_eq!(
            caught.len(),
            1,
            "byte {at} XOR {mask:#04X} ({where_}) no longer panics inside calamine: remove it \
             from KNOWN_XLS_PANICS and update the count in the module docs"
        );
    }
}

/// `cargo test --release --lib reader::tests::every_one_byte -- --ignored` (a debug build takes
/// minutes)
#[test]
#[ignore = "reads 78,336 corrupted files; run it after a change to the xls guards"]
fn every_one_byte_corruption_of_the_xls_fixture() {
    let bytes = fixture("reader/questionnaire.xls");
    let mut caught = Vec::new();
    for at in 0..bytes.len() {
        for mask in [0xFF, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80] {
            let mut flipped = bytes.clone();
            flipped[at] ^= mask;
            read_anything(&flipped, || format!("({at}, {mask:#04X})"), &mut caught);
        }
    }
    let mut known: Vec<String> = KNOWN_XLS_PANICS
        .iter()
        .filter(|(_, _, _, debug_only)| cfg!(debug_assertions) || !debug_only)
        .map(|(at, mask, _, _)| format!("({at}, {mask:#04X})"))
        .collect();
    caught.sort();
    known.sort();
    assert_eq!(caught, known);
}

#[test]
fn never_hangs_or_panics_on_truncated_parts() {
    // Truncating inside the zip leaves the zip valid and the XML cut off, which the zip-level
    // truncations above never reach.
    let mut caught = Vec::new();
    let cases = [
        ("reader/questionnaire.ods", "content.xml"),
        ("reader/questionnaire.xlsx", "xl/worksheets/sheet1.xml"),
        ("reader/questionnaire.xlsx", "xl/worksheets/sheet2.xml"),
        (
            "reader/questionnaire-libreoffice.xlsx",
            "xl/sharedStrings.xml",
        ),
        ("reader/questionnaire-libreoffice.xlsx", "xl/workbook.xml"),
    ];
    for (path, part) in cases {
        let bytes = fixture(path);
        let full = rezip(&bytes, |_, content| Some(content), &[]);
        let mut archive = ZipArchive::new(Cursor::new(&full[..])).unwrap();
        let length = archive.by_name(part).unwrap().size() as usize;
        for cut in (0..length).step_by(length / 60 + 1) {
            let started = Instant::now();
            let cut_bytes = rezip(
                &bytes,
                |name, mut content| {
                    if name == part {
                        content.truncate(cut);
                    }
                    Some(content)
                },
                &[],
            );
            read_anything(
                &cut_bytes,
                || format!("{path} {part} cut at {cut}"),
                &mut caught,
            );
            let elapsed = started.elapsed();
            assert!(
                elapsed < Duration::from_secs(2),
                "{path} {part} cut at {cut}"
            );
        }
    }
    assert!(
        caught.is_empty(),
        "panics caught inside calamine: {caught:#?}"
    );
}

/// `cargo test --release --lib reader::tests::reads_2000_questionnaires -- --ignored`
#[test]
#[ignore = "a timing, not a check; run it in release mode"]
fn reads_2000_questionnaires() {
    use rayon::prelude::*;
    for path in VALID {
        let bytes = fixture(path);
        let started = Instant::now();
        let read = (0..2000)
            .into_par_iter()
            .filter(|_| read_questionnaire(&bytes, &Limits::default()).is_ok())
            .count();
        assert_eq!(read, 2000);
        eprintln!("{path}: 2000 in {:?}", started.elapsed());
    }
}

// --- Bounded work per file ------------------------------------------------------------------

#[test]
fn refuses_a_workbook_of_100000_sheets_before_calamine_reads_their_names() {
    // 100,002 sheets, all pointing at the answer sheet's part (xlsx) or empty (ods), and `meta`
    // naming the answer sheet in lower case in 4,000 question rows: `scripts/make_many_sheets.py`.
    for path in ["hostile/many-sheets.xlsx", "hostile/many-sheets.ods"] {
        let error = read_questionnaire(&fixture(path), &Limits::default()).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("the workbook declares 100002 sheets (limit 250 sheets)"),
            "{path}: {message}"
        );
        assert!(message.contains("ask the respondent"), "{path}: {message}");
    }
}

#[test]
fn looks_sheets_up_by_name_once_so_many_sheets_in_another_case_still_read() {
    // With the sheet limit out of the way, every reference resolves through one index built per
    // file (it searched all sheets once per reference: 4,000 questions times 100,000 sheets).
    let limits = limits(|limits| limits.max_sheets = usize::MAX);
    for path in ["hostile/many-sheets.xlsx", "hostile/many-sheets.ods"] {
        let returned = read_questionnaire(&fixture(path), &limits)
            .unwrap_or_else(|error| panic!("{path}: {error}"));
        assert_eq!(returned.answers.len(), 4_003, "{path}");
        assert_eq!(returned.nps.reference, "'vragen lijst'!C16", "{path}");
        assert_eq!(returned.nps.value, CellValue::Number(9.0), "{path}");
        assert_eq!(returned.answers[0].score.value, CellValue::Number(8.0));
    }
}

#[test]
fn refuses_a_meta_sheet_that_points_into_more_sheets_than_its_limit() {
    let workbook = {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        for n in 0..12 {
            workbook
                .add_worksheet()
                .set_name(format!("Blad{n}"))
                .unwrap()
                .write_number(0, 0, 7)
                .unwrap();
        }
        let meta = workbook.add_worksheet().set_name("meta").unwrap();
        let keys = [
            ("format", FORMAT),
            ("client", "KLANT NV"),
            ("supplier", "BESTSELLER B.V."),
            ("period", "2011H2"),
            ("respondent", "KK"),
            ("name", "Kees Klant"),
            ("fingerprint", ""),
            ("nps_cell", "Blad0!A1"),
            ("remarks_cell", "Blad1!A1"),
            ("nps_reason_cell", "Blad2!A1"),
            ("anonymous_cell", "Blad3!A1"),
        ];
        for (row, (key, value)) in keys.iter().enumerate() {
            meta.write_string(row as u32, 0, *key).unwrap();
            meta.write_string(row as u32, 1, *value).unwrap();
        }
        for (column, title) in ["question", "kwi", "score_cell", "relevance_cell"]
            .iter()
            .enumerate()
        {
            meta.write_string(12, column as u16, *title).unwrap();
        }
        for n in 0..8u32 {
            let row = 13 + n;
            meta.write_string(row, 0, format!("1.0{n}")).unwrap();
            meta.write_string(row, 1, "KWI-01").unwrap();
            meta.write_string(row, 2, format!("Blad{}!A1", n + 4))
                .unwrap();
            meta.write_string(row, 3, "Blad0!A1").unwrap();
        }
        workbook.save_to_buffer().unwrap()
    };
    let error = read_questionnaire(&workbook, &Limits::default()).unwrap_err();
    assert_eq!(
        error.meta().map(|meta| meta.respondent.as_str()),
        Some("KK")
    );
    let message = error.to_string();
    assert!(
        message.contains("the `meta` sheet points into 12 sheets (limit 10 sheets)"),
        "{message}"
    );
    let raised = limits(|limits| limits.max_referenced_sheets = 12);
    let returned = read_questionnaire(&workbook, &raised).unwrap();
    assert_eq!(returned.answers[7].score.value, CellValue::Number(7.0));
}

// --- Indented OpenDocument ------------------------------------------------------------------

#[test]
fn reads_an_ods_indented_by_hand_as_the_original() {
    // Every tag of the table structure on its own line, as Gnumeric, SheetJS and people indent
    // `content.xml`; calamine 0.38 refuses the white space between a row and its cells.
    let indented = support::with_part("reader/questionnaire.ods", "content.xml", |content| {
        content
            .replace("<table:", "\n    <table:")
            .replace("</table:", "\n  </table:")
            .replace("<!--", "\n<!--")
    });
    let original =
        read_questionnaire(&fixture("reader/questionnaire.ods"), &Limits::default()).unwrap();
    // calamine alone still refuses it (when this fails, calamine fixed it: see `reader::ods`).
    let alone =
        <calamine::Ods<_> as calamine::Reader<_>>::new(Cursor::new(&indented[..])).map(|_| ());
    let refusal = alone
        .expect_err("calamine reads indented ods now")
        .to_string();
    assert!(refusal.contains("Expecting 'table-cell'"), "{refusal}");
    let read = read_questionnaire(&indented, &Limits::default()).unwrap();
    assert_eq!(read, original);
    assert_eq!(read.remarks.value, original.remarks.value);
    assert_eq!(read.answers.len(), 3);
}

// --- Our own monitors ----------------------------------------------------------------------

#[test]
fn recognises_a_monitor_by_its_trend_sheet_under_the_new_and_the_legacy_name() {
    // Hidden as we write it, or shown again by someone.
    for (sheet, hidden) in [("klantwaarde_history", true), ("history", false)] {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook.add_worksheet().set_name("Overzicht").unwrap();
        let trend = workbook.add_worksheet().set_name(sheet).unwrap();
        trend.write_string(0, 0, "format").unwrap();
        if hidden {
            trend.set_hidden(true);
        }
        let bytes = workbook.save_to_buffer().unwrap();
        let error = read_questionnaire(&bytes, &Limits::default()).unwrap_err();
        assert!(
            matches!(error, ReadError::Monitor { .. }),
            "{sheet}: {error:?}"
        );
        let message = error.to_string();
        assert!(message.starts_with("a klantwaarde monitor"), "{message}");
        assert!(
            message.contains("not a questionnaire; give it as `--previous`"),
            "{message}"
        );
    }
    // The committed monitor of the demo is one, and a workbook with neither sheet is not.
    let monitor = read_questionnaire(&fixture("reference/demo-monitor.xlsx"), &Limits::default());
    assert!(
        matches!(monitor, Err(ReadError::Monitor { .. })),
        "{monitor:?}"
    );
    let note = monitor.unwrap_err();
    assert_eq!(
        note.message(crate::labels::Language::Dutch),
        "een monitor van klantwaarde (met het verborgen blad `klantwaarde_history` en zonder blad \
         `meta`), geen vragenlijst; geef hem op met `--previous` om zijn trend mee te nemen, of \
         bewaar hem buiten de map met teruggestuurde vragenlijsten"
    );
    assert_eq!(
        note.message(crate::labels::Language::English),
        "a klantwaarde monitor (it has the hidden `klantwaarde_history` sheet and no `meta` \
         sheet), not a questionnaire; give it as `--previous` to carry its trend, or keep it \
         outside the folder of returned questionnaires"
    );
    // A sheet that only looks like ours (another case) leaves a workbook without `meta` refused.
    for name in ["Blad1", "History", "Klantwaarde_History"] {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook.add_worksheet().set_name(name).unwrap();
        let other = read_questionnaire(&workbook.save_to_buffer().unwrap(), &Limits::default());
        assert!(
            matches!(other, Err(ReadError::NoMetaSheet)),
            "{name}: {other:?}"
        );
    }
}

/// Helpers the reader's unit tests share: fixtures, zips rewritten part by part, and the check that
/// a file is refused quickly in the house style; never compiled outside tests.
pub(crate) mod support {
    use std::io::{Cursor, Read, Write};
    use std::time::{Duration, Instant};

    use zip::{CompressionMethod, ZipArchive};

    use crate::reader::{Limits, read_questionnaire};

    pub(crate) fn fixture(path: &str) -> Vec<u8> {
        let full = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&full).unwrap_or_else(|error| panic!("{full}: {error}"))
    }

    pub(crate) fn limits(change: impl FnOnce(&mut Limits)) -> Limits {
        let mut limits = Limits::default();
        change(&mut limits);
        limits
    }

    /// Copies a zip, changing or dropping parts (`change` returns `None` to drop) and adding some.
    pub(crate) fn rezip(
        bytes: &[u8],
        change: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>,
        add: &[(&str, &[u8])],
    ) -> Vec<u8> {
        let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated);
        for index in 0..archive.len() {
            let mut part = archive.by_index(index).unwrap();
            let name = part.name().unwrap().to_string();
            let mut content = Vec::new();
            part.read_to_end(&mut content).unwrap();
            if let Some(content) = change(&name, content) {
                writer.start_file(name, options).unwrap();
                writer.write_all(&content).unwrap();
            }
        }
        for (name, content) in add {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    pub(crate) fn check_rejects(path: &str, expected: &str) {
        check_rejects_with(path, &Limits::default(), expected);
    }

    /// The file is refused quickly, with a message that contains `expected` and keeps the house
    /// style (lowercase, no trailing period, says what to do).
    pub(crate) fn check_rejects_with(path: &str, limits: &Limits, expected: &str) {
        check_rejects_within(path, limits, expected, Duration::from_secs(2));
    }

    pub(crate) fn check_rejects_within(
        path: &str,
        limits: &Limits,
        expected: &str,
        budget: Duration,
    ) {
        let bytes = fixture(path);
        let started = Instant::now();
        let result = read_questionnaire(&bytes, limits);
        let elapsed = started.elapsed();
        let message = match result {
            Ok(_) => panic!("{path}: read, but expected an error containing {expected:?}"),
            Err(error) => error.to_string(),
        };
        assert!(
            message.contains(expected),
            "{path}: {message:?}\n  does not contain {expected:?}"
        );
        assert!(elapsed < budget, "{path}: took {elapsed:?}");
        assert!(!message.starts_with(char::is_uppercase), "{message}");
        assert!(!message.ends_with('.'), "{message}");
        assert!(message.contains("ask the respondent"), "{message}");
    }

    /// The fixture with one part's text changed.
    pub(crate) fn with_part(path: &str, part: &str, change: impl Fn(String) -> String) -> Vec<u8> {
        rezip(
            &fixture(path),
            |name, content| {
                Some(if name == part {
                    change(String::from_utf8(content).unwrap()).into_bytes()
                } else {
                    content
                })
            },
            &[],
        )
    }

    pub(crate) fn replace_last(text: String, from: &str, to: &str) -> String {
        let at = text.rfind(from).unwrap();
        format!("{}{to}{}", &text[..at], &text[at + from.len()..])
    }
}

#[test]
fn a_file_of_white_space_only_is_said_to_be_blank_text() {
    let error = read_questionnaire(b"\n  \r\n\t\n", &Limits::default()).unwrap_err();
    assert!(
        matches!(error, ReadError::NotASpreadsheet { .. }),
        "{error:?}"
    );
    let english = error.message(crate::labels::Language::English);
    let dutch = error.message(crate::labels::Language::Dutch);
    assert!(
        english.starts_with(
            "this is not a spreadsheet (it is text holding nothing but spaces and line breaks)"
        ),
        "{english}"
    );
    assert!(
        dutch.starts_with(
            "dit is geen spreadsheet (het is tekst met niets dan spaties en regeleinden)"
        ),
        "{dutch}"
    );
    // Text with something in it still shows how it starts.
    let error = read_questionnaire(b"\n  vraag;cijfer\n", &Limits::default()).unwrap_err();
    assert!(
        error.to_string().contains("starting with `vraag;cijfer`"),
        "{error}"
    );
}
