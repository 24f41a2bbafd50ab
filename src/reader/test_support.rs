//! Helpers the reader's unit tests share: fixtures, zips rewritten part by part, and the check that
//! a file is refused quickly in the house style; never compiled outside tests.

use std::io::{Cursor, Read, Write};
use std::time::{Duration, Instant};

use zip::{CompressionMethod, ZipArchive};

use super::{Limits, read_questionnaire};

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
    let options =
        zip::write::SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
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

pub(crate) fn check_rejects_within(path: &str, limits: &Limits, expected: &str, budget: Duration) {
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
