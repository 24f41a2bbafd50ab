//! Exit codes say what they say: ingest exits 3 only when a file was rejected or an answer left
//! out; warnings that lose nothing ("texts changed", "anonymity not answered") leave 0.

use predicates::prelude::*;
use serde_json::json;

use crate::common::{self, example_dir, klantwaarde};

/// Kees Klant's complete returned questionnaire of the method's example.
fn kees() -> std::path::PathBuf {
    common::root().join("fixtures/example/returned/kees-klant.xlsx")
}

fn ingest(dir: &std::path::Path, file: &std::path::Path) -> assert_cmd::assert::Assert {
    klantwaarde(dir)
        .args(["ingest", "master.toml", file.to_str().unwrap()])
        .args(["-o", "monitor.xlsx"])
        // Kees Klant's committed questionnaire predates tags.
        .arg("--accept-untagged")
        .assert()
}

#[test]
fn a_complete_answer_leaves_0() {
    let (dir, _) = example_dir();
    ingest(dir.path(), &kees()).code(0);
}

#[test]
fn texts_changed_since_sending_warn_and_leave_0() {
    let (dir, master) = example_dir();
    let text = std::fs::read_to_string(&master).unwrap();
    let changed = text.replace(
        "{supplier} geeft ongevraagd advies (proactief)",
        "{supplier} geeft ongevraagd en tijdig advies (proactief)",
    );
    assert_ne!(text, changed, "the example holds the question");
    std::fs::write(&master, changed).unwrap();
    ingest(dir.path(), &kees())
        .code(0)
        .stderr(predicate::str::contains(
            "wijkt af van wat de master nu zou genereren",
        ));
    assert!(dir.path().join("monitor.xlsx").exists());
}

#[test]
fn anonymity_not_answered_warns_and_leaves_0() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    let target = dir.path().join("kk.xlsx");
    common::fill(&kees(), &target, &json!({"anonymous": null}));
    ingest(dir.path(), &target)
        .code(0)
        .stderr(predicate::str::contains(
            "heeft niet aangegeven of hij of zij anoniem wil blijven",
        ));
}

#[test]
fn an_answer_left_out_gives_3() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    let target = dir.path().join("kk.xlsx");
    common::fill(&kees(), &target, &json!({"scores": {"1.02": "acht"}}));
    ingest(dir.path(), &target)
        .code(3)
        .stderr(predicate::str::contains("het wordt weggelaten"));
}

#[test]
fn a_rejected_file_gives_3_and_the_good_one_counts() {
    let (dir, _) = example_dir();
    let folder = dir.path().join("returned");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(kees(), folder.join("kees.xlsx")).unwrap();
    std::fs::write(folder.join("notes.xlsx"), b"not a workbook").unwrap();
    ingest(dir.path(), &folder)
        .code(3)
        .stderr(predicate::str::contains("notes.xlsx: geweigerd"));
}

#[test]
fn help_and_readme_document_the_codes() {
    let dir = tempfile::tempdir().unwrap();
    klantwaarde(dir.path())
        .args(["--help", "--lang", "en"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "3  ingest: the monitor was written, but some file was rejected or some answer left out",
        ))
        .stdout(predicate::str::contains("lose nothing"));
    klantwaarde(dir.path())
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "3  ingest: de monitor is geschreven, maar een bestand is geweigerd of een antwoord is",
        ))
        .stdout(predicate::str::contains("waarbij niets verloren gaat"));
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    assert!(
        readme.contains("Warnings that lose nothing"),
        "README explains code 3"
    );
}
