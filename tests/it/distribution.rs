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
            "C. Ceee (CC) heeft geen e-mailadres in de master, dus er is geen concept geschreven",
        ))
        .stderr(predicate::str::contains("4 e-mailconcept(en)"));
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
        line("AA").contains("teruggestuurd") && line("AA").contains("aa.xlsx"),
        "{stdout}"
    );
    assert!(
        line("KK").contains("deels beantwoord (16 van 17)"),
        "{stdout}"
    );
    assert!(
        line("BB").contains("geweigerd (") && line("BB").contains("nps_cell"),
        "{stdout}"
    );
    assert!(
        line("CC").contains("ontbreekt") && line("DD").contains("ontbreekt"),
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
        .stderr(predicate::str::contains("4 herinneringsconcept(en)"));
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
    // Nothing came from CC: the plain reminder ("already returned it? then disregard this").
    let (_, _, subject, body, attachment, file, _) =
        parse(&dir.path().join("reminders/2011H2-KLANT_NV-CC.eml"));
    assert!(
        subject.starts_with("Herinnering: uw vragenlijst"),
        "{subject}"
    );
    assert!(body.contains("dan is deze herinnering overbodig"), "{body}");
    assert_eq!(file, "2011H2-KLANT_NV-CC.xlsx");
    assert_eq!(
        attachment,
        std::fs::read(dir.path().join("blank/2011H2-KLANT_NV-CC.xlsx")).unwrap()
    );
    // BB's file came back and could not be used: a reminder that says so (the plain one would
    // tell BB to disregard it), with a fresh questionnaire, and without the reason, which is
    // the account manager's.
    let (_, _, subject, body, attachment, file, _) =
        parse(&dir.path().join("reminders/2011H2-KLANT_NV-BB.eml"));
    assert_eq!(
        subject,
        "Uw vragenlijst voor de klantwaardemonitor 2011H2: graag nog een keer"
    );
    assert!(
        body.contains("Helaas kon ik het bestand dat ik van u ontving niet verwerken"),
        "{body}"
    );
    assert!(
        !body.contains("overbodig") && !body.contains("nps_cell"),
        "{body}"
    );
    assert_eq!(file, "2011H2-KLANT_NV-BB.xlsx");
    assert_eq!(
        attachment,
        std::fs::read(dir.path().join("blank/2011H2-KLANT_NV-BB.xlsx")).unwrap()
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

/// The example's questionnaires generated into `blank/`, and Kees Klant's returned as
/// `returned/kk.xlsx` with `score(id)` for each question (none: left open), NPS 9 and `anonymous`.
fn kees_returns(score: impl Fn(&str) -> Option<Value>, anonymous: &str) -> tempfile::TempDir {
    let (dir, _) = example_dir();
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "blank", "--quiet"])
        .assert()
        .success();
    std::fs::create_dir(dir.path().join("returned")).unwrap();
    let blank = dir.path().join("blank/2011H2-KLANT_NV-KK.xlsx");
    let (_, questions) = common::meta(&blank);
    let scores: serde_json::Map<String, Value> = questions
        .iter()
        .filter_map(|q| score(&q[0]).map(|value| (q[0].clone(), value)))
        .collect();
    common::fill(
        &blank,
        &dir.path().join("returned/kk.xlsx"),
        &json!({"scores": scores, "nps": 9, "anonymous": anonymous}),
    );
    dir
}

#[test]
fn a_partial_reminder_names_each_open_and_unreadable_answer_parsed_back_from_the_eml() {
    if common::openpyxl().is_none() {
        return;
    }
    // Kees Klant answers all but 3.06 and 5.03, and types 7,5 and acht where a whole number
    // belongs; A. Aaaa sends nothing.
    let dir = kees_returns(
        |id| match id {
            "3.06" | "5.03" => None,
            "1.03" => Some(json!("7,5")),
            "2.02" => Some(json!("acht")),
            _ => Some(json!(8)),
        },
        "nee",
    );
    let blank = dir.path().join("blank/2011H2-KLANT_NV-KK.xlsx");
    let (_, questions) = common::meta(&blank);

    let output = klantwaarde(dir.path())
        .args(["status", "master.toml", "returned"])
        .assert()
        .code(4);
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains(r#"deels beantwoord (13 van 17; onleesbaar: 1.03 "7,5", 2.02 "acht")"#),
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
    assert_eq!(
        json["unreadable"],
        json!({"KK": {"1.03": "7,5", "2.02": "acht"}})
    );

    klantwaarde(dir.path())
        .args([
            "status",
            "master.toml",
            "returned",
            "--remind",
            "reminders",
            "--deadline",
            "2011-12-07",
        ])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "(1 met de open en onleesbare antwoorden, uiterlijk 07-12-2011)",
        ));
    let (name, address, subject, body, attachment, file, _) =
        parse(&dir.path().join("reminders/2011H2-KLANT_NV-KK.eml"));
    assert_eq!(
        (name.as_str(), address.as_str()),
        ("Kees Klant", "Kees.Klant@NewMedia.nl")
    );
    assert!(subject.contains("nog niet compleet"), "{subject}");
    let body = body.replace("\r\n", "\n");
    let text = |id: &str| {
        let question = questions.iter().find(|q| q[0] == id).unwrap();
        common::sheet_cells(&blank, "Vragenlijst")
            .into_iter()
            .find(|row| row.first().is_some_and(|cell| *cell == question[0]))
            .map(|row| row[1].clone())
            .unwrap()
    };
    let open = body
        .split("nog open:\n")
        .nth(1)
        .expect("the open questions")
        .split("\n\n")
        .next()
        .unwrap();
    assert_eq!(
        open.lines().collect::<Vec<_>>(),
        [
            format!("- 3.06 {}", text("3.06")),
            format!("- 5.03 {}", text("5.03"))
        ],
        "{body}"
    );
    let unreadable = body
        .split("vul een heel getal van 1 tot en met 10 in:\n")
        .nth(1)
        .expect("the unreadable answers")
        .split("\n\n")
        .next()
        .unwrap();
    assert_eq!(
        unreadable.lines().collect::<Vec<_>>(),
        [
            format!("- 1.03 {}: \"7,5\"", text("1.03")),
            format!("- 2.02 {}: \"acht\"", text("2.02"))
        ],
        "{body}"
    );
    assert!(body.contains("uiterlijk 07-12-2011"), "{body}");
    assert!(
        !body.contains("overbodig"),
        "not the plain reminder: {body}"
    );
    assert_eq!(file, "kk.xlsx");
    assert_eq!(
        attachment,
        std::fs::read(dir.path().join("returned/kk.xlsx")).unwrap()
    );

    // Someone who sent nothing gets the plain reminder, with a fresh questionnaire that
    // carries the new date, and nothing of anyone else's answers.
    let (_, address, _, body, attachment, _, _) =
        parse(&dir.path().join("reminders/2011H2-KLANT_NV-AA.eml"));
    assert_eq!(address, "A.Aaaa@NewMedia.nl");
    assert!(
        body.contains("overbodig") && !body.contains("7,5") && !body.contains("nog open"),
        "{body}"
    );
    let fresh = dir.path().join("fresh-aa.xlsx");
    std::fs::write(&fresh, attachment).unwrap();
    let cells = common::sheet_cells(&fresh, "Vragenlijst");
    assert!(
        cells
            .iter()
            .flatten()
            .any(|cell| cell.contains("07-12-2011")),
        "{cells:?}"
    );
}

#[test]
fn the_preview_round_has_its_own_mail_in_both_languages() {
    let (dir, _) = example_dir();
    klantwaarde(dir.path())
        .args([
            "generate",
            "master.toml",
            "-o",
            "out",
            "--mail",
            "--round",
            "preview",
            "--only",
            "KK",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("voor de voorronde"));
    let (_, _, subject, body, attachment, _, _) =
        parse(&dir.path().join("out/2011H2-KLANT_NV-KK.eml"));
    assert!(subject.contains("vooraf"), "{subject}");
    for part in [
        "nog niets in te vullen",
        "17 vragen kunt beoordelen",
        "twee weken vóór de klantwaardesessie",
        "uiterlijk 30-11-2011",
    ] {
        assert!(body.contains(part), "{part:?} not in\n{body}");
    }
    // the questionnaire is the same in both rounds
    assert_eq!(
        attachment,
        std::fs::read(dir.path().join("out/2011H2-KLANT_NV-KK.xlsx")).unwrap()
    );

    klantwaarde(dir.path())
        .args([
            "generate",
            "master.toml",
            "-o",
            "final",
            "--mail",
            "--only",
            "KK",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("voor de definitieve ronde"));
    let (_, _, subject, body, ..) = parse(&dir.path().join("final/2011H2-KLANT_NV-KK.eml"));
    assert!(
        !subject.contains("vooraf") && !body.contains("nog niets in te vullen"),
        "{body}"
    );

    let english = klantwaarde::EXAMPLE_MASTER_EN;
    std::fs::write(dir.path().join("en.toml"), english).unwrap();
    klantwaarde(dir.path())
        .args([
            "generate", "en.toml", "-o", "en", "--mail", "--round", "preview", "--only", "KK",
        ])
        .assert()
        .success();
    let (_, _, subject, body, ..) = parse(&dir.path().join("en/2011H2-KLANT_NV-KK.eml"));
    assert!(subject.contains("first look"), "{subject}");
    assert!(
        body.contains("able to judge each of the 17 questions")
            && body.contains("two weeks before the value session"),
        "{body}"
    );

    // --round means the mail drafts
    klantwaarde(dir.path())
        .args(["generate", "master.toml", "-o", "x", "--round", "preview"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--mail"));
}

#[test]
fn check_refuses_mail_overrides_with_unknown_placeholders() {
    let (dir, _) = example_dir();
    let master = format!(
        "{}\n[mail]\npreview_body = \"Beste {{nmae}},\"\npartial_body = \"Open: {{open_questions}}\"\n",
        klantwaarde::EXAMPLE_MASTER_NL
    );
    std::fs::write(dir.path().join("master.toml"), master).unwrap();
    klantwaarde(dir.path())
        .args(["check", "master.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "[mail] preview_body, regel 1: onbekend invulveld {nmae} (bedoelt u {name}?)",
        ));
}

#[test]
fn status_shows_what_an_anonymous_respondent_typed_beside_no_initials() {
    if common::openpyxl().is_none() {
        return;
    }
    let dir = kees_returns(
        |id| match id {
            "3.06" => None,
            "1.03" => Some(json!("7,5")),
            _ => Some(json!(8)),
        },
        "ja",
    );
    let output = klantwaarde(dir.path())
        .args(["status", "master.toml", "returned"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("deels beantwoord (15 van 17; 1 onleesbaar)"),
        "{stdout}"
    );
    assert!(!stdout.contains("7,5"), "{stdout}");
    let json: Value = serde_json::from_slice(
        &klantwaarde(dir.path())
            .args(["status", "master.toml", "returned", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json["unreadable"], json!({}));
    // the problem quoting `7,5` names no file that leads back to Kees Klant
    let kees = json["respondents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["initials"] == "KK")
        .unwrap();
    assert!(kees.get("file").is_none(), "{kees}");
    assert!(
        json["problems"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["file"] == "Anoniem"),
        "{json}"
    );
    assert!(!json.to_string().contains("kk.xlsx"), "{json}");
}
