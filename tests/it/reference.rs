//! Committed reference workbooks, compared part by part with what the real binary writes now
//! (rust_xlsxwriter's own test method): a change meant to alter no output must alter no byte.
//!
//! No part is masked: the writers fix the creation time (2000-01-01, also in
//! `docProps/core.xml`), so every byte is compared. When a change alters the output on purpose,
//! re-bless the references and commit them with the change:
//!
//! ```sh
//! KLANTWAARDE_BLESS=1 cargo test --test it reference
//! ```
//!
//! Blessing is refused when `CI` is set: CI checks the references, it never writes them.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use crate::common::{self, klantwaarde};

/// The variable that makes the test rewrite the references instead of comparing.
const BLESS: &str = "KLANTWAARDE_BLESS";

/// Each reference (a file of `fixtures/reference/`) and where [`write_all`] leaves its new copy.
const REFERENCES: &[(&str, &str)] = &[
    (
        "demo-questionnaire-KK.xlsx",
        "demo/questionnaires/2011H2-KLANT_NV-KK.xlsx",
    ),
    (
        "demo-returned-KK.xlsx",
        "demo/returned/2011H2-KLANT_NV-KK.xlsx",
    ),
    ("demo-monitor.xlsx", "demo/monitor.xlsx"),
    ("demo-monitor-analyse.xlsx", "demo/monitor-analyse.xlsx"),
    ("generate-en-KK.xlsx", "en/2011H2-KLANT_NV-KK.xlsx"),
];

/// Bytes shown on either side of the first difference.
const EXCERPT: usize = 60;

fn reference_dir() -> PathBuf {
    common::root().join("fixtures/reference")
}

/// Writes every workbook of [`REFERENCES`] into `dir` with the real binary: the demo (run in
/// the relative folder `demo`, because the monitor names the returned files by their path) and
/// Kees Klant's questionnaire from the English example master.
fn write_all(dir: &Path) {
    // A fixed key, so that the tags (and with them the bytes) are the same on every run.
    std::fs::create_dir(dir.join("demo")).unwrap();
    common::write_key(&dir.join("demo"));
    common::write_key(dir);
    klantwaarde(dir)
        .args(["demo", "demo", "--force"])
        .assert()
        .success();
    std::fs::write(dir.join("master-en.toml"), klantwaarde::EXAMPLE_MASTER_EN).unwrap();
    klantwaarde(dir)
        .args(["generate", "master-en.toml", "-o", "en", "--only", "KK"])
        .assert()
        .success();
}

/// The parts of an .xlsx in archive order, with their unpacked bytes.
fn parts(workbook: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(workbook)).map_err(|e| format!("not a zip: {e}"))?;
    let mut parts = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|e| format!("part {index}: {e}"))?;
        let name = entry
            .name()
            .map_err(|e| format!("part {index}: {e}"))?
            .into_owned();
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{name}: {e}"))?;
        parts.push((name, bytes));
    }
    Ok(parts)
}

/// Where two byte strings first differ: the offset, the line and column there, and an excerpt
/// of each around it.
fn first_difference(expected: &[u8], actual: &[u8]) -> String {
    let offset = expected
        .iter()
        .zip(actual)
        .position(|(e, a)| e != a)
        .unwrap_or(expected.len().min(actual.len()));
    let before = &expected[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = offset
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |n| n + 1)
        + 1;
    let excerpt = |bytes: &[u8]| {
        let start = offset.saturating_sub(EXCERPT);
        let end = (offset + EXCERPT).min(bytes.len());
        String::from_utf8_lossy(&bytes[start.min(end)..end]).replace('\n', "\\n")
    };
    format!(
        "first difference at byte {offset} (line {line}, column {column}; {} bytes in the \
         reference, {} now)\n    reference: …{}…\n    now:       …{}…",
        expected.len(),
        actual.len(),
        excerpt(expected),
        excerpt(actual)
    )
}

/// Every difference between a reference workbook and the new one, part by part.
fn compare(name: &str, expected: &[u8], actual: &[u8]) -> Vec<String> {
    let (expected_parts, actual_parts) = match (parts(expected), parts(actual)) {
        (Ok(e), Ok(a)) => (e, a),
        (e, a) => {
            let why = [("reference", e.err()), ("new", a.err())]
                .into_iter()
                .filter_map(|(which, error)| error.map(|error| format!("{which}: {error}")));
            return vec![format!("{name}: {}", why.collect::<Vec<_>>().join("; "))];
        }
    };
    let names = |parts: &[(String, Vec<u8>)]| parts.iter().map(|(n, _)| n.clone()).collect();
    let (expected_names, actual_names): (Vec<String>, Vec<String>) =
        (names(&expected_parts), names(&actual_parts));
    let mut wrong = Vec::new();
    if expected_names != actual_names {
        let missing: Vec<&String> = expected_names
            .iter()
            .filter(|n| !actual_names.contains(n))
            .collect();
        let added: Vec<&String> = actual_names
            .iter()
            .filter(|n| !expected_names.contains(n))
            .collect();
        wrong.push(format!(
            "{name}: the list of parts differs (missing now: {missing:?}; new: {added:?})\n    \
             reference: {expected_names:?}\n    now:       {actual_names:?}"
        ));
    }
    for (part, expected_bytes) in &expected_parts {
        let Some((_, actual_bytes)) = actual_parts.iter().find(|(n, _)| n == part) else {
            continue;
        };
        if expected_bytes != actual_bytes {
            wrong.push(format!(
                "{name}, part {part}: {}",
                first_difference(expected_bytes, actual_bytes)
            ));
        }
    }
    if wrong.is_empty() && expected != actual {
        wrong.push(format!(
            "{name}: every part is equal, but the zip container differs (compression or entry \
             headers): {}",
            first_difference(expected, actual)
        ));
    }
    wrong
}

/// Rewrites the references from `dir`, saying which changed.
fn bless(dir: &Path) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{BLESS} is set, but so is CI: references are blessed on a developer's machine and \
         committed, never rewritten by CI"
    );
    std::fs::create_dir_all(reference_dir()).unwrap();
    for (reference, made) in REFERENCES {
        let path = reference_dir().join(reference);
        let new = std::fs::read(dir.join(made)).unwrap();
        let changed = std::fs::read(&path).map_or(true, |old| old != new);
        std::fs::write(&path, &new).unwrap();
        eprintln!(
            "blessed fixtures/reference/{reference}{}",
            if changed {
                " (changed)"
            } else {
                " (unchanged)"
            }
        );
    }
}

#[test]
fn the_binary_writes_the_committed_reference_workbooks_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    if std::env::var_os(BLESS).is_some() {
        bless(dir.path());
        return;
    }
    let mut wrong = Vec::new();
    for (reference, made) in REFERENCES {
        let expected = std::fs::read(reference_dir().join(reference)).unwrap_or_else(|error| {
            panic!("fixtures/reference/{reference}: {error}; bless with {BLESS}=1")
        });
        let actual = std::fs::read(dir.path().join(made)).unwrap();
        wrong.extend(compare(reference, &expected, &actual));
    }
    assert!(
        wrong.is_empty(),
        "the output differs from the committed references:\n{}\n\nIf the change is meant, \
         re-bless them with `{BLESS}=1 cargo test --test it reference` and commit them.",
        wrong.join("\n")
    );
}

#[test]
fn a_difference_names_the_part_and_the_first_differing_line() {
    let kees = std::fs::read(reference_dir().join("demo-questionnaire-KK.xlsx")).unwrap();
    let mut parts = parts(&kees).unwrap();
    // a line inserted before the first row, as an unintended change might
    let sheet = &mut parts
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .unwrap()
        .1;
    let at = sheet.windows(5).position(|w| w == b"<row ").unwrap();
    sheet.splice(at..at, b"\n<!-- moved -->".iter().copied());
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in &parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, bytes).unwrap();
    }
    let changed = zip.finish().unwrap().into_inner();
    let wrong = compare("kees.xlsx", &kees, &changed);
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    let message = &wrong[0];
    for expected in [
        "kees.xlsx, part xl/worksheets/sheet1.xml: first difference at byte",
        "(line 2, column ",
        "    reference: …",
        "    now:       …",
        "\\n<!-- moved -->",
    ] {
        assert!(message.contains(expected), "{expected:?} not in\n{message}");
    }
}
