//! Unit tests of the pure parts of ingest: judging cells, files and duplicates.

use super::assess::whole_number;
use super::*;
use crate::contract::TagFields;
use crate::labels::Language;

/// The account manager's key of these tests.
const SECRET: Secret = Secret::from_bytes([42; 32]);

/// Judges one file with the tests' key.
fn assess(master: &Master, file: &str, read: Result<Returned, Unreadable>) -> Assessed {
    super::assess(master, &SECRET, file, read)
}

/// The tag the generator writes for `meta`.
fn tag_of(meta: &Meta) -> String {
    contract::questionnaire_tag(
        &SECRET,
        &TagFields {
            format: &meta.format,
            client: &meta.client,
            supplier: &meta.supplier,
            period: &meta.period,
            respondent: &meta.respondent,
            fingerprint: &meta.fingerprint,
        },
    )
}
use crate::anonymity::pseudonyms;
use crate::contract;
use crate::reader::{FileKind, Meta, RawAnswer};

fn cell(value: CellValue) -> RawCell {
    RawCell {
        reference: "Vragenlijst!C12".into(),
        value,
        formula: None,
    }
}

fn text(value: &str) -> CellValue {
    CellValue::Text(value.into())
}

#[test]
fn scores_must_be_whole_numbers_in_range() {
    let check = |value: CellValue, expected: Result<Option<u8>, &str>| {
        let got =
            whole_number(&cell(value.clone()), 1, 10).map_err(|e| e.message(Language::English));
        match (&got, &expected) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{value:?}"),
            (Err(message), Err(part)) => assert!(message.contains(part), "{value:?}: {message}"),
            _ => panic!("{value:?}: got {got:?}, expected {expected:?}"),
        }
    };
    check(CellValue::Empty, Ok(None));
    check(CellValue::Number(8.0), Ok(Some(8)));
    check(CellValue::Number(1.0), Ok(Some(1)));
    check(CellValue::Number(10.0), Ok(Some(10)));
    check(text("8"), Ok(Some(8)));
    check(text(" 8 "), Ok(Some(8)));
    check(text("\u{a0}8"), Ok(Some(8)));
    check(text("   "), Ok(None));
    check(text("7,5"), Err("`7,5` is not a whole number"));
    check(text("acht"), Err("`acht` is not a whole number"));
    check(CellValue::Number(7.5), Err("7.5 is not a whole number"));
    check(CellValue::Number(11.0), Err("11 is outside 1–10"));
    check(CellValue::Number(0.0), Err("0 is outside 1–10"));
    check(CellValue::Number(-3.0), Err("-3 is outside 1–10"));
    check(text("99999999999999999999"), Err("is not a whole number"));
    check(CellValue::Bool(true), Err("yes/no value"));
    check(CellValue::Error("#N/A".into()), Err("formula error (#N/A)"));
    check(CellValue::DateTime(40000.0), Err("is a date"));
    check(text(&"9".repeat(5000)), Err("…"));
    let formula = RawCell {
        formula: Some("3+5".into()),
        ..cell(CellValue::Number(8.0))
    };
    let why = whole_number(&formula, 1, 10).unwrap_err();
    assert_eq!(
        why.message(Language::English),
        "is a formula (`3+5`), not a typed number"
    );
    assert_eq!(
        why.message(Language::Dutch),
        "is een formule (`3+5`), geen getypt getal"
    );
    // NPS runs from 0
    assert_eq!(
        whole_number(&cell(CellValue::Number(0.0)), 0, 10),
        Ok(Some(0))
    );
}

fn example() -> Master {
    crate::master::parse(crate::EXAMPLE_MASTER_NL.as_bytes())
        .unwrap()
        .master
}

fn returned(master: &Master, initials: &str, scores: &[(&str, CellValue)]) -> Returned {
    let index = master.respondent_index(initials).unwrap();
    let answers = master
        .questions_for(index)
        .into_iter()
        .flat_map(|(kwi, questions)| questions.into_iter().map(move |q| (kwi, q)))
        .enumerate()
        .map(|(n, (kwi, q))| RawAnswer {
            question: q.id.clone(),
            kwi: kwi.id.clone(),
            meta_row: 14 + n as u32,
            score: cell(
                scores
                    .iter()
                    .find(|(id, _)| *id == q.id)
                    .map_or(CellValue::Empty, |(_, v)| v.clone()),
            ),
            relevance: cell(text("neutraal")),
            id: None,
        })
        .collect();
    let mut returned = Returned {
        kind: FileKind::Xlsx,
        meta: Meta {
            format: contract::FORMAT.into(),
            client: master.client.clone(),
            supplier: master.supplier.clone(),
            period: master.period.clone(),
            respondent: initials.into(),
            name: master.respondent(index).name.clone(),
            fingerprint: master.fingerprint(index),
            tag: String::new(),
        },
        answers,
        nps: cell(CellValue::Number(8.0)),
        nps_reason: cell(CellValue::Empty),
        remarks: cell(CellValue::Empty),
        anonymous: cell(text("nee")),
        saved_at: Some("2011-11-20T10:00:00Z".into()),
    };
    returned.meta.tag = tag_of(&returned.meta);
    returned
}

#[test]
fn a_clean_file_is_accepted_without_problems() {
    let master = example();
    let assessed = assess(
        &master,
        "kk.xlsx",
        Ok(returned(&master, "KK", &[("1.02", CellValue::Number(6.0))])),
    );
    assert!(assessed.problems.is_empty(), "{:?}", assessed.problems);
    let Verdict::Current(filled) = assessed.verdict else {
        panic!("not current")
    };
    assert_eq!(
        filled.answers,
        vec![("1.02".into(), "KWI-01".into(), 6, Relevance::Neutral)]
    );
    assert!(!filled.anonymous);
}

#[test]
fn rejections_say_why() {
    let master = example();
    let check = |edit: &dyn Fn(&mut Returned), expected: &str| {
        let mut file = returned(&master, "KK", &[]);
        edit(&mut file);
        let assessed = assess(&master, "x.xlsx", Ok(file));
        assert!(
            matches!(assessed.verdict, Verdict::Rejected(_)),
            "{expected}"
        );
        let message = &assessed.problems[0].message;
        assert!(message.contains(expected), "{message}");
    };
    check(
        &|f| f.meta.client = "ANDER BV".into(),
        "hoort bij klant `ANDER BV`",
    );
    // A questionnaire truly sent to KX (a respondent since dropped from the master).
    check(
        &|f| {
            f.meta.respondent = "KX".into();
            f.meta.tag = tag_of(&f.meta);
        },
        "bedoelt u KK?",
    );
    // Relabelled without the key: the tag no longer verifies.
    check(
        &|f| f.meta.respondent = "AA".into(),
        "niet de vragenlijst die naar AA (Kees Klant) is gestuurd — is hij gekopieerd of bewerkt?",
    );
    check(
        &|f| f.meta.tag.clear(),
        "meta: geen kenmerk: gemaakt met een oudere klantwaarde",
    );
    check(
        &|f| f.meta.format = "something/2".into(),
        "het formaat is `something/2`",
    );
    let read_error = assess(&master, "x.xlsx", Err("the file is empty".into()));
    assert!(matches!(read_error.verdict, Verdict::Rejected(None)));
}

#[test]
fn untagged_files_count_only_when_asked_and_then_with_a_warning() {
    let master = example();
    let mut file = returned(&master, "KK", &[("1.02", CellValue::Number(6.0))]);
    file.meta.tag.clear();
    let assessed = Assessor::new(&master, &SECRET)
        .accept_untagged(true)
        .assess("kk.xlsx", Ok(file));
    assert!(matches!(assessed.verdict, Verdict::Current(_)));
    assert!(
        assessed.problems[0]
            .message
            .contains("meegeteld vanwege --accept-untagged")
    );
}

#[test]
fn answers_to_questions_not_assigned_are_left_out_with_their_cell() {
    let master = example();
    let dd = master.respondent_index("DD").unwrap();
    let assigned: Vec<String> = master
        .questions_for(dd)
        .iter()
        .flat_map(|(_, qs)| qs.iter().map(|q| q.id.clone()))
        .collect();
    let extra = master
        .kwis
        .iter()
        .flat_map(|k| &k.questions)
        .find(|q| !assigned.contains(&q.id))
        .unwrap();
    let mut file = returned(&master, "DD", &[]);
    file.answers.push(RawAnswer {
        question: extra.id.clone(),
        kwi: "KWI-01".into(),
        meta_row: 40,
        score: RawCell {
            reference: "meta!B2".into(),
            value: CellValue::Number(1.0),
            formula: None,
        },
        relevance: cell(CellValue::Empty),
        id: None,
    });
    let assessed = assess(&master, "dd.xlsx", Ok(file));
    let Verdict::Current(filled) = &assessed.verdict else {
        panic!("{:?}", assessed.problems)
    };
    assert!(filled.answers.iter().all(|(q, ..)| assigned.contains(q)));
    let left_out = assessed
        .problems
        .iter()
        .find(|p| p.cell.as_deref() == Some("meta!B2"))
        .expect("the extra answer is reported with its cell");
    assert!(
        left_out
            .message
            .contains("is geen vraag die de master aan DD toewijst"),
        "{}",
        left_out.message
    );
}

#[test]
fn a_save_time_in_the_future_or_not_a_date_does_not_count() {
    let master = example();
    let now = assess::parse_save_time("2011-12-01T12:00:00Z");
    let modified = assess::parse_save_time("2011-11-21T09:00:00Z");
    for (written, expected) in [
        ("9999-12-31T00:00:00Z", "ligt in de toekomst"),
        ("gisteren", "is geen datum"),
    ] {
        let mut file = returned(&master, "KK", &[("1.02", CellValue::Number(6.0))]);
        file.saved_at = Some(written.into());
        let assessed = Assessor::new(&master, &SECRET).assess_at(
            "kk.xlsx",
            Ok(file),
            FileTimes { modified, now },
        );
        assert_eq!(assessed.saved_at, modified, "{written}");
        assert!(
            assessed
                .problems
                .iter()
                .any(|p| p.message.contains(expected)),
            "{:?}",
            assessed.problems
        );
    }
}

#[test]
fn client_and_respondent_match_ignoring_case_and_spaces() {
    let master = example();
    let mut file = returned(&master, "KK", &[]);
    file.meta.client = " klant nv ".into();
    file.meta.respondent = "kk".into();
    assert!(matches!(
        assess(&master, "x", Ok(file)).verdict,
        Verdict::Current(_)
    ));
}

#[test]
fn an_unanswered_anonymity_question_counts_as_anonymous() {
    let master = example();
    let mut file = returned(&master, "KK", &[("1.02", CellValue::Number(6.0))]);
    file.anonymous = cell(CellValue::Empty);
    let assessed = assess(&master, "x", Ok(file));
    let Verdict::Current(filled) = &assessed.verdict else {
        panic!()
    };
    assert!(filled.anonymous);
    assert!(
        assessed.problems[0]
            .message
            .contains("voor de zekerheid als anoniem behandeld")
    );
}

#[test]
fn the_report_does_not_depend_on_the_order_of_the_files() {
    let master = example();
    let files: Vec<Assessed> = [("AA", 7.0), ("BB", 8.0), ("KK", 6.0), ("KK", 9.0)]
        .iter()
        .enumerate()
        .map(|(n, (initials, score))| {
            let mut file = returned(&master, initials, &[("1.02", CellValue::Number(*score))]);
            file.saved_at = Some(format!("2011-11-2{n}T10:00:00Z"));
            assess(&master, &format!("{initials}-{n}.xlsx"), Ok(file))
        })
        .collect();
    let forward = build_report(&master, &files, Vec::new());
    let mut reversed_files = files.clone();
    reversed_files.reverse();
    let backward = build_report(&master, &reversed_files, Vec::new());
    assert_eq!(forward.scores, backward.scores);
    assert_eq!(forward.answers, backward.answers);
    assert_eq!(forward.problems, backward.problems);
    // the later of KK's two differing copies counts
    let kk = &forward.respondents[master.respondent_index("KK").unwrap().index()];
    assert_eq!(kk.file.as_deref(), Some("KK-3.xlsx"));
    assert_eq!(forward.as_of.as_deref(), Some("2011-11-23"));
}

#[test]
fn pseudonyms_are_stable_and_hide_the_master_order() {
    let master = example();
    let all: Vec<RespondentId> = master.respondent_ids().collect();
    let one = pseudonyms(&master, all.iter().copied());
    let two = pseudonyms(&master, all.iter().rev().copied());
    assert_eq!(one, two);
    let mut names: Vec<&String> = one.values().collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Respondent 1",
            "Respondent 2",
            "Respondent 3",
            "Respondent 4",
            "Respondent 5"
        ]
    );
}

#[test]
fn a_remark_typed_with_a_leading_equals_sign_is_kept_as_typed() {
    let master = example();
    let mut file = returned(&master, "KK", &[("1.02", CellValue::Number(6.0))]);
    file.remarks = RawCell {
        reference: "Vragenlijst!A40".into(),
        value: CellValue::Error("#NAME?".into()),
        formula: Some("goed gedaan".into()),
    };
    let assessed = assess(&master, "kk.xlsx", Ok(file));
    let Verdict::Current(filled) = assessed.verdict else {
        panic!("not current")
    };
    assert_eq!(filled.remarks.as_deref(), Some("=goed gedaan"));
    assert!(
        assessed
            .problems
            .iter()
            .any(|p| p.severity == Severity::Note
                && p.cell.as_deref() == Some("Vragenlijst!A40")
                && p.message.contains("zoals hij is getypt")),
        "{:?}",
        assessed.problems
    );
}

#[test]
fn an_unreadable_file_whose_meta_named_a_respondent_is_their_rejection() {
    let master = example();
    let meta = returned(&master, "BB", &[]).meta;
    let unreadable = |meta: Option<Meta>| Unreadable {
        meta: meta.map(Box::new),
        ..Unreadable::from("meta!B9: `nps_cell` is `ZZZ0`, which is not a cell reference")
    };
    let bb = master.respondent_index("BB").unwrap();
    let assessed = assess(&master, "bb.xlsx", Err(unreadable(Some(meta.clone()))));
    assert!(matches!(assessed.verdict, Verdict::Rejected(Some(index)) if index == bb));
    assert_eq!(assessed.problems[0].severity, Severity::Rejected);
    // Another client's file, or no identity at all, names nobody.
    let other = Meta {
        client: "ANDER BV".into(),
        ..meta
    };
    for meta in [Some(other), None] {
        let assessed = assess(&master, "x.xlsx", Err(unreadable(meta)));
        assert!(matches!(assessed.verdict, Verdict::Rejected(None)));
    }
}

#[test]
fn an_answer_whose_row_shows_another_question_is_left_out_not_miscounted() {
    let master = example();
    let ids: Vec<String> = returned(&master, "KK", &[])
        .answers
        .iter()
        .map(|answer| answer.question.clone())
        .collect();
    let (first, second) = (ids[0].as_str(), ids[1].as_str());
    let mut file = returned(
        &master,
        "KK",
        &[
            (first, CellValue::Number(6.0)),
            (second, CellValue::Number(7.0)),
        ],
    );
    // Rows were inserted: the first answer's row now shows a KWI heading; the second still
    // shows its own id (with spaces); the rest are unanswered.
    for answer in &mut file.answers {
        let shown = if answer.question == first {
            "KWI-01".to_string()
        } else {
            format!(" {} ", answer.question)
        };
        answer.id = Some(cell(text(&shown)));
    }
    let assessed = assess(&master, "kk.xlsx", Ok(file));
    let Verdict::Current(filled) = assessed.verdict else {
        panic!("not current")
    };
    assert_eq!(filled.answers.len(), 1);
    assert_eq!(
        (filled.answers[0].0.as_str(), filled.answers[0].2),
        (second, 7)
    );
    let warning = assessed
        .problems
        .iter()
        .find(|p| p.severity == Severity::Warning)
        .expect("a warning");
    assert!(
        warning.message.contains("ingevoegd of verwijderd") && warning.message.contains(first),
        "{}",
        warning.message
    );
}

#[test]
fn a_retitled_new_or_dropped_kwi_is_noted_and_the_dropped_history_stays() {
    let master = example();
    let earlier = crate::report::TrendPoint {
        period: "2011H1".into(),
        kwis: [("KWI-01", Some(7.0)), ("KWI-99", Some(6.0))]
            .into_iter()
            .map(|(id, v)| (id.to_string(), v))
            .collect(),
        titles: [("KWI-01", "Oude titel"), ("KWI-99", "Vervallen")]
            .into_iter()
            .map(|(id, t)| (id.to_string(), t.to_string()))
            .collect(),
        respondents: Some(5),
        total: Some(6.5),
        nps: Some(-40),
    };
    let report = build_report(&master, &[], vec![earlier.clone()]);
    let notes: Vec<&str> = report
        .problems
        .iter()
        .filter(|p| p.file == "--previous")
        .map(|p| p.message.as_str())
        .collect();
    let title = &master.kwis[0].title;
    assert!(
        notes.iter().any(|n| n.starts_with(&format!(
            "KWI-01 heette `Oude titel` in 2011H1 en heet `{title}` in 2011H2"
        ))),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("KWI-02 (") && n.contains("is nieuw in 2011H2")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.starts_with(
            "KWI-99 (Vervallen) is gemeten in 2011H1 en staat niet meer in de master"
        )),
        "{notes:?}"
    );
    assert_eq!(report.trend[0], earlier, "the dropped KWI's history stays");
    assert_eq!(report.trend[1].period, "2011H2");
}

/// The example master (Dutch) and the same master with `language = "en"`.
fn dutch_and_english() -> [Master; 2] {
    let source = crate::EXAMPLE_MASTER_NL.replace("language = \"nl\"", "language = \"en\"");
    let english = crate::master::parse(source.as_bytes()).unwrap().master;
    let dutch = example();
    assert_eq!(
        (dutch.language, english.language),
        (Language::Dutch, Language::English)
    );
    [dutch, english]
}

/// The messages of `assessed`'s problems.
fn messages(assessed: &Assessed) -> Vec<&str> {
    assessed
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect()
}

#[test]
fn the_problems_of_a_file_are_in_the_masters_language() {
    let [dutch, english] = dutch_and_english();
    for (master, left_out, other_client, changed) in [
        (
            &dutch,
            "vraag 1.02: het cijfer `7,5` is geen heel getal; het wordt weggelaten — vraag de respondent om een heel getal van 1 t/m 10",
            "meta: deze vragenlijst hoort bij klant `ANDER BV`, niet bij `KLANT NV`; verwerk hem met de master van die klant",
            "de vragenlijst wijkt af van wat de master nu zou genereren (vragen of teksten zijn gewijzigd sinds hij is verstuurd); de antwoorden tellen per vraagnummer",
        ),
        (
            &english,
            "question 1.02: the score `7,5` is not a whole number; it is left out — ask the respondent for a whole number from 1 to 10",
            "meta: this questionnaire belongs to client `ANDER BV`, not `KLANT NV`; ingest it with that client's master",
            "the questionnaire differs from what the master would generate now (questions or texts changed since it was sent); its answers count by question id",
        ),
    ] {
        let assessor = Assessor::new(master, &SECRET);
        // A left-out answer: `7,5` typed where a whole number belongs.
        let file = returned(master, "KK", &[("1.02", text("7,5"))]);
        let assessed = assessor.assess("kk.xlsx", Ok(file));
        assert_eq!(messages(&assessed), [left_out]);
        assert_eq!(
            assessed.problems[0].cell.as_deref(),
            Some("Vragenlijst!C12")
        );
        // Another client's questionnaire.
        let mut file = returned(master, "KK", &[]);
        file.meta.client = "ANDER BV".into();
        let assessed = assessor.assess("ander.xlsx", Ok(file));
        assert!(matches!(assessed.verdict, Verdict::Rejected(None)));
        assert_eq!(messages(&assessed), [other_client]);
        // Texts changed since sending: the fingerprint differs, the tag still verifies.
        let mut file = returned(master, "KK", &[("1.02", CellValue::Number(6.0))]);
        file.meta.fingerprint = "changed".into();
        file.meta.tag = tag_of(&file.meta);
        let assessed = assessor.assess("kk.xlsx", Ok(file));
        assert!(matches!(assessed.verdict, Verdict::Current(_)));
        assert_eq!(messages(&assessed), [changed]);
        assert!(!assessed.problems[0].loses_input);
    }
}

#[test]
fn the_problems_of_the_report_are_in_the_masters_language() {
    let [dutch, english] = dutch_and_english();
    for (master, same, empty, unanswered) in [
        (
            &dutch,
            "dezelfde antwoorden als kk-a.xlsx; één keer geteld",
            "leeg teruggestuurd: geen enkel antwoord, dus BB telt als niet teruggestuurd; vraag de respondent de vragenlijst in te vullen en opnieuw te sturen",
            "de respondent heeft niet aangegeven of hij of zij anoniem wil blijven; voor de zekerheid als anoniem behandeld — vraag het na",
        ),
        (
            &english,
            "the same answers as kk-a.xlsx; counted once",
            "returned empty: not a single answer, so BB counts as not returned; ask them to fill it in and send it again",
            "the respondent did not say whether they wish to stay anonymous; treated as anonymous to be safe — ask them",
        ),
    ] {
        let assessor = Assessor::new(master, &SECRET);
        let kk = || returned(master, "KK", &[("1.02", CellValue::Number(6.0))]);
        let mut blank = returned(master, "BB", &[]);
        (blank.nps, blank.anonymous) = (cell(CellValue::Empty), cell(CellValue::Empty));
        let mut aa = returned(master, "AA", &[("1.01", CellValue::Number(7.0))]);
        aa.anonymous = cell(CellValue::Empty);
        let files = [
            assessor.assess("kk-a.xlsx", Ok(kk())),
            assessor.assess("kk-b.xlsx", Ok(kk())),
            assessor.assess("bb.xlsx", Ok(blank)),
            assessor.assess("aa.xlsx", Ok(aa)),
        ];
        let report = build_report(master, &files, Vec::new());
        let of = |file: &str| -> Vec<&str> {
            report
                .problems
                .iter()
                .filter(|p| p.file == file)
                .map(|p| p.message.as_str())
                .collect()
        };
        assert_eq!(of("kk-b.xlsx"), [same]);
        assert_eq!(of("bb.xlsx"), [empty]);
        assert_eq!(of("aa.xlsx"), [unanswered]);
    }
}

#[test]
fn an_unreadable_file_is_rejected_with_the_readers_reason() {
    for master in dutch_and_english() {
        let assessed = Assessor::new(&master, &SECRET)
            .assess("leeg.xlsx", Err(crate::reader::ReadError::Empty.into()));
        assert!(matches!(assessed.verdict, Verdict::Rejected(None)));
        assert_eq!(assessed.problems[0].severity, Severity::Rejected);
        assert_eq!(
            messages(&assessed),
            [crate::reader::ReadError::Empty
                .message(master.language)
                .as_str()]
        );
        let expected = match master.language {
            crate::labels::Language::Dutch => "het bestand is leeg (0 bytes)",
            crate::labels::Language::English => "the file is empty (0 bytes)",
        };
        assert!(
            messages(&assessed)[0].starts_with(expected),
            "{:?}",
            messages(&assessed)
        );
    }
}
