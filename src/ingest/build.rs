//! Building the report of a measurement: one file per respondent and period, the scores, the
//! trend and the problems, independent of the order of the files. No file system, no printing.

use std::collections::{BTreeMap, HashMap};

use super::{Assessed, Filled, Verdict, lossless_warning, problem};
use crate::anonymity;
use crate::master::{Master, RespondentId, fold};
use crate::report::{
    AnswerRow, Problem, Report, RespondentResult, ResponseStatus, Severity, TrendPoint,
};
use crate::score::{self, Answer};

/// One file that may count for a respondent and period.
type Candidate<'a> = (&'a Assessed, &'a Filled);

/// The chosen file per respondent and period, with notes on the duplicates set aside.
fn choose<'a>(
    candidates: Vec<Candidate<'a>>,
    problems: &mut Vec<Problem>,
) -> Option<Candidate<'a>> {
    let mut candidates = candidates;
    // Latest save first; file name breaks ties so that the choice never depends on input order.
    candidates.sort_by(|(a, fa), (b, fb)| {
        fb.holds_anything()
            .cmp(&fa.holds_anything())
            .then_with(|| b.saved_at.cmp(&a.saved_at))
            .then_with(|| a.file.cmp(&b.file))
    });
    let chosen = *candidates.first()?;
    for (other, filled) in &candidates[1..] {
        let message = if !filled.holds_anything() {
            format!(
                "an empty copy (e.g. from the preview round) beside {}; the filled one counts",
                chosen.0.file
            )
        } else if *filled == chosen.1 {
            format!("the same answers as {}; counted once", chosen.0.file)
        } else {
            format!(
                "another filled copy from the same respondent with different answers; {} (saved {}) counts, this one (saved {}) does not — check with the respondent which is right",
                chosen.0.file,
                chosen.0.saved_at.as_deref().unwrap_or("at an unknown time"),
                other.saved_at.as_deref().unwrap_or("at an unknown time"),
            )
        };
        let severity = if filled.holds_anything() && *filled != chosen.1 {
            Severity::Warning
        } else {
            Severity::Note
        };
        problems.push(problem(&other.file, severity, None, message));
    }
    Some(chosen)
}

/// Builds the report of this measurement from the assessed files and the earlier history.
/// Pure: the same inputs in any order give the same report.
pub fn build_report<'m>(
    master: &'m Master,
    assessed: &[Assessed],
    history: Vec<TrendPoint>,
) -> Report<'m> {
    let mut problems: Vec<Problem> = assessed
        .iter()
        .flat_map(|a| a.problems.iter().cloned())
        .collect();

    // This period: one file per respondent.
    let mut by_respondent: BTreeMap<RespondentId, Vec<Candidate>> = BTreeMap::new();
    let mut rejected_for: HashMap<RespondentId, &Assessed> = HashMap::new();
    let mut other_periods: BTreeMap<String, BTreeMap<String, Vec<Candidate>>> = BTreeMap::new();
    for item in assessed {
        match &item.verdict {
            // A questionnaire of this period always names its respondent.
            Verdict::Current(
                filled @ Filled {
                    respondent: Some(respondent),
                    ..
                },
            ) => by_respondent
                .entry(*respondent)
                .or_default()
                .push((item, filled)),
            Verdict::Current(_) => {}
            Verdict::OtherPeriod(filled) => other_periods
                .entry(filled.period.clone())
                .or_default()
                .entry(fold(&filled.initials))
                .or_default()
                .push((item, filled)),
            Verdict::Rejected(Some(index)) => {
                // The first file by name, so that input order never changes the report.
                rejected_for
                    .entry(*index)
                    .and_modify(|kept: &mut &Assessed| {
                        if item.file < kept.file {
                            *kept = item;
                        }
                    })
                    .or_insert(item);
            }
            Verdict::Rejected(None) => {}
        }
    }
    let mut chosen: BTreeMap<RespondentId, (&Assessed, &Filled)> = BTreeMap::new();
    for (respondent, candidates) in by_respondent {
        if let Some(pick) = choose(candidates, &mut problems) {
            chosen.insert(respondent, pick);
        }
    }

    let pseudonyms = anonymity::pseudonyms(
        master,
        chosen
            .iter()
            .filter(|(_, (_, f))| f.anonymous)
            .map(|(i, _)| *i),
    );
    let mut respondents = Vec::with_capacity(master.respondents.len());
    let mut answers = Vec::new();
    for index in master.respondent_ids() {
        let person = master.respondent(index);
        let assigned = master.question_count(index);
        let mut result = RespondentResult {
            index,
            initials: person.initials.clone(),
            status: ResponseStatus::Missing,
            file: None,
            reason: None,
            answered: 0,
            assigned,
            nps: None,
            nps_reason: None,
            remarks: None,
            anonymous: false,
            shown_as: person.name.clone(),
        };
        match chosen.get(&index) {
            Some((item, filled)) if !filled.holds_anything() => {
                result.status = ResponseStatus::Empty;
                result.file = Some(item.file.clone());
                let message = format!(
                    "returned empty: not a single answer, so {} counts as not returned; ask them to fill it in and send it again",
                    person.initials
                );
                problems.push(lossless_warning(&item.file, None, message));
            }
            Some((item, filled)) => {
                let answered = filled.answers.len();
                result.status = if answered >= assigned {
                    ResponseStatus::Returned
                } else {
                    ResponseStatus::Partial
                };
                result.file = Some(item.file.clone());
                result.answered = answered;
                result.nps = filled.nps;
                result.nps_reason = filled.nps_reason.clone();
                result.remarks = filled.remarks.clone();
                result.anonymous = filled.anonymous;
                if let Some(pseudonym) = pseudonyms.get(&index) {
                    result.shown_as = pseudonym.clone();
                }
                for (question, kwi, score, relevance) in &filled.answers {
                    answers.push(AnswerRow {
                        respondent: index,
                        kwi: kwi.clone(),
                        question: question.clone(),
                        score: *score,
                        relevance: *relevance,
                    });
                }
            }
            None => {
                if let Some(item) = rejected_for.get(&index) {
                    result.status = ResponseStatus::Rejected;
                    result.file = Some(item.file.clone());
                    result.reason = item
                        .problems
                        .iter()
                        .find(|p| p.severity == Severity::Rejected)
                        .map(|p| p.message.clone());
                }
            }
        }
        respondents.push(result);
    }

    // Answers in the monitor's order: respondent, then KWI and question in master order.
    let order: HashMap<&str, usize> = master
        .kwis
        .iter()
        .flat_map(|k| &k.questions)
        .enumerate()
        .map(|(position, q)| (q.id.as_str(), position))
        .collect();
    answers.sort_by_key(|a| {
        (
            a.respondent,
            order
                .get(a.question.as_str())
                .copied()
                .unwrap_or(usize::MAX),
        )
    });

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
    let keys: Vec<String> = respondents
        .iter()
        .map(|r| {
            if r.anonymous {
                r.shown_as.clone()
            } else {
                r.initials.clone()
            }
        })
        .collect();
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
    let scores = score::score(&kwi_order, &question_order, &scored);
    let nps_answers: Vec<u8> = respondents.iter().filter_map(|r| r.nps).collect();
    let nps = score::nps(&nps_answers);

    // Trend: earlier monitors, then questionnaires of other periods, then this period.
    let mut trend: BTreeMap<String, TrendPoint> =
        history.into_iter().map(|p| (p.period.clone(), p)).collect();
    for (period, by_initials) in other_periods {
        let picks: Vec<&Filled> = by_initials
            .into_values()
            .filter_map(|c| choose(c, &mut problems))
            .map(|(_, f)| f)
            .collect();
        trend.insert(period.clone(), point_of(&period, &picks));
    }
    trend.insert(
        master.period.clone(),
        TrendPoint {
            period: master.period.clone(),
            kwis: scores
                .kwis
                .iter()
                .map(|k| (k.kwi.clone(), k.score))
                .collect(),
            total: scores.total_score,
            nps: nps.score,
        },
    );

    let as_of = chosen
        .values()
        .filter_map(|(item, _)| item.saved_at.as_deref())
        .max()
        .map(|t| t.chars().take(10).collect());
    problems.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.file.cmp(&b.file))
    });
    Report {
        master,
        as_of,
        respondents,
        answers,
        scores,
        nps,
        trend: trend.into_values().collect(),
        problems,
    }
}

fn point_of(period: &str, filled: &[&Filled]) -> TrendPoint {
    let mut kwi_order: Vec<&str> = Vec::new();
    let mut question_order: Vec<(&str, &str)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut answers = Vec::new();
    for f in filled {
        for (question, kwi, score, relevance) in &f.answers {
            if !kwi_order.contains(&kwi.as_str()) {
                kwi_order.push(kwi);
            }
            if seen.insert((question.as_str(), kwi.as_str())) {
                question_order.push((question, kwi));
            }
            answers.push(Answer {
                respondent: &f.initials,
                kwi,
                question,
                score: *score,
                relevance: *relevance,
            });
        }
    }
    let scores = score::score(&kwi_order, &question_order, &answers);
    let nps: Vec<u8> = filled.iter().filter_map(|f| f.nps).collect();
    TrendPoint {
        period: period.to_string(),
        kwis: scores
            .kwis
            .iter()
            .map(|k| (k.kwi.clone(), k.score))
            .collect(),
        total: scores.total_score,
        nps: score::nps(&nps).score,
    }
}
