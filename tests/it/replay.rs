//! The fuzz corpus committed in `fixtures/fuzz/` and the hostile fixtures, replayed through the
//! parsers as plain tests, so that `cargo test` re-checks what fuzzing found without a fuzzer:
//! every input must come back (as `Ok` or `Err`) without a panic — also none that the reader
//! catches, which libFuzzer counts as a crash too — and within [`PER_FILE`].
//!
//! The `reader` corpus goes through `reader::read_questionnaire` only; the `reader` fuzz target
//! also judges what it read (`ingest::assess`, `build_report`), which `scripts/fuzz.sh` covers.

use std::cell::RefCell;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::{Once, mpsc};
use std::time::{Duration, Instant};

use klantwaarde::reader::{Limits, read_questionnaire};

use crate::common;

/// Time one input may take: generous, for a debug build on a loaded machine, where the slowest
/// corpus file takes well under a second. A hang takes for ever.
const PER_FILE: Duration = Duration::from_secs(10);

/// The name of the threads that replay, whose panics [`record_panics`] collects.
const REPLAY_THREAD: &str = "replay";

thread_local! {
    static PANICS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Makes every panic on a replay thread, caught or not, recorded for that thread; other panics
/// (of other tests) go on to the hook as before.
fn record_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(REPLAY_THREAD) {
                PANICS.with(|panics| panics.borrow_mut().push(info.to_string()));
            } else {
                previous(info);
            }
        }));
    });
}

/// How one input came back.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    Err,
}

/// The files of a folder of the repository, sorted; `at_least` guards against a folder that
/// went missing or empty.
fn files(folder: &str, at_least: usize) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(common::root().join(folder))
        .unwrap_or_else(|error| panic!("{folder}: {error}"))
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(
        files.len() >= at_least,
        "{folder} holds {} files, expected at least {at_least}",
        files.len()
    );
    files
}

fn name(path: &Path) -> String {
    let folder = path.parent().and_then(Path::file_name).unwrap_or_default();
    format!(
        "{}/{}",
        folder.to_string_lossy(),
        path.file_name().unwrap().to_string_lossy()
    )
}

/// Runs `parse` on the bytes of each file, each on its own thread; returns the outcome of each
/// and everything wrong: a panic, caught or not, or a run longer than [`PER_FILE`].
fn replay(paths: &[PathBuf], parse: fn(&[u8]) -> Outcome) -> (Vec<(String, Outcome)>, Vec<String>) {
    record_panics();
    let (mut outcomes, mut wrong) = (Vec::new(), Vec::new());
    let mut slowest = (Duration::ZERO, String::new());
    for path in paths {
        let name = name(path);
        let bytes = std::fs::read(path).unwrap();
        let (send, receive) = mpsc::channel();
        let start = Instant::now();
        std::thread::Builder::new()
            .name(REPLAY_THREAD.to_string())
            .spawn(move || {
                PANICS.with(|panics| panics.borrow_mut().clear());
                let outcome = std::panic::catch_unwind(|| parse(&bytes)).ok();
                let panics = PANICS.with(|panics| panics.take());
                let _ = send.send((outcome, panics));
            })
            .expect("a thread");
        match receive.recv_timeout(PER_FILE) {
            Ok((outcome, panics)) => {
                let took = start.elapsed();
                if took > slowest.0 {
                    slowest = (took, name.clone());
                }
                for panic in &panics {
                    let caught = if outcome.is_some() { ", caught" } else { "" };
                    wrong.push(format!("{name}: panicked{caught}: {panic}"));
                }
                if let Some(outcome) = outcome {
                    outcomes.push((name, outcome));
                }
            }
            // the thread is left running; the test fails
            Err(_) => wrong.push(format!("{name}: not done after {PER_FILE:?}")),
        }
    }
    eprintln!(
        "replayed {} files; the slowest, {}, took {:.2} s",
        paths.len(),
        slowest.1,
        slowest.0.as_secs_f64()
    );
    (outcomes, wrong)
}

fn read(bytes: &[u8]) -> Outcome {
    match read_questionnaire(bytes, &Limits::default()) {
        Ok(_) => Outcome::Ok,
        Err(_) => Outcome::Err,
    }
}

fn parse_master(bytes: &[u8]) -> Outcome {
    match klantwaarde::master::parse(bytes) {
        Ok(_) => Outcome::Ok,
        Err(_) => Outcome::Err,
    }
}

fn assert_none_wrong(wrong: &[String]) {
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_hostile_fixture_is_an_error_of_the_reader_without_a_panic() {
    let (outcomes, mut wrong) = replay(&files("fixtures/hostile", 20), read);
    for (name, outcome) in &outcomes {
        let file = name.strip_prefix("hostile/").unwrap();
        if crate::hostile::must_be_rejected(file) && *outcome != Outcome::Err {
            wrong.push(format!("{name}: read without an error"));
        }
    }
    assert_none_wrong(&wrong);
}

#[test]
fn the_reader_fuzz_corpus_replays_without_a_panic() {
    let (_, wrong) = replay(&files("fixtures/fuzz/reader", 50), read);
    assert_none_wrong(&wrong);
}

#[test]
fn the_master_fuzz_corpus_and_master_fixtures_replay_without_a_panic() {
    let mut paths = files("fixtures/fuzz/master", 50);
    paths.extend(files("fixtures/masters", 5));
    let (_, wrong) = replay(&paths, parse_master);
    assert_none_wrong(&wrong);
}

// --- reader_parts: byte 0 picks a part of a real workbook, the rest replaces it ----------------

const XLSX: &[u8] = include_bytes!("../../fixtures/reader/questionnaire-libreoffice.xlsx");
const ODS: &[u8] = include_bytes!("../../fixtures/reader/questionnaire.ods");

/// The parts of `fuzz/fuzz_targets/reader_parts.rs`, in its order: byte 0 of an input indexes
/// them. [`the_parts_are_those_of_the_fuzz_target`] keeps the two lists in step.
const PARTS: [(&str, &str); 9] = [
    ("XLSX", "[Content_Types].xml"),
    ("XLSX", "xl/workbook.xml"),
    ("XLSX", "xl/_rels/workbook.xml.rels"),
    ("XLSX", "xl/worksheets/sheet1.xml"),
    ("XLSX", "xl/worksheets/sheet2.xml"),
    ("XLSX", "xl/sharedStrings.xml"),
    ("XLSX", "docProps/core.xml"),
    ("ODS", "content.xml"),
    ("ODS", "meta.xml"),
];

/// The workbook a `reader_parts` input stands for, rebuilt as the fuzz target builds it: every
/// part copied as it is, but the chosen one, stored with the input's content.
fn rebuilt(input: &[u8]) -> Option<Vec<u8>> {
    let (&pick, content) = input.split_first()?;
    let (workbook, part) = PARTS[usize::from(pick) % PARTS.len()];
    let workbook = if workbook == "XLSX" { XLSX } else { ODS };
    let mut archive = zip::ZipArchive::new(Cursor::new(workbook)).expect("a valid workbook");
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).expect("a valid part");
        if entry.name().is_ok_and(|name| name == part) {
            drop(entry);
            zip.start_file(part, stored).expect("in memory");
            zip.write_all(content).expect("in memory");
        } else {
            zip.raw_copy_file(entry).expect("in memory");
        }
    }
    Some(zip.finish().expect("in memory").into_inner())
}

fn read_parts(input: &[u8]) -> Outcome {
    match rebuilt(input) {
        Some(workbook) => read(&workbook),
        // the target ignores an empty input
        None => Outcome::Ok,
    }
}

#[test]
fn the_reader_parts_fuzz_corpus_replays_without_a_panic() {
    let (_, wrong) = replay(&files("fixtures/fuzz/reader_parts", 50), read_parts);
    assert_none_wrong(&wrong);
}

#[test]
fn the_parts_are_those_of_the_fuzz_target() {
    let target = std::fs::read_to_string(common::root().join("fuzz/fuzz_targets/reader_parts.rs"))
        .expect("the fuzz target's source");
    let listed: Vec<(String, String)> = target
        .lines()
        .filter_map(|line| {
            let entry = line.trim().strip_prefix('(')?.strip_suffix("),")?;
            let (workbook, part) = entry.split_once(", ")?;
            Some((workbook.to_string(), part.trim_matches('"').to_string()))
        })
        .collect();
    let ours: Vec<(String, String)> = PARTS
        .iter()
        .map(|(workbook, part)| (workbook.to_string(), part.to_string()))
        .collect();
    assert_eq!(ours, listed, "keep PARTS in step with the fuzz target");
}

fn read_master_workbook(bytes: &[u8]) -> Outcome {
    match klantwaarde::reader::read_sheets(bytes, &Limits::default()) {
        Ok(sheets) => match klantwaarde::master::parse_workbook(&sheets) {
            Ok(_) => Outcome::Ok,
            Err(_) => Outcome::Err,
        },
        Err(_) => Outcome::Err,
    }
}

#[test]
fn hostile_files_and_the_reader_corpus_given_as_a_workbook_master_replay_without_a_panic() {
    let mut paths = files("fixtures/hostile", 20);
    paths.extend(files("fixtures/fuzz/reader", 50));
    let (_, wrong) = replay(&paths, read_master_workbook);
    assert_none_wrong(&wrong);
}
