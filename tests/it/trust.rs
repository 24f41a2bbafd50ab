//! Trust in what counts: questionnaires relabelled for another respondent, answers to questions
//! never assigned, a save time from the future, and earlier monitors of another client, edited
//! by hand, hostile, or beside a late questionnaire. Each case checks the message the account
//! manager sees, that nothing counts that should not, and that the real files still count.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{self, example_dir, klantwaarde};

/// Generates the example's questionnaires into `blank` (once).
fn blank(dir: &Path, initials: &str) -> PathBuf {
    let path = dir.join(format!("blank/2011H2-KLANT_NV-{initials}.xlsx"));
    if !path.exists() {
        klantwaarde(dir)
            .args(["generate", "master.toml", "-o", "blank", "--quiet"])
            .assert()
            .success();
    }
    path
}

/// Fills `initials`' questionnaire into `returned/<name>` with openpyxl.
fn fill(dir: &Path, initials: &str, name: &str, answers: &Value) -> PathBuf {
    let source = blank(dir, initials);
    std::fs::create_dir_all(dir.join("returned")).unwrap();
    let target = dir.join("returned").join(name);
    common::fill(&source, &target, answers);
    target
}

/// Every question of `initials`' questionnaire answered with `score`.
fn all_scores(dir: &Path, initials: &str, score: u8) -> Value {
    let (_, rows) = common::meta(&blank(dir, initials));
    let scores: serde_json::Map<String, Value> = rows
        .iter()
        .filter(|row| row.first().is_some_and(|id| !id.is_empty()))
        .map(|row| (row[0].clone(), json!(score)))
        .collect();
    json!({"scores": scores, "nps": 8, "anonymous": "nee"})
}

/// `ingest --json` in `dir`: the summary, the exit code and what was said on stderr.
fn ingest(dir: &Path, args: &[&str]) -> (Value, i32, String) {
    let output = klantwaarde(dir)
        .arg("ingest")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (json, output.status.code().unwrap_or(-1), stderr)
}

fn respondent<'a>(json: &'a Value, initials: &str) -> &'a Value {
    json["respondents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["initials"] == initials)
        .unwrap()
}

#[test]
fn a_questionnaire_relabelled_for_another_respondent_counts_for_nobody() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    let dir = dir.path();
    // AA copies his own questionnaire (22 questions) and says it is Kees Klant's (KK, 17).
    let mut forged = all_scores(dir, "AA", 1);
    forged["meta"] = json!({"respondent": "KK", "name": "Kees Klant"});
    fill(dir, "AA", "forged.xlsx", &forged);
    let (json, code, stderr) = ingest(dir, &["master.toml", "returned", "-o", "monitor.xlsx"]);
    assert_eq!(code, 1, "nothing usable: {stderr}");
    assert!(
        stderr.contains("forged.xlsx: geweigerd\n  niet de vragenlijst die naar KK (Kees Klant) is gestuurd — is hij gekopieerd of bewerkt?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("de antwoorden tellen voor niemand"),
        "{stderr}"
    );
    assert_eq!(json, Value::Null, "no monitor, no summary");
    assert!(!dir.join("monitor.xlsx").exists());

    // Beside Kees Klant's real file (with a later save time than the forgery's): the real one
    // counts, with his 17 answers, and the forgery for nobody, AA included.
    fill(dir, "KK", "kees.xlsx", &all_scores(dir, "KK", 7));
    let (json, code, stderr) = ingest(dir, &["master.toml", "returned", "-o", "monitor.xlsx"]);
    assert_eq!(code, 3, "{stderr}");
    let kk = respondent(&json, "KK");
    assert_eq!(kk["status"], "returned", "{kk}");
    assert!(kk["file"].as_str().unwrap().ends_with("kees.xlsx"), "{kk}");
    assert_eq!(kk["answered"], 17, "{kk}");
    assert_eq!(kk["assigned"], 17, "{kk}");
    assert_eq!(respondent(&json, "AA")["status"], "missing");
    assert!(
        stderr.contains("niet de vragenlijst die naar KK (Kees Klant) is gestuurd"),
        "{stderr}"
    );
    let scores: Vec<f64> = json["kwis"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|k| k["score"].as_f64())
        .collect();
    assert!(
        scores.iter().all(|s| (s - 7.0).abs() < 1e-9),
        "only Kees Klant's 7s count: {scores:?}"
    );
}

#[test]
fn a_questionnaire_without_a_tag_is_rejected_unless_asked_for() {
    let (dir, _) = example_dir();
    let kees = common::root().join("fixtures/example/returned/kees-klant.xlsx");
    let kees = kees.to_str().unwrap();
    let (_, code, stderr) = ingest(dir.path(), &["master.toml", kees, "-o", "monitor.xlsx"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("kees-klant.xlsx: geweigerd\n  meta: geen kenmerk: gemaakt met een oudere klantwaarde (van vóór de kenmerken)"),
        "{stderr}"
    );
    assert!(stderr.contains("--accept-untagged"), "{stderr}");
    let (json, code, stderr) = ingest(
        dir.path(),
        &[
            "master.toml",
            kees,
            "-o",
            "monitor.xlsx",
            "--accept-untagged",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(respondent(&json, "KK")["status"], "partial");
    assert!(
        stderr.contains("meegeteld vanwege --accept-untagged"),
        "{stderr}"
    );
}

#[test]
fn a_missing_key_is_named_with_the_way_out() {
    let (dir, _) = example_dir();
    std::fs::remove_file(dir.path().join("klantwaarde.key")).unwrap();
    klantwaarde(dir.path())
        .args(["ingest", "master.toml", "."])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "klantwaarde.key ontbreekt: dit bestand bevat de sleutel die bewijst dat de vragenlijsten van master.toml van u komen",
        ))
        .stderr(predicates::str::contains(
            "`klantwaarde generate master.toml` opnieuw uit voor een nieuwe ronde",
        ));
}

#[test]
fn a_damaged_key_says_to_move_it_aside_since_generate_keeps_it() {
    let (dir, _) = example_dir();
    let key = dir.path().join("klantwaarde.key");
    for damage in ["text", "folder"] {
        std::fs::remove_file(&key).ok();
        std::fs::remove_dir(&key).ok();
        if damage == "text" {
            std::fs::write(&key, "key = \"zz\"\n").unwrap();
        } else {
            std::fs::create_dir(&key).unwrap();
        }
        for args in [
            &["generate", "master.toml"][..],
            &["ingest", "master.toml", "."],
        ] {
            let command = args[0];
            let output = klantwaarde(dir.path()).args(args).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(
                output.status.code(),
                Some(1),
                "{damage} {command}: {stderr}"
            );
            assert!(stderr.contains("fout: klantwaarde.key: "), "{stderr}");
            assert!(
                stderr.contains(
                    "opzij en voer `klantwaarde generate master.toml` uit voor een nieuwe ronde"
                ),
                "{damage} {command}: {stderr}"
            );
            assert!(!stderr.contains("vragenlijst zelf"), "{stderr}");
        }
    }
    // Moved aside, generate makes a new key as the message says.
    std::fs::remove_dir(&key).unwrap();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "new", "--quiet"])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&key).unwrap().contains("key = "));
}

#[test]
fn answers_to_questions_never_assigned_are_left_out_with_their_cell() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    let dir = dir.path();
    // DD (7 questions) adds a row to `meta` for question 1.01, someone else's, whose cells point
    // back into `meta` itself, id cell included.
    let mut answers = all_scores(dir, "DD", 8);
    answers["meta_cell"] = json!({
        "A22": "1.01", "B22": "KWI-01", "C22": "meta!F22", "D22": "meta!G22",
        "E22": "meta!A22", "F22": 1,
    });
    fill(dir, "DD", "dd.xlsx", &answers);
    let (json, code, stderr) = ingest(dir, &["master.toml", "returned", "-o", "monitor.xlsx"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("meta!F22: vraag `1.01` is geen vraag die de master aan DD toewijst, wat het blad `meta` ook zegt (rij 22); het antwoord wordt weggelaten"),
        "{stderr}"
    );
    let dd = respondent(&json, "DD");
    assert_eq!(dd["answered"], 7, "{dd}");
    assert_eq!(dd["assigned"], 7, "{dd}");
    assert_eq!(dd["status"], "returned", "{dd}");
    let kwi01 = json["kwis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == "KWI-01")
        .unwrap();
    assert_eq!(
        kwi01["score"],
        Value::Null,
        "DD's 1 for 1.01 counts nowhere"
    );
}

/// Sets the save time (`dcterms:modified`) of the xlsx at `path`.
fn set_saved(path: &Path, saved: &str) {
    let script = r#"
import re, sys, zipfile, shutil
path, saved = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(path) as z:
    parts = [(i, z.read(i.filename)) for i in z.infolist()]
with zipfile.ZipFile(path + ".new", "w", zipfile.ZIP_DEFLATED) as out:
    for info, data in parts:
        if info.filename == "docProps/core.xml":
            data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + saved.encode(), data)
        out.writestr(info, data)
shutil.move(path + ".new", path)
"#;
    let status = std::process::Command::new("python3")
        .args(["-c", script, path.to_str().unwrap(), saved])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_save_time_in_the_future_never_decides_between_copies_nor_dates_the_monitor() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    let dir = dir.path();
    let real = fill(dir, "KK", "kees.xlsx", &all_scores(dir, "KK", 7));
    set_saved(&real, "2011-11-20T10:00:00Z");
    let other = fill(dir, "KK", "kees-9999.xlsx", &all_scores(dir, "KK", 2));
    set_saved(&other, "9999-12-31T00:00:00Z");
    // The file system says the real one was saved last.
    let old = std::fs::File::options().write(true).open(&other).unwrap();
    old.set_modified(
        std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_300_000_000),
    )
    .unwrap();
    let (json, code, stderr) = ingest(dir, &["master.toml", "returned", "-o", "monitor.xlsx"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("het tijdstip van opslaan in de eigenschappen van het bestand (`9999-12-31T00:00:00Z`) ligt in de toekomst; het beslist niet tussen kopieën van deze vragenlijst en geeft de monitor niet zijn datum"),
        "{stderr}"
    );
    let kk = respondent(&json, "KK");
    assert!(kk["file"].as_str().unwrap().ends_with("kees.xlsx"), "{kk}");
    assert_eq!(json["as_of"], "2011-11-20", "{json}");
    // Alone, the file with the forged save time counts whole; the save time set aside loses
    // nothing, so the exit code stays 0 (code 3 is for what did not count).
    std::fs::remove_file(&real).unwrap();
    let (json, code, stderr) = ingest(dir, &["master.toml", "returned", "-o", "monitor.xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("ligt in de toekomst"), "{stderr}");
    let kk = respondent(&json, "KK");
    assert!(
        kk["file"].as_str().unwrap().ends_with("kees-9999.xlsx"),
        "{kk}"
    );
    assert_eq!(json["as_of"], "2011-03-13", "{json}");
}

/// The demo's folder (master, key, two rounds returned) and its monitor `h2.xlsx`.
fn demo_with_monitor() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    klantwaarde(dir.path())
        .args(["demo", "demo"])
        .assert()
        .success();
    let demo = dir.path().join("demo");
    let (_, code, stderr) = ingest(&demo, &["master.toml", "returned", "-o", "h2.xlsx"]);
    assert!(code == 0 || code == 3, "{stderr}");
    (dir, demo)
}

/// The next round's master (2012H1) beside the demo's, with `edit` applied.
fn next_master(demo: &Path, name: &str, edit: &dyn Fn(String) -> String) {
    let text = std::fs::read_to_string(demo.join("master.toml")).unwrap();
    let next = edit(text.replace("period = \"2011H2\"", "period = \"2012H1\""));
    std::fs::write(demo.join(name), next).unwrap();
}

#[test]
fn a_previous_monitor_of_another_client_or_supplier_is_refused_naming_both() {
    let (_dir, demo) = demo_with_monitor();
    next_master(&demo, "other.toml", &|t| {
        t.replace("client = \"KLANT NV\"", "client = \"ANDERE KLANT\"")
    });
    let (_, code, stderr) = ingest(
        &demo,
        &[
            "other.toml",
            "returned",
            "-o",
            "x.xlsx",
            "--previous",
            "h2.xlsx",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("--previous h2.xlsx: de monitor van klant `KLANT NV` (leverancier `BESTSELLER B.V.`), maar deze master meet klant `ANDERE KLANT` (leverancier `BESTSELLER B.V.`)"),
        "{stderr}"
    );
    assert!(!demo.join("x.xlsx").exists());
}

/// Writes `value` into `cell` of the monitor's history sheet, with openpyxl.
fn edit_history(monitor: &Path, cell: &str, value: &str) {
    let script = r#"
import sys, openpyxl
path, cell, value = sys.argv[1:4]
wb = openpyxl.load_workbook(path)
ws = wb["klantwaarde_history"]
try:
    ws[cell] = float(value)
except ValueError:
    ws[cell] = value
wb.save(path)
"#;
    let status = std::process::Command::new("python3")
        .args(["-c", script, monitor.to_str().unwrap(), cell, value])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_history_edited_by_hand_is_refused() {
    if common::openpyxl().is_none() {
        return;
    }
    let (_dir, demo) = demo_with_monitor();
    next_master(&demo, "next.toml", &|t| t);
    let run = |previous: &str| {
        ingest(
            &demo,
            &[
                "next.toml",
                "returned",
                "-o",
                "h3.xlsx",
                "--previous",
                previous,
            ],
        )
    };
    // A believable edit: the 2011H1 total from 7.12 to 8.
    std::fs::copy(demo.join("h2.xlsx"), demo.join("edited.xlsx")).unwrap();
    let cells = common::sheet_cells(&demo.join("edited.xlsx"), "klantwaarde_history");
    let total = cells
        .iter()
        .position(|r| r[0] == "2011H1" && r[1] == "total")
        .unwrap();
    edit_history(&demo.join("edited.xlsx"), &format!("D{}", total + 1), "8");
    let (_, code, stderr) = run("edited.xlsx");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("--previous edited.xlsx: het verborgen blad `klantwaarde_history` draagt niet het kenmerk van deze accountmanager: het is met de hand bewerkt"),
        "{stderr}"
    );
    // Values off the scale are named with their cell.
    for (value, expected) in [
        ("99.5", "99,5 valt buiten de schaal van 1 tot 10"),
        ("-3", "-3 valt buiten de schaal van 1 tot 10"),
        ("1e308", "1e308 valt buiten de schaal van 1 tot 10"),
    ] {
        std::fs::copy(demo.join("h2.xlsx"), demo.join("edited.xlsx")).unwrap();
        edit_history(&demo.join("edited.xlsx"), &format!("D{}", total + 1), value);
        let (_, code, stderr) = run("edited.xlsx");
        assert_eq!(code, 1, "{stderr}");
        let cell = format!("klantwaarde_history!D{}: de totaalscore", total + 1);
        assert!(
            stderr.contains(&cell) && stderr.contains(expected),
            "{value}: {stderr}"
        );
    }
    // A period after this measurement's.
    std::fs::copy(demo.join("h2.xlsx"), demo.join("edited.xlsx")).unwrap();
    edit_history(
        &demo.join("edited.xlsx"),
        &format!("A{}", total + 1),
        "2099H1",
    );
    let (_, code, stderr) = run("edited.xlsx");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("2099H1"), "{stderr}");
    // The monitor as written still counts.
    let (json, code, stderr) = run("h2.xlsx");
    assert!(code == 0 || code == 3, "{stderr}");
    let periods: Vec<&str> = json["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2011H1", "2011H2", "2012H1"]);
}

#[test]
fn a_late_questionnaire_never_replaces_the_measurement_a_previous_monitor_carries() {
    let (_dir, demo) = demo_with_monitor();
    let (first, _, _) = ingest(&demo, &["master.toml", "returned", "-o", "again.xlsx"]);
    next_master(&demo, "next.toml", &|t| t);
    std::fs::create_dir(demo.join("late")).unwrap();
    std::fs::copy(
        demo.join("returned/2011H1-KLANT_NV-AA.xlsx"),
        demo.join("late/2011H1-KLANT_NV-AA.xlsx"),
    )
    .unwrap();
    std::fs::copy(
        demo.join("returned/2011H2-KLANT_NV-KK.xlsx"),
        demo.join("late/2011H2-KLANT_NV-KK.xlsx"),
    )
    .unwrap();
    let (json, _, stderr) = ingest(
        &demo,
        &[
            "next.toml",
            "late",
            "-o",
            "h3.xlsx",
            "--previous",
            "h2.xlsx",
        ],
    );
    assert!(
        stderr.contains(
            "een late vragenlijst 2011H1 van AA: de meting 2011H1 in de vorige monitor blijft staan"
        ),
        "{stderr}"
    );
    let trend = json["trend"].as_array().unwrap();
    assert_eq!(
        trend[0], first["trend"][0],
        "2011H1 as the previous monitor had it"
    );
    assert_eq!(
        trend[1], first["trend"][1],
        "2011H2 as the previous monitor had it"
    );
    assert_eq!(trend[0]["respondents"], 5);
}

#[test]
fn the_hostile_fixtures_given_as_previous_are_refused_and_nothing_aborts() {
    let (dir, _) = example_dir();
    let hostile = common::root().join("fixtures/hostile");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&hostile)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let output = klantwaarde(dir.path())
            .args([
                "ingest",
                "master.toml",
                ".",
                "-o",
                "monitor.xlsx",
                "--previous",
            ])
            .arg(&path)
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}: {stderr}",
            path.display()
        );
        assert!(
            stderr.contains(&format!("fout: --previous {}:", path.display())),
            "{}: {stderr}",
            path.display()
        );
        assert!(!stderr.contains("memory allocation"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        // the advice is the account manager's: a monitor has no respondent to ask
        let refusal = stderr
            .lines()
            .find(|line| line.starts_with("fout: --previous"))
            .unwrap_or_default();
        assert!(!refusal.contains("respondent"), "{refusal}");
    }
}

/// The next period's master (2012H1) beside the example's, as `next.toml`.
fn next_period(dir: &Path) {
    let text = std::fs::read_to_string(dir.join("master.toml")).unwrap();
    let next = text.replacen("period = \"2011H2\"", "period = \"2012H1\"", 1);
    assert_ne!(next, text, "the example measures 2011H2");
    std::fs::write(dir.join("next.toml"), next).unwrap();
}

fn periods(json: &Value) -> Vec<&str> {
    json["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect()
}

#[test]
fn after_a_lost_key_the_trend_is_refused_unless_trusted_and_then_carried_with_a_warning() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    let dir = dir.path();
    let answers = all_scores(dir, "KK", 8);
    fill(dir, "KK", "kk.xlsx", &answers);
    let (_, code, stderr) = ingest(dir, &["master.toml", "returned", "-o", "h2.xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    // The key is lost: generate makes a new one, the new round goes out with it.
    std::fs::remove_file(dir.join("klantwaarde.key")).unwrap();
    next_period(dir);
    klantwaarde(dir)
        .args(["generate", "next.toml", "-o", "blank2012", "--quiet"])
        .assert()
        .success();
    std::fs::create_dir(dir.join("returned2012")).unwrap();
    common::fill(
        &dir.join("blank2012/2012H1-KLANT_NV-KK.xlsx"),
        &dir.join("returned2012/kk.xlsx"),
        &answers,
    );
    let args = [
        "next.toml",
        "returned2012",
        "-o",
        "h3.xlsx",
        "--previous",
        "h2.xlsx",
    ];
    let (_, code, stderr) = ingest(dir, &args);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("geschreven met een andere sleutel dan klantwaarde.key")
            && stderr.contains("voeg --trust-previous toe"),
        "{stderr}"
    );
    assert!(!dir.join("h3.xlsx").exists());
    let trusted = [&args[..], &["--trust-previous"]].concat();
    let (json, code, stderr) = ingest(dir, &trusted);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("--previous h2.xlsx: de trend draagt niet het kenmerk van klantwaarde.key en wordt ongecontroleerd meegenomen vanwege --trust-previous"),
        "{stderr}"
    );
    assert_eq!(periods(&json), ["2011H2", "2012H1"]);
    // The new monitor is tagged with the new key: it needs no --trust-previous next time.
    let (json, code, stderr) = ingest(
        dir,
        &[
            "next.toml",
            "returned2012",
            "-o",
            "h3b.xlsx",
            "--previous",
            "h3.xlsx",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(periods(&json), ["2011H2", "2012H1"]);
}

#[test]
fn two_previous_monitors_that_disagree_on_a_period_are_refused() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    let dir = dir.path();
    fill(dir, "KK", "kk.xlsx", &all_scores(dir, "KK", 8));
    let (_, code, stderr) = ingest(dir, &["master.toml", "returned", "-o", "a.xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    fill(dir, "KK", "kk.xlsx", &all_scores(dir, "KK", 5));
    let (_, code, stderr) = ingest(dir, &["master.toml", "returned", "-o", "b.xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    next_period(dir);
    let run = |second: &str| {
        ingest(
            dir,
            &[
                "next.toml",
                "returned",
                "-o",
                "n.xlsx",
                "--previous",
                "a.xlsx",
                "--previous",
                second,
            ],
        )
    };
    let (_, code, stderr) = run("b.xlsx");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("--previous b.xlsx: bevat een andere meting van 2011H2 dan --previous a.xlsx; geef alleen de laatste monitor"),
        "{stderr}"
    );
    // the same monitor twice agrees with itself
    let (_, code, stderr) = run("a.xlsx");
    assert!(!stderr.contains("bevat een andere meting"), "{stderr}");
    assert_ne!(code, 1, "{stderr}");
}
