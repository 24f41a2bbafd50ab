//! Data-driven tests of the master file: every validation rule with its message and its
//! line:column, the method's example as the starting masters, and the bytes editors produce.
//!
//! Most cases change one thing in [`VALID`]; the line:column they expect refers to that text.
//! `fixtures/masters/make.py` writes the fixtures whose bytes are hard to type inline.

use std::path::Path;

use std::collections::BTreeSet;

use super::*;

const MASTER_NL: &str = include_str!("../../templates/master-nl.toml");
const MASTER_EN: &str = include_str!("../../templates/master-en.toml");

/// The smallest useful master. Line 6: initials AA, line 11: initials KK, line 15: the KWI id,
/// line 19: the question id, line 21: its respondents (21 lines in all).
const VALID: &str = r#"client = "KLANT NV"
supplier = "BESTSELLER B.V."
period = "2011H2"

[[respondents]]
initials = "AA"
name = "A. Aaaa"
email = "A.Aaaa@NewMedia.nl"

[[respondents]]
initials = "KK"
name = "Kees Klant"

[[kwis]]
id = "KWI-01"
title = "Kennisborging"

[[kwis.questions]]
id = "1.01"
text = "{supplier} deelt kennis met {client}"
respondents = ["AA", "KK"]
"#;

/// An action on KWI-01, appended to a master.
const ACTION_ON_KWI_01: &str =
    "\n[[actions]]\nid = \"2011-01\"\ndate = 2010-07-06\nkwi = \"KWI-01\"\n";

/// A second question of KWI-01, appended to [`VALID`] (its id on line 24).
const QUESTION_1_02: &str = "\n[[kwis.questions]]\nid = \"1.02\"\ntext = \"{supplier} borgt kennis\"\nrespondents = [\"KK\"]\n";

// ---- helpers ----------------------------------------------------------------------------------

/// `source` with `from` replaced by `to`; `from` must occur exactly once, so that a case cannot
/// silently test an unchanged master.
fn replace_once(source: &str, from: &str, to: &str) -> String {
    assert_eq!(
        source.matches(from).count(),
        1,
        "`{from}` must occur exactly once in:\n{source}"
    );
    source.replacen(from, to, 1)
}

/// [`VALID`] with one thing changed.
fn vary(from: &str, to: &str) -> String {
    replace_once(VALID, from, to)
}

/// [`VALID`] with a third respondent whose initials are the TOML value `initials`, on line 24,
/// column 12. The respondent answers nothing (a warning, not an error).
fn with_respondent(initials: &str) -> String {
    format!("{VALID}\n[[respondents]]\ninitials = {initials}\nname = \"Xavier\"\n")
}

/// [`VALID`] with a second KWI: its id on line 24, its question's id on line 28 and the
/// question's `respondents` (a TOML value) on line 30.
fn with_kwi(id: &str, question: &str, respondents: &str) -> String {
    format!(
        "{VALID}\n[[kwis]]\nid = \"{id}\"\ntitle = \"Inspiratie\"\n\n[[kwis.questions]]\nid = \"{question}\"\ntext = \"{{supplier}} inspireert\"\nrespondents = {respondents}\n"
    )
}

/// A diagnostic as `line:column: message`.
fn located(diagnostic: &Diagnostic) -> String {
    let position = diagnostic
        .position
        .as_ref()
        .expect("every diagnostic has a position");
    format!("{position}: {}", diagnostic.message)
}

/// Every message says what is wrong and, after a `; `, what to do; lowercase, no trailing period,
/// always with a position.
fn check_style(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        let message = &diagnostic.message;
        let first_word = message.split(' ').next().unwrap_or_default();
        let acronym = first_word.chars().all(|c| !c.is_lowercase());
        assert!(
            acronym || !first_word.starts_with(char::is_uppercase),
            "message starts with a capital: {message}"
        );
        assert!(
            !message.ends_with('.'),
            "message ends with a period: {message}"
        );
        assert!(
            message.contains("; "),
            "message does not say what to do after a `; `: {message}"
        );
        assert!(
            diagnostic.position.is_some(),
            "message without a position: {message}"
        );
    }
}

/// The errors of a master that must not parse, as `line:column: message`.
fn errors(source: impl AsRef<[u8]>) -> Vec<String> {
    match parse(source.as_ref()) {
        Ok(_) => panic!(
            "expected errors, but the master parsed:\n{}",
            String::from_utf8_lossy(source.as_ref())
        ),
        Err(diagnostics) => {
            check_style(&diagnostics);
            diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(located)
                .collect()
        }
    }
}

/// The warnings of a master that must parse, as `line:column: message`.
fn warnings(source: impl AsRef<[u8]>) -> Vec<String> {
    match parse(source.as_ref()) {
        Ok(parsed) => {
            check_style(&parsed.warnings);
            assert!(
                parsed
                    .warnings
                    .iter()
                    .all(|d| d.severity == Severity::Warning)
            );
            // most cases leave out the target; its warning has its own test
            parsed
                .warnings
                .iter()
                .map(located)
                .filter(|w| !w.contains(NO_TARGET))
                .collect()
        }
        Err(diagnostics) => panic!(
            "expected the master to parse, got:\n{}",
            diagnostics
                .iter()
                .map(located)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// The master of a source that must parse without errors and without warnings.
fn master(source: impl AsRef<[u8]>) -> Master {
    let source = source.as_ref();
    assert_eq!(
        warnings(source),
        Vec::<String>::new(),
        "expected no warnings"
    );
    parse(source).expect("parsed above").master
}

/// `None` when `actual` holds exactly the `expected` diagnostics, in order, each given as its
/// `line:column` and a part of its message; otherwise what differs.
fn mismatch(actual: &[String], expected: &[(&str, &str)]) -> Option<String> {
    let matches = actual.len() == expected.len()
        && actual.iter().zip(expected).all(|(actual, (at, part))| {
            actual.starts_with(&format!("{at}: ")) && actual.contains(part)
        });
    (!matches).then(|| format!("expected {expected:#?}\n     got {actual:#?}"))
}

/// Asserts that `source` fails with exactly the `expected` errors.
fn check_errors(source: impl AsRef<[u8]>, expected: &[(&str, &str)]) {
    if let Some(difference) = mismatch(&errors(source), expected) {
        panic!("{difference}");
    }
}

/// Asserts that `source` fails with exactly one error, at `at`, whose message contains `part`.
fn check_error(source: impl AsRef<[u8]>, at: &str, part: &str) {
    check_errors(source, &[(at, part)]);
}

/// Asserts that `source` parses with exactly the `expected` warnings.
fn check_warnings(source: impl AsRef<[u8]>, expected: &[(&str, &str)]) {
    if let Some(difference) = mismatch(&warnings(source), expected) {
        panic!("{difference}");
    }
}

/// Runs one-error cases and reports every case that fails, not only the first.
fn check_error_cases(cases: &[(String, &str, &str)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(source, at, part)| {
            let actual = match parse(source.as_bytes()) {
                Ok(_) => vec!["(parsed without errors)".to_string()],
                Err(diagnostics) => {
                    check_style(&diagnostics);
                    diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Error)
                        .map(located)
                        .collect()
                }
            };
            mismatch(&actual, &[(at, part)])
                .map(|difference| format!("case {at} {part:?}:\n{difference}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The questions of a master in order, as `id kind initials…`, e.g. `1.02 active AA KK`.
fn layout(master: &Master) -> Vec<String> {
    master
        .kwis
        .iter()
        .flat_map(|kwi| &kwi.questions)
        .map(|question| {
            let kind = match question.standard {
                None => "own",
                Some(Standard::Active) => "active",
                Some(Standard::Agreements) => "agreements",
            };
            let mut line = format!("{} {kind}", question.id);
            for &respondent in &question.respondents {
                line.push(' ');
                line.push_str(&master.respondent(respondent).initials);
            }
            line
        })
        .collect()
}

// ---- the starting masters: the method's example -----------------------------------------------

const OWN: Option<Standard> = None;
const ACTIVE: Option<Standard> = Some(Standard::Active);
const AGREEMENTS: Option<Standard> = Some(Standard::Agreements);

/// The assignment matrix of the method's example (DOMAIN.md): KWI, question, which standard
/// question it is, and who answers it.
const METHOD_MATRIX: &[(&str, &str, Option<Standard>, &str)] = &[
    ("KWI-01", "1.01", OWN, "AA BB CC"),
    ("KWI-01", "1.02", OWN, "AA BB KK"),
    ("KWI-01", "1.03", ACTIVE, "AA BB CC KK"),
    ("KWI-01", "1.04", AGREEMENTS, "AA BB CC KK"),
    ("KWI-02", "2.01", OWN, "AA BB CC KK"),
    ("KWI-02", "2.02", OWN, "AA BB CC KK"),
    ("KWI-02", "2.03", OWN, "AA BB CC KK"),
    ("KWI-02", "2.04", ACTIVE, "AA BB KK"),
    ("KWI-03", "3.01", OWN, "AA BB CC DD"),
    ("KWI-03", "3.02", OWN, "AA BB CC KK"),
    ("KWI-03", "3.03", OWN, "AA BB"),
    ("KWI-03", "3.04", OWN, "AA BB CC DD KK"),
    ("KWI-03", "3.05", ACTIVE, "AA BB CC KK"),
    ("KWI-03", "3.06", AGREEMENTS, "AA BB CC DD KK"),
    ("KWI-04", "4.01", OWN, "AA BB CC KK"),
    ("KWI-04", "4.02", OWN, "AA BB"),
    ("KWI-04", "4.03", ACTIVE, "AA BB CC KK"),
    ("KWI-04", "4.04", AGREEMENTS, "AA BB"),
    ("KWI-05", "5.01", OWN, "AA BB DD KK"),
    ("KWI-05", "5.02", OWN, "AA BB DD KK"),
    ("KWI-05", "5.03", OWN, "AA BB DD KK"),
    ("KWI-05", "5.04", ACTIVE, "AA BB DD KK"),
];

/// What Kees Klant answers in the method's example.
const KEES_KLANT: [&str; 17] = [
    "1.02", "1.03", "1.04", "2.01", "2.02", "2.03", "2.04", "3.02", "3.04", "3.05", "3.06", "4.01",
    "4.03", "5.01", "5.02", "5.03", "5.04",
];

#[test]
fn starting_masters_parse_without_warnings() {
    for (name, source) in [("nl", MASTER_NL), ("en", MASTER_EN)] {
        match parse(source.as_bytes()) {
            Ok(parsed) => assert_eq!(
                parsed.warnings,
                Vec::<Diagnostic>::new(),
                "master-{name}.toml"
            ),
            Err(diagnostics) => panic!("master-{name}.toml: {:#?}", diagnostics),
        }
    }
}

#[test]
fn starting_masters_give_the_methods_assignment_matrix() {
    let expected: Vec<(String, String, Option<Standard>, String)> = METHOD_MATRIX
        .iter()
        .map(|(kwi, id, standard, initials)| {
            (
                kwi.to_string(),
                id.to_string(),
                *standard,
                initials.to_string(),
            )
        })
        .collect();
    for source in [MASTER_NL, MASTER_EN] {
        let master = master(source);
        let actual: Vec<(String, String, Option<Standard>, String)> = master
            .kwis
            .iter()
            .flat_map(|kwi| kwi.questions.iter().map(move |question| (kwi, question)))
            .map(|(kwi, question)| {
                let initials: Vec<&str> = question
                    .respondents
                    .iter()
                    .map(|&r| master.respondent(r).initials.as_str())
                    .collect();
                (
                    kwi.id.clone(),
                    question.id.clone(),
                    question.standard,
                    initials.join(" "),
                )
            })
            .collect();
        assert_eq!(actual, expected);
    }
}

#[test]
fn starting_masters_hold_the_methods_example() {
    for (source, language) in [(MASTER_NL, Language::Dutch), (MASTER_EN, Language::English)] {
        let master = master(source);
        assert_eq!(master.client, "KLANT NV");
        assert_eq!(master.supplier, "BESTSELLER B.V.");
        assert_eq!(master.period, "2011H2");
        assert_eq!(master.language, language);
        assert_eq!(master.deadline, NaiveDate::from_ymd_opt(2011, 11, 30));
        assert_eq!(master.password, None);
        let respondents: Vec<(&str, &str, Option<&str>)> = master
            .respondents
            .iter()
            .map(|r| (r.initials.as_str(), r.name.as_str(), r.email.as_deref()))
            .collect();
        assert_eq!(
            respondents,
            [
                ("AA", "A. Aaaa", Some("A.Aaaa@NewMedia.nl")),
                ("BB", "B. Beee", Some("B.Beee@NewMedia.nl")),
                ("CC", "C. Ceee", Some("C.Ceee@NewMedia.nl")),
                ("DD", "D. Deeee", Some("D.Deeee@NewMedia.nl")),
                ("KK", "Kees Klant", Some("Kees.Klant@NewMedia.nl")),
            ]
        );
        let targets: Vec<Option<f64>> = master.kwis.iter().map(|kwi| kwi.target).collect();
        assert_eq!(
            targets,
            [Some(8.0), Some(7.5), Some(7.5), Some(7.5), Some(7.5)]
        );
        let actions: Vec<(&str, Option<&str>)> = master
            .actions
            .iter()
            .map(|a| (a.id.as_str(), a.kwi.as_deref()))
            .collect();
        assert_eq!(
            actions,
            [
                ("2011-01", Some("KWI-01")),
                ("2011-02", Some("KWI-03")),
                ("2011-03", Some("KWI-04")),
                ("2011-04", Some("KWI-03"))
            ]
        );
        assert!(
            master
                .actions
                .iter()
                .all(|a| a.date == NaiveDate::from_ymd_opt(2010, 7, 6) && a.owner == "RM")
        );
    }
}

#[test]
fn kees_klant_answers_17_questions() {
    for source in [MASTER_NL, MASTER_EN] {
        let master = master(source);
        let kk = master.respondent_index("KK").expect("KK is a respondent");
        let ids: Vec<&str> = master
            .questions_for(kk)
            .into_iter()
            .flat_map(|(_, questions)| questions)
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(ids, KEES_KLANT);
        assert_eq!(master.question_count(kk), 17);
    }
}

#[test]
fn question_count_agrees_with_the_matrix() {
    let master = master(MASTER_NL);
    for (initials, count) in [("AA", 22), ("BB", 22), ("CC", 13), ("DD", 7), ("KK", 17)] {
        let in_matrix = METHOD_MATRIX
            .iter()
            .filter(|(_, _, _, who)| who.split(' ').any(|i| i == initials))
            .count();
        assert_eq!(in_matrix, count, "{initials} in the matrix");
        let index = master.respondent_index(initials).unwrap();
        assert_eq!(master.question_count(index), count, "{initials}");
    }
}

#[test]
fn standard_questions_name_the_supplier() {
    let dutch = master(MASTER_NL);
    let kwi = &dutch.kwis[0];
    assert_eq!(
        kwi.questions[2].text,
        "BESTSELLER B.V. gaf blijk actief aan deze KWI-doelstelling te werken"
    );
    assert_eq!(
        kwi.questions[3].text,
        "BESTSELLER B.V. kwam de specifieke afspraken inzake deze KWI na (zie actielijst)"
    );
    assert_eq!(
        kwi.questions[0].text,
        "BESTSELLER B.V. heeft een interne kennisportal voor zijn professionals bij KLANT NV"
    );
    assert!(
        kwi.description
            .as_deref()
            .unwrap()
            .contains(": BESTSELLER B.V. borgt de kennis")
    );

    let english = master(MASTER_EN);
    let kwi = &english.kwis[0];
    assert_eq!(
        kwi.questions[2].text,
        "BESTSELLER B.V. showed that it works actively on this KWI"
    );
    assert_eq!(
        kwi.questions[3].text,
        "BESTSELLER B.V. kept the specific agreements on this KWI (see action list)"
    );
    assert!(
        english
            .kwis
            .iter()
            .flat_map(|k| &k.questions)
            .all(|q| !q.text.contains('{'))
    );
}

// ---- Master's accessors -----------------------------------------------------------------------

#[test]
fn respondent_index_ignores_case_and_surrounding_spaces() {
    let master = master(MASTER_NL);
    for (initials, expected) in [
        ("AA", Some(0)),
        ("KK", Some(4)),
        ("kk", Some(4)),
        ("Kk", Some(4)),
        (" KK ", Some(4)),
        ("XX", None),
        ("", None),
    ] {
        assert_eq!(
            master.respondent_index(initials).map(RespondentId::index),
            expected,
            "{initials:?}"
        );
    }
}

#[test]
fn questions_for_leaves_out_kwis_without_questions() {
    let master = master(MASTER_NL);
    let dd = master.respondent_index("DD").unwrap();
    let grouped: Vec<(&str, Vec<&str>)> = master
        .questions_for(dd)
        .into_iter()
        .map(|(kwi, questions)| {
            (
                kwi.id.as_str(),
                questions.iter().map(|q| q.id.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        grouped,
        [
            ("KWI-03", vec!["3.01", "3.04", "3.06"]),
            ("KWI-05", vec!["5.01", "5.02", "5.03", "5.04"])
        ]
    );
    assert_eq!(master.question_count(dd), 7);
}

#[test]
fn fingerprint_is_stable_across_parses() {
    let first = master(MASTER_NL);
    let second = master(MASTER_NL);
    for respondent in first.respondent_ids() {
        let fingerprint = first.fingerprint(respondent);
        assert_eq!(fingerprint, second.fingerprint(respondent));
        assert_eq!(fingerprint.len(), 32);
        assert!(
            fingerprint
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
    }
}

#[test]
fn fingerprint_changes_with_a_question_text_of_the_respondent_only() {
    let before = master(MASTER_NL);
    let changed = master(replace_once(
        MASTER_NL,
        "{supplier} borgt de kennis via het met {client} gedeelde opdrachtmanagementdocument",
        "{supplier} borgt de kennis via het opdrachtmanagementdocument",
    ));
    let [aa, cc, kk] =
        ["AA", "CC", "KK"].map(|initials| before.respondent_index(initials).unwrap());
    // 1.02 is answered by AA, BB and KK, not by CC
    assert_ne!(before.fingerprint(kk), changed.fingerprint(kk));
    assert_ne!(before.fingerprint(aa), changed.fingerprint(aa));
    assert_eq!(before.fingerprint(cc), changed.fingerprint(cc));
}

#[test]
fn fingerprint_changes_when_a_question_is_assigned_away() {
    let before = master(MASTER_NL);
    // 1.02 loses KK, and with it KK loses KWI-01's standard questions 1.03 and 1.04
    let changed = master(replace_once(
        MASTER_NL,
        "respondents = [\"AA\", \"BB\", \"KK\"]\n\n[[kwis]]",
        "respondents = [\"AA\", \"BB\"]\n\n[[kwis]]",
    ));
    let kk = before.respondent_index("KK").unwrap();
    assert_eq!(changed.question_count(kk), 14);
    assert_ne!(before.fingerprint(kk), changed.fingerprint(kk));
}

#[test]
fn fingerprint_differs_between_respondents() {
    // CC, DD and KK answer different questions; AA and BB answer the same ones, but their
    // initials, which the fingerprint includes, differ
    let master = master(MASTER_NL);
    let fingerprints: BTreeSet<String> = master
        .respondent_ids()
        .map(|r| master.fingerprint(r))
        .collect();
    assert_eq!(fingerprints.len(), master.respondents.len());
}

// ---- syntax and shape -------------------------------------------------------------------------

#[test]
fn valid_master_parses_without_diagnostics() {
    let master = master(VALID);
    assert_eq!(layout(&master), ["1.01 own AA KK", "1.02 active AA KK"]);
    assert_eq!(
        master.kwis[0].questions[0].text,
        "BESTSELLER B.V. deelt kennis met KLANT NV"
    );
    assert_eq!(master.language, Language::Dutch);
    assert_eq!(master.title, "KlantwaardeMonitor");
    assert_eq!(master.kwis[0].target, None);
}

#[test]
fn syntax_errors_give_line_and_column() {
    check_error_cases(&[
        (
            vary(r#"client = "KLANT NV""#, r#"client = "KLANT NV"#),
            "1:19",
            "invalid basic string",
        ),
        (
            vary(r#"client = "KLANT NV""#, r#"client = KLANT NV"#),
            "1:10",
            "string values must be quoted, expected literal string; check the quotes",
        ),
        (
            vary(r#"["AA", "KK"]"#, r#"["AA" "KK"]"#),
            "21:21",
            "missing comma between array elements",
        ),
        (
            vary(r#"["AA", "KK"]"#, r#"["AA", "KK""#),
            "21:26",
            "unclosed array",
        ),
        (
            vary("period = \"2011H2\"", "period = \"2011H2\"\nclient = \"X\""),
            "4:1",
            "duplicate key; a key may appear only once per table; remove one of the two",
        ),
        (
            vary("initials = \"KK\"", "initials\u{a0}= \"KK\""),
            "11:9",
            "; this line holds a non-breaking space; retype it as a normal space",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\ndeadline = 2011-02-30",
            ),
            "4:12",
            "invalid date, expected day between 01 and 28; write an existing date like 2011-11-30",
        ),
    ]);
}

#[test]
fn missing_keys_name_the_key_and_how_to_add_it() {
    check_error_cases(&[
        (
            vary("client = \"KLANT NV\"\n", ""),
            "1:1",
            "missing key `client`; add it (see `klantwaarde init` for a commented example)",
        ),
        (
            vary("period = \"2011H2\"\n", ""),
            "1:1",
            "missing key `period`",
        ),
        (
            vary("name = \"Kees Klant\"\n", ""),
            "10:1",
            "missing key `name`; add it",
        ),
        (
            vary("title = \"Kennisborging\"\n", ""),
            "14:1",
            "missing key `title`; add it",
        ),
        (
            vary("respondents = [\"AA\", \"KK\"]\n", ""),
            "18:1",
            "missing key `respondents`; add it",
        ),
    ]);
}

#[test]
fn unknown_keys_suggest_the_nearest_known_key() {
    check_error_cases(&[
        (
            vary("client =", "clinet ="),
            "1:1",
            "unknown key `clinet`; did you mean `client`?",
        ),
        (
            vary(
                "[[respondents]]\ninitials = \"AA\"",
                "[[respondets]]\ninitials = \"AA\"",
            ),
            "5:3",
            "unknown key `respondets`; did you mean `respondents`?",
        ),
        (
            vary("title =", "titel ="),
            "16:1",
            "unknown key `titel`; did you mean `title`?",
        ),
        (
            vary("respondents = [", "respondent = ["),
            "21:1",
            "unknown key `respondent`; did you mean `respondents`?",
        ),
        (
            vary(
                "name = \"Kees Klant\"",
                "name = \"Kees Klant\"\nemial = \"k@x.nl\"",
            ),
            "13:1",
            "unknown key `emial`; did you mean `email`?",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\nkleur = \"rood\"",
            ),
            "4:1",
            "unknown key `kleur`; remove it or use one of the keys allowed here: `client`, `supplier`, `period`,",
        ),
    ]);
}

#[test]
fn wrong_value_types_say_what_to_write() {
    check_error_cases(&[
        (
            vary("period = \"2011H2\"", "period = \"2011H2\"\ntarget = \"8\""),
            "4:10",
            "invalid type: string \"8\", expected a number; write it without quotes, e.g. 7.5",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\ndeadline = \"2011-11-30\"",
            ),
            "4:12",
            "expected a date; write it without quotes, like 2011-11-30",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\nstandard_questions = \"nee\"",
            ),
            "4:22",
            "expected true or false; write it without quotes",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\nsender = \"Rob\"",
            ),
            "4:10",
            "expected a table; write it as [name]",
        ),
        (
            vary(r#"["AA", "KK"]"#, r#""KK""#),
            "21:15",
            "expected a list; write values as [\"AA\", \"KK\"]",
        ),
        (
            vary("[[kwis]]\n", "[kwis]\n"),
            "14:1",
            "expected a list; write values as [\"AA\", \"KK\"] and tables as [[name]] with double brackets",
        ),
        (
            vary("initials = \"KK\"", "initials = 12"),
            "11:12",
            "expected text; put it between double quotes",
        ),
    ]);
}

// ---- top-level values -------------------------------------------------------------------------

#[test]
fn top_level_values_are_checked() {
    check_error_cases(&[
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\nlanguage = \"de\"",
            ),
            "4:12",
            "`language` is `de`; use \"nl\" (Dutch) or \"en\" (English)",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\ndeadline = 2011-11-30T12:00:00",
            ),
            "4:12",
            "`deadline` must be a date without a time; write it like 2011-11-30",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\ndeadline = 2011-11-30 12:00:00+01:00",
            ),
            "4:12",
            "`deadline` must be a date without a time",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\ndeadline = 12:00:00",
            ),
            "4:12",
            "`deadline` must be a date without a time",
        ),
        (
            vary("client = \"KLANT NV\"", "client = \"  \""),
            "1:10",
            "`client` is empty; fill it in",
        ),
        (
            vary("supplier = \"BESTSELLER B.V.\"", "supplier = \"\""),
            "2:12",
            "`supplier` is empty; fill it in",
        ),
        (
            vary("period = \"2011H2\"", "period = \"2011/H2\""),
            "3:10",
            "`period` `2011/H2` contains a path separator (/)",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\n\n[sender]\nname = \"Rob Relatie\"\nemail = \"rob.relatie\"",
            ),
            "7:9",
            "`rob.relatie` is not an e-mail address: it needs the form name@example.com; correct it or leave the key out",
        ),
    ]);
}

#[test]
fn top_level_values_are_read() {
    let source = vary(
        "period = \"2011H2\"",
        "period = \" 2011H2 \"\nlanguage = \"EN\"\ntitle = \"Monitor\"\ndeadline = 2011-11-30\npassword = \"geheim\"\n\n[sender]\nname = \"Rob Relatie\"\nemail = \"rob@bestseller.example\"\n\n[mail]\nsubject = \"Vragenlijst {period}\"",
    );
    let master = master(source);
    assert_eq!(master.period, "2011H2");
    assert_eq!(master.language, Language::English);
    assert_eq!(master.title, "Monitor");
    assert_eq!(master.deadline, NaiveDate::from_ymd_opt(2011, 11, 30));
    assert_eq!(master.password.as_deref(), Some("geheim"));
    assert_eq!(
        master.sender,
        Some(Sender {
            name: "Rob Relatie".into(),
            email: "rob@bestseller.example".into()
        })
    );
    assert_eq!(master.mail.subject.as_deref(), Some("Vragenlijst {period}"));
    assert_eq!(master.mail.body, None);
    // English labels for the standard question
    assert_eq!(
        master.kwis[0].questions[1].text,
        "BESTSELLER B.V. showed that it works actively on this KWI"
    );
}

#[test]
fn an_empty_password_means_none() {
    let master = master(vary(
        "period = \"2011H2\"",
        "period = \"2011H2\"\npassword = \"\"",
    ));
    assert_eq!(master.password, None);
}

// ---- targets ----------------------------------------------------------------------------------

#[test]
fn targets_outside_1_to_10_are_errors() {
    let outside =
        "is outside 1–10; scores run from 1 to 10, so set a target between them, e.g. 7.5";
    let mut cases = Vec::new();
    for target in ["0", "11", "10.5", "-1", "0.99", "nan", "inf"] {
        // the master's default, and one KWI's own
        cases.push((
            vary(
                "period = \"2011H2\"",
                &format!("period = \"2011H2\"\ntarget = {target}"),
            ),
            "4:10",
            outside,
        ));
        cases.push((
            vary(
                "title = \"Kennisborging\"",
                &format!("title = \"Kennisborging\"\ntarget = {target}"),
            ),
            "17:10",
            outside,
        ));
    }
    check_error_cases(&cases);
    check_error(
        vary("period = \"2011H2\"", "period = \"2011H2\"\ntarget = 10.5"),
        "4:10",
        "target 10.5 is outside 1–10",
    );
}

#[test]
fn targets_inside_1_to_10_are_kept_and_inherited() {
    for (top, own, expected) in [
        ("", "", None),
        ("target = 7.5", "", Some(7.5)),
        ("target = 7", "", Some(7.0)),
        ("", "target = 1", Some(1.0)),
        ("target = 7.5", "target = 10", Some(10.0)),
    ] {
        let source = vary(
            "period = \"2011H2\"",
            &format!("period = \"2011H2\"\n{top}"),
        );
        let source = replace_once(
            &source,
            "title = \"Kennisborging\"",
            &format!("title = \"Kennisborging\"\n{own}"),
        );
        assert_eq!(master(source).kwis[0].target, expected, "{top:?} {own:?}");
    }
}

// ---- respondents ------------------------------------------------------------------------------

#[test]
fn initials_must_be_unique_ignoring_case() {
    check_error_cases(&[
        (
            with_respondent("\"KK\""),
            "24:12",
            "initials `KK` are used twice (line 11); initials name the respondent's file, so make them unique",
        ),
        (
            with_respondent("\"kk\""),
            "24:12",
            "initials `kk` differ only in case from `KK` (line 11)",
        ),
        (
            with_respondent("\" KK \""),
            "24:12",
            "initials `KK` are used twice (line 11)",
        ),
    ]);
}

#[test]
fn initials_must_be_usable_as_a_file_name() {
    check_error_cases(&[
        (
            with_respondent("\"*\""),
            "24:12",
            "initials `*` are reserved for \"every respondent\"; choose other initials",
        ),
        (
            with_respondent("\"\""),
            "24:12",
            "initials is empty; fill it in",
        ),
        (
            with_respondent("\"../../x\""),
            "24:12",
            "initials `../../x` contains a path separator (/); use letters, digits",
        ),
        (
            with_respondent(r#""..\\x""#),
            "24:12",
            "initials `..\\x` contains a path separator (\\)",
        ),
        (
            with_respondent("\"A:B\""),
            "24:12",
            "initials `A:B` contains :, which file names cannot hold",
        ),
        (
            with_respondent("\"A?\""),
            "24:12",
            "contains ?, which file names cannot hold",
        ),
        (
            with_respondent("\"X\u{a0}Y\""),
            "24:12",
            "initials `X\u{a0}Y` contains a non-breaking space; retype it as a normal space or leave it out",
        ),
        (
            with_respondent("\"X\u{2019}Y\""),
            "24:12",
            "initials `X\u{2019}Y` contains a typographic quote (\u{2019}), probably pasted from a word processor; retype it",
        ),
        (
            with_respondent(r#""X\u0007Y""#),
            "24:12",
            r"initials `X\u{7}Y` contains a control character; retype it",
        ),
        (
            with_respondent("\"X\tY\""),
            "24:12",
            r"initials `X\u{9}Y` contains a control character",
        ),
        (
            with_respondent(r#""X\u200bY""#),
            "24:12",
            r"initials `X\u{200b}Y` contains an invisible character (U+200B), probably pasted; retype it",
        ),
    ]);
}

#[test]
fn respondent_values_are_checked() {
    check_error_cases(&[
        (
            vary("A.Aaaa@NewMedia.nl", "A.Aaaa(at)NewMedia.nl"),
            "8:9",
            "`A.Aaaa(at)NewMedia.nl` is not an e-mail address: it needs the form name@example.com; correct it or leave the key out",
        ),
        (
            vary("A.Aaaa@NewMedia.nl", "A.Aaaa@NewMedia"),
            "8:9",
            "`A.Aaaa@NewMedia` is not an e-mail address",
        ),
        (
            vary("A.Aaaa@NewMedia.nl", "@NewMedia.nl"),
            "8:9",
            "is not an e-mail address",
        ),
        (
            vary("A.Aaaa@NewMedia.nl", "A. Aaaa@NewMedia.nl"),
            "8:9",
            "is not an e-mail address",
        ),
        (
            vary("\"Kees Klant\"", "\"\""),
            "12:8",
            "respondent name is empty; fill it in",
        ),
    ]);
    // an empty e-mail is the same as none
    assert_eq!(
        master(vary("A.Aaaa@NewMedia.nl", "")).respondents[0].email,
        None
    );
}

#[test]
fn a_master_without_respondents_or_kwis_is_an_error() {
    let header = "client = \"KLANT NV\"\nsupplier = \"BESTSELLER B.V.\"\nperiod = \"2011H2\"\n";
    check_errors(
        header,
        &[
            (
                "1:10",
                "the master has no respondents; add a [[respondents]] table for each contact person",
            ),
            (
                "1:10",
                "the master has no KWIs; add a [[kwis]] table with its [[kwis.questions]]",
            ),
        ],
    );
    let without_respondents = VALID.replace(
        &VALID[VALID.find("[[respondents]]").unwrap()..VALID.find("[[kwis]]").unwrap()],
        "",
    );
    // The assignments that still name initials add nothing to the one error (a workbook master
    // without its respondents sheet gave one more error for every X).
    check_error(
        &without_respondents,
        "1:10",
        "the master has no respondents",
    );
    let without_respondents = replace_once(&without_respondents, r#"["AA", "KK"]"#, "[]");
    check_error(without_respondents, "1:10", "the master has no respondents");
}

#[test]
fn nfc_and_nfd_initials_are_the_same_respondent() {
    // KK becomes É written decomposed (E + combining acute); the question names it composed
    let source = vary("initials = \"KK\"", "initials = \"E\u{301}\"");
    let source = replace_once(&source, r#""KK"]"#, "\"\u{c9}\"]");
    let master = master(source);
    assert_eq!(
        master.respondents[1].initials, "\u{c9}",
        "stored composed (NFC)"
    );
    assert_eq!(layout(&master)[0], "1.01 own AA \u{c9}");
    for written in ["\u{c9}", "E\u{301}", "\u{e9}", "e\u{301}"] {
        assert_eq!(
            master.respondent_index(written),
            Some(RespondentId(1)),
            "{written:?}"
        );
    }
    // and one written each way is a duplicate
    let source = format!(
        "{}\n[[respondents]]\ninitials = \"\u{c5}\"\nname = \"Y\"\n",
        with_respondent("\"A\u{30a}\"")
    );
    check_error(
        source,
        "28:12",
        "initials `\u{c5}` are used twice (line 24)",
    );
}

#[test]
fn texts_are_stored_composed() {
    let master = master(vary("deelt kennis", "deelt ke\u{301}nnis"));
    assert_eq!(
        master.kwis[0].questions[0].text,
        "BESTSELLER B.V. deelt k\u{e9}nnis met KLANT NV"
    );
}

// ---- KWIs and questions -----------------------------------------------------------------------

#[test]
fn ids_must_be_unique() {
    check_error_cases(&[
        (
            with_kwi("KWI-01", "2.01", r#"["AA"]"#),
            "24:6",
            "KWI id `KWI-01` is used twice (first on line 15); give each KWI its own id",
        ),
        (
            with_kwi("kwi-01", "2.01", r#"["AA"]"#),
            "24:6",
            "KWI id `kwi-01` is used twice (first on line 15)",
        ),
        (
            format!("{VALID}{QUESTION_1_02}").replace("id = \"1.02\"", "id = \"1.01\""),
            "24:6",
            "question id `1.01` is used twice (first on line 19); question ids must be unique in the whole file",
        ),
    ]);
    // across KWIs; KWI-02's standard question then also gets KWI-01's 1.02
    check_errors(
        with_kwi("KWI-02", "1.01", r#"["AA"]"#),
        &[
            (
                "24:6",
                "the standard question of KWI KWI-02 would get id `1.02`, which the standard question of KWI KWI-01 (line 15) already has; renumber",
            ),
            (
                "28:6",
                "question id `1.01` is used twice (first on line 19); question ids must be unique in the whole file",
            ),
        ],
    );
    // a third use still points at the first
    let third = format!(
        "{}\n[[kwis]]\nid = \"KWI-01\"\ntitle = \"Drie\"\n\n[[kwis.questions]]\nid = \"9.01\"\ntext = \"t\"\nrespondents = [\"AA\"]\n",
        with_kwi("KWI-01", "2.01", r#"["AA"]"#)
    );
    check_errors(
        third,
        &[
            ("24:6", "(first on line 15)"),
            ("33:6", "(first on line 15)"),
        ],
    );
}

#[test]
fn ids_must_be_plain() {
    check_error_cases(&[
        (
            vary("id = \"KWI-01\"", "id = \"KWI/01\""),
            "15:6",
            "KWI id `KWI/01` contains a path separator (/)",
        ),
        (
            vary("id = \"KWI-01\"", "id = \"../../x\""),
            "15:6",
            "KWI id `../../x` contains a path separator (/)",
        ),
        (
            vary("id = \"KWI-01\"", "id = \"KWI\u{201c}01\""),
            "15:6",
            "KWI id `KWI\u{201c}01` contains a typographic quote (\u{201c})",
        ),
        (
            vary("id = \"1.01\"", "id = \"1\u{a0}01\""),
            "19:6",
            "question id `1\u{a0}01` contains a non-breaking space",
        ),
        (
            vary("id = \"1.01\"", "id = \"\""),
            "19:6",
            "question id is empty; fill it in",
        ),
        (
            vary("id = \"KWI-01\"", "id = \" \""),
            "15:6",
            "KWI id is empty; fill it in",
        ),
        (
            vary("title = \"Kennisborging\"", "title = \"\""),
            "16:9",
            "KWI title is empty; fill it in",
        ),
        (
            vary("\"{supplier} deelt kennis met {client}\"", "\" \""),
            "20:8",
            "question text is empty; fill it in",
        ),
    ]);
}

#[test]
fn questions_must_name_known_respondents() {
    check_error_cases(&[
        (
            vary(r#""KK"]"#, r#""KX"]"#),
            "21:22",
            "question 1.01 is assigned to `KX`, but no respondent has these initials; did you mean KK?",
        ),
        (
            vary(r#""KK"]"#, r#""ZZZZ"]"#),
            "21:22",
            "question 1.01 is assigned to `ZZZZ`, but no respondent has these initials; known initials are AA, KK",
        ),
        (
            vary(r#"["AA", "KK"]"#, r#"["*", "AA"]"#),
            "21:15",
            "question 1.01: `\"*\"` means every respondent and stands alone; remove the other initials or the \"*\"",
        ),
        (
            vary(r#"["AA", "KK"]"#, r#"["AA", "*"]"#),
            "21:15",
            "stands alone",
        ),
    ]);
}

#[test]
fn questions_name_respondents_ignoring_case_spaces_and_order() {
    for list in [
        r#"["*"]"#,
        r#"["kk", "aa"]"#,
        r#"[" AA", "KK "]"#,
        r#"[" * "]"#,
    ] {
        let master = master(vary(r#"["AA", "KK"]"#, list));
        assert_eq!(layout(&master)[0], "1.01 own AA KK", "{list}");
    }
}

#[test]
fn a_kwi_needs_questions() {
    check_error(
        format!("{VALID}\n[[kwis]]\nid = \"KWI-02\"\ntitle = \"Leeg\"\n"),
        "24:6",
        "KWI KWI-02 has no questions; add at least one [[kwis.questions]] under it, or remove the KWI",
    );
}

#[test]
fn unknown_placeholders_suggest_the_nearest() {
    check_error_cases(&[
        (
            vary("{supplier} deelt", "{suplier} deelt"),
            "20:8",
            "unknown placeholder {suplier} in a question text: only {supplier} and {client} are filled in; did you mean {supplier}?",
        ),
        (
            vary("{client}\"", "{Client}\""),
            "20:8",
            "unknown placeholder {Client} in a question text: only {supplier} and {client} are filled in; did you mean {client}?",
        ),
        (
            vary("{client}\"", "{klant}\""),
            "20:8",
            "unknown placeholder {klant} in a question text: only {supplier} and {client} are filled in; write one of those, or leave out the braces",
        ),
        (
            vary(
                "title = \"Kennisborging\"",
                "title = \"Kennisborging\"\ndescription = \"{suppleir} borgt kennis\"",
            ),
            "17:15",
            "unknown placeholder {suppleir} in a KWI description: only {supplier} and {client} are filled in; did you mean {supplier}?",
        ),
    ]);
    // braces that are no placeholder stay text
    let master = master(vary("deelt kennis", "deelt {kennis } en { } en {}"));
    assert_eq!(
        master.kwis[0].questions[0].text,
        "BESTSELLER B.V. deelt {kennis } en { } en {} met KLANT NV"
    );
}

// ---- actions ----------------------------------------------------------------------------------

#[test]
fn actions_must_name_a_known_kwi() {
    let with_kwi_06 = with_kwi("KWI-06", "6.01", r#"["AA"]"#);
    // the action's `kwi` is on line 35
    let action = |kwi: &str| {
        format!(
            "{with_kwi_06}\n[[actions]]\nid = \"2011-01\"\ndate = 2010-07-06\nkwi = \"{kwi}\"\n"
        )
    };
    check_error_cases(&[
        (
            action("KWI-6"),
            "35:7",
            "action 2011-01 names KWI `KWI-6`, which the master does not have; did you mean KWI-06?",
        ),
        (
            action("Partnership"),
            "35:7",
            "action 2011-01 names KWI `Partnership`, which the master does not have; known KWIs are KWI-01, KWI-06",
        ),
    ]);
    // case and surrounding spaces do not matter, and the action then brings the agreements question
    let master = master(action(" kwi-06 "));
    assert_eq!(master.actions[0].kwi.as_deref(), Some("KWI-06"));
    assert_eq!(
        layout(&master)[2..],
        ["6.01 own AA", "6.02 active AA", "6.03 agreements AA"]
    );
}

#[test]
fn action_values_are_checked() {
    let action = |lines: &str| format!("{VALID}\n[[actions]]\nid = \"2011-01\"\n{lines}\n");
    check_error_cases(&[
        (
            action("date = 2010-07-06T09:00:00"),
            "25:8",
            "the action's `date` must be a date without a time; write it like 2011-11-30",
        ),
        (
            action("date = \"2010-07-06\""),
            "25:8",
            "expected a date; write it without quotes",
        ),
        (
            format!("{}\n[[actions]]\nid = \"2011-01\"\n", action("")),
            "28:6",
            "action id `2011-01` is used twice (first on line 24); give each action its own id",
        ),
        (
            action("").replace("\"2011-01\"", "\"\""),
            "24:6",
            "action id is empty; fill it in",
        ),
        (
            action("status = \"open\"\nvoor = \"RM\""),
            "26:1",
            "unknown key `voor`; remove it or use one of the keys allowed here: `id`, `date`, `description`, `owner`, `status`, `kwi`",
        ),
    ]);
    let master = master(action(
        "date = 2010-07-06\ndescription = \" Klanthoek \"\nowner = \"RM\"\nstatus = \"open\"",
    ));
    assert_eq!(
        master.actions,
        [Action {
            id: "2011-01".into(),
            date: NaiveDate::from_ymd_opt(2010, 7, 6),
            description: "Klanthoek".into(),
            owner: "RM".into(),
            status: "open".into(),
            kwi: None,
        }]
    );
}

// ---- standard questions -----------------------------------------------------------------------

#[test]
fn standard_questions_are_numbered_after_the_own_ones() {
    let two_questions = format!("{VALID}{QUESTION_1_02}");
    let cases: Vec<(String, Vec<&str>)> = vec![
        // only the "active" question when no action names the KWI
        (
            two_questions.clone(),
            vec!["1.01 own AA KK", "1.02 own KK", "1.03 active AA KK"],
        ),
        (
            format!("{two_questions}{ACTION_ON_KWI_01}"),
            vec![
                "1.01 own AA KK",
                "1.02 own KK",
                "1.03 active AA KK",
                "1.04 agreements AA KK",
            ],
        ),
        // zero padding is kept, and the number may grow a digit
        (
            vary("id = \"1.01\"", "id = \"2.9\""),
            vec!["2.9 own AA KK", "2.10 active AA KK"],
        ),
        (
            format!(
                "{}{ACTION_ON_KWI_01}",
                vary("id = \"1.01\"", "id = \"3.09\"")
            ),
            vec![
                "3.09 own AA KK",
                "3.10 active AA KK",
                "3.11 agreements AA KK",
            ],
        ),
        (
            vary("id = \"1.01\"", "id = \"Q7\""),
            vec!["Q7 own AA KK", "Q8 active AA KK"],
        ),
        // an id without a number gets the KWI id and a suffix
        (
            format!("{}{ACTION_ON_KWI_01}", vary("id = \"1.01\"", "id = \"a\"")),
            vec![
                "a own AA KK",
                "KWI-01-active active AA KK",
                "KWI-01-agreements agreements AA KK",
            ],
        ),
    ];
    for (source, expected) in cases {
        assert_eq!(layout(&master(&source)), expected, "{source}");
    }
}

#[test]
fn standard_questions_can_be_switched_off() {
    let off_globally = vary(
        "period = \"2011H2\"",
        "period = \"2011H2\"\nstandard_questions = false",
    );
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            format!("{off_globally}{ACTION_ON_KWI_01}"),
            vec!["1.01 own AA KK"],
        ),
        (
            format!(
                "{}{ACTION_ON_KWI_01}",
                vary(
                    "title = \"Kennisborging\"",
                    "title = \"Kennisborging\"\nstandard_questions = false"
                )
            ),
            vec!["1.01 own AA KK"],
        ),
        // a KWI can switch them back on
        (
            replace_once(
                &off_globally,
                "title = \"Kennisborging\"",
                "title = \"Kennisborging\"\nstandard_questions = true",
            ),
            vec!["1.01 own AA KK", "1.02 active AA KK"],
        ),
    ];
    for (source, expected) in cases {
        assert_eq!(layout(&master(&source)), expected, "{source}");
    }
    // switched off on one KWI only
    let source = replace_once(
        &with_kwi("KWI-02", "2.01", r#"["AA"]"#),
        "title = \"Inspiratie\"",
        "title = \"Inspiratie\"\nstandard_questions = false",
    );
    assert_eq!(
        layout(&master(source)),
        ["1.01 own AA KK", "1.02 active AA KK", "2.01 own AA"]
    );
}

#[test]
fn standard_questions_can_be_narrowed() {
    let narrowed = |lines: &str| {
        vary(
            "title = \"Kennisborging\"",
            &format!("title = \"Kennisborging\"\n{lines}"),
        )
    };
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            narrowed("active_respondents = [\"KK\"]"),
            vec!["1.01 own AA KK", "1.02 active KK"],
        ),
        (
            narrowed("active_respondents = [\"kk\"]"),
            vec!["1.01 own AA KK", "1.02 active KK"],
        ),
        (
            narrowed("active_respondents = []"),
            vec!["1.01 own AA KK", "1.02 active"],
        ),
        (
            format!(
                "{}{ACTION_ON_KWI_01}",
                narrowed("agreements_respondents = [\"AA\"]")
            ),
            vec!["1.01 own AA KK", "1.02 active AA KK", "1.03 agreements AA"],
        ),
        (
            format!(
                "{}{ACTION_ON_KWI_01}",
                narrowed("active_respondents = [\"KK\"]\nagreements_respondents = [\"AA\"]")
            ),
            vec!["1.01 own AA KK", "1.02 active KK", "1.03 agreements AA"],
        ),
    ];
    for (source, expected) in cases {
        assert_eq!(layout(&master(&source)), expected, "{source}");
    }
    check_error_cases(&[
        (
            narrowed("active_respondents = [\"XX\"]"),
            "17:23",
            "KWI KWI-01 narrows its standard question to `XX`, but no respondent has these initials; known initials are AA, KK",
        ),
        (
            narrowed("active_respondents = [\"KX\"]"),
            "17:23",
            "no respondent has these initials; did you mean KK?",
        ),
        (
            format!(
                "{}{ACTION_ON_KWI_01}",
                narrowed("agreements_respondents = [\"AA\", \"BX\"]")
            ),
            "17:33",
            "KWI KWI-01 narrows its standard question to `BX`",
        ),
    ]);
}

#[test]
fn standard_ids_must_not_collide_with_explicit_ones() {
    // own ids 1.02 then 1.01: the standard question would be 1.02 again
    let reversed = format!("{}{QUESTION_1_02}", vary("id = \"1.01\"", "id = \"1.02\"")).replace(
        "id = \"1.02\"\ntext = \"{supplier} borgt",
        "id = \"1.01\"\ntext = \"{supplier} borgt",
    );
    check_error(
        reversed,
        "15:6",
        "the standard question of KWI KWI-01 would get id `1.02`, which question 1.02 on line 19 already has; renumber the questions or set `standard_questions = false` on this KWI",
    );
    // a later KWI uses the id KWI-01's standard question got
    check_error(
        with_kwi("KWI-02", "1.02", r#"["AA"]"#),
        "28:6",
        "question id `1.02` is already the id of a standard question of KWI KWI-01 (line 15); renumber this question or set `standard_questions = false` on KWI KWI-01",
    );
    // two standard questions that would share an id
    check_error(
        replace_once(
            &with_kwi("KWI-02", "x09", r#"["AA"]"#),
            "id = \"1.01\"",
            "id = \"x9\"",
        ),
        "24:6",
        "the standard question of KWI KWI-02 would get id `x10`, which the standard question of KWI KWI-01 (line 15) already has",
    );
}

// ---- warnings ---------------------------------------------------------------------------------

#[test]
fn a_respondent_without_questions_is_a_warning() {
    check_warnings(
        vary(r#"["AA", "KK"]"#, r#"["AA"]"#),
        &[(
            "11:12",
            "respondent KK (Kees Klant) has no questions and gets no questionnaire; add their initials to the questions they can judge",
        )],
    );
}

#[test]
fn more_than_eight_respondents_is_a_warning() {
    let with_respondents = |count: usize| {
        let mut source = vary(r#"["AA", "KK"]"#, r#"["*"]"#);
        for n in 3..=count {
            source.push_str(&format!(
                "\n[[respondents]]\ninitials = \"R{n}\"\nname = \"Respondent {n}\"\n"
            ));
        }
        source
    };
    assert_eq!(warnings(with_respondents(8)), Vec::<String>::new());
    // the ninth respondent's initials are on line 24 + 4 × 6
    check_warnings(
        with_respondents(9),
        &[(
            "48:12",
            "9 respondents: the method advises at most 8 per client",
        )],
    );
    let master = master_with_warnings(with_respondents(9));
    assert_eq!(master.respondents.len(), 9);
    assert_eq!(
        master.kwis[0].questions[0].respondents,
        (0..9).map(RespondentId).collect::<Vec<_>>()
    );
}

/// The master of a source that must parse, warnings or not.
fn master_with_warnings(source: impl AsRef<[u8]>) -> Master {
    parse(source.as_ref()).expect("the master parses").master
}

#[test]
fn unanswered_kwis_and_questions_are_warnings() {
    check_warnings(
        with_kwi("KWI-02", "2.01", "[]"),
        &[(
            "24:6",
            "no respondent answers any question of KWI KWI-02; assign its questions in `respondents`",
        )],
    );
    let master = master_with_warnings(with_kwi("KWI-02", "2.01", "[]"));
    assert_eq!(layout(&master)[2..], ["2.01 own", "2.02 active"]);
    check_warnings(
        format!("{VALID}{QUESTION_1_02}").replace(r#"respondents = ["KK"]"#, "respondents = []"),
        &[(
            "26:15",
            "no respondent answers question 1.02; add the initials of those who can judge it, or remove the question",
        )],
    );
}

#[test]
fn doubtful_assignments_are_warnings() {
    let narrowed = |lines: &str| {
        vary(
            "title = \"Kennisborging\"",
            &format!("title = \"Kennisborging\"\n{lines}"),
        )
    };
    check_warnings(
        vary(r#"["AA", "KK"]"#, r#"["AA", "KK", "kk"]"#),
        &[("21:28", "question 1.01 names kk twice; once is enough")],
    );
    check_warnings(
        replace_once(
            &narrowed("active_respondents = [\"AA\", \"KK\"]"),
            "\nrespondents = [\"AA\", \"KK\"]",
            "\nrespondents = [\"AA\"]",
        ),
        &[(
            "17:29",
            "KK answers a standard question of KWI KWI-01 but none of its own questions; check that this is meant",
        )],
    );
    check_warnings(
        narrowed("agreements_respondents = [\"AA\"]"),
        &[(
            "17:27",
            "KWI KWI-01 sets `agreements_respondents` but no action names this KWI, so it gets no agreements question; link an action with `kwi = \"KWI-01\"` or remove the key",
        )],
    );
    check_warnings(
        narrowed("standard_questions = false\nactive_respondents = [\"AA\"]"),
        &[(
            "15:6",
            "KWI KWI-01 narrows who answers its standard questions, but standard questions are switched off; remove the narrowing or switch them on",
        )],
    );
}

#[test]
fn warnings_come_with_the_errors_when_there_are_errors() {
    let diagnostics = parse(vary(r#"["AA", "KK"]"#, r#"["AA", "XX"]"#).as_bytes()).unwrap_err();
    let formatted: Vec<(Severity, String)> = diagnostics
        .iter()
        .map(|d| (d.severity, located(d)))
        .collect();
    assert_eq!(formatted.len(), 2, "{formatted:#?}");
    assert_eq!(
        formatted[0].0,
        Severity::Warning,
        "KK on line 11 comes first: {formatted:#?}"
    );
    assert!(
        formatted[0]
            .1
            .starts_with("11:12: respondent KK (Kees Klant) has no questions")
    );
    assert_eq!(formatted[1].0, Severity::Error);
    assert!(
        formatted[1]
            .1
            .starts_with("21:22: question 1.01 is assigned to `XX`")
    );
}

// ---- bytes: what editors and word processors produce ------------------------------------------

#[test]
fn invalid_utf8_is_an_error_with_its_line() {
    // line 16 is `title = "Café caf\xE9"`: the column counts characters, not bytes
    check_error(
        include_bytes!("../../fixtures/masters/invalid-utf8.toml"),
        "16:18",
        "the file is not UTF-8 text; save it as UTF-8 in your editor (in Notepad: Save as, Encoding: UTF-8)",
    );
    check_error(b"\xff", "1:1", "the file is not UTF-8 text");
}

#[test]
fn a_utf8_bom_is_accepted() {
    let bom = include_bytes!("../../fixtures/masters/bom.toml");
    assert!(bom.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(master(bom), master(VALID));
    // and does not shift the columns of line 1
    check_error(
        [
            b"\xEF\xBB\xBF".as_slice(),
            vary("client =", "clinet =").as_bytes(),
        ]
        .concat(),
        "1:1",
        "unknown key `clinet`",
    );
}

#[test]
fn windows_line_endings_are_accepted() {
    let crlf = include_bytes!("../../fixtures/masters/crlf.toml");
    assert!(crlf.windows(2).any(|pair| pair == b"\r\n"));
    assert_eq!(master(crlf), master(VALID));
    // line numbers and columns are still right
    check_error(
        vary(r#""KK"]"#, r#""KX"]"#).replace('\n', "\r\n"),
        "21:22",
        "did you mean KK?",
    );
    check_error(
        vary("client =", "clinet =").replace('\n', "\r\n"),
        "1:1",
        "unknown key `clinet`",
    );
    check_error(
        vary("title =", "titel =").replace('\n', "\r\n"),
        "16:1",
        "unknown key `titel`",
    );
}

#[test]
fn a_non_breaking_space_in_initials_is_an_error() {
    check_error(
        include_bytes!("../../fixtures/masters/nbsp-initials.toml"),
        "24:12",
        "initials `X\u{a0}Y` contains a non-breaking space; retype it as a normal space or leave it out",
    );
}

#[test]
fn smart_quotes_are_errors_naming_the_quote() {
    check_error(
        include_bytes!("../../fixtures/masters/smart-quote-in-id.toml"),
        "15:6",
        "KWI id `KWI\u{2018}01` contains a typographic quote (\u{2018}), probably pasted from a word processor; retype it",
    );
    check_error(
        include_bytes!("../../fixtures/masters/smart-quotes-around-id.toml"),
        "15:6",
        "; this line holds a typographic quote (\u{201c}), probably from a word processor; type straight quotes (\") instead",
    );
}

#[test]
fn a_raw_control_character_is_an_error() {
    check_error(
        include_bytes!("../../fixtures/masters/control-character.toml"),
        "12:13",
        "; this line holds an invisible control character; retype the line",
    );
}

// ---- files and display ------------------------------------------------------------------------

#[test]
fn load_reads_a_file_and_names_it_in_errors() {
    let parsed = load(Path::new("fixtures/masters/crlf.toml")).expect("the fixture is valid");
    assert_eq!(parsed.master, master(VALID));

    let missing = load(Path::new("fixtures/masters/does-not-exist.toml")).unwrap_err();
    assert!(matches!(missing, MasterError::Read { .. }));
    assert!(
        missing
            .to_string()
            .starts_with("cannot read the master file fixtures/masters/does-not-exist.toml: "),
        "{missing}"
    );

    let path = Path::new("fixtures/masters/smart-quote-in-id.toml");
    let invalid = load(path).unwrap_err();
    assert_eq!(
        invalid.to_string(),
        "fixtures/masters/smart-quote-in-id.toml has 1 error(s); fix them and run `klantwaarde check` again"
    );
    let MasterError::Invalid { diagnostics, .. } = invalid else {
        panic!("expected MasterError::Invalid")
    };
    assert!(
        diagnostics[0]
            .display(path)
            .to_string()
            .starts_with("fixtures/masters/smart-quote-in-id.toml:15:6: error: KWI id")
    );
}

#[test]
fn diagnostics_display_like_a_compiler() {
    let file = Path::new("master.toml");
    let warning = Diagnostic {
        severity: Severity::Warning,
        position: Some(Position::Line {
            line: 11,
            column: 12,
        }),
        message: "something; do this".into(),
        language: Language::English,
    };
    assert_eq!(
        warning.display(file).to_string(),
        "master.toml:11:12: warning: something; do this"
    );
    let error = Diagnostic {
        severity: Severity::Error,
        position: None,
        message: "something; do that".into(),
        language: Language::English,
    };
    assert_eq!(
        error.display(file).to_string(),
        "master.toml: error: something; do that"
    );
    let dutch = Diagnostic {
        language: Language::Dutch,
        ..error
    };
    assert_eq!(
        dutch.display(file).to_string(),
        "master.toml: fout: something; do that"
    );
}

#[test]
fn nearest_finds_likely_typos_only() {
    let known = ["client", "supplier", "respondents", "KK", "KWI-06"];
    for (wanted, expected) in [
        ("clinet", Some("client")),
        ("respondets", Some("respondents")),
        ("SUPPLIER", Some("supplier")),
        ("KX", Some("KK")),
        ("KWI-6", Some("KWI-06")),
        ("XY", None),
        ("title", None),
    ] {
        assert_eq!(nearest(wanted, known).as_deref(), expected, "{wanted}");
    }
}

#[test]
fn check_refuses_what_a_workbook_or_a_mail_header_cannot_hold() {
    let long = "x".repeat(33_000);
    // 3,000 × `{supplier}` is 30,000 characters as written and 45,000 filled in
    let placeholders = "{supplier}".repeat(3_000);
    check_error_cases(&[
        (
            vary(r#"name = "Kees Klant""#, r#"name = "Kees\nKlant""#),
            "12:8",
            "contains a line break or another control character; write it on one line",
        ),
        (
            vary(r#"client = "KLANT NV""#, r#"client = "KLANT\tNV""#),
            "1:10",
            "`client` `KLANT\\u{9}NV` contains a line break",
        ),
        (
            vary(
                r#"title = "Kennisborging""#,
                &format!(r#"title = "{long}""#),
            ),
            "16:9",
            "KWI title is 33000 characters long, and a spreadsheet cell holds at most 32767; shorten it",
        ),
        (
            vary(
                r#"text = "{supplier} deelt kennis met {client}""#,
                &format!(r#"text = "{long}""#),
            ),
            "20:8",
            "question text is 33000 characters long",
        ),
        (
            vary(
                r#"text = "{supplier} deelt kennis met {client}""#,
                &format!(r#"text = "{placeholders}""#),
            ),
            "20:8",
            "question text is 45000 characters long",
        ),
    ]);
}

#[test]
fn mail_overrides_with_unknown_placeholders_are_refused_by_check() {
    let text = format!(
        "{}\n[mail]\npreview_body = \"Beste {{nmae}},\\n\\nTot {{deadline}}\"\npartial_subject = \"Nog open: {{open_questions}}\"\nreminder_body = \"Tot {{deadlin}} {{\"\n",
        crate::EXAMPLE_MASTER_NL
    );
    let errors = match parse(text.as_bytes()) {
        Ok(parsed) => panic!("accepted: {:?}", parsed.warnings),
        Err(diagnostics) => diagnostics,
    };
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    let expected = [
        "[mail] preview_body, line 1: unknown placeholder {nmae} (did you mean {name}?)",
        "[mail] reminder_body, line 1: unknown placeholder {deadlin} (did you mean {deadline}?)",
        "[mail] reminder_body, line 1: a { without a closing }",
    ];
    for wanted in expected {
        assert!(
            messages.iter().any(|m| m.starts_with(wanted)),
            "{wanted:?} not in {messages:#?}"
        );
    }
    assert_eq!(messages.len(), 3, "{messages:#?}");
}

#[test]
fn a_period_off_the_pattern_is_an_error_with_a_suggestion() {
    for (period, expected) in [
        ("2024-2", "did you mean 2024H2 or 2024Q2?"),
        ("2011h1", "did you mean 2011H1?"),
        (
            "voorjaar",
            "write a year (2011), a half year (2011H1, 2011H2) or a quarter",
        ),
    ] {
        let text = crate::EXAMPLE_MASTER_NL.replacen(
            "period = \"2011H2\"",
            &format!("period = \"{period}\""),
            1,
        );
        let Err(diagnostics) = parse(text.as_bytes()) else {
            panic!("{period} was accepted");
        };
        let message = diagnostics
            .iter()
            .map(|d| d.message.clone())
            .find(|m| m.contains("`period`"))
            .unwrap_or_default();
        assert!(message.contains(expected), "{period}: {message}");
    }
}

// ---- every problem in one run -----------------------------------------------------------------

#[test]
fn an_unknown_key_does_not_hide_the_other_mistakes() {
    // four mistakes: an unknown key, a misspelt key, a bad e-mail address and unknown initials
    let source = vary(
        "period = \"2011H2\"",
        "period = \"2011H2\"\nperiode = \"x\"",
    );
    let source = replace_once(&source, "name = \"Kees Klant\"", "naam = \"Kees Klant\"");
    let source = replace_once(&source, "A.Aaaa@NewMedia.nl", "A.Aaaa-at-NewMedia.nl");
    let source = replace_once(&source, "[\"AA\", \"KK\"]", "[\"AA\", \"KX\"]");
    check_errors(
        source,
        &[
            ("4:1", "unknown key `periode`; did you mean `period`?"),
            ("9:9", "is not an e-mail address"),
            ("13:1", "unknown key `naam`; did you mean `name`?"),
            (
                "22:22",
                "assigned to `KX`, but no respondent has these initials; did you mean KK?",
            ),
        ],
    );
}

#[test]
fn misspelt_table_names_and_single_brackets_do_not_cascade() {
    // `[[respondets]]` is read as `[[respondents]]`, so AA still answers question 1.01
    check_error(
        vary(
            "[[respondents]]\ninitials = \"AA\"",
            "[[respondets]]\ninitials = \"AA\"",
        ),
        "5:3",
        "unknown key `respondets`; did you mean `respondents`?",
    );
    // a value of the wrong type and a later unknown key are both reported
    check_errors(
        vary(
            "name = \"Kees Klant\"",
            "name = 12\nemial = \"kk@klant.nl\"",
        ),
        &[
            ("12:8", "expected text; put it between double quotes"),
            ("13:1", "unknown key `emial`; did you mean `email`?"),
        ],
    );
    // one initials given as text: the list is read as a list of one
    check_error(
        vary("respondents = [\"AA\", \"KK\"]", "respondents = \"KK\""),
        "21:15",
        "expected a list",
    );
}

#[test]
fn a_decimal_comma_is_told_to_be_a_point() {
    check_error(
        vary("period = \"2011H2\"", "period = \"2011H2\"\ntarget = 7,5"),
        "4:11",
        "write 7.5",
    );
    check_error(
        vary(
            "period = \"2011H2\"",
            "period = \"2011H2\"\ntarget = \"7,5\"",
        ),
        "4:10",
        "write 7.5",
    );
}

#[test]
fn duplicate_initials_do_not_cascade_into_unknown_initials() {
    // KK twice, with a question for KK and one narrowed to KK: only the duplicate is an error
    let source = format!(
        "{}\n[[respondents]]\ninitials = \"KK\"\nname = \"Karel Klant\"\n",
        vary("[\"AA\", \"KK\"]", "[\"KK\"]")
    );
    check_error(source, "24:12", "initials `KK` are used twice (line 11)");
    // AA's row copied for KK and the initials left: KK's questions are not reported unknown
    check_error(
        vary("initials = \"KK\"", "initials = \"AA\""),
        "11:12",
        "initials `AA` are used twice (line 6)",
    );
    // initials of the wrong type: the questions naming them are not reported as well
    check_error(
        vary("initials = \"KK\"", "initials = 12"),
        "11:12",
        "expected text",
    );
}

/// The warning of a master without any target, which [`warnings`] leaves out.
const NO_TARGET: &str = "no target is set";

#[test]
fn a_master_without_any_target_is_warned_about() {
    let target = NO_TARGET;
    let warnings: Vec<String> = parse(VALID.as_bytes())
        .unwrap()
        .warnings
        .iter()
        .map(located)
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("1:10: ") && w.contains(target)),
        "{warnings:#?}"
    );
    for with_target in [
        vary("period = \"2011H2\"", "period = \"2011H2\"\ntarget = 7.5"),
        vary(
            "title = \"Kennisborging\"",
            "title = \"Kennisborging\"\ntarget = 8",
        ),
    ] {
        let warnings = super::tests::warnings(&with_target);
        assert!(
            !warnings.iter().any(|w| w.contains(target)),
            "{warnings:#?}"
        );
    }
}

// ---- the master as a workbook -------------------------------------------------------------------

/// The master a workbook of `source` stands for, read back through the reader's guards.
fn through_workbook(source: &str) -> (Vec<u8>, Result<Parsed, Vec<Diagnostic>>) {
    let (bytes, _) = toml_to_workbook(source.as_bytes()).expect("the master converts");
    let sheets = crate::reader::read_sheets(&bytes, &crate::reader::Limits::default())
        .expect("the workbook reads");
    (bytes, parse_workbook(&sheets))
}

#[test]
fn the_starting_masters_survive_the_workbook_and_back_unchanged() {
    for source in [MASTER_NL, MASTER_EN] {
        let direct = parse(source.as_bytes()).unwrap().master;
        let (bytes, read) = through_workbook(source);
        let read = read.unwrap_or_else(|d| panic!("{d:#?}"));
        assert_eq!(
            read.master, direct,
            "every field, mail texts and actions included"
        );
        assert!(read.warnings.is_empty(), "{:#?}", read.warnings);
        let sheets = crate::reader::read_sheets(&bytes, &crate::reader::Limits::default()).unwrap();
        let (toml, _) = workbook_to_toml(&sheets).unwrap();
        assert_eq!(parse(toml.as_bytes()).unwrap().master, direct);
        let (again, _) = toml_to_workbook(toml.as_bytes()).unwrap();
        assert!(
            again == bytes,
            "toml → xlsx → toml → xlsx gives the same bytes"
        );
    }
}

#[test]
fn the_minimum_group_survives_the_workbook() {
    let source = MASTER_NL.replacen("target = 7.5", "target = 7.5\nmin_group = 4", 1);
    assert_ne!(source, MASTER_NL, "the starting master sets a target");
    let direct = parse(source.as_bytes()).unwrap().master;
    let (_, read) = through_workbook(&source);
    let read = read.unwrap_or_else(|d| panic!("{d:#?}")).master;
    assert_eq!(read, direct);
    assert_eq!(read.min_group, 4);
}

#[test]
fn a_workbook_master_in_english_has_english_sheet_names() {
    let (bytes, _) = toml_to_workbook(MASTER_EN.as_bytes()).unwrap();
    let sheets = crate::reader::read_sheets(&bytes, &crate::reader::Limits::default()).unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Client and period",
            "Respondents",
            "KWIs",
            "Question assignment",
            "Action list"
        ]
    );
}

/// A sheet from rows of cells: `n:7.5` is a number, `d:40877` a date serial, `b:true` a
/// boolean, "" an empty cell, anything else text.
fn sheet(name: &str, rows: &[&[&str]]) -> crate::reader::SheetCells {
    use crate::reader::CellValue;
    let mut cells = Vec::new();
    for (row, values) in rows.iter().enumerate() {
        for (column, value) in values.iter().enumerate() {
            let value = if let Some(number) = value.strip_prefix("n:") {
                CellValue::Number(number.parse().unwrap())
            } else if let Some(serial) = value.strip_prefix("d:") {
                CellValue::DateTime(serial.parse().unwrap())
            } else if let Some(yes) = value.strip_prefix("b:") {
                CellValue::Bool(yes == "true")
            } else if value.is_empty() {
                continue;
            } else {
                CellValue::Text((*value).to_string())
            };
            cells.push((row as u32, column as u32, value));
        }
    }
    crate::reader::SheetCells {
        name: name.to_string(),
        cells,
    }
}

/// The sheets of a small English workbook master, with `master` rows on the first sheet.
fn small_workbook(master: &[&[&str]], questions: &[&[&str]]) -> Vec<crate::reader::SheetCells> {
    let mut first: Vec<&[&str]> = vec![
        &["key", "value"],
        &["client", "KLANT NV"],
        &["supplier", "BESTSELLER B.V."],
        &["period", "2011H2"],
        &["target", "n:7.5"],
    ];
    first.extend_from_slice(master);
    let mut matrix: Vec<&[&str]> = vec![&["kwi", "id", "text", "AA", "KK"]];
    matrix.extend_from_slice(questions);
    vec![
        sheet("Client and period", &first),
        sheet(
            "Respondents",
            &[
                &["initials", "name"],
                &["AA", "A. Aaaa"],
                &["KK", "Kees Klant"],
            ],
        ),
        sheet(
            "KWIs",
            &[
                &["id", "title", "active_respondents"],
                &["KWI-01", "Kennisborging", "AA; KK"],
                &["KWI-02", "Inspiratie"],
            ],
        ),
        sheet("Question assignment", &matrix),
    ]
}

/// The diagnostics of a workbook master as `Sheet!A1: message`.
fn workbook_diagnostics(sheets: &[crate::reader::SheetCells]) -> Vec<String> {
    let diagnostics = match parse_workbook(sheets) {
        Ok(parsed) => parsed.warnings,
        Err(diagnostics) => diagnostics,
    };
    check_style(
        &diagnostics
            .iter()
            .filter(|d| d.position.is_some())
            .cloned()
            .collect::<Vec<_>>(),
    );
    diagnostics
        .iter()
        .map(|d| match &d.position {
            Some(position) => format!("{position}: {}", d.message),
            None => format!("-: {}", d.message),
        })
        .collect()
}

const TWO_QUESTIONS: [&[&str]; 3] = [
    &["KWI-01", "1.01", "{supplier} deelt kennis", "X", "x"],
    &["", "n:1.1", "{supplier} borgt kennis", "", "X"],
    &["KWI-02", "2.01", "{supplier} inspireert", "X"],
];

#[test]
fn a_workbook_master_reads_cells_as_a_person_types_them() {
    let sheets = small_workbook(
        &[&["deadline", "2011-11-30"], &["standard_questions", "yes"]],
        &TWO_QUESTIONS,
    );
    let parsed = parse_workbook(&sheets).unwrap_or_else(|d| panic!("{d:#?}"));
    let master = parsed.master;
    assert_eq!(master.deadline, NaiveDate::from_ymd_opt(2011, 11, 30));
    // an empty kwi cell belongs to the KWI above; a question id typed as a number stays its text
    let kwi = &master.kwis[0];
    assert_eq!(kwi.questions[1].id, "1.1");
    assert_eq!(kwi.questions[1].respondents, [RespondentId(1)]);
    // the standard question, narrowed by "AA; KK", and lower-case x marks
    assert_eq!(kwi.questions[2].standard, Some(Standard::Active));
    assert_eq!(kwi.questions[2].respondents.len(), 2);
    assert_eq!(kwi.target, Some(7.5));
    // a date cell reads as its date
    let sheets = small_workbook(&[&["deadline", "d:40877"]], &TWO_QUESTIONS);
    let master = parse_workbook(&sheets).unwrap().master;
    assert_eq!(master.deadline, NaiveDate::from_ymd_opt(2011, 11, 30));
}

#[test]
fn workbook_cells_of_the_wrong_kind_are_named_with_what_to_type() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["deadline", "30 november"],
            "'Client and period'!B6: `deadline` is `30 november`, not a date; type a date like 2011-11-30",
        ),
        (
            &["standard_questions", "misschien"],
            "'Client and period'!B6: `standard_questions` is `misschien`; choose ja or nee",
        ),
        (
            &["target", "8"],
            "'Client and period'!A6: `target` is given twice (first in 'Client and period'!A5)",
        ),
        (
            &["deadlien", "d:40877"],
            "'Client and period'!A6: unknown key `deadlien`; did you mean `deadline`?",
        ),
    ];
    for (row, expected) in cases {
        let diagnostics = workbook_diagnostics(&small_workbook(&[row], &TWO_QUESTIONS));
        assert!(
            diagnostics.len() == 1 && diagnostics[0].starts_with(expected),
            "expected {expected}\n     got {diagnostics:#?}"
        );
    }
}

#[test]
fn missing_and_unknown_sheets_are_named() {
    let mut sheets = small_workbook(&[], &TWO_QUESTIONS);
    sheets.remove(1);
    sheets.push(sheet("Questions", &[&["x"]]));
    let diagnostics = workbook_diagnostics(&sheets);
    assert!(
        diagnostics.iter().any(|d| d
            .starts_with("-: the workbook has no sheet `Respondenten` (or `Respondents`); add it")),
        "{diagnostics:#?}"
    );
    assert!(
        diagnostics.iter().any(|d| d.starts_with(
            "Questions!A1: the sheet `Questions` is not part of a master and is not read"
        )),
        "{diagnostics:#?}"
    );
}

#[test]
fn a_matrix_column_without_initials_and_a_question_without_a_kwi_are_named() {
    let diagnostics = workbook_diagnostics(&small_workbook(
        &[],
        &[
            &["", "1.01", "{supplier} deelt kennis", "X"],
            &["KWI-01", "1.02", "{supplier} borgt kennis", "X", "X", "X"],
            &["KWI-02", "2.01", "{supplier} inspireert", "X"],
        ],
    ));
    assert_eq!(
        diagnostics,
        [
            "'Question assignment'!A2: this question names no KWI; write the KWI's id in the `kwi` column",
            "'Question assignment'!F3: this column has no respondent's initials in its first row; write them there, or clear the column",
        ]
    );
}

#[test]
fn a_master_of_thousands_of_unknown_keys_stops_after_a_hundred() {
    let mut source = VALID.to_string();
    let keys: String = (0..5_000).map(|i| format!("unknown_{i} = 1\n")).collect();
    source.insert_str(0, &keys);
    let diagnostics = parse(source.as_bytes()).unwrap_err();
    assert_eq!(
        diagnostics.len(),
        101,
        "a hundred, then one saying there are more"
    );
    assert!(
        diagnostics[100]
            .message
            .starts_with("more than 100 problems")
    );
}

#[test]
fn keys_a_workbook_reader_does_not_know_pass_through_as_typed() {
    // a setting added to the master later needs no change here: a whole number stays a whole
    // number, a date a date, a text a text
    let sheets = small_workbook(
        &[
            &["max_group", "n:3"],
            &["opened", "d:40877"],
            &["sender.phone", "0612345678"],
        ],
        &TWO_QUESTIONS,
    );
    let toml = workbook::read(&sheets, Language::Dutch).toml;
    for line in [
        "max_group = 3\n",
        "opened = 2011-11-30\n",
        "sender.phone = \"0612345678\"\n",
    ] {
        assert!(toml.contains(line), "{line:?} in:\n{toml}");
    }
    // and the checks name them by their cell
    let diagnostics = workbook_diagnostics(&sheets);
    assert!(
        diagnostics[0].starts_with("'Client and period'!A6: unknown key `max_group`"),
        "{diagnostics:#?}"
    );
}
