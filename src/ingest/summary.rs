//! The machine-readable summary of a report, for `ingest --json`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::report::{Problem, Report, RespondentResult, TrendPoint};
use crate::score;

/// The `--json` summary.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    period: &'a str,
    monitor: Option<String>,
    /// The monitor's date: the latest save time among the questionnaires that count.
    as_of: Option<&'a str>,
    respondents: &'a [RespondentResult],
    kwis: Vec<KwiSummary<'a>>,
    total: TotalSummary,
    nps: &'a score::Nps,
    trend: &'a [TrendPoint],
    problems: &'a [Problem],
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
    by_respondent: &'a BTreeMap<String, f64>,
}

#[derive(Debug, Serialize)]
struct TotalSummary {
    score: Option<f64>,
    weight_sum: u64,
    weighted_sum: u64,
}

/// The machine-readable summary of a report.
pub fn summary<'a>(report: &'a Report<'a>, monitor: Option<&Path>) -> Summary<'a> {
    Summary {
        period: &report.master.period,
        monitor: monitor.map(|p| p.display().to_string()),
        as_of: report.as_of.as_deref(),
        respondents: &report.respondents,
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
                by_respondent: &scored.by_respondent,
            })
            .collect(),
        total: TotalSummary {
            score: report.scores.total_score,
            weight_sum: report.scores.total.weights,
            weighted_sum: report.scores.total.weighted,
        },
        nps: &report.nps,
        trend: &report.trend,
        problems: &report.problems,
    }
}
