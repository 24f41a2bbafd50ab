//! `init`, `check` and `generate` through the real binary.

use std::collections::BTreeMap;

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::common::{self, example_dir, klantwaarde};

/// The method's assignment matrix (DOMAIN.md), written out independently of our parser:
/// question → the initials that answer it.
const MATRIX: &[(&str, &str)] = &[
    ("1.01", "AA BB CC"),
    ("1.02", "AA BB KK"),
    ("1.03", "AA BB CC KK"),
    ("1.04", "AA BB CC KK"),
    ("2.01", "AA BB CC KK"),
    ("2.02", "AA BB CC KK"),
    ("2.03", "AA BB CC KK"),
    ("2.04", "AA BB KK"),
    ("3.01", "AA BB CC DD"),
    ("3.02", "AA BB CC KK"),
    ("3.03", "AA BB"),
    ("3.04", "AA BB CC DD KK"),
    ("3.05", "AA BB CC KK"),
    ("3.06", "AA BB CC DD KK"),
    ("4.01", "AA BB CC KK"),
    ("4.02", "AA BB"),
    ("4.03", "AA BB CC KK"),
    ("4.04", "AA BB"),
    ("5.01", "AA BB DD KK"),
    ("5.02", "AA BB DD KK"),
    ("5.03", "AA BB DD KK"),
    ("5.04", "AA BB DD KK"),
];

fn expected_questions(initials: &str) -> Vec<String> {
    MATRIX
        .iter()
        .filter(|(_, who)| who.split(' ').any(|w| w == initials))
        .map(|(q, _)| q.to_string())
        .collect()
}

#[test]
fn generate_writes_exactly_the_assignment_matrix_per_respondent() {
    let (dir, _) = example_dir();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "out"])
        .assert()
        .success()
        .stderr(predicate::str::contains("5 vragenlijst(en) geschreven"));
    for initials in ["AA", "BB", "CC", "DD", "KK"] {
        let path = dir
            .path()
            .join(format!("out/2011H2-KLANT_NV-{initials}.xlsx"));
        let (pairs, questions) = common::meta(&path);
        let keys: BTreeMap<_, _> = pairs.into_iter().collect();
        assert_eq!(keys["format"], "klantwaarde-questionnaire/1");
        assert_eq!(keys["client"], "KLANT NV");
        assert_eq!(keys["period"], "2011H2");
        assert_eq!(keys["respondent"], initials);
        assert_eq!(keys["fingerprint"].len(), 32);
        let ids: Vec<String> = questions.iter().map(|q| q[0].clone()).collect();
        assert_eq!(ids, expected_questions(initials), "{initials}");
        // every question maps to a distinct score and relevance cell on the questionnaire sheet
        for q in &questions {
            assert!(q[2].starts_with("Vragenlijst!C"), "{q:?}");
            assert!(q[3].starts_with("Vragenlijst!D"), "{q:?}");
        }
    }
    let kees = expected_questions("KK");
    assert_eq!(
        kees.join(" "),
        "1.02 1.03 1.04 2.01 2.02 2.03 2.04 3.02 3.04 3.05 3.06 4.01 4.03 5.01 5.02 5.03 5.04"
    );
}

#[test]
fn questionnaire_shows_the_questions_and_cover_to_the_respondent() {
    let (dir, _) = example_dir();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "out"])
        .assert()
        .success();
    let rows = common::sheet_cells(
        &dir.path().join("out/2011H2-KLANT_NV-KK.xlsx"),
        "Vragenlijst",
    );
    let text: Vec<String> = rows.iter().map(|r| r.join("|")).collect();
    let all = text.join("\n");
    for expected in [
        "KLANT NV",
        "BESTSELLER B.V.",
        "2011H2",
        "Kees Klant (KK)",
        "30-11-2011",
        "0 van 17",
        "KWI-01|Kennisborging",
        "1.02|BESTSELLER B.V. borgt de kennis via het met KLANT NV gedeelde opdrachtmanagementdocument",
        "3.06|BESTSELLER B.V. kwam de specifieke afspraken inzake deze KWI na (zie actielijst)",
        "Opmerkingen",
        "aanbevelen",
        "anoniem",
    ] {
        assert!(all.contains(expected), "missing {expected:?} in\n{all}");
    }
    // 1.01 is not Kees Klant's question
    assert!(!all.contains("kennisportal"), "{all}");
}

#[test]
fn every_mapped_cell_is_unlocked_and_validated_according_to_openpyxl() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "out"])
        .assert()
        .success();
    let path = dir.path().join("out/2011H2-KLANT_NV-KK.xlsx");
    let report: Value = serde_json::from_str(&common::python(
        "tests/py/inspect_questionnaire.py",
        &[&path],
    ))
    .unwrap();
    assert_eq!(
        report["sheets"],
        json!([["Vragenlijst", "visible"], ["meta", "veryHidden"]])
    );
    assert_eq!(report["protected"], json!(true));
    assert_eq!(report["meta_protected"], json!(true));
    let questions = report["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 17);
    for q in questions {
        assert_eq!(q["score"]["locked"], json!(false), "{q}");
        assert_eq!(q["score"]["validation"]["type"], json!("list"), "{q}");
        assert_eq!(
            q["score"]["validation"]["formula1"],
            json!("\"1,2,3,4,5,6,7,8,9,10\""),
            "{q}"
        );
        assert_eq!(
            q["score"]["validation"]["showErrorMessage"],
            json!(true),
            "{q}"
        );
        assert!(
            q["score"]["validation"]["prompt"]
                .as_str()
                .is_some_and(|p| p.contains("1")),
            "{q}"
        );
        assert_eq!(q["relevance"]["locked"], json!(false), "{q}");
        assert_eq!(
            q["relevance"]["validation"]["formula1"],
            json!("\"minder,neutraal,meer\""),
            "{q}"
        );
        assert_eq!(
            q["relevance"]["value"],
            json!("neutraal"),
            "neutral is pre-filled: {q}"
        );
    }
    let closing = &report["closing"];
    for key in [
        "nps_cell",
        "remarks_cell",
        "nps_reason_cell",
        "anonymous_cell",
    ] {
        assert_eq!(closing[key]["locked"], json!(false), "{key}");
    }
    assert_eq!(
        closing["nps_cell"]["validation"]["formula1"],
        json!("\"0,1,2,3,4,5,6,7,8,9,10\"")
    );
    assert_eq!(
        closing["anonymous_cell"]["validation"]["formula1"],
        json!("\"ja,nee\"")
    );
    let print = &report["print"];
    assert_eq!(print["paper"], json!(9), "A4");
    assert_eq!(print["orientation"], json!("portrait"));
    // Kees Klant's questionnaire prints on one page at a scale the writer chose (not "fit to
    // page", which would make Excel ignore the page breaks of longer questionnaires).
    assert_eq!(print["fit"], json!(false), "{print}");
    let scale = print["scale"].as_u64().unwrap_or(100);
    assert!((80..=100).contains(&scale), "{print}");
    assert_eq!(print["breaks"], json!([]), "{print}");
    assert_eq!(print["title_rows"], json!("$8:$8"));
    assert_eq!(print["freeze"], json!("A9"));
}

#[test]
fn the_same_master_gives_byte_identical_questionnaires() {
    let (dir, _) = example_dir();
    for out in ["one", "two"] {
        klantwaarde(dir.path())
            .args(["generate", "master.toml", "-o", out])
            .assert()
            .success();
    }
    for initials in ["AA", "KK"] {
        let name = format!("2011H2-KLANT_NV-{initials}.xlsx");
        let one = std::fs::read(dir.path().join("one").join(&name)).unwrap();
        let two = std::fs::read(dir.path().join("two").join(&name)).unwrap();
        assert!(one == two, "{name} differs between runs");
    }
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "one"])
        .assert()
        .success()
        .stderr(predicate::str::contains("(5 ongewijzigd)"));
}

#[test]
fn generate_never_overwrites_a_questionnaire_that_holds_answers() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "out"])
        .assert()
        .success();
    let kees = dir.path().join("out/2011H2-KLANT_NV-KK.xlsx");
    let filled = dir.path().join("filled.xlsx");
    common::fill(&kees, &filled, &json!({"scores": {"1.02": 6}}));
    std::fs::copy(&filled, &kees).unwrap();
    let before = std::fs::read(&kees).unwrap();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "out"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "2011H2-KLANT_NV-KK.xlsx bevat al antwoorden van Kees Klant",
        ))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        std::fs::read(&kees).unwrap(),
        before,
        "the answers are kept"
    );
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "out", "--force"])
        .assert()
        .success();
    assert_ne!(std::fs::read(&kees).unwrap(), before, "--force overwrites");
}

#[test]
fn english_master_gives_english_questionnaires() {
    let dir = tempfile::tempdir().unwrap();
    klantwaarde(dir.path())
        .args(["init", "master.toml", "--lang", "en"])
        .assert()
        .success();
    klantwaarde(dir.path())
        .args(["check", "master.toml"])
        .assert()
        .success();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "out"])
        .assert()
        .success();
    let rows = common::sheet_cells(
        &dir.path().join("out/2011H2-KLANT_NV-KK.xlsx"),
        "Questionnaire",
    );
    let all: String = rows
        .iter()
        .map(|r| r.join("|"))
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [
        "No.|Question|Score\n(1-10)|Relevance",
        "Remarks",
        "recommend BESTSELLER B.V. to a colleague",
        "30 November 2011",
        "showed that it works actively on this KWI",
    ] {
        assert!(all.contains(expected), "missing {expected:?} in\n{all}");
    }
}

#[test]
fn only_writes_the_named_respondents_and_suggests_near_initials() {
    let (dir, _) = example_dir();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "out", "--only", "kk"])
        .assert()
        .success();
    let names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["2011H2-KLANT_NV-KK.xlsx"]);
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "--only", "KX"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--only KX: geen respondent heeft deze initialen; bedoelt u KK?",
        ))
        .stderr(predicate::str::contains("backtrace").not());
}

#[test]
fn output_folder_that_is_a_file_is_refused() {
    let (dir, _) = example_dir();
    std::fs::write(dir.path().join("out"), "a file").unwrap();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "out"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("out is een bestand, geen map"));
}

#[test]
fn file_names_stay_inside_the_output_folder_whatever_the_master_says() {
    let dir = tempfile::tempdir().unwrap();
    // A period such as `..` never reaches a file name: it does not follow the period pattern.
    let dotted = klantwaarde::EXAMPLE_MASTER_NL.replace("period = \"2011H2\"", "period = \"..\"");
    std::fs::write(dir.path().join("dotted.toml"), dotted).unwrap();
    klantwaarde(dir.path())
        .args(["generate", "dotted.toml", "-o", "out"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`period` `..` volgt niet het patroon waarop de trend sorteert",
        ));
    std::fs::remove_file(dir.path().join("dotted.toml")).unwrap();
    let master = klantwaarde::EXAMPLE_MASTER_NL
        .replace("client = \"KLANT NV\"", "client = \"../../CON/evil\"");
    std::fs::write(dir.path().join("master.toml"), master).unwrap();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "out"])
        .assert()
        .success();
    let names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("2011H2-CON_evil-") && !n.contains('/')),
        "{names:?}"
    );
    let mut beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(
        beside,
        ["klantwaarde.key", "master.toml", "out"],
        "nothing written outside out/ but the key beside the master"
    );
}

#[test]
fn check_prints_the_overview_and_matrix() {
    let (dir, _) = example_dir();
    let output = klantwaarde(dir.path())
        .args(["check", "master.toml"])
        .assert()
        .success();
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    for expected in [
        "5 respondenten, 5 KWI's, 22 vragen, 4 acties",
        "KK      17  Kees Klant, General Manager",
        "KWI-01    8,00   4  Kennisborging",
        "AA BB CC DD KK",
        "1.03*  x  x  x  .  x",
        "3.06*  x  x  x  x  x",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
}

#[test]
fn check_reports_errors_with_file_line_and_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let master = klantwaarde::EXAMPLE_MASTER_NL.replace(
        "respondents = [\"AA\", \"BB\", \"KK\"]\n\n[[kwis]]\nid = \"KWI-02\"",
        "respondents = [\"AA\", \"BB\", \"KX\"]\n\n[[kwis]]\nid = \"KWI-02\"",
    );
    assert_ne!(master, klantwaarde::EXAMPLE_MASTER_NL);
    std::fs::write(dir.path().join("master.toml"), &master).unwrap();
    let line = master.lines().position(|l| l.contains("\"KX\"")).unwrap() + 1;
    klantwaarde(dir.path())
        .args(["check", "master.toml"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(format!("master.toml:{line}:")))
        .stderr(predicate::str::contains(
            "geen respondent heeft deze initialen; bedoelt u KK?",
        ))
        .stderr(predicate::str::contains("backtrace").not());
}

#[test]
fn init_refuses_to_overwrite_and_its_master_checks() {
    let dir = tempfile::tempdir().unwrap();
    klantwaarde(dir.path()).args(["init"]).assert().success();
    klantwaarde(dir.path())
        .args(["check", "master.toml"])
        .assert()
        .success()
        .stderr("");
    std::fs::write(dir.path().join("master.toml"), "mine").unwrap();
    klantwaarde(dir.path())
        .args(["init"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bestaat al"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("master.toml")).unwrap(),
        "mine"
    );
}

/// A folder holding the method's example as an English master (`init --lang en`), with its key.
fn english_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    klantwaarde(dir.path())
        .args(["init", "master.toml", "--lang", "en"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "wrote master.toml: the method's example; edit it for your client, then run `klantwaarde check master.toml`",
        ));
    dir
}

#[test]
fn check_speaks_the_masters_language_whatever_lang_says() {
    let (dutch, _) = example_dir();
    let output = klantwaarde(dutch.path())
        .args(["check", "master.toml", "--lang", "en"])
        .assert()
        .success();
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    for expected in [
        "BESTSELLER B.V. voor KLANT NV, periode 2011H2 (Nederlandstalige werkmappen, uiterlijk 2011-11-30)",
        "5 respondenten, 5 KWI's, 22 vragen, 4 acties",
        "Respondenten (aantal vragen):",
        "KWI's (doel, vragen):",
        "Toewijzingsmatrix (x beantwoordt, * standaardvraag):",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    let english = english_dir();
    let output = klantwaarde(english.path())
        .args(["check", "master.toml", "--lang", "nl"])
        .assert()
        .success();
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    for expected in [
        "BESTSELLER B.V. for KLANT NV, period 2011H2 (English workbooks, due 2011-11-30)",
        "5 respondents, 5 KWIs, 22 questions, 4 actions",
        "Respondents (questions each):",
        "KWIs (target, questions):",
        "Assignment matrix (x answers, * standard question):",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
}

#[test]
fn generate_says_what_it_wrote_in_the_masters_language() {
    let (dutch, _) = example_dir();
    klantwaarde(dutch.path())
        .args(["generate", "master.toml", "-o", "out"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "  KK      17 vragen  out/2011H2-KLANT_NV-KK.xlsx",
        ))
        .stderr(predicate::str::contains(
            "5 vragenlijst(en) geschreven naar out",
        ));
    let english = english_dir();
    klantwaarde(english.path())
        .args(["generate", "master.toml", "-o", "out"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "  KK      17 questions  out/2011H2-KLANT_NV-KK.xlsx",
        ))
        .stderr(predicate::str::contains("wrote 5 questionnaire(s) to out"));
    klantwaarde(english.path())
        .args(["generate", "master.toml", "--only", "KX"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error: --only KX: no respondent has these initials; did you mean KK?",
        ));
}

#[test]
fn init_refuses_an_existing_file_in_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("master.toml"), "mine").unwrap();
    klantwaarde(dir.path())
        .args(["init", "--lang", "en"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error: master.toml already exists; init never overwrites a file: choose another name or remove it first",
        ));
    klantwaarde(dir.path())
        .args(["init"])
        .env("LANG", "nl_NL.UTF-8")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "fout: master.toml bestaat al; init overschrijft nooit een bestand: kies een andere naam of verwijder het eerst",
        ));
}

#[test]
fn the_key_file_and_its_absence_are_worded_in_the_masters_language() {
    let english = english_dir();
    let key = std::fs::read_to_string(english.path().join("klantwaarde.key")).unwrap();
    assert!(
        key.starts_with("# The klantwaarde key of the masters in this folder"),
        "{key}"
    );
    let dutch = tempfile::tempdir().unwrap();
    klantwaarde(dutch.path())
        .args(["init", "master.toml", "--lang", "nl"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "sleutel klantwaarde.key gemaakt: bewaar hem naast master.toml",
        ));
    let key = std::fs::read_to_string(dutch.path().join("klantwaarde.key")).unwrap();
    assert!(
        key.starts_with("# De klantwaarde-sleutel van de masters in deze map"),
        "{key}"
    );
    assert!(
        key.lines()
            .all(|l| l.starts_with("# ") || l.starts_with("key = ")),
        "{key}"
    );

    for (dir, expected) in [
        (
            english.path(),
            "error: klantwaarde.key is missing: it holds the key that proves the questionnaires of master.toml came from you",
        ),
        (
            dutch.path(),
            "fout: klantwaarde.key ontbreekt: dit bestand bevat de sleutel die bewijst dat de vragenlijsten van master.toml van u komen",
        ),
    ] {
        std::fs::remove_file(dir.join("klantwaarde.key")).unwrap();
        klantwaarde(dir)
            .args(["status", "master.toml", "--lang", "en"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(expected));
    }
}
