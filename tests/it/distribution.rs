//! Distribution and follow-up: mail drafts with `generate --mail`, `status` and `--remind`.

use std::path::Path;

use mail_parser::{MessageParser, MimeHeaders};
use predicates::prelude::*;
use serde_json::{Value, json};

use crate::common::{self, example_dir, klantwaarde};

fn parse(
    path: &Path,
) -> (
    String,
    String,
    String,
    String,
    Vec<u8>,
    String,
    Option<String>,
) {
    let bytes = std::fs::read(path).unwrap();
    let message = MessageParser::default()
        .parse(&bytes)
        .expect("a MIME message");
    let to = message.to().and_then(|a| a.first()).unwrap();
    let from = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(str::to_string);
    let attachment = message.attachment(0).expect("one attachment");
    (
        to.name().unwrap_or_default().to_string(),
        to.address().unwrap_or_default().to_string(),
        message.subject().unwrap_or_default().to_string(),
        message.body_text(0).unwrap_or_default().to_string(),
        attachment.contents().to_vec(),
        attachment.attachment_name().unwrap_or_default().to_string(),
        from.or_else(|| {
            message
                .header_raw("X-Unsent")
                .map(|v| format!("x-unsent:{}", v.trim()))
        }),
    )
}

#[test]
fn generate_mail_writes_a_draft_per_respondent_with_the_questionnaire_attached() {
    let dir = tempfile::tempdir().unwrap();
    let master = klantwaarde::EXAMPLE_MASTER_NL
        .replace("name = \"A. Aaaa\"", "name = \"Zoë Ørsted\"")
        .replace("name = \"B. Beee\"", "name = \"Jan d'Ancona\"")
        .replace("email = \"C.Ceee@NewMedia.nl\"\n", "");
    std::fs::write(dir.path().join("master.toml"), master).unwrap();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "out", "--mail"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "C. Ceee (CC) has no e-mail address in the master, so no draft was written",
        ))
        .stderr(predicate::str::contains("wrote 4 e-mail draft(s)"));
    assert!(!dir.path().join("out/2011H2-KLANT_NV-CC.eml").exists());
    let draft = dir.path().join("out/2011H2-KLANT_NV-AA.eml");
    let raw = std::fs::read_to_string(&draft).unwrap();
    assert!(raw.contains("X-Unsent: 1\r\n"), "{raw}");
    assert!(
        !raw.contains("Date:") && !raw.contains("Message-ID"),
        "{raw}"
    );
    let (name, address, subject, body, attachment, file, from) = parse(&draft);
    assert_eq!(
        (name.as_str(), address.as_str()),
        ("Zoë Ørsted", "A.Aaaa@NewMedia.nl")
    );
    assert_eq!(
        subject,
        "Klantwaardemonitor 2011H2: uw persoonlijke vragenlijst"
    );
    assert!(body.starts_with("Beste Zoë Ørsted,"), "{body}");
    assert!(
        body.contains("22 vragen") && body.contains("30-11-2011") && body.contains("Rob Relatie"),
        "{body}"
    );
    assert_eq!(
        attachment,
        std::fs::read(dir.path().join("out/2011H2-KLANT_NV-AA.xlsx")).unwrap()
    );
    assert_eq!(file, "2011H2-KLANT_NV-AA.xlsx");
    assert_eq!(from.as_deref(), Some("rob.relatie@bestseller.example"));
    let (name, ..) = parse(&dir.path().join("out/2011H2-KLANT_NV-BB.eml"));
    assert_eq!(name, "Jan d'Ancona");
    // the same inputs give the same bytes
    let first = std::fs::read(&draft).unwrap();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "again", "--mail"])
        .assert()
        .success();
    assert!(first == std::fs::read(dir.path().join("again/2011H2-KLANT_NV-AA.eml")).unwrap());
}

fn fill_all(dir: &Path, initials: &str, target: &str, skip: &[&str]) {
    let blank = dir.join(format!("blank/2011H2-KLANT_NV-{initials}.xlsx"));
    let (_, questions) = common::meta(&blank);
    let scores: serde_json::Map<String, Value> = questions
        .iter()
        .filter(|q| !skip.contains(&q[0].as_str()))
        .map(|q| (q[0].clone(), json!(8)))
        .collect();
    common::fill(
        &blank,
        &dir.join("returned").join(target),
        &json!({"scores": scores, "nps": 9, "anonymous": "nee"}),
    );
}

#[test]
fn status_lists_returned_partial_rejected_and_missing_and_reminds_the_rest() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "blank", "--quiet"])
        .assert()
        .success();
    std::fs::create_dir(dir.path().join("returned")).unwrap();
    fill_all(dir.path(), "AA", "aa.xlsx", &[]);
    fill_all(dir.path(), "KK", "kk.xlsx", &["3.06"]);
    // BB's questionnaire comes back with its meta sheet broken: rejected, but still BB's
    let blank = dir.path().join("blank/2011H2-KLANT_NV-BB.xlsx");
    common::fill(
        &blank,
        &dir.path().join("returned/bb.xlsx"),
        &json!({"scores": {"1.01": 7}, "meta": {"nps_cell": "Vragenlijst!ZZZ0"}}),
    );
    let output = klantwaarde(dir.path())
        .args(["status", "master.toml", "returned"])
        .assert()
        .code(4);
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let line = |initials: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(initials))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line("AA").contains("returned") && line("AA").contains("aa.xlsx"),
        "{stdout}"
    );
    assert!(
        line("KK").contains("partly answered (16 of 17)"),
        "{stdout}"
    );
    assert!(
        line("BB").contains("rejected (") && line("BB").contains("nps_cell"),
        "{stdout}"
    );
    assert!(
        line("CC").contains("missing") && line("DD").contains("missing"),
        "{stdout}"
    );
    let json: Value = serde_json::from_slice(
        &klantwaarde(dir.path())
            .args(["status", "master.toml", "returned", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let statuses: Vec<(&str, &str)> = json["respondents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["initials"].as_str().unwrap(),
                r["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("AA", "returned"),
            ("BB", "rejected"),
            ("CC", "missing"),
            ("DD", "missing"),
            ("KK", "partial")
        ]
    );

    klantwaarde(dir.path())
        .args(["status", "master.toml", "returned", "--remind", "reminders"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("wrote 4 reminder draft(s)"));
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("reminders"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "2011H2-KLANT_NV-BB.eml",
            "2011H2-KLANT_NV-CC.eml",
            "2011H2-KLANT_NV-DD.eml",
            "2011H2-KLANT_NV-KK.eml"
        ]
    );
    let (_, _, subject, body, attachment, file, _) =
        parse(&dir.path().join("reminders/2011H2-KLANT_NV-KK.eml"));
    assert!(subject.starts_with("Herinnering"), "{subject}");
    assert!(body.starts_with("Beste Kees Klant,"), "{body}");
    assert_eq!(
        file, "kk.xlsx",
        "the partly answered get their own file back"
    );
    assert_eq!(
        attachment,
        std::fs::read(dir.path().join("returned/kk.xlsx")).unwrap()
    );
    let (_, _, _, _, attachment, file, _) =
        parse(&dir.path().join("reminders/2011H2-KLANT_NV-CC.eml"));
    assert_eq!(file, "2011H2-KLANT_NV-CC.xlsx");
    assert_eq!(
        attachment,
        std::fs::read(dir.path().join("blank/2011H2-KLANT_NV-CC.xlsx")).unwrap()
    );
}

#[test]
fn status_is_zero_when_everyone_returned_everything() {
    if common::openpyxl().is_none() {
        return;
    }
    let (dir, _) = example_dir();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "blank", "--quiet"])
        .assert()
        .success();
    std::fs::create_dir(dir.path().join("returned")).unwrap();
    for initials in ["AA", "BB", "CC", "DD", "KK"] {
        fill_all(dir.path(), initials, &format!("{initials}.xlsx"), &[]);
    }
    klantwaarde(dir.path())
        .args(["status", "master.toml", "returned"])
        .assert()
        .code(0);
}
