//! Bad input end to end: every file of the hostile corpus, questionnaires tampered with by
//! openpyxl, bad master files and failing writes, through the real binary, each run bounded in
//! wall time and peak memory.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use calamine::{Data, Reader};
use serde_json::{Value, json};

use crate::common::{self, example_dir};

/// Wall time one ingest of a hostile file may take (a debug build, on a loaded 2-core machine).
const MAX_SECONDS: f64 = 20.0;
/// Peak resident memory one ingest of a hostile file may take.
const MAX_PEAK_MB: f64 = 300.0;
/// A run still going after this is killed and fails its test: a hang.
const KILL_AFTER: Duration = Duration::from_secs(60);

/// Hostile fixtures that are whole, valid questionnaires with one hostile trait the reader
/// handles: they are read, not rejected. Every other file of `fixtures/hostile/` must be rejected.
const READABLE: &[&str] = &[
    // the `nps_cell` is XFD1048576: streamed, so the far cell costs nothing
    "far-cell.xlsx",
    // an .ods named .xlsx: sniffed from its bytes
    "ods-renamed.xlsx",
    // a shared formula whose index would size a vector: read through the metadata API
    "shared-formula-index.xlsx",
];

/// Hostile fixtures that still show a product bug, with the name of the ignored test that says
/// what goes wrong. The corpus test skips them (with a line) until the bug is fixed. (The first
/// fuzz crash, `cell-reference-overflow.xlsx`, was fixed in the reader before this landed.)
const KNOWN_BUGS: &[(&str, &str)] = &[];

/// Whether the hostile fixture `name` must be rejected: it is neither readable nor a known bug.
pub fn must_be_rejected(name: &str) -> bool {
    !READABLE.contains(&name) && !KNOWN_BUGS.iter().any(|(bug, _)| *bug == name)
}

/// One measured run of the binary.
pub struct Run {
    /// The exit code (124 when killed after [`KILL_AFTER`], 128 + n after signal n).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Peak resident memory, in MB.
    pub peak_mb: f64,
    /// Wall time, in seconds.
    pub seconds: f64,
}

impl Run {
    /// The `--json` summary on standard output, or `Null`.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or(Value::Null)
    }

    /// The respondent with these initials in the `--json` summary.
    pub fn respondent(&self, initials: &str) -> Value {
        let json = self.json();
        let found = json["respondents"]
            .as_array()
            .and_then(|all| all.iter().find(|r| r["initials"] == initials));
        found.cloned().unwrap_or(Value::Null)
    }

    /// What the run said about one input file: its verdict line on stderr and its messages.
    pub fn verdict(&self, file: &str) -> Option<String> {
        let prefix = format!("{file}: ");
        let mut lines = self
            .stderr
            .lines()
            .skip_while(|line| !line.starts_with(&prefix));
        let verdict = lines.next()?.strip_prefix(&prefix)?.to_string();
        let messages: Vec<&str> = lines.take_while(|line| line.starts_with("  ")).collect();
        Some(format!("{verdict}\n{}", messages.join("\n")))
    }

    /// Everything a user must never see: a panic, a stack trace.
    pub fn leaks_internals(&self) -> bool {
        ["panicked", "backtrace", "RUST_BACKTRACE", "stack backtrace"]
            .iter()
            .any(|word| self.stderr.contains(word))
    }
}

/// Whether python3 runs here: the measuring wrapper needs it.
fn python_available() -> bool {
    let present = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    common::client_available("python3", present)
}

/// Runs `klantwaarde ARGS` in `dir` with the environment `common::klantwaarde` gives it
/// (cleared, `RUST_BACKTRACE=1`), under `tests/py/peak_rss.py`, which measures its peak
/// resident memory and wall time and kills it after `kill_after`.
pub fn measured(dir: &Path, args: &[&str], kill_after: Duration) -> Run {
    let report = tempfile::NamedTempFile::new().expect("a temporary file");
    let output = Command::new("python3")
        .arg(common::root().join("tests/py/peak_rss.py"))
        .arg(report.path())
        .arg(kill_after.as_secs().to_string())
        .arg(env!("CARGO_BIN_EXE_klantwaarde"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("python3 runs the measuring wrapper");
    let measures = std::fs::read_to_string(report.path()).expect("the wrapper's report");
    let mut numbers = measures
        .split_whitespace()
        .map(|n| n.parse::<f64>().unwrap());
    let (peak_kb, seconds) = (numbers.next().unwrap(), numbers.next().unwrap());
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        peak_mb: peak_kb / 1024.0,
        seconds,
    }
}

fn fixture(path: &str) -> PathBuf {
    common::root().join("fixtures").join(path)
}

fn kees() -> String {
    fixture("example/returned/kees-klant.xlsx")
        .display()
        .to_string()
}

/// Ingests `file` with the committed Kees Klant questionnaire into `monitor.xlsx`.
fn ingest_beside_kees(dir: &Path, file: &str) -> Run {
    let args = [
        "ingest",
        "master.toml",
        file,
        &kees(),
        "-o",
        "monitor.xlsx",
        "--json",
        // The committed questionnaire predates tags.
        "--accept-untagged",
    ];
    measured(dir, &args, KILL_AFTER)
}

/// Everything wrong with one run beside Kees Klant's good questionnaire, whatever `file` was:
/// the exit code is not `code`, it leaked internals, took too long or too much memory, Kees
/// Klant did not count or `file` was not listed.
fn check_run(file: &str, run: &Run, code: i32) -> Vec<String> {
    let mut wrong = Vec::new();
    if run.code != code {
        wrong.push(format!("exit code {}, not {code}", run.code));
    }
    if run.leaks_internals() {
        wrong.push("a panic or backtrace on stderr".to_string());
    }
    if run.seconds > MAX_SECONDS {
        wrong.push(format!("took {:.1} s (limit {MAX_SECONDS} s)", run.seconds));
    }
    if run.peak_mb > MAX_PEAK_MB {
        wrong.push(format!(
            "peaked at {:.0} MB (limit {MAX_PEAK_MB} MB)",
            run.peak_mb
        ));
    }
    let kk = run.respondent("KK");
    if kk["status"] != "partial"
        || !kk["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("kees-klant.xlsx"))
    {
        wrong.push(format!("Kees Klant does not count: {kk}"));
    }
    if run.verdict(file).is_none() {
        wrong.push("the file is not listed on stderr".to_string());
    }
    wrong
}

/// Whether a rejection says what to do about it, in English or Dutch.
fn says_what_to_do(message: &str) -> bool {
    [
        "ask the respondent",
        "do not open it",
        "ask them",
        "vraag de respondent",
        "open het niet",
    ]
    .iter()
    .any(|advice| message.contains(advice))
}

#[test]
fn every_hostile_fixture_is_rejected_and_the_good_file_still_counts() {
    if !python_available() {
        return;
    }
    let (dir, _) = example_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("hostile"))
        .expect("fixtures/hostile")
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the corpus has shrunk: {files:?}");
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_str().unwrap();
        if let Some((_, test)) = KNOWN_BUGS.iter().find(|(bug, _)| *bug == name) {
            eprintln!("skipped: {name} shows a known bug; see hostile::{test}");
            continue;
        }
        let file = path.display().to_string();
        let run = ingest_beside_kees(dir.path(), &file);
        eprintln!(
            "{name:<32} exit {}  {:5.2} s  {:6.1} MB",
            run.code, run.seconds, run.peak_mb
        );
        let mut wrong = check_run(&file, &run, 3);
        let verdict = run.verdict(&file).unwrap_or_default();
        let rejected = run.json()["problems"].as_array().is_some_and(|all| {
            all.iter()
                .any(|p| p["file"] == file.as_str() && p["severity"] == "rejected")
        });
        if READABLE.contains(&name) {
            if rejected {
                wrong.push(format!(
                    "rejected, though it is a readable questionnaire:\n{verdict}"
                ));
            }
        } else {
            if !verdict.starts_with("geweigerd\n") || !rejected {
                wrong.push(format!("not rejected:\n{verdict}"));
            }
            if !says_what_to_do(&verdict) {
                wrong.push(format!("the message does not say what to do:\n{verdict}"));
            }
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{name}: {}\n--- stderr:\n{}",
                wrong.join("; "),
                run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_reader_words_its_refusals_of_hostile_files_in_dutch_and_english() {
    use klantwaarde::labels::Language;
    use klantwaarde::reader::{Limits, read_questionnaire};

    let cases = [
        (
            "hostile/bomb-lying-size.xlsx",
            "the file is a zip bomb: part `xl/worksheets/sheet1.xml` unpacks to more than it \
             declares; do not open it, and ask the respondent to send the original questionnaire \
             again",
            "het bestand is een zipbom: deel `xl/worksheets/sheet1.xml` pakt uit tot meer dan het \
             opgeeft; open het niet, en vraag de respondent de oorspronkelijke vragenlijst opnieuw \
             te sturen",
        ),
        (
            "hostile/not-a-workbook.xlsx",
            "this is not a spreadsheet (it is a zip archive holding no workbook); ask the \
             respondent to send the filled-in questionnaire as an Excel workbook (.xlsx)",
            "dit is geen spreadsheet (het is een zip-archief met iets anders dan een werkmap); \
             vraag de respondent de ingevulde vragenlijst als Excel-werkmap (.xlsx) te sturen",
        ),
        (
            "hostile/xls-dimensions.xls",
            "too large: sheet `Vragen lijst` would expand to 1099511627520 cells (limit 500000 \
             cells); a filled-in questionnaire is far smaller, so ask the respondent to send it \
             again without added pictures, sheets or data",
            "te groot: blad `Vragen lijst` zou uitgroeien tot 1099511627520 cellen (grens 500000 \
             cellen); een ingevulde vragenlijst is veel kleiner, dus vraag de respondent hem \
             opnieuw te sturen zonder toegevoegde afbeeldingen, bladen of gegevens",
        ),
        (
            "hostile/bomb.xlsx",
            "too large: the zip archive unpacks to 1.1 GB (limit 100 MB); a filled-in \
             questionnaire is far smaller, so ask the respondent to send it again without added \
             pictures, sheets or data",
            "te groot: het zip-archief pakt uit tot 1,1 GB (grens 100 MB); een ingevulde \
             vragenlijst is veel kleiner, dus vraag de respondent hem opnieuw te sturen zonder \
             toegevoegde afbeeldingen, bladen of gegevens",
        ),
    ];
    for (path, english, dutch) in cases {
        let bytes = std::fs::read(fixture(path)).expect("the fixture");
        let error = read_questionnaire(&bytes, &Limits::default()).expect_err(path);
        assert_eq!(error.message(Language::English), english, "{path}");
        assert_eq!(error.message(Language::Dutch), dutch, "{path}");
        assert_eq!(error.to_string(), english, "{path}: Display is the English");
    }
}

#[test]
fn a_cell_reference_with_30_column_letters_neither_panics_nor_prints_a_backtrace() {
    // Found by fuzz target `reader_parts`; `fuzz/make_regressions.py` writes the fixture.
    // calamine 0.38 computes a column number from a reference's letters unchecked: under
    // overflow checks (debug builds) that panicked, and a caught panic still prints its message
    // and a backtrace; in release builds the column wrapped. The reader now refuses the file.
    if !python_available() {
        return;
    }
    let (dir, _) = example_dir();
    let file = fixture("hostile/cell-reference-overflow.xlsx")
        .display()
        .to_string();
    let run = ingest_beside_kees(dir.path(), &file);
    let wrong = check_run(&file, &run, 3);
    assert!(
        wrong.is_empty(),
        "{}\n--- stderr:\n{}",
        wrong.join("; "),
        run.stderr
    );
}

// --- Questionnaires tampered with ------------------------------------------------------------

/// What a tampered questionnaire must come to.
enum Outcome {
    /// Rejected, with this in the message.
    Rejected(&'static str),
    /// Used, with these warnings (none: accepted without any).
    Used(&'static [&'static str]),
}

/// The answers every tampered case starts from, on AA's questionnaire of the example: distinct
/// scores, so that an answer read from the wrong cell shows.
fn base_answers() -> Value {
    json!({"scores": {"1.01": 2, "1.02": 3, "1.03": 4, "1.04": 5, "2.01": 6}, "nps": 7, "anonymous": "nee"})
}

/// `base_answers` with `changes` merged in.
fn tampered(changes: Value) -> Value {
    let mut answers = base_answers();
    for (key, value) in changes.as_object().expect("an object") {
        answers[key] = value.clone();
    }
    answers
}

/// Generates the example's questionnaires in `dir/blank` and fills AA's once per case, in one
/// Python process, into `dir/returned/NAME.xlsx`.
fn fill_cases(dir: &Path, cases: &[(&str, Value)]) -> Vec<PathBuf> {
    common::klantwaarde(dir)
        .args(["generate", "master.toml", "-o", "blank", "--quiet"])
        .assert()
        .success();
    std::fs::create_dir_all(dir.join("returned")).unwrap();
    let blank = dir.join("blank/2011H2-KLANT_NV-AA.xlsx");
    let targets: Vec<PathBuf> = cases
        .iter()
        .map(|(name, _)| dir.join(format!("returned/{name}.xlsx")))
        .collect();
    let jobs: Vec<Value> = cases
        .iter()
        .zip(&targets)
        .map(|((_, answers), target)| json!([blank, target, answers]))
        .collect();
    let jobs_file = dir.join("jobs.json");
    std::fs::write(&jobs_file, Value::from(jobs).to_string()).unwrap();
    common::python(
        "scripts/fill.py",
        &[Path::new("--batch"), jobs_file.as_path()],
    );
    targets
}

#[test]
fn tampered_questionnaires_are_rejected_or_lose_only_their_bad_answers() {
    if common::openpyxl().is_none() || !python_available() {
        return;
    }
    use Outcome::{Rejected, Used};
    let long = "9".repeat(40_000);
    let cases: Vec<(&str, Value, Outcome)> = vec![
        (
            "meta-deleted",
            tampered(json!({"delete_sheet": "meta"})),
            Rejected("de werkmap heeft geen blad `meta`"),
        ),
        (
            "meta-renamed",
            tampered(json!({"rename_sheet": ["meta", "gegevens"]})),
            Rejected("de werkmap heeft geen blad `meta`"),
        ),
        (
            "answers-sheet-renamed",
            tampered(json!({"rename_sheet": ["Vragenlijst", "Antwoorden"]})),
            Rejected("verwijst naar blad `Vragenlijst`, dat de werkmap niet heeft"),
        ),
        (
            "not-a-reference",
            tampered(json!({"meta": {"nps_cell": "Vragenlijst!ZZZ0"}})),
            Rejected("meta!B8: `nps_cell` is `Vragenlijst!ZZZ0`, en dat is geen celverwijzing"),
        ),
        (
            "reference-without-sheet",
            tampered(json!({"meta_cell": {"C15": "C13"}})),
            Rejected(
                "meta!C15: de cijfercel van vraag `1.01` is `C13`, en dat is geen celverwijzing",
            ),
        ),
        (
            "column-outside-the-grid",
            tampered(json!({"meta": {"nps_cell": "Vragenlijst!XFE1"}})),
            Rejected(
                "meta!B8: `nps_cell` is `Vragenlijst!XFE1`, en dat ligt buiten het raster van Excel",
            ),
        ),
        (
            "row-outside-the-grid",
            tampered(json!({"meta_cell": {"D15": "Vragenlijst!D1048577"}})),
            Rejected(
                "meta!D15: de relevantiecel van vraag `1.01` is `Vragenlijst!D1048577`, en dat ligt buiten",
            ),
        ),
        (
            "unknown-sheet",
            tampered(json!({"meta": {"remarks_cell": "Elders!A1"}})),
            Rejected("meta!B9: `remarks_cell` verwijst naar blad `Elders`"),
        ),
        (
            "empty-reference",
            tampered(json!({"meta": {"anonymous_cell": null}})),
            Rejected("meta!B11: `anonymous_cell` is leeg"),
        ),
        // inside the grid but past the sheet's last cell: an unanswered question, not an error
        (
            "past-the-last-cell",
            tampered(json!({"meta": {"nps_cell": "Vragenlijst!Z9999"}})),
            Used(&[]),
        ),
        (
            "protection-removed",
            tampered(json!({"unprotect": true})),
            Used(&[]),
        ),
        (
            "bad-values",
            tampered(
                json!({"scores": {"1.01": "#N/A", "1.02": true, "1.03": long, "2.01": 6},
                            "formula": {"1.04": "=3+5"}, "date": {"nps": "2011-11-30"}}),
            ),
            Used(&[
                "vraag 1.01: het cijfer is een formulefout (#N/A); het wordt weggelaten",
                "vraag 1.02: het cijfer is een ja/nee-waarde (true); het wordt weggelaten",
                "vraag 1.03: het cijfer `9999999999999999999999999999999999999999…` is geen heel getal",
                "vraag 1.04: het cijfer is een formule (`3+5`), geen getypt getal; het wordt weggelaten",
                "het antwoord op de aanbevelingsvraag (NPS) is een datum; het wordt weggelaten",
            ]),
        ),
    ];
    let (dir, _) = example_dir();
    let specs: Vec<(&str, Value)> = cases
        .iter()
        .map(|(name, answers, _)| (*name, answers.clone()))
        .collect();
    let files = fill_cases(dir.path(), &specs);
    let mut failures = Vec::new();
    for ((name, _, outcome), path) in cases.iter().zip(&files) {
        let file = path.display().to_string();
        let run = ingest_beside_kees(dir.path(), &file);
        let code = if matches!(outcome, Used(warnings) if warnings.is_empty()) {
            0
        } else {
            3
        };
        let mut wrong = check_run(&file, &run, code);
        let verdict = run.verdict(&file).unwrap_or_default();
        let aa = run.respondent("AA");
        match outcome {
            Rejected(expected) => {
                if !verdict.starts_with("geweigerd\n")
                    || !verdict.contains(expected)
                    || !says_what_to_do(&verdict)
                {
                    wrong.push(format!(
                        "expected rejected with {expected:?} and advice, got:\n{verdict}"
                    ));
                }
            }
            Used(warnings) => {
                let expected_verdict = if warnings.is_empty() {
                    "geaccepteerd\n"
                } else {
                    "geaccepteerd met waarschuwingen\n"
                };
                if !verdict.starts_with(expected_verdict) {
                    wrong.push(format!("expected {expected_verdict:?}, got:\n{verdict}"));
                }
                for warning in *warnings {
                    if !verdict.contains(warning) {
                        wrong.push(format!("missing warning {warning:?} in:\n{verdict}"));
                    }
                }
                // messages quote a long value shortened, never whole
                if let Some(line) = verdict.lines().find(|line| line.chars().count() > 400) {
                    wrong.push(format!(
                        "a message line of {} characters",
                        line.chars().count()
                    ));
                }
                if aa["status"] != "partial" {
                    wrong.push(format!("AA does not count: {aa}"));
                }
            }
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{name}: {}\n--- stderr:\n{}",
                wrong.join("; "),
                run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Fills AA's questionnaire with `base_answers` plus `changes` and ingests it beside Kees.
fn ingest_one_tampered(name: &str, changes: Value) -> (tempfile::TempDir, String, Run) {
    let (dir, _) = example_dir();
    let file = fill_cases(dir.path(), &[(name, tampered(changes))]).remove(0);
    let file = file.display().to_string();
    let run = ingest_beside_kees(dir.path(), &file);
    (dir, file, run)
}

/// AA's KWI scores in the run's `--json`, by KWI id.
fn kwi_scores_of_aa(run: &Run) -> Vec<(String, f64)> {
    let json = run.json();
    let kwis = json["kwis"].as_array().cloned().unwrap_or_default();
    kwis.iter()
        .filter_map(|kwi| {
            let scores = kwi["by_respondent"].as_object()?;
            // AA answered "nee" to anonymity, but a moved anonymity cell reads as unanswered and
            // then counts as anonymous: AA's score is the one that is not Kees Klant's.
            let (_, score) = scores.iter().find(|(key, _)| *key != "KK")?;
            Some((kwi["id"].as_str()?.to_string(), score.as_f64()?))
        })
        .collect()
}

#[test]
fn answers_moved_by_inserted_or_deleted_rows_never_count_for_another_question() {
    if common::openpyxl().is_none() || !python_available() {
        return;
    }
    // AA gave 1.01–1.04 the scores 2, 3, 4, 5 (KWI-01 = 3.5) and 2.01 a 6 (KWI-02 = 6). Right is
    // any outcome in which no score counts for another question than it was given for: the file
    // rejected, or the moved answers left out with a warning. Column A of each answer row holds
    // the question id, so the reader can tell.
    let truth = [("KWI-01", 3.5), ("KWI-02", 6.0)];
    for (name, changes) in [
        (
            "rows-inserted",
            // Row 10 is KWI-01's description, just above AA's first answer (1.01, row 11).
            json!({"unprotect": true, "insert_rows": ["Vragenlijst", 10, 2]}),
        ),
        (
            "row-deleted",
            json!({"unprotect": true, "delete_rows": ["Vragenlijst", 10, 1]}),
        ),
    ] {
        let (_dir, file, run) = ingest_one_tampered(name, changes);
        let wrong = check_run(&file, &run, 3);
        assert!(
            wrong.is_empty(),
            "{name}: {}\n{}",
            wrong.join("; "),
            run.stderr
        );
        let verdict = run.verdict(&file).unwrap_or_default();
        for (kwi, score) in kwi_scores_of_aa(&run) {
            let expected = truth.iter().find(|(id, _)| *id == kwi).map(|(_, s)| *s);
            assert_eq!(
                Some(score),
                expected,
                "{name}: {kwi} counts answers of other questions:\n{verdict}"
            );
        }
        assert!(
            verdict.starts_with("geweigerd") || verdict.contains("Vragenlijst!"),
            "{name}: no word about it:\n{verdict}"
        );
    }
}

// --- Remarks that look like formulas ---------------------------------------------------------

/// Every cell of every sheet of `monitor` that holds a formula, as `Sheet!(row, col): formula`.
fn formulas_in(monitor: &Path) -> Vec<String> {
    let mut workbook = calamine::open_workbook_auto(monitor).expect("calamine opens the monitor");
    let mut found = Vec::new();
    for sheet in workbook.sheet_names() {
        let formulas = workbook.worksheet_formula(&sheet).expect("the formulas");
        for (row, column, formula) in formulas.used_cells() {
            if !formula.is_empty() {
                found.push(format!("{sheet}!({row}, {column}): {formula}"));
            }
        }
    }
    found
}

/// The sheets of `monitor` holding a cell whose text contains `needle`, with that text.
fn cells_containing(monitor: &Path, needle: &str) -> Vec<(String, String)> {
    let mut workbook = calamine::open_workbook_auto(monitor).expect("calamine opens the monitor");
    let mut found = Vec::new();
    for sheet in workbook.sheet_names() {
        let range = workbook.worksheet_range(&sheet).expect("the sheet");
        for (_, _, value) in range.used_cells() {
            if let Data::String(text) = value
                && text.contains(needle)
            {
                found.push((sheet.clone(), text.clone()));
            }
        }
    }
    found
}

const DDE: &str = "=cmd|' /C calc'!A0";

#[test]
fn a_remark_that_looks_like_a_formula_lands_in_the_monitor_as_text() {
    if common::openpyxl().is_none() || !python_available() {
        return;
    }
    let (dir, file, run) = ingest_one_tampered(
        "dde-remark",
        json!({"text": {"remarks": DDE, "nps_reason": "=HYPERLINK(\"http://x\",\"klik\")"}}),
    );
    let wrong = check_run(&file, &run, 0);
    assert!(wrong.is_empty(), "{wrong:?}\n{}", run.stderr);
    let monitor = dir.path().join("monitor.xlsx");
    let holding = cells_containing(&monitor, "cmd|");
    assert!(
        holding.iter().any(|(_, text)| text == DDE),
        "the remark is not in the monitor as typed: {holding:?}"
    );
    let remark_sheets: BTreeSet<&str> = holding.iter().map(|(sheet, _)| sheet.as_str()).collect();
    let formulas = formulas_in(&monitor);
    for sheet in &remark_sheets {
        // The remarks share their sheet with the NPS figures, formulas over the hidden data
        // sheet and shares of the cells beside them; nothing else is a formula there.
        let on_sheet: Vec<&String> = formulas
            .iter()
            .filter(|f| f.starts_with(&format!("{sheet}!")))
            .filter(|f| {
                let formula = f
                    .split_once("): ")
                    .map_or(f.as_str(), |(_, formula)| formula);
                !(formula.contains("klantwaarde_data!")
                    || (formula.starts_with("IFERROR(") && !formula.contains('!')))
            })
            .collect();
        assert!(
            on_sheet.is_empty(),
            "the remarks sheet {sheet} holds formulas: {on_sheet:?}"
        );
    }
    assert!(
        !formulas
            .iter()
            .any(|f| f.contains("cmd") || f.contains("HYPERLINK")),
        "{formulas:?}"
    );
}

#[test]
fn a_remark_typed_as_a_formula_never_becomes_a_formula_in_the_monitor() {
    if common::openpyxl().is_none() || !python_available() {
        return;
    }
    // openpyxl stores a text starting with `=` as a formula, without a cached result: as a
    // spreadsheet program would store what the respondent typed without a leading quote.
    let (dir, file, run) = ingest_one_tampered("dde-formula", json!({"remarks": DDE}));
    let wrong = check_run(&file, &run, 0);
    assert!(wrong.is_empty(), "{wrong:?}\n{}", run.stderr);
    let formulas = formulas_in(&dir.path().join("monitor.xlsx"));
    assert!(!formulas.iter().any(|f| f.contains("cmd")), "{formulas:?}");
}

#[test]
fn a_remark_of_40000_characters_fits_in_the_monitor_shortened_and_says_so() {
    if common::openpyxl().is_none() || !python_available() {
        return;
    }
    // An Excel cell holds at most 32,767 characters (openpyxl cuts the remark there): a longer
    // remark must not fail the monitor, and its cut to 32,000 is listed as a note.
    let remark = format!("begin {}", "x".repeat(40_000));
    let (dir, file, run) = ingest_one_tampered("long-remark", json!({"remarks": remark}));
    let wrong = check_run(&file, &run, 0);
    assert!(wrong.is_empty(), "{wrong:?}\n{}", run.stderr);
    let problems = run.json()["problems"].clone();
    let cut = problems.as_array().unwrap().iter().find(|p| {
        p["message"].as_str().is_some_and(|m| {
            m.starts_with("deze tekst telt 32767 tekens") && m.contains("de eerste 32000")
        })
    });
    assert!(cut.is_some_and(|p| p["severity"] == "note"), "{problems}");
    let holding = cells_containing(&dir.path().join("monitor.xlsx"), "begin xxx");
    assert!(!holding.is_empty(), "the remark is not in the monitor");
    for (sheet, text) in holding {
        assert!(
            text.chars().count() <= 32_767,
            "{sheet}: {} characters",
            text.chars().count()
        );
    }
}

// --- Master files ----------------------------------------------------------------------------

/// Master fixtures that are valid despite their bytes; every other one must fail `check`.
const VALID_MASTERS: &[&str] = &["bom.toml", "crlf.toml"];

/// Whether `text` holds `FILE:LINE:COLUMN: error: `.
fn has_position(text: &str, file: &str) -> bool {
    text.match_indices(&format!("{file}:")).any(|(at, found)| {
        let rest = &text[at + found.len()..];
        let mut parts = rest.splitn(3, ':');
        let line = parts.next().unwrap_or("");
        let column = parts.next().unwrap_or("");
        let tail = parts.next().unwrap_or("");
        [line, column]
            .iter()
            .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            && (tail.starts_with(" error: ") || tail.starts_with(" fout: "))
    })
}

#[test]
fn check_fails_each_bad_master_fixture_at_its_line_and_passes_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut masters: Vec<PathBuf> = std::fs::read_dir(fixture("masters"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    masters.sort();
    assert!(masters.len() >= 7, "{masters:?}");
    let mut failures = Vec::new();
    for path in masters {
        let name = path.file_name().unwrap().to_str().unwrap();
        let file = path.display().to_string();
        let output = common::klantwaarde(dir.path())
            .args(["check", &file])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let code = output.status.code().unwrap_or(-1);
        let ok = if VALID_MASTERS.contains(&name) {
            code == 0 && String::from_utf8_lossy(&output.stdout).contains("respondenten")
        } else {
            code == 1 && has_position(&stderr, &file) && stderr.contains("voer `klantwaarde check")
        };
        if !ok || stderr.contains("panicked") || stderr.contains("backtrace") {
            failures.push(format!("{name}: exit {code}\n{stderr}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// --- Writing the monitor fails ---------------------------------------------------------------

/// A file system mounted for one test, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    /// Runs `mount ARGS… TARGET`; `None` (with a line saying so) where this is not allowed.
    fn new(args: &[&str], target: &Path) -> Option<Mount> {
        let output = Command::new("mount").args(args).arg(target).output();
        match output {
            Ok(output) if output.status.success() => Some(Mount(target.to_owned())),
            Ok(output) => {
                eprintln!(
                    "skipped: `mount {}` is not permitted here ({}); CI runs as root on a machine \
                     where it is, so it runs there",
                    args.join(" "),
                    String::from_utf8_lossy(&output.stderr).trim()
                );
                None
            }
            Err(error) => {
                eprintln!("skipped: no `mount` command ({error})");
                None
            }
        }
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let unmounted = Command::new("umount")
            .arg(&self.0)
            .output()
            .is_ok_and(|o| o.status.success());
        if !unmounted {
            let _ = Command::new("umount").arg("-l").arg(&self.0).output();
        }
    }
}

/// The names in a folder, sorted.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Ingests Kees Klant into `output` (relative to `dir`) and checks the failure.
fn check_write_fails(dir: &Path, output: &str, expected: &[&str]) {
    let run = measured(
        dir,
        &[
            "ingest",
            "master.toml",
            &kees(),
            "-o",
            output,
            "--accept-untagged",
        ],
        KILL_AFTER,
    );
    assert_eq!(run.code, 1, "-o {output}: {}", run.stderr);
    assert!(!run.leaks_internals(), "{}", run.stderr);
    for part in expected {
        assert!(
            run.stderr.contains(part),
            "-o {output}: missing {part:?} in\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_monitor_that_cannot_be_written_fails_with_the_path_and_what_to_do() {
    if !python_available() {
        return;
    }
    let (dir, _) = example_dir();
    std::fs::write(dir.path().join("a-file"), "not a folder").unwrap();
    std::fs::create_dir(dir.path().join("a-folder")).unwrap();
    check_write_fails(
        dir.path(),
        "missing/monitor.xlsx",
        &[
            "kan missing/monitor.xlsx niet schrijven",
            "de map bestaat niet; maak hem aan of kies een andere",
        ],
    );
    check_write_fails(
        dir.path(),
        "a-file/monitor.xlsx",
        &[
            "kan a-file/monitor.xlsx niet schrijven",
            "controleer de map",
        ],
    );
    check_write_fails(
        dir.path(),
        "a-folder",
        &[
            "kan a-folder niet schrijven",
            "het pad is een map; geef een bestandsnaam",
        ],
    );
    assert!(!dir.path().join("missing").exists());
    assert!(
        names_in(&dir.path().join("a-folder")).is_empty(),
        "nothing left in the folder"
    );
}

/// Writes a real monitor of Kees Klant's answers, to stand for the previous one.
fn previous_monitor(dir: &Path) -> Vec<u8> {
    let run = measured(
        dir,
        &[
            "ingest",
            "master.toml",
            &kees(),
            "-o",
            "previous.xlsx",
            "--accept-untagged",
        ],
        KILL_AFTER,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::read(dir.join("previous.xlsx")).unwrap()
}

#[test]
fn a_read_only_folder_leaves_the_previous_monitor_intact() {
    if !python_available() {
        return;
    }
    let (dir, _) = example_dir();
    let previous = previous_monitor(dir.path());
    let folder = dir.path().join("read-only");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("monitor.xlsx"), &previous).unwrap();
    // root writes through permissions, so make the folder read-only the hard way
    let Some(_bind) = Mount::new(&["--bind", folder.to_str().unwrap()], &folder) else {
        return;
    };
    let remounted = Command::new("mount")
        .args(["-o", "remount,ro,bind"])
        .arg(&folder)
        .output();
    if !remounted.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: a bind mount cannot be made read-only here");
        return;
    }
    check_write_fails(
        dir.path(),
        "read-only/monitor.xlsx",
        &[
            "kan read-only/monitor.xlsx niet schrijven",
            "de map staat op een schijf die alleen gelezen kan worden",
        ],
    );
    assert!(
        std::fs::read(folder.join("monitor.xlsx")).unwrap() == previous,
        "the previous monitor changed"
    );
    assert_eq!(names_in(&folder), ["monitor.xlsx"]);
}

#[test]
fn a_full_disk_leaves_the_previous_monitor_intact_and_no_temporary_file() {
    if !python_available() {
        return;
    }
    let (dir, _) = example_dir();
    let previous = previous_monitor(dir.path());
    let folder = dir.path().join("tiny-disk");
    std::fs::create_dir(&folder).unwrap();
    // room for the previous monitor and one more page: the new one cannot be written beside it
    let pages = previous.len().div_ceil(4096) + 1;
    let size = format!("size={}k", pages * 4);
    let Some(_tmpfs) = Mount::new(&["-t", "tmpfs", "-o", &size, "tmpfs"], &folder) else {
        return;
    };
    std::fs::write(folder.join("monitor.xlsx"), &previous).unwrap();
    check_write_fails(
        dir.path(),
        "tiny-disk/monitor.xlsx",
        &[
            "kan tiny-disk/monitor.xlsx niet schrijven",
            "de schijf is vol; maak ruimte vrij",
        ],
    );
    assert!(
        std::fs::read(folder.join("monitor.xlsx")).unwrap() == previous,
        "the previous monitor changed"
    );
    assert_eq!(
        names_in(&folder),
        ["monitor.xlsx"],
        "a temporary file was left behind"
    );
}

/// A folder of returned questionnaires with traps that are no questionnaire at all: a FIFO
/// named like one (opening it would wait forever), a link to `/dev/zero` (reading it would never
/// end), a link back to the folder itself (the walk would loop) and a file name that tries to
/// drive the terminal. The run ends, names each by its path, and Kees Klant still counts.
#[cfg(unix)]
#[test]
fn special_files_and_terminal_tricks_in_the_input_folder_are_named_and_skipped() {
    let (dir, _) = example_dir();
    let returned = dir.path().join("returned");
    std::fs::create_dir(&returned).unwrap();
    std::fs::copy(kees(), returned.join("kees.xlsx")).unwrap();
    let fifo = returned.join("pipe.xlsx");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", returned.join("zero.xlsx")).unwrap();
    std::os::unix::fs::symlink(".", returned.join("again")).unwrap();
    let trick = "x\u{1b}[2J\u{1b}]0;owned\u{7}\nALL FILES ACCEPTED.xlsx";
    std::fs::write(returned.join(trick), b"not a workbook").unwrap();

    let run = measured(
        dir.path(),
        &[
            "ingest",
            "master.toml",
            "returned",
            "-o",
            "monitor.xlsx",
            "--accept-untagged",
        ],
        KILL_AFTER,
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    let stderr = &run.stderr;
    assert!(
        stderr.contains("pipe.xlsx: overgeslagen, het is geen gewoon bestand"),
        "{stderr}"
    );
    assert!(
        stderr.contains("zero.xlsx: overgeslagen, het is geen gewoon bestand"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("again: overgeslagen, kan niet worden gelezen (een koppeling die terugwijst"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(
        stderr.contains("x\\e[2J\\e]0;owned\\u{7}\\nALL FILES ACCEPTED.xlsx: geweigerd"),
        "{stderr}"
    );
    assert!(
        !stderr
            .lines()
            .any(|line| line.starts_with("ALL FILES ACCEPTED")),
        "a newline in a file name forged a line: {stderr}"
    );
    assert!(stderr.contains("kees.xlsx: geaccepteerd"), "{stderr}");
}

/// A monitor written into the folder of returned questionnaires, read on the next run: it is
/// recognised by its trend sheet and skipped with a note, not rejected, and the exit code is the
/// one the questionnaires give.
#[test]
fn a_monitor_among_the_inputs_is_skipped_with_a_note_and_the_exit_code_unchanged() {
    let (dir, _) = example_dir();
    let returned = dir.path().join("returned");
    std::fs::create_dir(&returned).unwrap();
    std::fs::copy(kees(), returned.join("kees.xlsx")).unwrap();
    let run = |output: &str| {
        measured(
            dir.path(),
            // Kees Klant's committed questionnaire predates tags.
            &[
                "ingest",
                "master.toml",
                "returned",
                "-o",
                output,
                "--json",
                "--accept-untagged",
            ],
            KILL_AFTER,
        )
    };
    let first = run("returned/monitor.xlsx");
    let second = run("monitor.xlsx");
    assert_eq!(second.code, first.code, "{}", second.stderr);
    assert!(!second.leaks_internals(), "{}", second.stderr);
    let verdict = second.verdict("returned/monitor.xlsx").unwrap_or_default();
    assert!(
        verdict
            .starts_with("overgeslagen\n  een monitor van klantwaarde (met het verborgen blad `"),
        "{}",
        second.stderr
    );
    assert!(
        verdict.contains("geef hem op met `--previous`"),
        "{verdict}"
    );
    let problems = second.json()["problems"].clone();
    let about_monitor: Vec<&Value> = problems
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["file"] == "returned/monitor.xlsx")
        .collect();
    assert_eq!(about_monitor.len(), 1, "{problems}");
    assert_eq!(about_monitor[0]["severity"], "note");
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(!second.stderr.contains("geweigerd"), "{}", second.stderr);
    assert_eq!(second.respondent("KK")["status"], "partial");
    // status lists it among the files that count for no one.
    let status = measured(
        dir.path(),
        &["status", "master.toml", "returned"],
        KILL_AFTER,
    );
    assert!(
        status
            .stderr
            .contains("returned/monitor.xlsx: overgeslagen, een monitor van klantwaarde"),
        "{}",
        status.stderr
    );
}

/// `status` run with another client's master: everyone is missing, and the files it skipped
/// are named with the client they belong to.
#[test]
fn status_with_the_wrong_clients_master_names_the_files_it_skipped() {
    let (dir, master) = example_dir();
    let text = std::fs::read_to_string(&master).unwrap();
    let client = text
        .lines()
        .find(|line| line.starts_with("client = "))
        .expect("a client line")
        .to_string();
    let other = text.replacen(&client, "client = \"ANDERE KLANT BV\"", 1);
    std::fs::write(dir.path().join("other.toml"), other).unwrap();
    let run = measured(dir.path(), &["status", "other.toml", &kees()], KILL_AFTER);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stdout.contains("ontbreekt"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("1 bestand(en) tellen voor niemand in deze lijst:"),
        "{}",
        run.stderr
    );
    let expected = format!(
        "{}: overgeslagen, meta: deze vragenlijst hoort bij klant `KLANT NV`, niet bij `ANDERE KLANT BV`",
        kees()
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
}

/// `status --remind` with another client's master writes no reminder: not one of the files is
/// this client's, so the reminders would go to people who may well have answered.
#[test]
fn status_remind_with_the_wrong_clients_master_writes_no_reminders() {
    let (dir, master) = example_dir();
    let text = std::fs::read_to_string(&master).unwrap();
    let other = text.replacen("client = \"KLANT NV\"", "client = \"ANDERE KLANT BV\"", 1);
    assert_ne!(other, text, "the example names its client");
    std::fs::write(dir.path().join("other.toml"), other).unwrap();
    let run = measured(
        dir.path(),
        &["status", "other.toml", &kees(), "--remind", "drafts"],
        KILL_AFTER,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "geen herinneringen geschreven: geen van de 1 bestand(en) is een vragenlijst van ANDERE KLANT BV"
        ),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("drafts").exists(), "no draft folder");
    // the right master still writes them
    let run = measured(
        dir.path(),
        &[
            "status",
            "master.toml",
            &kees(),
            "--remind",
            "drafts",
            "--accept-untagged",
        ],
        KILL_AFTER,
    );
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(dir.path().join("drafts").read_dir().unwrap().count() > 0);
}

/// A write killed with `kill -9` leaves its temporary file behind, unlocked once the process is
/// gone: the next write into that folder removes it. While the writer lives, it stays.
#[cfg(unix)]
#[test]
fn a_temporary_file_left_by_a_killed_write_is_removed_by_the_next_write() {
    if !python_available() {
        return;
    }
    let (dir, _) = example_dir();
    let stale = dir.path().join(".klantwaarde-Ab12Cd.tmp");
    // A writer as ours: the temporary file, locked, half written; then killed.
    let script = "import fcntl, sys, time\n\
                  f = open(sys.argv[1], 'wb')\n\
                  fcntl.flock(f, fcntl.LOCK_EX)\n\
                  f.write(b'PK half a workbook'); f.flush()\n\
                  print('locked', flush=True)\n\
                  time.sleep(120)\n";
    let mut writer = Command::new("python3")
        .args(["-c", script])
        .arg(&stale)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(writer.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line.trim(), "locked");
    let ingest = || {
        measured(
            dir.path(),
            &[
                "ingest",
                "master.toml",
                &kees(),
                "-o",
                "monitor.xlsx",
                "--accept-untagged",
            ],
            KILL_AFTER,
        )
    };
    let run = ingest();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        stale.exists(),
        "a temporary file still being written was removed"
    );
    writer.kill().unwrap(); // SIGKILL
    writer.wait().unwrap();
    let run = ingest();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!stale.exists(), "the stale temporary file is still there");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "klantwaarde.key",
            "master.toml",
            "monitor-analyse.xlsx",
            "monitor.xlsx"
        ]
    );
}
