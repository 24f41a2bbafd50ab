//! `ingest`, `status` and `demo` through the real binary, on questionnaires filled by openpyxl.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::common::{self, example_dir, klantwaarde};

fn approx(value: &Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - expected).abs() < 1e-9)
}

fn ingest_json(dir: &Path, args: &[&str]) -> (Value, i32, String) {
    let output = klantwaarde(dir)
        .arg("ingest")
        .args(args)
        .arg("--json")
        // The committed questionnaires (kees-klant, the worked example) predate tags.
        .arg("--accept-untagged")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("backtrace"), "{stderr}");
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (json, output.status.code().unwrap_or(-1), stderr)
}

fn kwi<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["kwis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .unwrap()
}

/// KWI id → (average, score) cached in the monitor's KWI score sheet, read with calamine.
fn cached_kwi_scores(monitor: &Path) -> Vec<(String, String, String)> {
    common::sheet_cells(monitor, "KWI-scores")
        .into_iter()
        .filter(|row| {
            row.first().is_some_and(|c| c.starts_with("KWI-"))
                && row.get(3).is_some_and(|s| s.parse::<f64>().is_ok())
        })
        .map(|row| (row[0].clone(), row[2].clone(), row[3].clone()))
        .collect()
}

#[test]
fn worked_example_from_openpyxl_files_gives_the_books_numbers() {
    let root = common::root().join("fixtures/worked-example");
    let dir = tempfile::tempdir().unwrap();
    let (json, code, stderr) = ingest_json(
        dir.path(),
        &[
            root.join("master.toml").to_str().unwrap(),
            root.join("returned").to_str().unwrap(),
            "-o",
            "monitor.xlsx",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let k = kwi(&json, "KWI-01");
    assert!(approx(&k["by_respondent"]["R1"], 7.5), "{k}");
    assert!(approx(&k["by_respondent"]["R2"], 8.0), "{k}");
    assert!(
        approx(&k["score"], 116.0 / 15.0),
        "7.733…, not the mean of means: {k}"
    );
    assert!(approx(&k["average"], 7.75), "{k}");
    assert_eq!(
        (k["weight_sum"].clone(), k["weighted_sum"].clone()),
        (json!(15), json!(116))
    );
    assert!(approx(&json["total"]["score"], 116.0 / 15.0));
    // the monitor's formulas carry the same numbers as cached results
    let cached = cached_kwi_scores(&dir.path().join("monitor.xlsx"));
    assert_eq!(cached.len(), 1, "{cached:?}");
    assert!(
        (cached[0].1.parse::<f64>().unwrap() - 7.75).abs() < 1e-9,
        "{cached:?}"
    );
    assert!(
        (cached[0].2.parse::<f64>().unwrap() - 116.0 / 15.0).abs() < 1e-9,
        "{cached:?}"
    );
}

#[test]
fn kees_klant_scores_as_in_the_method_example() {
    let (dir, _) = example_dir();
    let kees = common::root().join("fixtures/example/returned/kees-klant.xlsx");
    let (json, code, stderr) = ingest_json(
        dir.path(),
        &["master.toml", kees.to_str().unwrap(), "-o", "monitor.xlsx"],
    );
    assert_eq!(code, 0, "{stderr}");
    for (id, expected) in [
        ("KWI-01", 42.0 / 6.0),
        ("KWI-02", 52.0 / 7.0),
        ("KWI-03", 48.0 / 6.0),
        ("KWI-04", 24.0 / 4.0),
        ("KWI-05", 54.0 / 8.0),
    ] {
        let k = kwi(&json, id);
        assert!(approx(&k["score"], expected), "{id}: {k}");
        assert!(approx(&k["by_respondent"]["KK"], expected), "{id}: {k}");
    }
    assert!(
        approx(&json["total"]["score"], 220.0 / 31.0),
        "{}",
        json["total"]
    );
    let kk = json["respondents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["initials"] == "KK")
        .unwrap();
    assert_eq!(kk["status"], "partial", "3.06 was left empty: {kk}");
    assert_eq!(
        (kk["answered"].clone(), kk["assigned"].clone()),
        (json!(16), json!(17))
    );
    assert_eq!(kk["nps"], 9);
    assert_eq!(json["nps"]["score"], 100);
    assert_eq!(json["nps"]["indicative"], true);
    let missing: Vec<&Value> = json["respondents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "missing")
        .collect();
    assert_eq!(missing.len(), 4);
    // cached formula results in the monitor equal the JSON numbers
    let cached = cached_kwi_scores(&dir.path().join("monitor.xlsx"));
    assert_eq!(cached.len(), 5);
    for (id, average, score) in cached {
        let k = kwi(&json, &id);
        assert!(approx(&k["score"], score.parse().unwrap()), "{id}");
        assert!(approx(&k["average"], average.parse().unwrap()), "{id}");
    }
}

/// Fills KK's generated questionnaire with openpyxl into `returned/NAME`.
fn filled(dir: &Path, name: &str, answers: Value) -> PathBuf {
    let blank = dir.join("blank/2011H2-KLANT_NV-KK.xlsx");
    if !blank.exists() {
        klantwaarde(dir)
            .args(["generate", "master.toml", "-o", "blank", "--quiet"])
            .assert()
            .success();
    }
    std::fs::create_dir_all(dir.join("returned")).unwrap();
    let target = dir.join("returned").join(name);
    common::fill(&blank, &target, &answers);
    target
}

#[test]
fn bad_answers_are_left_out_with_their_cell_and_the_rest_counts() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    filled(
        dir.path(),
        "kk.xlsx",
        json!({"scores": {"1.02": "7,5", "1.03": "acht", "1.04": 11, "2.01": "8", "2.02": " 9 ",
                          "2.03": 7.5, "2.04": 0, "3.02": -3, "3.04": [6, "-"], "3.05": [7, "meer"],
                          "4.01": [8, "x"]},
               "nps": "tien", "anonymous": "nee"}),
    );
    let (json, code, stderr) = ingest_json(
        dir.path(),
        &["master.toml", "returned", "-o", "monitor.xlsx"],
    );
    assert_eq!(code, 3, "answers were left out: {stderr}");
    for expected in [
        "Vragenlijst!",
        "vraag 1.02: het cijfer `7,5` is geen heel getal; het wordt weggelaten",
        "vraag 1.03: het cijfer `acht` is geen heel getal",
        "vraag 1.04: het cijfer 11 ligt buiten 1–10",
        "vraag 2.03: het cijfer 7,5 is geen heel getal",
        "vraag 2.04: het cijfer 0 ligt buiten 1–10",
        "vraag 3.02: het cijfer -3 ligt buiten 1–10",
        "vraag 4.01: relevantie `x` is niet minder, neutraal of meer; geteld als neutraal",
        "het antwoord op de aanbevelingsvraag (NPS) `tien` is geen heel getal",
        "kk.xlsx: geaccepteerd met waarschuwingen",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    let kk = json["respondents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["initials"] == "KK")
        .unwrap();
    assert_eq!(
        kk["answered"], 5,
        "2.01 \"8\", 2.02 \" 9 \", 3.04, 3.05, 4.01 count: {kk}"
    );
    // 2.01 → 8 and 2.02 → 9 neutral; 2.03/2.04 left out: KWI-02 = (16 + 18) / 4
    assert!(approx(&kwi(&json, "KWI-02")["score"], 34.0 / 4.0));
    // 3.04 → 6 less (1), 3.05 → 7 more (3): (6 + 21) / 4
    assert!(approx(&kwi(&json, "KWI-03")["score"], 27.0 / 4.0));
    assert_eq!(json["nps"]["responses"], 0);
    let problems = json["problems"].as_array().unwrap();
    assert!(problems.iter().any(|p| {
        p["cell"]
            .as_str()
            .is_some_and(|c| c.starts_with("Vragenlijst!C"))
    }));
}

#[test]
fn files_are_matched_through_meta_and_each_rule_is_reported() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    let good = json!({"scores": {"1.02": 6, "1.03": 7}, "nps": 8, "anonymous": "nee"});
    let with_meta = |meta: Value| {
        let mut answers = good.clone();
        answers["meta"] = meta;
        answers
    };
    filled(dir.path(), "renamed-by-respondent.xlsx", good.clone());
    filled(
        dir.path(),
        "other-client.xlsx",
        with_meta(json!({"client": "ANDERE KLANT"})),
    );
    filled(
        dir.path(),
        "unknown.xlsx",
        with_meta(json!({"respondent": "KX", "name": "Onbekend"})),
    );
    filled(
        dir.path(),
        "earlier.xlsx",
        with_meta(json!({"period": "2011H1"})),
    );
    std::fs::write(dir.path().join("returned/notes.xlsx"), "just some text").unwrap();
    let (json, code, stderr) = ingest_json(
        dir.path(),
        &["master.toml", "returned", "-o", "monitor.xlsx"],
    );
    assert_eq!(code, 3, "{stderr}");
    for expected in [
        "other-client.xlsx: geweigerd",
        "hoort bij klant `ANDERE KLANT`, niet bij `KLANT NV`; verwerk hem met de master van die klant",
        // Relabelled by hand (respondent, period): the tag no longer verifies.
        "unknown.xlsx: geweigerd",
        "niet de vragenlijst die naar KX (Onbekend) is gestuurd — is hij gekopieerd of bewerkt?",
        "earlier.xlsx: geweigerd",
        "niet de vragenlijst die naar KK (Kees Klant) is gestuurd — is hij gekopieerd of bewerkt?",
        "notes.xlsx: geweigerd",
        "dit is geen spreadsheet (het is tekst, beginnend met `just some text`)",
        "renamed-by-respondent.xlsx: geaccepteerd",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    let kk = json["respondents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["initials"] == "KK")
        .unwrap();
    assert!(
        kk["file"]
            .as_str()
            .unwrap()
            .ends_with("renamed-by-respondent.xlsx"),
        "{kk}"
    );
    let periods: Vec<&str> = json["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        periods,
        ["2011H2"],
        "the relabelled 2011H1 file joins no trend"
    );
}

#[test]
fn changed_master_gives_a_fingerprint_warning_and_answers_count_by_id() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, master) = example_dir();
    filled(
        dir.path(),
        "kk.xlsx",
        json!({"scores": {"1.02": 6, "2.01": 7}, "anonymous": "nee"}),
    );
    let changed = klantwaarde::EXAMPLE_MASTER_NL
        .replace(
            "geeft advies als daarom gevraagd wordt (reactief)",
            "adviseert op verzoek",
        )
        .replace(
            "[[kwis.questions]]\nid = \"1.02\"",
            "[[kwis.questions]]\nid = \"1.09\"",
        );
    std::fs::write(&master, changed).unwrap();
    let (json, code, stderr) = ingest_json(
        dir.path(),
        &["master.toml", "returned", "-o", "monitor.xlsx"],
    );
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("wijkt af van wat de master nu zou genereren"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("vraag `1.02` staat niet meer in de master; het antwoord wordt overgeslagen"),
        "{stderr}"
    );
    assert!(approx(&kwi(&json, "KWI-02")["score"], 7.0));
}

#[test]
fn duplicates_pick_the_filled_and_latest_copy_and_say_so() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    let first = filled(
        dir.path(),
        "a-first.xlsx",
        json!({"scores": {"1.02": 6}, "anonymous": "nee"}),
    );
    std::fs::copy(&first, dir.path().join("returned/a-first-copy.xlsx")).unwrap();
    std::fs::copy(
        dir.path().join("blank/2011H2-KLANT_NV-KK.xlsx"),
        dir.path().join("returned/preview.xlsx"),
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    filled(
        dir.path(),
        "b-later.xlsx",
        json!({"scores": {"1.02": 9}, "anonymous": "nee"}),
    );
    let (json, _, stderr) = ingest_json(
        dir.path(),
        &["master.toml", "returned", "-o", "monitor.xlsx"],
    );
    let kk = json["respondents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["initials"] == "KK")
        .unwrap();
    assert!(
        kk["file"].as_str().unwrap().ends_with("b-later.xlsx"),
        "the later save counts: {kk}\n{stderr}"
    );
    assert!(approx(&kwi(&json, "KWI-01")["score"], 9.0));
    assert!(
        stderr.contains("een lege kopie (bijv. uit de eerste ronde, vooraf)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("nog een ingevulde kopie van dezelfde respondent, met andere antwoorden"),
        "{stderr}"
    );
    assert!(stderr.contains("b-later.xlsx"), "{stderr}");
}

#[test]
fn anonymous_respondents_appear_by_name_only_in_the_lists_never_beside_a_figure() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    filled(
        dir.path(),
        "kees-klant-secret.xlsx",
        json!({"scores": {"1.02": 6}, "nps": 3, "nps_reason": "te duur", "remarks": "=HYPERLINK(\"http://x\",\"klik\")", "anonymous": "ja"}),
    );
    let (json, _, stderr) = ingest_json(
        dir.path(),
        &["master.toml", "returned", "-o", "monitor.xlsx"],
    );
    assert!(
        json["kwis"][0]["by_respondent"].get("KK").is_none(),
        "{}",
        json["kwis"][0]
    );
    // The session monitor names Kees Klant only in the respondents list and the assignment;
    // the analysis workbook only on its response sheet. With one anonymous respondent (fewer
    // than the minimum group of 3) no sheet shows figures per respondent, so no pseudonym.
    use calamine::Reader;
    for (file, allowed) in [
        ("monitor.xlsx", &["Respondenten", "Toewijzing"][..]),
        ("monitor-analyse.xlsx", &["Respons"][..]),
    ] {
        let monitor = dir.path().join(file);
        let workbook = calamine::open_workbook_auto(&monitor).unwrap();
        for sheet in workbook.sheet_names().to_vec() {
            if allowed.contains(&sheet.as_str()) || sheet.ends_with("history") {
                continue;
            }
            let text = common::sheet_cells(&monitor, &sheet).concat().join("|");
            for secret in ["Kees", "KK", "kees-klant-secret", "Respondent 1"] {
                assert!(
                    !text.contains(secret),
                    "{secret} on sheet {sheet} of {file}: {text}\n{stderr}"
                );
            }
        }
    }
    let status = common::sheet_cells(&dir.path().join("monitor-analyse.xlsx"), "Respons")
        .concat()
        .join("|");
    assert!(status.contains("Kees Klant"), "{status}");
    assert!(!status.contains("kees-klant-secret"), "{status}");
}

#[test]
fn exit_codes_and_nothing_written_without_usable_input() {
    let (dir, _) = example_dir();
    std::fs::create_dir(dir.path().join("returned")).unwrap();
    std::fs::write(dir.path().join("returned/x.xlsx"), "").unwrap();
    klantwaarde(dir.path())
        .args(["ingest", "master.toml", "returned", "-o", "monitor.xlsx"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("het bestand is leeg"))
        .stderr(predicate::str::contains("er is niets geschreven"));
    assert!(!dir.path().join("monitor.xlsx").exists());
    std::fs::write(dir.path().join("bad.toml"), "client = ").unwrap();
    klantwaarde(dir.path())
        .args(["ingest", "bad.toml", "returned"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.toml:1:"));
    let kees = common::root().join("fixtures/example/returned/kees-klant.xlsx");
    std::fs::create_dir(dir.path().join("monitor-folder")).unwrap();
    klantwaarde(dir.path())
        .args([
            "ingest",
            "master.toml",
            kees.to_str().unwrap(),
            "-o",
            "monitor-folder",
            "--accept-untagged",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("het pad is een map"));
    klantwaarde(dir.path())
        .args([
            "ingest",
            "master.toml",
            kees.to_str().unwrap(),
            "returned",
            "-o",
            "monitor.xlsx",
            "--accept-untagged",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("de monitor monitor.xlsx"));
    klantwaarde(dir.path())
        .args([
            "ingest",
            "master.toml",
            kees.to_str().unwrap(),
            "-o",
            "monitor.xlsx",
            "--accept-untagged",
        ])
        .assert()
        .code(0);
}

#[test]
fn trend_carries_the_history_of_previous_monitors_forward() {
    let (dir, _) = example_dir();
    let kees = common::root().join("fixtures/example/returned/kees-klant.xlsx");
    // the demo leaves two measurements, 2011H1 and 2011H2, in demo/returned
    klantwaarde(dir.path())
        .args(["demo", "demo"])
        .assert()
        .success();
    let (first, _, _) = ingest_json(
        dir.path(),
        &["demo/master.toml", "demo/returned", "-o", "h2.xlsx"],
    );
    assert_eq!(first["trend"].as_array().unwrap().len(), 2);
    let next = klantwaarde::EXAMPLE_MASTER_NL.replace("period = \"2011H2\"", "period = \"2012H1\"");
    // The next round's master beside the demo's, so that it shares the demo's key.
    std::fs::write(dir.path().join("demo/next.toml"), next).unwrap();
    let (json, _, stderr) = ingest_json(
        dir.path(),
        &[
            "demo/next.toml",
            kees.to_str().unwrap(),
            "-o",
            "h3.xlsx",
            "--previous",
            "h2.xlsx",
        ],
    );
    let periods: Vec<&str> = json["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2011H1", "2011H2", "2012H1"], "{stderr}");
    assert_eq!(
        json["trend"][0], first["trend"][0],
        "history carried unchanged"
    );
}

#[test]
fn demo_runs_the_whole_cycle() {
    let dir = tempfile::tempdir().unwrap();
    klantwaarde(dir.path())
        .args(["demo"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "de monitor klantwaarde-demo/monitor.xlsx",
        ))
        .stderr(predicate::str::contains("ontbreekt: DD"));
    let first = std::fs::read(dir.path().join("klantwaarde-demo/monitor.xlsx")).unwrap();
    // A folder with work in it is not overwritten unless asked.
    klantwaarde(dir.path())
        .args(["demo"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "fout: klantwaarde-demo bevat al bestanden; demo zou de master, vragenlijsten en monitor daarin vervangen",
        ))
        .stderr(predicate::str::contains("of voeg --force toe"));
    klantwaarde(dir.path())
        .args(["demo", "--force"])
        .assert()
        .success();
    let second = std::fs::read(dir.path().join("klantwaarde-demo/monitor.xlsx")).unwrap();
    assert!(
        first == second,
        "the demo's monitor is byte-identical across runs"
    );
}

#[test]
fn ingest_never_writes_the_monitor_over_what_it_reads() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    let kk = filled(dir.path(), "kk.xlsx", json!({"scores": {"1.02": 6}}));
    let kk_bytes = std::fs::read(&kk).unwrap();
    let master_bytes = std::fs::read(dir.path().join("master.toml")).unwrap();
    let cases = [
        ("master.toml", "is de master"),
        (
            "returned/kk.xlsx",
            "is een van de teruggestuurde vragenlijsten die worden gelezen",
        ),
        ("returned/../master.toml", "is de master"),
        ("klantwaarde.key", "is het sleutelbestand naast de master"),
    ];
    let key_bytes = std::fs::read(dir.path().join("klantwaarde.key")).unwrap();
    for (output, says) in cases {
        klantwaarde(dir.path())
            .args(["ingest", "master.toml", "returned", "-o", output])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(says))
            .stderr(predicate::str::contains("er is niets geschreven"));
    }
    assert_eq!(std::fs::read(&kk).unwrap(), kk_bytes);
    assert_eq!(
        std::fs::read(dir.path().join("master.toml")).unwrap(),
        master_bytes
    );
    assert_eq!(
        std::fs::read(dir.path().join("klantwaarde.key")).unwrap(),
        key_bytes
    );
    // A monitor given as --previous is read, so it is not the output either.
    // exit 0: the others are missing and KK left anonymity open, which loses nothing
    klantwaarde(dir.path())
        .args(["ingest", "master.toml", "returned", "-o", "monitor.xlsx"])
        .assert()
        .code(0);
    let monitor = std::fs::read(dir.path().join("monitor.xlsx")).unwrap();
    klantwaarde(dir.path())
        .args(["ingest", "master.toml", "returned", "-o", "monitor.xlsx"])
        .args(["--previous", "monitor.xlsx"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "is een eerdere monitor die wordt gelezen",
        ));
    assert_eq!(
        std::fs::read(dir.path().join("monitor.xlsx")).unwrap(),
        monitor
    );
}

#[test]
fn blank_questionnaires_sent_back_are_returned_empty_not_responses() {
    let (dir, _) = example_dir();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "outgoing", "--quiet"])
        .assert()
        .success();
    // ingest run on the outgoing folder: five blank files, no response among them
    let (json, code, stderr) = ingest_json(dir.path(), &["master.toml", "outgoing"]);
    // nothing was rejected and no answer left out: a blank file loses nothing
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr.matches(": leeg teruggestuurd").count(),
        5,
        "every blank file is named as returned empty:\n{stderr}"
    );
    assert!(
        stderr.contains("0 van 5 respondenten stuurden een vragenlijst terug"),
        "{stderr}"
    );
    assert!(stderr.contains("ontbreekt: AA, BB, CC, DD, KK"), "{stderr}");
    for respondent in json["respondents"].as_array().unwrap() {
        assert_eq!(respondent["status"], "empty", "{respondent}");
        assert_eq!(respondent["answered"], 0);
    }
    let status = klantwaarde(dir.path())
        .args(["status", "master.toml", "outgoing"])
        .assert()
        .code(4);
    let out = String::from_utf8_lossy(&status.get_output().stdout).into_owned();
    assert_eq!(
        out.matches("lege vragenlijst teruggestuurd").count(),
        5,
        "{out}"
    );
}
