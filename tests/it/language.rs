//! The language of everything the tool says: a Dutch master gives Dutch messages end to end — on
//! the terminal, in the problems sheet, in the reminder drafts —, an English one English, and
//! `--lang` or the locale speak where no master is given.

use std::path::Path;

use crate::common::{self, klantwaarde};

/// What one run printed, both streams.
struct Said {
    code: i32,
    text: String,
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Said {
    let mut command = klantwaarde(dir);
    command.args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("the binary runs");
    Said {
        code: output.status.code().unwrap_or(-1),
        text: format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

/// Words of one language that have no place in a text of the other: a run in one language that
/// prints one of them has left a message untranslated.
fn foreign_words(text: &str, dutch: bool) -> Vec<String> {
    let words: &[&str] = if dutch {
        &[
            " the ",
            " is not ",
            " and ",
            " cannot ",
            "error:",
            "warning:",
            "wrote ",
            "rejected",
            "skipped",
            "accepted",
            "missing",
            "respondents returned",
        ]
    } else {
        &[
            " het ",
            " een ",
            " niet ",
            " van de ",
            "fout:",
            "waarschuwing:",
            "geschreven",
            "geweigerd",
            "overgeslagen",
            "geaccepteerd",
            "ontbreekt",
            "vragenlijsten",
        ]
    };
    text.lines()
        .filter(|line| words.iter().any(|word| line.contains(word)))
        .map(str::to_string)
        .collect()
}

/// The whole cycle on the method's example in one language, with an empty and a text file among
/// the returned questionnaires: every line printed, the problems sheet and the reminders.
fn cycle(lang: &str) -> (Vec<Said>, Vec<String>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let mut said = vec![run(dir, &["demo", "demo", "--lang", lang], &[])];
    let demo = dir.join("demo");
    std::fs::write(demo.join("returned/leeg.xlsx"), "").unwrap();
    std::fs::write(demo.join("returned/notes.xlsx"), "just some text").unwrap();
    said.push(run(&demo, &["check", "master.toml"], &[]));
    said.push(run(
        &demo,
        &["generate", "master.toml", "-o", "again", "--mail"],
        &[],
    ));
    said.push(run(
        &demo,
        &["ingest", "master.toml", "returned", "-o", "m.xlsx"],
        &[],
    ));
    said.push(run(
        &demo,
        &["status", "master.toml", "returned", "--remind", "reminders"],
        &[],
    ));
    // A wrong command line is answered before any master is read: `--lang` speaks.
    said.push(run(
        &demo,
        &["ingest", "master.toml", "--bogus", "--lang", lang],
        &[],
    ));
    let analysis = if lang == "nl" {
        "m-analyse.xlsx"
    } else {
        "m-analysis.xlsx"
    };
    let sheet = if lang == "nl" {
        "Problemen"
    } else {
        "Problems"
    };
    let problems = common::sheet_cells(&demo.join(analysis), sheet)
        .into_iter()
        .flatten()
        .filter(|cell| !cell.is_empty())
        .collect();
    let mut reminders: Vec<String> = std::fs::read_dir(demo.join("reminders"))
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    reminders.sort();
    (said, problems, reminders)
}

/// Runs [`cycle`] in `lang` and holds it to the language: every `expected` line printed, no
/// word of the other language printed, on the problems sheet or in a reminder, the empty file's
/// problem worded as `empty_file`, the status word `rejected` on the sheet, each reminder's
/// subject starting with `subject`.
fn check_cycle(lang: &str, expected: &[&str], empty_file: &str, rejected: &str, subject: &str) {
    let dutch = lang == "nl";
    let (said, problems, reminders) = cycle(lang);
    let codes: Vec<i32> = said.iter().map(|s| s.code).collect();
    assert_eq!(
        codes,
        [0, 0, 0, 3, 4, 2],
        "demo, check, generate, ingest, status, a wrong flag"
    );
    let all: String = said.iter().map(|s| s.text.as_str()).collect();
    for expected in expected {
        assert!(all.contains(expected), "missing {expected:?} in\n{all}");
    }
    for (what, text) in [
        ("the terminal", all.clone()),
        ("the problems sheet", problems.join("\n")),
        ("the reminders", reminders.join("\n")),
    ] {
        let foreign = foreign_words(&text, dutch);
        assert!(
            foreign.is_empty(),
            "{lang}: the other language on {what}:\n{}",
            foreign.join("\n")
        );
        // The same check the other way round sees the language itself: it is not one that
        // cannot fail.
        assert!(
            !foreign_words(&text, !dutch).is_empty(),
            "{lang}: {what} seen by the check"
        );
    }
    assert!(
        problems.iter().any(|cell| cell.starts_with(empty_file)),
        "{problems:?}"
    );
    assert!(problems.iter().any(|cell| cell == rejected), "{problems:?}");
    assert!(!reminders.is_empty(), "the demo leaves someone to remind");
    for eml in &reminders {
        assert!(eml.contains(&format!("Subject: {subject}")), "{eml}");
    }
}

#[test]
fn a_dutch_master_gives_dutch_messages_end_to_end() {
    check_cycle(
        "nl",
        &[
            "demo: het voorbeeld van de methode (BESTSELLER B.V. voor KLANT NV)",
            "KlantwaardeMonitor — BESTSELLER B.V. voor KLANT NV, periode 2011H2 (Nederlandstalige werkmappen",
            "returned/leeg.xlsx: geweigerd\n  het bestand is leeg (0 bytes); vraag de respondent de vragenlijst opnieuw te sturen",
            "returned/notes.xlsx: geweigerd\n  dit is geen spreadsheet (het is tekst, beginnend met `just some text`)",
            "totaalscore 7,18",
            "KWI-04    6,68  (doel 7,50)  Kostenreductie",
            "fout: `--bogus` is hier geen optie",
            "Gebruik: klantwaarde ingest [OPTIES] <MASTER> <INPUTS>...",
        ],
        "het bestand is leeg (0 bytes)",
        "geweigerd",
        "Herinnering",
    );
}

#[test]
fn an_english_master_gives_english_messages_end_to_end() {
    check_cycle(
        "en",
        &[
            "demo: the method's example (BESTSELLER B.V. for KLANT NV)",
            "returned/leeg.xlsx: rejected\n  the file is empty (0 bytes); ask the respondent to send the questionnaire again",
            "returned/notes.xlsx: rejected\n  this is not a spreadsheet (it is text, starting with `just some text`)",
            "total score 7.18",
            "error: `--bogus` is not an option here",
            "Usage: klantwaarde ingest [OPTIONS] <MASTER> <INPUTS>...",
        ],
        "the file is empty (0 bytes)",
        "rejected",
        "Reminder",
    );
}

#[test]
fn without_a_master_the_flag_then_the_locale_speak() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let dutch = run(dir, &["check", "--help"], &[]);
    assert!(
        dutch.text.contains("Controleer een masterbestand"),
        "{}",
        dutch.text
    );
    let english = run(dir, &["check", "--help"], &[("LANG", "en_GB.UTF-8")]);
    assert!(
        english.text.contains("Check a master file"),
        "{}",
        english.text
    );
    // KLANTWAARDE_LANG before the locale, --lang before both.
    let dutch = run(
        dir,
        &["check", "--help"],
        &[("LANG", "en_GB.UTF-8"), ("KLANTWAARDE_LANG", "nl")],
    );
    assert!(
        dutch.text.contains("Controleer een masterbestand"),
        "{}",
        dutch.text
    );
    let english = run(
        dir,
        &["check", "--help", "--lang", "en"],
        &[("KLANTWAARDE_LANG", "nl")],
    );
    assert!(
        english.text.contains("Check a master file"),
        "{}",
        english.text
    );
    // A master that cannot be read at all is worded in the run's language.
    let missing = run(dir, &["check", "missing.toml", "--lang", "en"], &[]);
    assert_eq!(missing.code, 1);
    assert!(missing.text.starts_with("error: "), "{}", missing.text);
    let missing = run(dir, &["check", "missing.toml"], &[]);
    assert!(missing.text.starts_with("fout: "), "{}", missing.text);
    // A master speaks its own language whatever --lang says.
    std::fs::write(dir.join("master.toml"), klantwaarde::EXAMPLE_MASTER_NL).unwrap();
    common::write_key(dir);
    let check = run(dir, &["check", "master.toml", "--lang", "en"], &[]);
    assert!(
        check.text.contains("Nederlandstalige werkmappen"),
        "{}",
        check.text
    );
}
