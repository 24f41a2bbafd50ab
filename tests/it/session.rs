//! The two workbooks of `ingest` on the method's example: the session monitor pairs no
//! respondent with a number and shows remarks beside no name, the analysis workbook shows figures
//! per respondent only by the minimum-group rule and under pseudonyms keyed by the secret,
//! `--json` stays clean; the demo's workbooks validate with openxml-audit and the session monitor
//! prints on at most 8 pages.

use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader};
use serde_json::Value;

use crate::common::{self, klantwaarde};

/// The pinned openxml-audit, as `.ci/run` installs it.
const OPENXML_AUDIT: &str = "0.8.0";

/// The example's respondents and their e-mail addresses.
const PEOPLE: [(&str, &str, &str); 5] = [
    ("AA", "A. Aaaa", "A.Aaaa@NewMedia.nl"),
    ("BB", "B. Beee", "B.Beee@NewMedia.nl"),
    ("CC", "C. Ceee", "C.Ceee@NewMedia.nl"),
    ("DD", "D. Deeee", "D.Deeee@NewMedia.nl"),
    ("KK", "Kees Klant", "Kees.Klant@NewMedia.nl"),
];

/// A folder with the example master (with `min_group` when given) and every respondent's
/// returned questionnaire: the demo's answers, except that the `anonymous` ones ask to stay
/// anonymous and answer every question with their own score (4, 5, 6, …) so that their rows can
/// be recognised; each writes a remark and an NPS reason that name them.
fn returned(anonymous: &[&str], min_group: Option<usize>, key: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut source = klantwaarde::EXAMPLE_MASTER_NL.to_string();
    if let Some(k) = min_group {
        source = source.replacen("target = 7.5", &format!("target = 7.5\nmin_group = {k}"), 1);
    }
    std::fs::write(dir.path().join("master.toml"), &source).unwrap();
    let secret = match key {
        Some(key) => {
            std::fs::write(
                dir.path().join("klantwaarde.key"),
                format!("key = \"{key}\"\n"),
            )
            .unwrap();
            klantwaarde::secret::Secret::from_hex(key).unwrap()
        }
        None => {
            common::write_key(dir.path());
            klantwaarde::secret::Secret::from_bytes(common::TEST_KEY)
        }
    };
    let master = klantwaarde::master::parse(source.as_bytes())
        .unwrap()
        .master;
    let folder = dir.path().join("returned");
    std::fs::create_dir(&folder).unwrap();
    let mut own = 3;
    for respondent in master.respondent_ids() {
        let initials = master.respondent(respondent).initials.clone();
        let mut answers = klantwaarde::demo::answers_for(&master, respondent, 0);
        if anonymous.contains(&initials.as_str()) {
            own += 1;
            for (score, _) in answers.scores.values_mut() {
                *score = own;
            }
            answers.anonymous = Some("ja".into());
        } else {
            answers.anonymous = Some("nee".into());
        }
        answers.remarks = Some(format!("remark of {initials}"));
        answers.nps_reason = Some(format!("reason of {initials}"));
        answers.nps = Some(own.min(10));
        let filled =
            klantwaarde::questionnaire::write_filled(&master, &secret, respondent, &answers)
                .unwrap();
        std::fs::write(folder.join(&filled.file_name), &filled.bytes).unwrap();
    }
    dir
}

/// Runs ingest with `--json` in `dir`; the summary.
fn ingest(dir: &Path) -> Value {
    let output = klantwaarde(dir)
        .args([
            "ingest",
            "master.toml",
            "returned",
            "-o",
            "monitor.xlsx",
            "--json",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(dir.join("monitor-analyse.xlsx").exists(), "{stderr}");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Every sheet's rows as calamine reads them.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut workbook = calamine::open_workbook_auto(path).unwrap();
    workbook
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

/// The respondent a cell names, by name, e-mail or initials as a whole word.
fn names(text: &str) -> Option<&'static str> {
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
    PEOPLE
        .iter()
        .find(|(initials, name, email)| {
            text.contains(name) || text.contains(email) || words.contains(initials)
        })
        .map(|(initials, ..)| *initials)
}

fn is_number(cell: &Data) -> bool {
    matches!(cell, Data::Float(_) | Data::Int(_))
}

#[test]
fn one_two_or_three_anonymous_respondents_stay_anonymous_in_both_workbooks_and_the_json() {
    let cases: [&[&str]; 3] = [&["BB"], &["BB", "CC"], &["BB", "CC", "KK"]];
    for anonymous in cases {
        let dir = returned(anonymous, None, None);
        let json = ingest(dir.path());
        let case = format!("anonymous {anonymous:?}");

        // The session monitor: no row pairs anyone with a number; remarks beside no name.
        let mut remarks_seen = Vec::new();
        for (sheet, rows) in sheets(&dir.path().join("monitor.xlsx")) {
            // The hidden trend lineage is the history's own business (a list of who was asked).
            if sheet.ends_with("history") {
                continue;
            }
            for row in &rows {
                let texts: Vec<String> = row.iter().map(ToString::to_string).collect();
                let who = texts.iter().find_map(|text| {
                    names(text).filter(|_| {
                        !text.starts_with("remark of") && !text.starts_with("reason of")
                    })
                });
                if let Some(who) = who {
                    assert!(
                        !row.iter().any(is_number),
                        "{case}: {sheet} pairs {who} with a number: {texts:?}"
                    );
                    assert!(
                        !texts
                            .iter()
                            .any(|t| t.starts_with("remark of") || t.starts_with("reason of")),
                        "{case}: {sheet} shows a remark beside {who}: {texts:?}"
                    );
                }
                remarks_seen.extend(texts.into_iter().filter(|t| t.starts_with("remark of")));
            }
            assert!(
                !rows
                    .iter()
                    .flatten()
                    .any(|cell| cell.to_string().starts_with("Respondent ")),
                "{case}: {sheet} holds a figure per respondent"
            );
        }
        // Every remark is there, in text order, not in the respondents' order.
        let mut sorted = remarks_seen.clone();
        sorted.sort();
        assert_eq!(remarks_seen, sorted, "{case}");
        assert_eq!(remarks_seen.len(), 5, "{case}");

        // The analysis workbook: figures per respondent only from three anonymous ones on.
        let analysis = sheets(&dir.path().join("monitor-analyse.xlsx"));
        let sheet = |name: &str| {
            analysis
                .iter()
                .find(|(sheet, _)| sheet == name)
                .map(|(_, rows)| rows.clone())
                .unwrap()
        };
        let matrix = sheet("Scores per respondent");
        let matrix_names: Vec<String> = matrix
            .iter()
            .skip(3)
            .map(|row| row[0].to_string())
            .collect();
        if anonymous.len() < 3 {
            assert!(matrix_names.is_empty(), "{case}: {matrix_names:?}");
            let answers = sheet("Antwoorden");
            assert!(
                answers
                    .iter()
                    .skip(3)
                    .all(|row| row[0].to_string().is_empty()),
                "{case}: an answer says whose it is"
            );
        } else {
            assert_eq!(
                matrix_names,
                [
                    "A. Aaaa",
                    "D. Deeee",
                    "Respondent 1",
                    "Respondent 2",
                    "Respondent 3"
                ],
                "{case}"
            );
        }
        for (name, rows) in &analysis {
            if name.ends_with("history") {
                continue;
            }
            for row in rows {
                let texts: Vec<String> = row.iter().map(ToString::to_string).collect();
                let Some(who) = texts.iter().find_map(|text| names(text)) else {
                    continue;
                };
                if anonymous.contains(&who) {
                    assert_eq!(name, "Respons", "{case}: {who} named on {name}: {texts:?}");
                    // Name, initials, status and the assigned count only: no file, no answered count.
                    assert!(
                        texts[3].is_empty() && texts[4].is_empty(),
                        "{case}: {texts:?}"
                    );
                }
            }
        }

        // --json: no anonymous initials beside answers, NPS, file or scores.
        for respondent in json["respondents"].as_array().unwrap() {
            let initials = respondent["initials"].as_str().unwrap();
            if anonymous.contains(&initials) {
                assert_eq!(respondent["anonymous"], true, "{case}");
                for key in ["nps", "file", "answered", "reason"] {
                    assert!(respondent.get(key).is_none(), "{case}: {respondent}");
                }
            } else {
                assert!(respondent["nps"].is_number(), "{case}: {respondent}");
            }
        }
        for kwi in json["kwis"].as_array().unwrap() {
            let by = kwi["by_respondent"].as_object().unwrap();
            for initials in anonymous {
                assert!(!by.contains_key(*initials), "{case}: {kwi}");
            }
            assert!(
                by.keys().all(|key| !key.starts_with("Respondent")),
                "{case}: {kwi}"
            );
            if anonymous.len() < 3 {
                assert!(by.is_empty(), "{case}: {kwi}");
            }
        }
        assert!(!json.to_string().contains("reason of"), "{case}");
    }
}

/// The pseudonym → initials of the anonymous respondents in an analysis workbook, from their
/// recognisable KWI-01 scores (4, 5, 6 for BB, CC, KK).
fn pseudonyms(analysis: &Path) -> Vec<(String, &'static str)> {
    let rows = sheets(analysis)
        .into_iter()
        .find(|(name, _)| name == "Scores per respondent")
        .unwrap()
        .1;
    rows.iter()
        .filter(|row| row[0].to_string().starts_with("Respondent "))
        .map(|row| {
            let score = row
                .iter()
                .skip(1)
                .find_map(|cell| match cell {
                    Data::Float(value) => Some(*value),
                    _ => None,
                })
                .unwrap();
            let who = match score.round() as i64 {
                4 => "BB",
                5 => "CC",
                6 => "KK",
                other => panic!("score {other}"),
            };
            (row[0].to_string(), who)
        })
        .collect()
}

#[test]
fn a_pseudonym_follows_the_secret_not_what_the_workbook_shows() {
    let anonymous = ["BB", "CC", "KK"];
    // Under one key and under others: the workbooks show the same names, initials, client and
    // answers, so a pseudonym computed from them would be the same; the keyed one is not.
    let keys: Vec<String> = (0..6u8).map(|n| format!("{n:02x}").repeat(32)).collect();
    let mut seen: Vec<Vec<(String, &str)>> = Vec::new();
    for key in &keys {
        let dir = returned(&anonymous, None, Some(key));
        ingest(dir.path());
        let mapping = pseudonyms(&dir.path().join("monitor-analyse.xlsx"));
        assert_eq!(mapping.len(), 3, "{mapping:?}");
        // The same key gives the same pseudonyms (deterministic output).
        let again = returned(&anonymous, None, Some(key));
        ingest(again.path());
        assert_eq!(
            pseudonyms(&again.path().join("monitor-analyse.xlsx")),
            mapping
        );
        seen.push(mapping);
    }
    seen.sort();
    seen.dedup();
    assert!(
        seen.len() > 1,
        "every key gave the same pseudonyms: {seen:?}"
    );
    // And the old unkeyed numbering (the order of sha256(client, initials)) is not what decides.
    let secretless = {
        use sha2::{Digest, Sha256};
        let mut digests: Vec<(Vec<u8>, &str)> = anonymous
            .iter()
            .map(|initials| {
                (
                    Sha256::digest(format!("KLANT NV\u{0}{}", initials.to_lowercase())).to_vec(),
                    *initials,
                )
            })
            .collect();
        digests.sort();
        digests
            .into_iter()
            .enumerate()
            .map(|(n, (_, initials))| (format!("Respondent {}", n + 1), initials))
            .collect::<Vec<_>>()
    };
    assert!(seen.iter().any(|mapping| *mapping != secretless));
}

/// Runs `openxml-audit` (strict) on `file`; its report when the file is invalid.
fn audit(file: &Path) -> Result<(), String> {
    let output = Command::new("openxml-audit")
        .args(["--policy", "strict", "--max-errors", "20"])
        .arg(file)
        .output()
        .map_err(|error| error.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn openxml_audit() -> bool {
    let version = Command::new("python3")
        .args([
            "-c",
            "import importlib.metadata as m; print(m.version('openxml-audit'))",
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if let Some(found) = &version {
        assert_eq!(
            found, OPENXML_AUDIT,
            "openxml-audit {found} is installed; the tests pin {OPENXML_AUDIT} (.ci/run)"
        );
    }
    common::client_available(
        &format!("openxml-audit {OPENXML_AUDIT} (pip)"),
        version.is_some(),
    )
}

#[test]
fn the_demos_questionnaires_and_both_monitors_validate_with_openxml_audit() {
    if !openxml_audit() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    klantwaarde(dir.path())
        .args(["demo", "demo"])
        .assert()
        .success();
    let demo = dir.path().join("demo");
    let mut files = vec![demo.join("monitor.xlsx"), demo.join("monitor-analyse.xlsx")];
    for folder in ["questionnaires", "returned"] {
        let mut found: Vec<_> = std::fs::read_dir(demo.join(folder))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        found.sort();
        files.extend(found);
    }
    assert!(files.len() >= 10, "{files:?}");
    let invalid: Vec<String> = files
        .iter()
        .filter_map(|file| {
            audit(file)
                .err()
                .map(|why| format!("{}:\n{why}", file.display()))
        })
        .collect();
    assert!(invalid.is_empty(), "{}", invalid.join("\n"));
}

#[test]
fn the_demos_session_monitor_prints_on_at_most_eight_pages_with_a_chart_on_the_first() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let present = Command::new("pdfinfo").arg("-v").output().is_ok();
    if !common::client_available("pdfinfo (poppler)", present) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    klantwaarde(dir.path())
        .args(["demo", "demo"])
        .assert()
        .success();
    let demo = dir.path().join("demo");
    // The first sheet carries the drawing with the chart.
    let file = std::fs::File::open(demo.join("monitor.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut rels = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/_rels/sheet1.xml.rels").unwrap(),
        &mut rels,
    )
    .unwrap();
    assert!(rels.contains("drawing"), "{rels}");
    let profile = dir.path().join("profile");
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&demo)
        .arg(demo.join("monitor.xlsx"))
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let info = Command::new("pdfinfo")
        .arg(demo.join("monitor.pdf"))
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{info}"));
    assert!((1..=8).contains(&pages), "{pages} pages");
}

#[test]
fn min_group_in_the_master_sets_the_minimum_group() {
    // Two anonymous respondents with a minimum group of 2: figures per respondent, the two
    // under pseudonyms.
    let dir = returned(&["BB", "CC"], Some(2), None);
    let json = ingest(dir.path());
    let pseudonyms = pseudonyms(&dir.path().join("monitor-analyse.xlsx"));
    let mut who: Vec<&str> = pseudonyms.iter().map(|(_, initials)| *initials).collect();
    who.sort_unstable();
    assert_eq!(who, ["BB", "CC"], "{pseudonyms:?}");
    assert!(
        json["kwis"][0]["by_respondent"].get("AA").is_some(),
        "{json}"
    );
    // A minimum group of 0 is refused with its line.
    let bad =
        klantwaarde::EXAMPLE_MASTER_NL.replacen("target = 7.5", "target = 7.5\nmin_group = 0", 1);
    std::fs::write(dir.path().join("bad.toml"), bad).unwrap();
    let output = klantwaarde(dir.path())
        .args(["check", "bad.toml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("`min_group` is 0"), "{stderr}");
}

#[test]
fn analysis_sets_where_the_analysis_workbook_goes_and_never_onto_the_monitor() {
    let dir = returned(&["BB"], None, None);
    klantwaarde(dir.path())
        .args(["ingest", "master.toml", "returned", "-o", "sessie.xlsx"])
        .args(["--analysis", "intern/analyse.xlsx", "--quiet"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "kan intern/analyse.xlsx niet schrijven: de map bestaat niet",
        ));
    assert!(
        !dir.path().join("sessie.xlsx").exists(),
        "neither is written"
    );
    std::fs::create_dir(dir.path().join("intern")).unwrap();
    klantwaarde(dir.path())
        .args(["ingest", "master.toml", "returned", "-o", "sessie.xlsx"])
        .args(["--analysis", "intern/analyse.xlsx", "--quiet"])
        .assert()
        .success();
    assert!(dir.path().join("sessie.xlsx").exists());
    assert!(dir.path().join("intern/analyse.xlsx").exists());
    assert!(!dir.path().join("sessie-analyse.xlsx").exists());
    let output = klantwaarde(dir.path())
        .args(["ingest", "master.toml", "returned", "-o", "sessie.xlsx"])
        .args(["--analysis", "./sessie.xlsx"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is de monitor zelf"), "{stderr}");
}
