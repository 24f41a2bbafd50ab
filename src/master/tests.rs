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
                .filter(|w| !w.contains(NO_TARGET) && !w.contains(NO_TARGET_EN))
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
            "deze regel is geen geldige TOML (string values must be quoted, expected literal string); controleer de aanhalingstekens, haken, komma's en `=` op deze regel (tekst staat tussen rechte dubbele aanhalingstekens)",
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
            "deze regel is geen geldige TOML (duplicate key); een sleutel mag maar één keer per tabel voorkomen; haal een van de twee weg",
        ),
        (
            vary("initials = \"KK\"", "initials\u{a0}= \"KK\""),
            "11:9",
            "deze regel is geen geldige TOML (invalid unquoted key, expected letters, numbers, `-`, `_`); op deze regel staat een harde spatie; typ hem opnieuw als gewone spatie",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\ndeadline = 2011-02-30",
            ),
            "4:12",
            "deze regel is geen geldige TOML (invalid date, expected day between 01 and 28); schrijf een bestaande datum, zoals 2011-11-30",
        ),
    ]);
}

#[test]
fn missing_keys_name_the_key_and_how_to_add_it() {
    check_error_cases(&[
        (
            vary("client = \"KLANT NV\"\n", ""),
            "1:1",
            "de sleutel `client` ontbreekt; voeg hem toe (zie `klantwaarde init` voor een voorbeeld met toelichting)",
        ),
        (
            vary("period = \"2011H2\"\n", ""),
            "1:1",
            "de sleutel `period` ontbreekt; voeg hem toe (zie `klantwaarde init` voor een voorbeeld met toelichting)",
        ),
        (
            vary("name = \"Kees Klant\"\n", ""),
            "10:1",
            "de sleutel `name` ontbreekt; voeg hem toe (zie `klantwaarde init` voor een voorbeeld met toelichting)",
        ),
        (
            vary("title = \"Kennisborging\"\n", ""),
            "14:1",
            "de sleutel `title` ontbreekt; voeg hem toe (zie `klantwaarde init` voor een voorbeeld met toelichting)",
        ),
        (
            vary("respondents = [\"AA\", \"KK\"]\n", ""),
            "18:1",
            "de sleutel `respondents` ontbreekt; voeg hem toe (zie `klantwaarde init` voor een voorbeeld met toelichting)",
        ),
    ]);
}

#[test]
fn unknown_keys_suggest_the_nearest_known_key() {
    check_error_cases(&[
        (
            vary("client =", "clinet ="),
            "1:1",
            "onbekende sleutel `clinet`; bedoelt u `client`?",
        ),
        (
            vary(
                "[[respondents]]\ninitials = \"AA\"",
                "[[respondets]]\ninitials = \"AA\"",
            ),
            "5:3",
            "onbekende sleutel `respondets`; bedoelt u `respondents`?",
        ),
        (
            vary("title =", "titel ="),
            "16:1",
            "onbekende sleutel `titel`; bedoelt u `title`?",
        ),
        (
            vary("respondents = [", "respondent = ["),
            "21:1",
            "onbekende sleutel `respondent`; bedoelt u `respondents`?",
        ),
        (
            vary(
                "name = \"Kees Klant\"",
                "name = \"Kees Klant\"\nemial = \"k@x.nl\"",
            ),
            "13:1",
            "onbekende sleutel `emial`; bedoelt u `email`?",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\nkleur = \"rood\"",
            ),
            "4:1",
            "onbekende sleutel `kleur`; haal hem weg of gebruik een van de sleutels die hier mogen: `client`, `supplier`, `period`, `language`, `title`, `deadline`, `target`, `min_group`, `standard_questions`, `password`, `sender`, `mail`, `respondents`, `kwis`, `actions`",
        ),
    ]);
}

#[test]
fn wrong_value_types_say_what_to_write() {
    check_error_cases(&[
        (
            vary("period = \"2011H2\"", "period = \"2011H2\"\ntarget = \"8\""),
            "4:10",
            "verkeerde soort waarde: de tekst \"8\", verwacht is een getal; schrijf het zonder aanhalingstekens, bijvoorbeeld 7.5",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\ndeadline = \"2011-11-30\"",
            ),
            "4:12",
            "verkeerde soort waarde: de tekst \"2011-11-30\", verwacht is een datum; schrijf hem zonder aanhalingstekens, zoals 2011-11-30",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\nstandard_questions = \"nee\"",
            ),
            "4:22",
            "verkeerde soort waarde: de tekst \"nee\", verwacht is true of false; schrijf het zonder aanhalingstekens",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\nsender = \"Rob\"",
            ),
            "4:10",
            "verkeerde soort waarde: de tekst \"Rob\", verwacht is een tabel; schrijf hem als [naam] met zijn sleutels op de regels eronder",
        ),
        (
            vary(r#"["AA", "KK"]"#, r#""KK""#),
            "21:15",
            "verkeerde soort waarde: de tekst \"KK\", verwacht is een lijst; schrijf waarden als [\"AA\", \"KK\"] en tabellen als [[naam]] met dubbele haken",
        ),
        (
            vary("[[kwis]]\n", "[kwis]\n"),
            "14:1",
            "verkeerde soort waarde: een tabel, verwacht is een lijst; schrijf waarden als [\"AA\", \"KK\"] en tabellen als [[naam]] met dubbele haken",
        ),
        (
            vary("initials = \"KK\"", "initials = 12"),
            "11:12",
            "verkeerde soort waarde: het gehele getal `12`, verwacht is tekst; zet die tussen dubbele aanhalingstekens",
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
            "`language` is `de`; gebruik \"nl\" (Nederlands) of \"en\" (Engels)",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\ndeadline = 2011-11-30T12:00:00",
            ),
            "4:12",
            "`deadline` moet een datum zonder tijd zijn; schrijf hem als 2011-11-30",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\ndeadline = 2011-11-30 12:00:00+01:00",
            ),
            "4:12",
            "`deadline` moet een datum zonder tijd zijn; schrijf hem als 2011-11-30",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\ndeadline = 12:00:00",
            ),
            "4:12",
            "`deadline` moet een datum zonder tijd zijn; schrijf hem als 2011-11-30",
        ),
        (
            vary("client = \"KLANT NV\"", "client = \"  \""),
            "1:10",
            "niet ingevuld: `client`; vul dit in",
        ),
        (
            vary("supplier = \"BESTSELLER B.V.\"", "supplier = \"\""),
            "2:12",
            "niet ingevuld: `supplier`; vul dit in",
        ),
        (
            vary("period = \"2011H2\"", "period = \"2011/H2\""),
            "3:10",
            "in `period` `2011/H2` staat een scheidingsteken van mappen (/); gebruik letters, cijfers, '.', '-' of '_'",
        ),
        (
            vary(
                "period = \"2011H2\"",
                "period = \"2011H2\"\n\n[sender]\nname = \"Rob Relatie\"\nemail = \"rob.relatie\"",
            ),
            "7:9",
            "`rob.relatie` is geen e-mailadres: het moet de vorm naam@example.com hebben; verbeter het of laat de sleutel weg",
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
    let outside = "ligt buiten 1–10; scores lopen van 1 tot en met 10, dus kies een doel daartussen, bijvoorbeeld 7.5";
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
        "het doel 10.5 ligt buiten 1–10",
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
            "de initialen `KK` komen twee keer voor (regel 11); de initialen geven het bestand van de respondent zijn naam, dus maak ze uniek",
        ),
        (
            with_respondent("\"kk\""),
            "24:12",
            "de initialen `kk` verschillen alleen in hoofdletters van `KK` (regel 11); de initialen geven het bestand van de respondent zijn naam, dus maak ze uniek",
        ),
        (
            with_respondent("\" KK \""),
            "24:12",
            "de initialen `KK` komen twee keer voor (regel 11); de initialen geven het bestand van de respondent zijn naam, dus maak ze uniek",
        ),
    ]);
}

#[test]
fn initials_must_be_usable_as_a_file_name() {
    check_error_cases(&[
        (
            with_respondent("\"*\""),
            "24:12",
            "de initialen `*` zijn gereserveerd voor \"elke respondent\"; kies andere initialen",
        ),
        (
            with_respondent("\"\""),
            "24:12",
            "niet ingevuld: de initialen; vul dit in",
        ),
        (
            with_respondent("\"../../x\""),
            "24:12",
            "in de initialen `../../x` staat een scheidingsteken van mappen (/); gebruik letters, cijfers, '.', '-' of '_'",
        ),
        (
            with_respondent(r#""..\\x""#),
            "24:12",
            "in de initialen `..\\x` staat een scheidingsteken van mappen (\\); gebruik letters, cijfers, '.', '-' of '_'",
        ),
        (
            with_respondent("\"A:B\""),
            "24:12",
            "in de initialen `A:B` staat :, dat niet in een bestandsnaam kan staan; gebruik letters, cijfers, '.', '-' of '_'",
        ),
        (
            with_respondent("\"A?\""),
            "24:12",
            "in de initialen `A?` staat ?, dat niet in een bestandsnaam kan staan; gebruik letters, cijfers, '.', '-' of '_'",
        ),
        (
            with_respondent("\"X\u{a0}Y\""),
            "24:12",
            "in de initialen `X\u{a0}Y` staat een harde spatie; typ hem opnieuw als gewone spatie of laat hem weg",
        ),
        (
            with_respondent("\"X\u{2019}Y\""),
            "24:12",
            "in de initialen `X\u{2019}Y` staat een typografisch aanhalingsteken (\u{2019}), waarschijnlijk geplakt uit een tekstverwerker; typ het opnieuw",
        ),
        (
            with_respondent(r#""X\u0007Y""#),
            "24:12",
            r"in de initialen `X\u{7}Y` staat een stuurteken; typ het opnieuw",
        ),
        (
            with_respondent("\"X\tY\""),
            "24:12",
            r"in de initialen `X\u{9}Y` staat een stuurteken",
        ),
        (
            with_respondent(r#""X\u200bY""#),
            "24:12",
            r"in de initialen `X\u{200b}Y` staat een onzichtbaar teken (U+200B), waarschijnlijk geplakt; typ het opnieuw",
        ),
    ]);
}

#[test]
fn respondent_values_are_checked() {
    check_error_cases(&[
        (
            vary("A.Aaaa@NewMedia.nl", "A.Aaaa(at)NewMedia.nl"),
            "8:9",
            "`A.Aaaa(at)NewMedia.nl` is geen e-mailadres: het moet de vorm naam@example.com hebben; verbeter het of laat de sleutel weg",
        ),
        (
            vary("A.Aaaa@NewMedia.nl", "A.Aaaa@NewMedia"),
            "8:9",
            "`A.Aaaa@NewMedia` is geen e-mailadres: het deel na de @ heeft een punt nodig, zoals in example.com; verbeter het of laat de sleutel weg",
        ),
        (
            vary("A.Aaaa@NewMedia.nl", "@NewMedia.nl"),
            "8:9",
            "`@NewMedia.nl` is geen e-mailadres: het deel vóór de @ is ongeldig; verbeter het of laat de sleutel weg",
        ),
        (
            vary("A.Aaaa@NewMedia.nl", "A. Aaaa@NewMedia.nl"),
            "8:9",
            "`A. Aaaa@NewMedia.nl` is geen e-mailadres: het deel vóór de @ is ongeldig; verbeter het of laat de sleutel weg",
        ),
        (
            vary("\"Kees Klant\"", "\"\""),
            "12:8",
            "niet ingevuld: de naam van de respondent; vul dit in",
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
                "de master heeft geen respondenten; voeg voor elke contactpersoon een tabel [[respondents]] toe",
            ),
            (
                "1:10",
                "de master heeft geen KWI's; voeg een tabel [[kwis]] toe met zijn [[kwis.questions]]",
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
        "de master heeft geen respondenten; voeg voor elke contactpersoon een tabel [[respondents]] toe",
    );
    let without_respondents = replace_once(&without_respondents, r#"["AA", "KK"]"#, "[]");
    check_error(
        without_respondents,
        "1:10",
        "de master heeft geen respondenten; voeg voor elke contactpersoon een tabel [[respondents]] toe",
    );
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
        "de initialen `\u{c5}` komen twee keer voor (regel 24)",
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
            "de KWI-code `KWI-01` komt twee keer voor (eerst op regel 15); geef elke KWI een eigen code",
        ),
        (
            with_kwi("kwi-01", "2.01", r#"["AA"]"#),
            "24:6",
            "de KWI-code `kwi-01` komt twee keer voor (eerst op regel 15); geef elke KWI een eigen code",
        ),
        (
            format!("{VALID}{QUESTION_1_02}").replace("id = \"1.02\"", "id = \"1.01\""),
            "24:6",
            "de vraagcode `1.01` komt twee keer voor (eerst op regel 19); vraagcodes moeten in het hele bestand uniek zijn",
        ),
    ]);
    // across KWIs; KWI-02's standard question then also gets KWI-01's 1.02
    check_errors(
        with_kwi("KWI-02", "1.01", r#"["AA"]"#),
        &[
            (
                "24:6",
                "de standaardvraag van KWI KWI-02 zou de code `1.02` krijgen, die de standaardvraag van KWI KWI-01 (regel 15) al heeft; nummer de vragen anders of zet `standard_questions = false` bij deze KWI",
            ),
            (
                "28:6",
                "de vraagcode `1.01` komt twee keer voor (eerst op regel 19); vraagcodes moeten in het hele bestand uniek zijn",
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
            ("24:6", "(eerst op regel 15)"),
            ("33:6", "(eerst op regel 15)"),
        ],
    );
}

#[test]
fn ids_must_be_plain() {
    check_error_cases(&[
        (
            vary("id = \"KWI-01\"", "id = \"KWI/01\""),
            "15:6",
            "in de code van de KWI `KWI/01` staat een scheidingsteken van mappen (/); gebruik letters, cijfers, '.', '-' of '_'",
        ),
        (
            vary("id = \"KWI-01\"", "id = \"../../x\""),
            "15:6",
            "in de code van de KWI `../../x` staat een scheidingsteken van mappen (/); gebruik letters, cijfers, '.', '-' of '_'",
        ),
        (
            vary("id = \"KWI-01\"", "id = \"KWI\u{201c}01\""),
            "15:6",
            "in de code van de KWI `KWI\u{201c}01` staat een typografisch aanhalingsteken (\u{201c})",
        ),
        (
            vary("id = \"1.01\"", "id = \"1\u{a0}01\""),
            "19:6",
            "in de code van de vraag `1\u{a0}01` staat een harde spatie; typ hem opnieuw als gewone spatie of laat hem weg",
        ),
        (
            vary("id = \"1.01\"", "id = \"\""),
            "19:6",
            "niet ingevuld: de code van de vraag; vul dit in",
        ),
        (
            vary("id = \"KWI-01\"", "id = \" \""),
            "15:6",
            "niet ingevuld: de code van de KWI; vul dit in",
        ),
        (
            vary("title = \"Kennisborging\"", "title = \"\""),
            "16:9",
            "niet ingevuld: de titel van de KWI; vul dit in",
        ),
        (
            vary("\"{supplier} deelt kennis met {client}\"", "\" \""),
            "20:8",
            "niet ingevuld: de tekst van de vraag; vul dit in",
        ),
    ]);
}

#[test]
fn questions_must_name_known_respondents() {
    check_error_cases(&[
        (
            vary(r#""KK"]"#, r#""KX"]"#),
            "21:22",
            "vraag 1.01 is toegewezen aan `KX`, maar geen respondent heeft deze initialen; bedoelt u KK?",
        ),
        (
            vary(r#""KK"]"#, r#""ZZZZ"]"#),
            "21:22",
            "vraag 1.01 is toegewezen aan `ZZZZ`, maar geen respondent heeft deze initialen; de bekende initialen zijn AA, KK",
        ),
        (
            vary(r#"["AA", "KK"]"#, r#"["*", "AA"]"#),
            "21:15",
            "vraag 1.01: `\"*\"` betekent elke respondent en staat alleen; haal de andere initialen of de \"*\" weg",
        ),
        (
            vary(r#"["AA", "KK"]"#, r#"["AA", "*"]"#),
            "21:15",
            "vraag 1.01: `\"*\"` betekent elke respondent en staat alleen; haal de andere initialen of de \"*\" weg",
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
        "KWI KWI-02 heeft geen vragen; voeg er ten minste één [[kwis.questions]] onder toe, of haal de KWI weg",
    );
}

#[test]
fn unknown_placeholders_suggest_the_nearest() {
    check_error_cases(&[
        (
            vary("{supplier} deelt", "{suplier} deelt"),
            "20:8",
            "onbekende invulplek {suplier} in een vraagtekst: alleen {supplier} en {client} worden ingevuld; bedoelt u {supplier}?",
        ),
        (
            vary("{client}\"", "{Client}\""),
            "20:8",
            "onbekende invulplek {Client} in een vraagtekst: alleen {supplier} en {client} worden ingevuld; bedoelt u {client}?",
        ),
        (
            vary("{client}\"", "{klant}\""),
            "20:8",
            "onbekende invulplek {klant} in een vraagtekst: alleen {supplier} en {client} worden ingevuld; schrijf een van die twee, of laat de accolades weg",
        ),
        (
            vary(
                "title = \"Kennisborging\"",
                "title = \"Kennisborging\"\ndescription = \"{suppleir} borgt kennis\"",
            ),
            "17:15",
            "onbekende invulplek {suppleir} in een omschrijving van een KWI: alleen {supplier} en {client} worden ingevuld; bedoelt u {supplier}?",
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
            "actie 2011-01 noemt KWI `KWI-6`, die de master niet heeft; bedoelt u KWI-06?",
        ),
        (
            action("Partnership"),
            "35:7",
            "actie 2011-01 noemt KWI `Partnership`, die de master niet heeft; de bekende KWI's zijn KWI-01, KWI-06",
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
            "de `date` van de actie moet een datum zonder tijd zijn; schrijf hem als 2011-11-30",
        ),
        (
            action("date = \"2010-07-06\""),
            "25:8",
            "verkeerde soort waarde: de tekst \"2010-07-06\", verwacht is een datum; schrijf hem zonder aanhalingstekens, zoals 2011-11-30",
        ),
        (
            format!("{}\n[[actions]]\nid = \"2011-01\"\n", action("")),
            "28:6",
            "de actiecode `2011-01` komt twee keer voor (eerst op regel 24); geef elke actie een eigen code",
        ),
        (
            action("").replace("\"2011-01\"", "\"\""),
            "24:6",
            "niet ingevuld: de code van de actie; vul dit in",
        ),
        (
            action("status = \"open\"\nvoor = \"RM\""),
            "26:1",
            "onbekende sleutel `voor`; haal hem weg of gebruik een van de sleutels die hier mogen: `id`, `date`, `description`, `owner`, `status`, `kwi`",
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
            "KWI KWI-01 beperkt de standaardvraag tot `XX`, maar geen respondent heeft deze initialen; de bekende initialen zijn AA, KK",
        ),
        (
            narrowed("active_respondents = [\"KX\"]"),
            "17:23",
            "KWI KWI-01 beperkt de standaardvraag tot `KX`, maar geen respondent heeft deze initialen; bedoelt u KK?",
        ),
        (
            format!(
                "{}{ACTION_ON_KWI_01}",
                narrowed("agreements_respondents = [\"AA\", \"BX\"]")
            ),
            "17:33",
            "KWI KWI-01 beperkt de standaardvraag tot `BX`, maar geen respondent heeft deze initialen; de bekende initialen zijn AA, KK",
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
        "de standaardvraag van KWI KWI-01 zou de code `1.02` krijgen, die vraag 1.02 op regel 19 al heeft; nummer de vragen anders of zet `standard_questions = false` bij deze KWI",
    );
    // a later KWI uses the id KWI-01's standard question got
    check_error(
        with_kwi("KWI-02", "1.02", r#"["AA"]"#),
        "28:6",
        "de vraagcode `1.02` is al de code van een standaardvraag van KWI KWI-01 (regel 15); nummer deze vraag anders of zet `standard_questions = false` bij KWI KWI-01",
    );
    // two standard questions that would share an id
    check_error(
        replace_once(
            &with_kwi("KWI-02", "x09", r#"["AA"]"#),
            "id = \"1.01\"",
            "id = \"x9\"",
        ),
        "24:6",
        "de standaardvraag van KWI KWI-02 zou de code `x10` krijgen, die de standaardvraag van KWI KWI-01 (regel 15) al heeft; nummer de vragen anders of zet `standard_questions = false` bij deze KWI",
    );
}

// ---- warnings ---------------------------------------------------------------------------------

#[test]
fn a_respondent_without_questions_is_a_warning() {
    check_warnings(
        vary(r#"["AA", "KK"]"#, r#"["AA"]"#),
        &[(
            "11:12",
            "respondent KK (Kees Klant) heeft geen vragen en krijgt geen vragenlijst; zet de initialen bij de vragen die deze respondent kan beoordelen",
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
            "9 respondenten: de methode raadt er hoogstens 8 per klant aan, zodat de waardesessie een gesprek blijft; overweeg alleen hen te houden wier oordeel het zwaarst weegt",
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
            "geen enkele respondent beantwoordt een vraag van KWI KWI-02; wijs de vragen toe in `respondents`",
        )],
    );
    let master = master_with_warnings(with_kwi("KWI-02", "2.01", "[]"));
    assert_eq!(layout(&master)[2..], ["2.01 own", "2.02 active"]);
    check_warnings(
        format!("{VALID}{QUESTION_1_02}").replace(r#"respondents = ["KK"]"#, "respondents = []"),
        &[(
            "26:15",
            "geen enkele respondent beantwoordt vraag 1.02; voeg de initialen toe van wie haar kan beoordelen, of haal de vraag weg",
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
        &[("21:28", "vraag 1.01 noemt kk twee keer; één keer is genoeg")],
    );
    check_warnings(
        replace_once(
            &narrowed("active_respondents = [\"AA\", \"KK\"]"),
            "\nrespondents = [\"AA\", \"KK\"]",
            "\nrespondents = [\"AA\"]",
        ),
        &[(
            "17:29",
            "KK beantwoordt een standaardvraag van KWI KWI-01, maar geen van de eigen vragen ervan; controleer of dat zo bedoeld is",
        )],
    );
    check_warnings(
        narrowed("agreements_respondents = [\"AA\"]"),
        &[(
            "17:27",
            "KWI KWI-01 zet `agreements_respondents`, maar geen actie noemt deze KWI, dus hij krijgt geen vraag over de afspraken; koppel een actie met `kwi = \"KWI-01\"` of haal de sleutel weg",
        )],
    );
    check_warnings(
        narrowed("standard_questions = false\nactive_respondents = [\"AA\"]"),
        &[(
            "15:6",
            "KWI KWI-01 beperkt wie de standaardvragen beantwoordt, maar de standaardvragen staan uit; haal de beperking weg of zet ze aan",
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
            .starts_with("11:12: respondent KK (Kees Klant) heeft geen vragen")
    );
    assert_eq!(formatted[1].0, Severity::Error);
    assert!(
        formatted[1]
            .1
            .starts_with("21:22: vraag 1.01 is toegewezen aan `XX`")
    );
}

// ---- bytes: what editors and word processors produce ------------------------------------------

#[test]
fn invalid_utf8_is_an_error_with_its_line() {
    // line 16 is `title = "Café caf\xE9"`: the column counts characters, not bytes
    check_error(
        include_bytes!("../../fixtures/masters/invalid-utf8.toml"),
        "16:18",
        "het bestand is geen UTF-8-tekst; sla het in uw editor op als UTF-8 (in Kladblok: Opslaan als, Codering: UTF-8)",
    );
    check_error(
        b"\xff",
        "1:1",
        "het bestand is geen UTF-8-tekst; sla het in uw editor op als UTF-8 (in Kladblok: Opslaan als, Codering: UTF-8)",
    );
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
        "onbekende sleutel `clinet`; bedoelt u `client`?",
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
        "vraag 1.01 is toegewezen aan `KX`, maar geen respondent heeft deze initialen; bedoelt u KK?",
    );
    check_error(
        vary("client =", "clinet =").replace('\n', "\r\n"),
        "1:1",
        "onbekende sleutel `clinet`; bedoelt u `client`?",
    );
    check_error(
        vary("title =", "titel =").replace('\n', "\r\n"),
        "16:1",
        "onbekende sleutel `titel`; bedoelt u `title`?",
    );
}

#[test]
fn a_non_breaking_space_in_initials_is_an_error() {
    check_error(
        include_bytes!("../../fixtures/masters/nbsp-initials.toml"),
        "24:12",
        "in de initialen `X\u{a0}Y` staat een harde spatie; typ hem opnieuw als gewone spatie of laat hem weg",
    );
}

#[test]
fn smart_quotes_are_errors_naming_the_quote() {
    check_error(
        include_bytes!("../../fixtures/masters/smart-quote-in-id.toml"),
        "15:6",
        "in de code van de KWI `KWI\u{2018}01` staat een typografisch aanhalingsteken (\u{2018}), waarschijnlijk geplakt uit een tekstverwerker; typ het opnieuw",
    );
    check_error(
        include_bytes!("../../fixtures/masters/smart-quotes-around-id.toml"),
        "15:6",
        "; op deze regel staat een typografisch aanhalingsteken (\u{201c}), waarschijnlijk uit een tekstverwerker; typ in plaats daarvan rechte aanhalingstekens (\")",
    );
}

#[test]
fn a_raw_control_character_is_an_error() {
    check_error(
        include_bytes!("../../fixtures/masters/control-character.toml"),
        "12:13",
        "deze regel is geen geldige TOML (invalid basic string, expected non-double-quote visible characters, `\\`); op deze regel staat een onzichtbaar stuurteken; typ de regel opnieuw",
    );
}

// ---- files and display ------------------------------------------------------------------------

#[test]
fn load_reads_a_file_and_names_it_in_errors() {
    let parsed = load(Path::new("fixtures/masters/crlf.toml")).expect("the fixture is valid");
    assert_eq!(parsed.master, master(VALID));

    let missing = load(Path::new("fixtures/masters/does-not-exist.toml")).unwrap_err();
    assert!(matches!(missing, MasterError::Read { .. }));
    assert_eq!(
        missing.to_string(),
        "the master file fixtures/masters/does-not-exist.toml does not exist; check its name and \
         folder, or write one with `klantwaarde init`"
    );
    assert_eq!(
        missing.message(Language::Dutch),
        "het masterbestand fixtures/masters/does-not-exist.toml bestaat niet; controleer de naam \
         en de map, of schrijf er een met `klantwaarde init`"
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
        diagnostics[0].display(path).to_string().starts_with(
            "fixtures/masters/smart-quote-in-id.toml:15:6: fout: in de code van de KWI"
        )
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
            "in de naam van de respondent `Kees\\u{a}Klant` staat een regeleinde of een ander stuurteken; schrijf het op één regel",
        ),
        (
            vary(r#"client = "KLANT NV""#, r#"client = "KLANT\tNV""#),
            "1:10",
            "in `client` `KLANT\\u{9}NV` staat een regeleinde of een ander stuurteken; schrijf het op één regel",
        ),
        (
            vary(
                r#"title = "Kennisborging""#,
                &format!(r#"title = "{long}""#),
            ),
            "16:9",
            "de titel van de KWI telt 33000 tekens, en een cel van een spreadsheet bevat er hoogstens 32767; maak het korter",
        ),
        (
            vary(
                r#"text = "{supplier} deelt kennis met {client}""#,
                &format!(r#"text = "{long}""#),
            ),
            "20:8",
            "een vraagtekst telt 33000 tekens, en een cel van een spreadsheet bevat er hoogstens 32767; maak het korter",
        ),
        (
            vary(
                r#"text = "{supplier} deelt kennis met {client}""#,
                &format!(r#"text = "{placeholders}""#),
            ),
            "20:8",
            "een vraagtekst telt 45000 tekens, en een cel van een spreadsheet bevat er hoogstens 32767; maak het korter",
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
        "[mail] preview_body, regel 1: onbekend invulveld {nmae} (bedoelt u {name}?)",
        "[mail] reminder_body, regel 1: onbekend invulveld {deadlin} (bedoelt u {deadline}?)",
        "[mail] reminder_body, regel 1: een { zonder sluitende }",
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
        ("2024-2", "bedoelt u 2024H2 of 2024Q2?"),
        ("2011h1", "bedoelt u 2011H1?"),
        (
            "voorjaar",
            "schrijf een jaar (2011), een halfjaar (2011H1, 2011H2) of een kwartaal",
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
            ("4:1", "onbekende sleutel `periode`; bedoelt u `period`?"),
            (
                "9:9",
                "`A.Aaaa-at-NewMedia.nl` is geen e-mailadres: het moet de vorm naam@example.com hebben; verbeter het of laat de sleutel weg",
            ),
            ("13:1", "onbekende sleutel `naam`; bedoelt u `name`?"),
            (
                "22:22",
                "vraag 1.01 is toegewezen aan `KX`, maar geen respondent heeft deze initialen; bedoelt u KK?",
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
        "onbekende sleutel `respondets`; bedoelt u `respondents`?",
    );
    // a value of the wrong type and a later unknown key are both reported
    check_errors(
        vary(
            "name = \"Kees Klant\"",
            "name = 12\nemial = \"kk@klant.nl\"",
        ),
        &[
            (
                "12:8",
                "verkeerde soort waarde: het gehele getal `12`, verwacht is tekst; zet die tussen dubbele aanhalingstekens",
            ),
            ("13:1", "onbekende sleutel `emial`; bedoelt u `email`?"),
        ],
    );
    // one initials given as text: the list is read as a list of one
    check_error(
        vary("respondents = [\"AA\", \"KK\"]", "respondents = \"KK\""),
        "21:15",
        "verkeerde soort waarde: de tekst \"KK\", verwacht is een lijst; schrijf waarden als [\"AA\", \"KK\"] en tabellen als [[naam]] met dubbele haken",
    );
}

#[test]
fn a_decimal_comma_is_told_to_be_a_point() {
    check_error(
        vary("period = \"2011H2\"", "period = \"2011H2\"\ntarget = 7,5"),
        "4:11",
        "`7,5` heeft een decimale komma; schrijf 7.5, met een punt en zonder aanhalingstekens",
    );
    check_error(
        vary(
            "period = \"2011H2\"",
            "period = \"2011H2\"\ntarget = \"7,5\"",
        ),
        "4:10",
        "`7,5` heeft een decimale komma; schrijf 7.5, met een punt en zonder aanhalingstekens",
    );
}

#[test]
fn duplicate_initials_do_not_cascade_into_unknown_initials() {
    // KK twice, with a question for KK and one narrowed to KK: only the duplicate is an error
    let source = format!(
        "{}\n[[respondents]]\ninitials = \"KK\"\nname = \"Karel Klant\"\n",
        vary("[\"AA\", \"KK\"]", "[\"KK\"]")
    );
    check_error(
        source,
        "24:12",
        "de initialen `KK` komen twee keer voor (regel 11); de initialen geven het bestand van de respondent zijn naam, dus maak ze uniek",
    );
    // AA's row copied for KK and the initials left: KK's questions are not reported unknown
    check_error(
        vary("initials = \"KK\"", "initials = \"AA\""),
        "11:12",
        "de initialen `AA` komen twee keer voor (regel 6); de initialen geven het bestand van de respondent zijn naam, dus maak ze uniek",
    );
    // initials of the wrong type: the questions naming them are not reported as well
    check_error(
        vary("initials = \"KK\"", "initials = 12"),
        "11:12",
        "verkeerde soort waarde: het gehele getal `12`, verwacht is tekst; zet die tussen dubbele aanhalingstekens",
    );
}

/// The warning of a master without any target, which [`warnings`] leaves out (most fixtures are
/// Dutch; the English one is left out of an English master's warnings too).
const NO_TARGET: &str = "er is geen doel ingesteld";
const NO_TARGET_EN: &str = "no target is set";

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
            "'Client and period'!B6: `deadline` is `30 november`, geen datum; typ een datum zoals 2011-11-30",
        ),
        (
            &["standard_questions", "misschien"],
            "'Client and period'!B6: `standard_questions` is `misschien`; kies ja of nee",
        ),
        (
            &["target", "8"],
            "'Client and period'!A6: `target` staat er twee keer (eerst in 'Client and period'!A5)",
        ),
        (
            &["deadlien", "d:40877"],
            "'Client and period'!A6: `deadlien` is geen naam die dit blad kent; bedoelt u `deadline`?",
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
        diagnostics.iter().any(|d| d.starts_with(
            "-: de werkmap heeft geen blad `Respondenten` (of `Respondents`); voeg het toe"
        )),
        "{diagnostics:#?}"
    );
    assert!(
        diagnostics.iter().any(|d| d.starts_with(
            "Questions!A1: het blad `Questions` hoort niet bij een master en wordt niet gelezen"
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
            "'Question assignment'!A2: deze vraag noemt geen KWI; schrijf de code van de KWI in de kolom `kwi`",
            "'Question assignment'!F3: deze kolom heeft geen initialen van een respondent in de eerste rij; schrijf ze daar, of maak de kolom leeg",
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
            .starts_with("meer dan 100 problemen")
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
        diagnostics[0]
            .starts_with("'Client and period'!A6: `max_group` is geen naam die dit blad kent"),
        "{diagnostics:#?}"
    );
}

// ---- the master's own language --------------------------------------------------------------

/// [`VALID`] with `language = "…"` after the period (line 4), so that every line below it is one
/// further down; without `code`, the master as it is (Dutch, the default).
fn in_language(source: &str, code: Option<&str>) -> String {
    match code {
        Some(code) => replace_once(
            source,
            "period = \"2011H2\"",
            &format!("period = \"2011H2\"\nlanguage = \"{code}\""),
        ),
        None => source.to_string(),
    }
}

#[test]
fn diagnostics_speak_the_masters_language() {
    // the same mistakes in a Dutch and an English master: unknown initials, a misspelt key and
    // a target out of range
    let mistakes = |code| {
        let source = in_language(VALID, code);
        let source = replace_once(&source, r#"["AA", "KK"]"#, r#"["AA", "KX"]"#);
        let source = replace_once(&source, "name = \"Kees Klant\"", "naam = \"Kees Klant\"");
        replace_once(
            &source,
            "title = \"Kennisborging\"",
            "title = \"Kennisborging\"\ntarget = 11",
        )
    };
    let messages = |code| -> Vec<String> {
        parse(mistakes(code).as_bytes())
            .unwrap_err()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message.clone())
            .collect()
    };
    let dutch = messages(None);
    let english = messages(Some("en"));
    for wanted in [
        "onbekende sleutel `naam`; bedoelt u `name`?",
        "het doel 11 ligt buiten 1–10",
        "vraag 1.01 is toegewezen aan `KX`, maar geen respondent heeft deze initialen; bedoelt u KK?",
    ] {
        assert!(
            dutch.iter().any(|m| m.starts_with(wanted)),
            "{wanted:?} in {dutch:#?}"
        );
    }
    for wanted in [
        "unknown key `naam`; did you mean `name`?",
        "target 11 is outside 1–10",
        "question 1.01 is assigned to `KX`, but no respondent has these initials; did you mean KK?",
    ] {
        assert!(
            english.iter().any(|m| m.starts_with(wanted)),
            "{wanted:?} in {english:#?}"
        );
    }
    // "nl" says what the absent key says
    assert_eq!(messages(Some("nl")), dutch);
    // the words of the line too, and the summary of the error
    let (Err(nl), Err(en)) = (
        parse(mistakes(None).as_bytes()),
        parse(mistakes(Some("en")).as_bytes()),
    ) else {
        panic!("both have errors");
    };
    let file = Path::new("master.toml");
    let first_error = |diagnostics: &[Diagnostic]| {
        let error = diagnostics.iter().find(|d| d.severity == Severity::Error);
        error.expect("an error").display(file).to_string()
    };
    let (nl_line, en_line) = (first_error(&nl), first_error(&en));
    assert!(
        nl_line.starts_with("master.toml:12:1: fout: onbekende sleutel `naam`"),
        "{nl_line}"
    );
    assert!(
        en_line.starts_with("master.toml:13:1: error: unknown key `naam`"),
        "{en_line}"
    );
    assert!(nl.iter().all(|d| d.language == Language::Dutch));
    assert!(en.iter().all(|d| d.language == Language::English));
}

#[test]
fn a_warning_and_the_summary_speak_the_masters_language() {
    let extra = "\n[[respondents]]\ninitials = \"ZZ\"\nname = \"Zeno\"\n";
    for (code, wanted) in [
        (
            None,
            "respondent ZZ (Zeno) heeft geen vragen en krijgt geen vragenlijst",
        ),
        (
            Some("en"),
            "respondent ZZ (Zeno) has no questions and gets no questionnaire",
        ),
    ] {
        let source = format!("{}{extra}", in_language(VALID, code));
        let warnings = parse(source.as_bytes()).unwrap().warnings;
        assert!(
            warnings.iter().any(|w| w.message.starts_with(wanted)),
            "{wanted:?} in {warnings:#?}"
        );
        let file = Path::new("master.toml");
        let word = if code.is_some() {
            ": warning: "
        } else {
            ": waarschuwing: "
        };
        assert!(
            warnings
                .iter()
                .all(|w| w.display(file).to_string().contains(word))
        );
    }
    // the error type's summary: the language travels with it, Display is English
    let error = MasterError::Invalid {
        path: "master.toml".into(),
        diagnostics: parse(vary("KWI-01", "").as_bytes()).unwrap_err(),
        language: Language::Dutch,
    };
    assert!(
        error
            .message(Language::Dutch)
            .starts_with("master.toml bevat 1 fout(en); herstel ze")
    );
    assert!(
        error
            .to_string()
            .starts_with("master.toml has 1 error(s); fix them")
    );
}

#[test]
fn an_unknown_language_is_said_in_dutch_and_the_rest_follows_dutch() {
    let source = in_language(VALID, Some("de"));
    let source = replace_once(&source, r#"["AA", "KK"]"#, r#"["AA", "KX"]"#);
    let diagnostics = parse(source.as_bytes()).unwrap_err();
    let messages: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "`language` is `de`; gebruik \"nl\" (Nederlands) of \"en\" (Engels)",
            "vraag 1.01 is toegewezen aan `KX`, maar geen respondent heeft deze initialen; bedoelt u KK?",
        ]
    );
}

#[test]
fn a_workbook_master_speaks_its_language_in_sheets_and_cells() {
    for (language, wanted) in [
        (
            None,
            "'Client and period'!A6: `deadlien` is geen naam die dit blad kent; bedoelt u `deadline`?",
        ),
        (
            Some("en"),
            "'Client and period'!A7: `deadlien` is not a name this sheet knows; did you mean `deadline`?",
        ),
    ] {
        let mut rows: Vec<&[&str]> = Vec::new();
        if language.is_some() {
            rows.push(&["language", "en"]);
        }
        rows.push(&["deadlien", "d:40877"]);
        let sheets = small_workbook(&rows, &TWO_QUESTIONS);
        let diagnostics = workbook_diagnostics(&sheets);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert!(diagnostics[0].starts_with(wanted), "{diagnostics:#?}");
    }
    // a KWI without questions is told where to add them: on the assignment sheet, not in TOML
    for (code, wanted) in [
        (
            None,
            "KWI KWI-03 heeft geen vragen; voeg er ten minste één toe op het blad KWI-Vragen-Toewijzing",
        ),
        (
            Some("en"),
            "KWI KWI-03 has no questions; add at least one on the sheet Question assignment",
        ),
    ] {
        let mut rows: Vec<&[&str]> = Vec::new();
        if code.is_some() {
            rows.push(&["language", "en"]);
        }
        let mut sheets = small_workbook(&rows, &TWO_QUESTIONS);
        let kwis = sheets
            .iter_mut()
            .find(|s| s.name == "KWIs")
            .expect("a KWI sheet");
        kwis.cells
            .push((3, 0, crate::reader::CellValue::Text("KWI-03".into())));
        kwis.cells
            .push((3, 1, crate::reader::CellValue::Text("Partnerschap".into())));
        let diagnostics = workbook_diagnostics(&sheets);
        assert!(
            diagnostics
                .iter()
                .any(|d| d.contains(wanted) && !d.contains("[[")),
            "{wanted:?} in {diagnostics:#?}"
        );
    }
}

#[test]
fn a_typo_in_a_matrix_header_is_one_error_at_the_header_not_one_per_x() {
    let mut sheets = small_workbook(&[], &TWO_QUESTIONS);
    let matrix = sheets.last_mut().unwrap();
    for (row, column, value) in &mut matrix.cells {
        if (*row, *column) == (0, 4) {
            *value = crate::reader::CellValue::Text("KX".into());
        }
    }
    let errors: Vec<String> = workbook_diagnostics(&sheets)
        .into_iter()
        .filter(|line| line.contains("KX"))
        .collect();
    assert_eq!(
        errors,
        [
            "'Question assignment'!E1: de kolomkop `KX` noemt geen respondent van het blad \
          Respondenten; bedoelt u KK? De 2 X('en) in deze kolom tellen pas mee als de kop klopt"
        ]
    );
    // The same typo in an English workbook master, in English.
    sheets[0]
        .cells
        .push((5, 0, crate::reader::CellValue::Text("language".into())));
    sheets[0]
        .cells
        .push((5, 1, crate::reader::CellValue::Text("en".into())));
    let errors: Vec<String> = workbook_diagnostics(&sheets)
        .into_iter()
        .filter(|line| line.contains("KX"))
        .collect();
    assert_eq!(
        errors,
        [
            "'Question assignment'!E1: the column header `KX` names no respondent on the sheet \
          Respondents; did you mean KK? Its 2 X mark(s) are not read until it does"
        ]
    );
}
