//! The reports the monitor's tests write: the method's example with every kind of respondent,
//! the same before anything came back, and a large measurement; and readers for what was written.
//! Test code only: it never runs in the tool.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::master::{Master, RespondentId};
use crate::report::{
    AnswerRow, Problem, Report, RespondentResult, ResponseStatus, Severity, TrendPoint,
};
use crate::score::{Answer, Relevance, nps, score};

pub(super) const HYPERLINK: &str = "=HYPERLINK(\"http://x\",\"x\")";

pub(super) fn example_master(source: &str) -> Master {
    crate::master::parse(source.as_bytes()).unwrap().master
}

/// Who answers in the example report: (initials, anonymous, shown as).
struct Who {
    index: RespondentId,
    status: ResponseStatus,
    anonymous: bool,
    shown_as: &'static str,
    nps: Option<u8>,
    remarks: Option<&'static str>,
    reason: Option<&'static str>,
}

/// The example master with AA (named, a hostile remark), BB (anonymous), CC missing,
/// DD rejected and Kees Klant (named) with the answers of DOMAIN.md.
pub(super) fn example_report(master: &Master) -> Report<'_> {
    let who = [
        Who {
            index: RespondentId::nth(0),
            status: ResponseStatus::Returned,
            anonymous: false,
            shown_as: "A. Aaaa",
            nps: Some(7),
            remarks: Some(HYPERLINK),
            reason: Some("=cmd|' /C calc'!A0"),
        },
        Who {
            index: RespondentId::nth(1),
            status: ResponseStatus::Partial,
            anonymous: true,
            shown_as: "Respondent 1",
            nps: Some(10),
            remarks: Some("Goede samenwerking."),
            reason: Some("Altijd bereikbaar."),
        },
        Who {
            index: RespondentId::nth(2),
            status: ResponseStatus::Missing,
            anonymous: false,
            shown_as: "C. Ceee",
            nps: None,
            remarks: None,
            reason: None,
        },
        Who {
            index: RespondentId::nth(3),
            status: ResponseStatus::Rejected,
            anonymous: false,
            shown_as: "D. Deeee",
            nps: None,
            remarks: None,
            reason: None,
        },
        Who {
            index: RespondentId::nth(4),
            status: ResponseStatus::Returned,
            anonymous: false,
            shown_as: "Kees Klant",
            nps: Some(9),
            remarks: Some("Een opmerking."),
            reason: None,
        },
    ];
    let book = &crate::demo::DemoAnswers::builtin().book;
    let kees: HashMap<&str, (u8, Relevance)> = book
        .scores
        .iter()
        .map(|(id, &score)| {
            (
                id.as_str(),
                (
                    score,
                    if book.less_relevant.contains(id) {
                        Relevance::Less
                    } else {
                        Relevance::Neutral
                    },
                ),
            )
        })
        .collect();
    let mut answers = Vec::new();
    let mut respondents = Vec::new();
    for who in &who {
        let person = master.respondent(who.index);
        let mut answered = 0;
        if matches!(
            who.status,
            ResponseStatus::Returned | ResponseStatus::Partial
        ) {
            for (kwi, questions) in master.questions_for(who.index) {
                for (position, question) in questions.iter().enumerate() {
                    let given = match who.index.index() {
                        4 => kees.get(question.id.as_str()).copied(),
                        // BB leaves every third question empty: a partial return.
                        1 if position % 3 == 2 => None,
                        _ => {
                            let seed = question.id.bytes().map(usize::from).sum::<usize>()
                                + who.index.index();
                            let relevance =
                                [Relevance::Less, Relevance::Neutral, Relevance::More][seed % 3];
                            Some((u8::try_from(seed % 6 + 5).unwrap(), relevance))
                        }
                    };
                    if let Some((score, relevance)) = given {
                        answered += 1;
                        answers.push(AnswerRow {
                            respondent: who.index,
                            kwi: kwi.id.clone(),
                            question: question.id.clone(),
                            score,
                            relevance,
                        });
                    }
                }
            }
        }
        respondents.push(RespondentResult {
            index: who.index,
            initials: person.initials.clone(),
            status: who.status,
            file: match who.status {
                ResponseStatus::Missing => None,
                _ => Some(crate::questionnaire::file_name(master, who.index)),
            },
            reason: (who.status == ResponseStatus::Rejected)
                .then(|| "not a questionnaire".to_string()),
            answered,
            assigned: master.question_count(who.index),
            nps: who.nps,
            nps_reason: who.reason.map(str::to_string),
            remarks: who.remarks.map(str::to_string),
            anonymous: who.anonymous,
            shown_as: who.shown_as.to_string(),
        });
    }
    let problems = vec![
        Problem {
            file: "2011H2-KLANT_NV-BB.xlsx".to_string(),
            severity: Severity::Warning,
            cell: Some("Vragenlijst!C14".to_string()),
            message: "B. Beee (BB) typed `acht`; left out".to_string(),
            loses_input: true,
        },
        Problem {
            file: "2011H2-KLANT_NV-DD.xlsx".to_string(),
            severity: Severity::Rejected,
            cell: None,
            message: "not a questionnaire".to_string(),
            loses_input: true,
        },
    ];
    build(master, respondents, answers, problems)
}

/// Scores the answers the way ingest does and adds an earlier measurement to the trend.
pub(super) fn build<'m>(
    master: &'m Master,
    respondents: Vec<RespondentResult>,
    answers: Vec<AnswerRow>,
    problems: Vec<Problem>,
) -> Report<'m> {
    let keys: Vec<String> = respondents.iter().map(key).collect();
    let scored: Vec<Answer> = answers
        .iter()
        .map(|a| Answer {
            respondent: &keys[a.respondent.index()],
            kwi: &a.kwi,
            question: &a.question,
            score: a.score,
            relevance: a.relevance,
        })
        .collect();
    let kwi_order: Vec<&str> = master.kwis.iter().map(|k| k.id.as_str()).collect();
    let question_order: Vec<(&str, &str)> = master
        .kwis
        .iter()
        .flat_map(|k| {
            k.questions
                .iter()
                .map(move |q| (q.id.as_str(), k.id.as_str()))
        })
        .collect();
    let scores = score(&kwi_order, &question_order, &scored);
    let nps_answers: Vec<u8> = respondents.iter().filter_map(|r| r.nps).collect();
    let nps = nps(&nps_answers);
    let earlier = TrendPoint {
        period: "2011H1".to_string(),
        kwis: [
            ("KWI-00", Some(6.25)),
            ("KWI-01", Some(7.1)),
            ("KWI-02", None),
            ("KWI-03", Some(1.0 / 3.0 + 6.0)),
        ]
        .into_iter()
        .map(|(id, value)| (id.to_string(), value))
        .collect(),
        titles: [
            ("KWI-00", "Algemeen"),
            ("KWI-01", "Kwaliteit"),
            ("KWI-02", "Levering"),
            ("KWI-03", "Prijs"),
        ]
        .into_iter()
        .map(|(id, title)| (id.to_string(), title.to_string()))
        .collect(),
        respondents: Some(5),
        total: Some(6.8),
        nps: Some(-20),
    };
    let current = TrendPoint::measured(
        master,
        &scores,
        &nps,
        respondents.iter().filter(|r| r.nps.is_some()).count(),
    );
    Report {
        master,
        as_of: Some("2011-11-28".to_string()),
        respondents,
        answers,
        scores,
        nps,
        trend: vec![earlier, current],
        problems,
    }
}

/// The key `score::score` knows a respondent by (as ingest builds it).
pub(super) fn key(result: &RespondentResult) -> String {
    if result.anonymous {
        result.shown_as.clone()
    } else {
        result.initials.clone()
    }
}

pub(super) fn open(bytes: &[u8]) -> Xlsx<Cursor<&[u8]>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

pub(super) fn range(bytes: &[u8], sheet: &str) -> calamine::Range<Data> {
    open(bytes).worksheet_range(sheet).unwrap()
}

/// The cached number at an absolute position, or `None` for an empty cell or empty text.
pub(super) fn number(range: &calamine::Range<Data>, row: u32, col: u16) -> Option<f64> {
    match range.get_value((row, u32::from(col))) {
        None | Some(Data::Empty) => None,
        Some(Data::String(text)) if text.is_empty() => None,
        Some(Data::Float(value)) => Some(*value),
        Some(Data::Int(value)) => Some(*value as f64),
        Some(other) => panic!("({row}, {col}) holds {other:?}, not a number"),
    }
}

pub(super) fn text(range: &calamine::Range<Data>, row: u32, col: u16) -> String {
    match range.get_value((row, u32::from(col))) {
        Some(Data::String(text)) => text.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

pub(super) fn check_close(actual: Option<f64>, expected: Option<f64>, what: &str) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert!((a - e).abs() < 1e-9, "{what}: {a} against {e}"),
        (a, e) => assert_eq!(a, e, "{what}"),
    }
}

/// The example master before anything came back.
pub(super) fn empty_report(master: &Master) -> Report<'_> {
    let respondents = master
        .respondents
        .iter()
        .enumerate()
        .map(|(index, person)| RespondentResult {
            index: RespondentId::nth(index),
            initials: person.initials.clone(),
            status: ResponseStatus::Missing,
            file: None,
            reason: None,
            answered: 0,
            assigned: master.question_count(RespondentId::nth(index)),
            nps: None,
            nps_reason: None,
            remarks: None,
            anonymous: false,
            shown_as: person.name.clone(),
        })
        .collect();
    build(master, respondents, Vec::new(), Vec::new())
}

/// The size of a large measurement: 2,000 respondents × 36 questions.
pub(super) fn large_report(master: &mut Master) -> (Vec<RespondentResult>, Vec<AnswerRow>) {
    let template = master.kwis[0].questions[0].clone();
    master.respondents = (0..2000)
        .map(|index| crate::master::Respondent {
            initials: format!("R{index:04}"),
            name: format!("Person {index}"),
            email: None,
            role: None,
            note: None,
        })
        .collect();
    let mut sixth = master.kwis[0].clone();
    sixth.id = "KWI-06".to_string();
    master.kwis.push(sixth);
    master.kwis.truncate(6);
    for (k, kwi) in master.kwis.iter_mut().enumerate() {
        kwi.questions = (0..6)
            .map(|q| crate::master::Question {
                id: format!("{}.{:02}", k + 1, q + 1),
                respondents: (0..2000).map(RespondentId::nth).collect(),
                ..template.clone()
            })
            .collect();
    }
    let mut respondents = Vec::new();
    let mut answers = Vec::new();
    for index in 0..2000 {
        let anonymous = index % 7 == 0;
        for (k, kwi) in master.kwis.iter().enumerate() {
            for (q, question) in kwi.questions.iter().enumerate() {
                answers.push(AnswerRow {
                    respondent: RespondentId::nth(index),
                    kwi: kwi.id.clone(),
                    question: question.id.clone(),
                    score: u8::try_from((index + k + q) % 10 + 1).unwrap(),
                    relevance: [Relevance::Less, Relevance::Neutral, Relevance::More]
                        [(index * q) % 3],
                });
            }
        }
        respondents.push(RespondentResult {
            index: RespondentId::nth(index),
            initials: format!("R{index:04}"),
            status: ResponseStatus::Returned,
            file: Some(format!("R{index:04}.xlsx")),
            reason: None,
            answered: 36,
            assigned: 36,
            nps: Some(u8::try_from(index % 11).unwrap()),
            nps_reason: None,
            remarks: (index % 5 == 0).then(|| "Prima.".to_string()),
            anonymous,
            shown_as: if anonymous {
                format!("Respondent {}", index / 7 + 1)
            } else {
                format!("Person {index}")
            },
        });
    }
    (respondents, answers)
}
