//! The machine-readable summary of a report, for `ingest --json`. It never pairs an anonymous
//! respondent's initials or name with their answers, NPS, reason, file or answered count, and it
//! gives scores per respondent only where [`Disclosure`] allows, for named respondents only.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::anonymity::{Disclosure, Redactor};
use crate::report::{Problem, Report, ResponseStatus, TrendPoint};
use crate::score;

/// The redactor of `report`'s tool-made texts: a file name or message naming an anonymous
/// respondent shows their pseudonym (`pseudonyms`) or else the one word for all anonymous
/// respondents ("Anoniem").
pub fn anonymous_redactor(report: &Report<'_>, pseudonyms: bool) -> Redactor {
    let word = &crate::labels::Labels::for_language(report.master.language).monitor_anonymous;
    Redactor::new(report.respondents.iter().filter(|r| r.anonymous).map(|r| {
        (
            report.master.respondent(r.index).name.as_str(),
            r.initials.as_str(),
            if pseudonyms {
                r.shown_as.as_str()
            } else {
                word.as_str()
            },
        )
    }))
}

/// The `--json` summary.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    period: &'a str,
    monitor: Option<String>,
    /// The monitor's date: the latest save time among the questionnaires that count.
    as_of: Option<&'a str>,
    analysis: Option<String>,
    respondents: Vec<RespondentSummary<'a>>,
    kwis: Vec<KwiSummary<'a>>,
    total: TotalSummary,
    nps: &'a score::Nps,
    trend: &'a [TrendPoint],
    problems: Vec<Problem>,
}

/// One respondent: for an anonymous one only the initials, the status and `anonymous: true`.
#[derive(Debug, Serialize)]
struct RespondentSummary<'a> {
    initials: &'a str,
    status: ResponseStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answered: Option<usize>,
    assigned: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    nps: Option<u8>,
    anonymous: bool,
}

#[derive(Debug, Serialize)]
struct KwiSummary<'a> {
    id: &'a str,
    title: &'a str,
    score: Option<f64>,
    average: Option<f64>,
    target: Option<f64>,
    weight_sum: u64,
    weighted_sum: u64,
    answers: u64,
    by_respondent: BTreeMap<&'a str, f64>,
}

#[derive(Debug, Serialize)]
struct TotalSummary {
    score: Option<f64>,
    weight_sum: u64,
    weighted_sum: u64,
}

/// The machine-readable summary of a report; `monitor` and `analysis` are the workbooks written.
pub fn summary<'a>(
    report: &'a Report<'a>,
    monitor: Option<&Path>,
    analysis: Option<&Path>,
) -> Summary<'a> {
    let anonymous_answered = report
        .respondents
        .iter()
        .filter(|r| {
            r.anonymous && matches!(r.status, ResponseStatus::Returned | ResponseStatus::Partial)
        })
        .count();
    let per_respondent =
        Disclosure::of(anonymous_answered, report.master.min_group).per_respondent();
    // Scores per respondent are keyed by initials for named respondents (and by a pseudonym
    // otherwise, which is left out).
    let named: Vec<&str> = report
        .respondents
        .iter()
        .filter(|r| !r.anonymous)
        .map(|r| r.initials.as_str())
        .collect();
    // Where no one's figures are shown, one word for all of them: a numbered pseudonym of the
    // only anonymous respondent would name them.
    let redactor = anonymous_redactor(report, per_respondent);
    Summary {
        period: &report.master.period,
        monitor: monitor.map(|p| p.display().to_string()),
        as_of: report.as_of.as_deref(),
        analysis: analysis.map(|p| p.display().to_string()),
        respondents: report
            .respondents
            .iter()
            .map(|r| {
                let shown = !r.anonymous;
                RespondentSummary {
                    initials: &r.initials,
                    status: match r.status {
                        ResponseStatus::Partial if r.anonymous => ResponseStatus::Returned,
                        other => other,
                    },
                    file: r.file.as_deref().filter(|_| shown),
                    reason: r.reason.as_deref().filter(|_| shown),
                    answered: shown.then_some(r.answered),
                    assigned: r.assigned,
                    nps: r.nps.filter(|_| shown),
                    anonymous: r.anonymous,
                }
            })
            .collect(),
        kwis: report
            .master
            .kwis
            .iter()
            .zip(&report.scores.kwis)
            .map(|(kwi, scored)| KwiSummary {
                id: &kwi.id,
                title: &kwi.title,
                score: scored.score,
                average: scored.average,
                target: kwi.target,
                weight_sum: scored.sum.weights,
                weighted_sum: scored.sum.weighted,
                answers: scored.sum.count,
                by_respondent: scored
                    .by_respondent
                    .iter()
                    .filter(|(key, _)| per_respondent && named.contains(&key.as_str()))
                    .map(|(key, score)| (key.as_str(), *score))
                    .collect(),
            })
            .collect(),
        total: TotalSummary {
            score: report.scores.total_score,
            weight_sum: report.scores.total.weights,
            weighted_sum: report.scores.total.weighted,
        },
        nps: &report.nps,
        trend: &report.trend,
        problems: report
            .problems
            .iter()
            .map(|problem| Problem {
                file: redactor.apply(&problem.file).into_owned(),
                message: redactor.apply(&problem.message).into_owned(),
                ..problem.clone()
            })
            .collect(),
    }
}
