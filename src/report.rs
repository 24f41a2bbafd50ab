//! What the monitor shows, as plain data: the outcome of one ingest run.
//!
//! [`crate::ingest`] builds a [`Report`]; [`crate::monitor`] writes it as a workbook and the
//! `--json` summary is serialised from it. No I/O, no positions, no formatting here.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::master::{Master, RespondentId};
use crate::score::{Nps, Relevance, Scores};

/// Everything one ingest run found, computed.
#[derive(Debug, Clone)]
pub struct Report<'m> {
    /// The master of this measurement.
    pub master: &'m Master,
    /// The date the monitor reports on: the last save time among the accepted questionnaires
    /// (`YYYY-MM-DD`), never the clock, so that the same inputs give the same monitor.
    pub as_of: Option<String>,
    /// One entry per respondent of the master, in the master's order.
    pub respondents: Vec<RespondentResult>,
    /// Every accepted answer of this period, sorted by respondent (master order), then KWI and
    /// question (master order): the rows of the monitor's answers table.
    pub answers: Vec<AnswerRow>,
    /// The scores of this period.
    pub scores: Scores,
    /// The Net Promoter Score of this period.
    pub nps: Nps,
    /// Every measurement, this one included, in period order.
    pub trend: Vec<TrendPoint>,
    /// Every rejected file and left-out answer.
    pub problems: Vec<Problem>,
}

/// Whether a respondent's questionnaire came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResponseStatus {
    /// Returned with every assigned question answered.
    Returned,
    /// Returned with only part of the questions answered.
    Partial,
    /// Only rejected files came back.
    Rejected,
    /// The questionnaire came back without a single answer, remark or NPS (say, the blank one
    /// sent back): it counts as not returned.
    Empty,
    /// Nothing came back.
    Missing,
}

/// One respondent of the master and what came back from them.
#[derive(Debug, Clone, Serialize)]
pub struct RespondentResult {
    /// Who.
    #[serde(skip)]
    pub index: RespondentId,
    /// The respondent's initials.
    pub initials: String,
    /// Returned, partial, rejected or missing.
    pub status: ResponseStatus,
    /// The accepted file, or the last rejected one.
    pub file: Option<String>,
    /// Why the file was rejected, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Questions answered with a valid score.
    pub answered: usize,
    /// Questions assigned by the master.
    pub assigned: usize,
    /// The NPS answer, 0–10. Never serialised: `status --json` must not pair an anonymous
    /// respondent's initials with it (the `--json` summary shows it for named ones only).
    #[serde(skip)]
    pub nps: Option<u8>,
    /// Why that NPS answer.
    #[serde(skip)]
    pub nps_reason: Option<String>,
    /// Free remarks.
    #[serde(skip)]
    pub remarks: Option<String>,
    /// Whether the respondent asked to stay anonymous (an unanswered question counts as yes).
    pub anonymous: bool,
    /// The name shown beside their answers: their name, or a stable pseudonym such as
    /// "Respondent 3" when anonymous.
    #[serde(skip)]
    pub shown_as: String,
}

/// One accepted answer.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRow {
    /// Who answered.
    pub respondent: RespondentId,
    /// KWI id.
    pub kwi: String,
    /// Question id.
    pub question: String,
    /// 1–10.
    pub score: u8,
    /// The relevance mark.
    pub relevance: Relevance,
}

/// The scores of one measurement.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TrendPoint {
    /// The period label, e.g. `2011H2`.
    pub period: String,
    /// KWI id → score; `None` when the KWI had no answers that period.
    pub kwis: BTreeMap<String, Option<f64>>,
    /// KWI id → its title in that period's master (empty in a history from before lineage).
    pub titles: BTreeMap<String, String>,
    /// How many respondents answered; `None` in a history from before lineage.
    pub respondents: Option<usize>,
    /// The total score.
    pub total: Option<f64>,
    /// The NPS.
    pub nps: Option<i32>,
}

impl TrendPoint {
    /// The point of the measurement of `master`'s period: its KWI scores with the master's
    /// titles, the total and the NPS, answered by `respondents` people.
    pub fn measured(master: &Master, scores: &Scores, nps: &Nps, respondents: usize) -> Self {
        TrendPoint {
            period: master.period.clone(),
            kwis: scores
                .kwis
                .iter()
                .map(|k| (k.kwi.clone(), k.score))
                .collect(),
            titles: master
                .kwis
                .iter()
                .map(|k| (k.id.clone(), k.title.clone()))
                .collect(),
            respondents: Some(respondents),
            total: scores.total_score,
            nps: nps.score,
        }
    }
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The whole file was not used.
    Rejected,
    /// The file was used, but something in it was left out or needs a look.
    Warning,
    /// For information: e.g. a file of another period that joined the trend.
    Note,
}

/// One problem with one input file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// The file, as given on the command line.
    pub file: String,
    /// Rejected, warning or note.
    pub severity: Severity,
    /// `Sheet!C12` where it applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
    /// Whether something the file holds is not counted: the whole file, or an answer. Only
    /// these make ingest exit with code 3; a warning that loses nothing (texts changed since
    /// sending, anonymity not answered) does not.
    #[serde(skip)]
    pub loses_input: bool,
}
