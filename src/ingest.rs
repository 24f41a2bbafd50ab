//! Ingest: returned questionnaires in, a [`Report`] out, with every problem reported.
//!
//! Files are matched through their `meta` sheet, never through their names. A bad file is
//! rejected with a message and the run goes on; a bad answer is left out with its cell and the
//! rest of the file counts. Nothing here touches the file system or prints: the commands read
//! the bytes and show the outcome.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use crate::contract;
use crate::master::{Master, fold, nearest};
use crate::reader::{self, CellValue, RawCell, Returned};
use crate::report::{
    AnswerRow, Problem, Report, RespondentResult, ResponseStatus, Severity, TrendPoint,
};
use crate::score::{self, Answer, Relevance};

/// One returned file, read and judged against the master.
#[derive(Debug, Clone)]
pub struct Assessed {
    /// The file as given.
    pub file: String,
    /// What happened to it.
    pub verdict: Verdict,
    /// The problems found in it, rejection included.
    pub problems: Vec<Problem>,
    /// `dcterms:modified` from the file, or the file system's time, to pick the latest copy.
    pub saved_at: Option<String>,
}

/// What a file is to this measurement.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// Not used; the reason is among the problems. Names the respondent when the file did.
    Rejected(Option<usize>),
    /// A questionnaire of this client and period.
    Current(Filled),
    /// A questionnaire of this client for another period: it joins the trend.
    OtherPeriod(Filled),
}

/// The valid content of one questionnaire.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// The period of the questionnaire.
    pub period: String,
    /// The respondent's key: the master index for this period; for other periods the initials.
    pub respondent: Option<usize>,
    /// Initials as written in the file.
    pub initials: String,
    /// Valid answers: question id, KWI id, score, relevance.
    pub answers: Vec<(String, String, u8, Relevance)>,
    /// Valid NPS answer.
    pub nps: Option<u8>,
    /// Why that NPS answer.
    pub nps_reason: Option<String>,
    /// Free remarks.
    pub remarks: Option<String>,
    /// Whether the respondent asked to stay anonymous.
    pub anonymous: bool,
}

impl Filled {
    fn holds_anything(&self) -> bool {
        !self.answers.is_empty()
            || self.nps.is_some()
            || self.remarks.is_some()
            || self.nps_reason.is_some()
    }
}

/// Whether a read questionnaire holds any answer, remark or NPS: such a file must never be
/// overwritten by `generate`.
pub fn has_answers(returned: &Returned) -> bool {
    let filled =
        |cell: &RawCell| !matches!(&cell.value, CellValue::Empty) && !is_blank(&cell.value);
    returned.answers.iter().any(|a| filled(&a.score))
        || filled(&returned.nps)
        || filled(&returned.remarks)
        || filled(&returned.nps_reason)
}

fn is_blank(value: &CellValue) -> bool {
    matches!(value, CellValue::Text(text) if text.trim().is_empty())
}

/// Why a file could not be read, and whose questionnaire it is when its `meta` sheet said so.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// What is wrong and what to do, without the file name.
    pub message: String,
    /// The identity the `meta` sheet gave before the reading failed.
    pub meta: Option<Box<reader::Meta>>,
}

impl From<String> for Unreadable {
    fn from(message: String) -> Unreadable {
        Unreadable {
            message,
            meta: None,
        }
    }
}

impl From<&str> for Unreadable {
    fn from(message: &str) -> Unreadable {
        message.to_string().into()
    }
}

impl From<reader::ReadError> for Unreadable {
    fn from(error: reader::ReadError) -> Unreadable {
        Unreadable {
            message: error.to_string(),
            meta: error.meta().cloned().map(Box::new),
        }
    }
}

/// Judges one read questionnaire against the master. Pure: the caller has read the bytes. To
/// judge many files, make one [`Assessor`].
pub fn assess(master: &Master, file: &str, read: Result<Returned, Unreadable>) -> Assessed {
    Assessor::new(master).assess(file, read)
}

/// Judges read questionnaires against one master, with its lookups built once rather than once
/// per file.
pub struct Assessor<'m> {
    master: &'m Master,
    /// Folded initials → respondent index.
    respondents: HashMap<String, usize>,
    /// Folded question id → (question id, KWI id) as the master writes them.
    questions: HashMap<String, (&'m str, &'m str)>,
}

impl<'m> Assessor<'m> {
    /// The lookups of `master`.
    pub fn new(master: &'m Master) -> Assessor<'m> {
        let questions = master
            .kwis
            .iter()
            .flat_map(|kwi| {
                kwi.questions
                    .iter()
                    .map(move |q| (fold(&q.id), (q.id.as_str(), kwi.id.as_str())))
            })
            .collect();
        Assessor {
            master,
            respondents: master.respondent_lookup(),
            questions,
        }
    }

    /// Judges one read questionnaire.
    pub fn assess(&self, file: &str, read: Result<Returned, Unreadable>) -> Assessed {
        let master = self.master;
        let mut problems = Vec::new();
        let returned = match read {
            Ok(returned) => returned,
            Err(error) => {
                // A file whose meta sheet named this client, period and respondent is theirs,
                // even unusable: status then says "rejected", not "missing".
                let respondent = error.meta.as_ref().and_then(|meta| {
                    (fold(&meta.client) == fold(&master.client)
                        && fold(&meta.period) == fold(&master.period))
                    .then(|| self.respondents.get(&fold(&meta.respondent)).copied())
                    .flatten()
                });
                problems.push(problem(file, Severity::Rejected, None, error.message));
                return Assessed {
                    file: file.to_string(),
                    verdict: Verdict::Rejected(respondent),
                    problems,
                    saved_at: None,
                };
            }
        };
        let saved_at = returned.saved_at.clone();
        let reject = |problems: &mut Vec<Problem>, respondent: Option<usize>, message: String| {
            problems.push(problem(file, Severity::Rejected, None, message));
            Verdict::Rejected(respondent)
        };
        let meta = &returned.meta;
        let verdict = if meta.format.trim() != contract::FORMAT {
            reject(
                &mut problems,
                None,
                format!(
                    "meta: format is `{}`, not `{}`: this workbook is not a questionnaire this version of klantwaarde can read; generate it again with klantwaarde",
                    meta.format.trim(),
                    contract::FORMAT
                ),
            )
        } else if fold(&meta.client) != fold(&master.client) {
            reject(
                &mut problems,
                None,
                format!(
                    "meta: this questionnaire belongs to client `{}`, not `{}`; ingest it with that client's master",
                    meta.client.trim(),
                    master.client
                ),
            )
        } else if fold(&meta.period) != fold(&master.period) {
            let filled = self.contents(file, &returned, None, &mut problems);
            problems.push(problem(
                file,
                Severity::Note,
                None,
                format!(
                    "a questionnaire of period {}, not {}: it joins the trend for its own period",
                    meta.period.trim(),
                    master.period
                ),
            ));
            Verdict::OtherPeriod(filled)
        } else {
            match self.respondents.get(&fold(&meta.respondent)).copied() {
                None => {
                    let known = master.respondents.iter().map(|r| r.initials.as_str());
                    let hint = nearest(meta.respondent.trim(), known).map_or_else(
                        || {
                            "add the respondent to the master, or check that it is the right file"
                                .to_string()
                        },
                        |s| format!("did you mean {s}? check the meta sheet or the master"),
                    );
                    reject(
                        &mut problems,
                        None,
                        format!(
                            "meta: respondent `{}` ({}) is not in the master; {hint}",
                            meta.respondent.trim(),
                            meta.name.trim()
                        ),
                    )
                }
                Some(index) => {
                    if meta.fingerprint.trim() != master.fingerprint(index) {
                        problems.push(problem(
                        file,
                        Severity::Warning,
                        None,
                        "the questionnaire differs from what the master would generate now (questions or texts changed since it was sent); its answers count by question id".to_string(),
                    ));
                    }
                    Verdict::Current(self.contents(file, &returned, Some(index), &mut problems))
                }
            }
        };
        Assessed {
            file: file.to_string(),
            verdict,
            problems,
            saved_at,
        }
    }

    /// The valid answers of a questionnaire; every left-out answer becomes a problem.
    fn contents(
        &self,
        file: &str,
        returned: &Returned,
        respondent: Option<usize>,
        problems: &mut Vec<Problem>,
    ) -> Filled {
        let current = respondent.is_some();
        let question_kwi = &self.questions;
        let mut seen = std::collections::HashSet::new();
        let mut answers = Vec::new();
        let mut moved = Vec::new();
        for raw in &returned.answers {
            let cell = Some(raw.score.reference.as_str());
            if let Some(id) = &raw.id
                && !holds_id(&id.value, &raw.question)
            {
                moved.push((
                    raw.question.trim().to_string(),
                    raw.score.reference.as_str(),
                ));
                continue;
            }
            let (question, kwi) = if current {
                match question_kwi.get(&fold(&raw.question)) {
                    Some(&(question, kwi)) => (question.to_string(), kwi.to_string()),
                    None => {
                        if !matches!(raw.score.value, CellValue::Empty) {
                            problems.push(problem(
                            file,
                            Severity::Warning,
                            cell,
                            format!(
                                "question `{}` is no longer in the master; its answer is skipped",
                                raw.question.trim()
                            ),
                        ));
                        }
                        continue;
                    }
                }
            } else {
                (raw.question.trim().to_string(), raw.kwi.trim().to_string())
            };
            if !seen.insert(question.clone()) {
                problems.push(problem(file, Severity::Warning, cell, format!("question {question} appears twice in the meta sheet; only its first answer counts")));
                continue;
            }
            let score = match whole_number(&raw.score, 1, 10) {
                Ok(None) => continue,
                Ok(Some(score)) => score,
                Err(why) => {
                    problems.push(problem(file, Severity::Warning, cell, format!("question {question}: the score {why}; it is left out — ask the respondent for a whole number from 1 to 10")));
                    continue;
                }
            };
            let relevance = match &raw.relevance.value {
                CellValue::Empty => Relevance::Neutral,
                value => match Relevance::parse(&text_of(value)) {
                    Some(relevance) => relevance,
                    None => {
                        problems.push(problem(file, Severity::Warning, Some(&raw.relevance.reference), format!("question {question}: relevance `{}` is not less, neutral or more; counted as neutral", shorten(&text_of(value)))));
                        Relevance::Neutral
                    }
                },
            };
            answers.push((question, kwi, score, relevance));
        }
        // The closing questions (NPS, remarks, anonymity) stand below the question table, so
        // rows moved in it moved them too.
        // The closing questions (NPS, remarks, anonymity) stand below the question table, so
        // rows moved in it moved them too: then they are left out and the respondent is
        // treated as anonymous.
        let closing = match moved.first() {
            None => closing_answers(file, returned, !answers.is_empty(), problems),
            Some(&(_, first)) => {
                let ids: Vec<&str> = moved.iter().map(|(id, _)| id.as_str()).collect();
                problems.push(problem(
                    file,
                    Severity::Warning,
                    Some(first),
                    format!(
                        "rows were inserted or deleted in the questionnaire, so the answers of question(s) {} and of the closing questions (recommendation, remarks, anonymity) no longer stand where the `meta` sheet says (from {first} on); they are left out rather than counted for another question, and the respondent is treated as anonymous — ask the respondent to fill in the original questionnaire",
                        ids.join(", ")
                    ),
                ));
                Closing {
                    nps: None,
                    nps_reason: None,
                    remarks: None,
                    anonymous: true,
                }
            }
        };
        Filled {
            period: returned.meta.period.trim().to_string(),
            respondent,
            initials: returned.meta.respondent.trim().to_string(),
            answers,
            nps: closing.nps,
            nps_reason: closing.nps_reason,
            remarks: closing.remarks,
            anonymous: closing.anonymous,
        }
    }
}

/// The closing answers of a questionnaire.
struct Closing {
    nps: Option<u8>,
    nps_reason: Option<String>,
    remarks: Option<String>,
    anonymous: bool,
}

/// Reads the closing answers; `answered` says whether any question was answered.
fn closing_answers(
    file: &str,
    returned: &Returned,
    answered: bool,
    problems: &mut Vec<Problem>,
) -> Closing {
    let nps = match whole_number(&returned.nps, 0, 10) {
        Ok(nps) => nps,
        Err(why) => {
            problems.push(problem(file, Severity::Warning, Some(&returned.nps.reference), format!("the recommendation (NPS) answer {why}; it is left out — it must be a whole number from 0 to 10")));
            None
        }
    };
    let anonymous = match fold(&text_of(&returned.anonymous.value)).as_str() {
        "ja" | "yes" | "j" | "y" | "true" | "1" => true,
        "nee" | "no" | "n" | "false" | "0" => false,
        "" => {
            if answered {
                problems.push(problem(file, Severity::Warning, Some(&returned.anonymous.reference), "the respondent did not say whether they wish to stay anonymous; treated as anonymous to be safe — ask them".to_string()));
            }
            true
        }
        other => {
            problems.push(problem(file, Severity::Warning, Some(&returned.anonymous.reference), format!("the anonymity answer `{}` is not yes or no; treated as anonymous to be safe — ask the respondent", shorten(other))));
            true
        }
    };
    Closing {
        nps,
        nps_reason: free_text(file, &returned.nps_reason, problems),
        remarks: free_text(file, &returned.remarks, problems),
        anonymous,
    }
}

fn problem(file: &str, severity: Severity, cell: Option<&str>, message: String) -> Problem {
    Problem {
        file: file.to_string(),
        severity,
        cell: cell.map(str::to_string),
        message,
    }
}

/// A whole number in `low..=high`, `None` for an empty cell, else why not.
fn whole_number(cell: &RawCell, low: u8, high: u8) -> Result<Option<u8>, String> {
    if let Some(formula) = &cell.formula {
        return Err(format!(
            "is a formula (`{}`), not a typed number",
            shorten(formula)
        ));
    }
    let number = match &cell.value {
        CellValue::Empty => return Ok(None),
        CellValue::Number(number) => *number,
        CellValue::Text(text) => {
            let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
            if trimmed.is_empty() {
                return Ok(None);
            }
            match trimmed.parse::<i64>() {
                Ok(number) => number as f64,
                Err(_) => return Err(format!("`{}` is not a whole number", shorten(trimmed))),
            }
        }
        CellValue::Bool(value) => return Err(format!("is a yes/no value ({value})")),
        CellValue::Error(error) => return Err(format!("is a formula error ({error})")),
        CellValue::DateTime(_) => return Err("is a date".to_string()),
    };
    if number.fract() != 0.0 {
        return Err(format!("{number} is not a whole number"));
    }
    if number < f64::from(low) || number > f64::from(high) {
        return Err(format!("{number} is outside {low}–{high}"));
    }
    Ok(Some(number as u8))
}

/// Whether an answer row's id cell still shows question `id`.
fn holds_id(value: &CellValue, id: &str) -> bool {
    match value {
        CellValue::Text(text) => fold(text) == fold(id),
        CellValue::Number(number) => id.trim().parse::<f64>() == Ok(*number),
        _ => false,
    }
}

fn text_of(value: &CellValue) -> String {
    match value {
        CellValue::Empty => String::new(),
        CellValue::Text(text) => text.clone(),
        CellValue::Number(number) => number.to_string(),
        CellValue::Bool(value) => value.to_string(),
        CellValue::Error(error) => error.clone(),
        CellValue::DateTime(serial) => serial.to_string(),
    }
}

/// A free text answer. Text typed with a leading `=` becomes a formula in a spreadsheet (often
/// showing `#NAME?`); its words are what the respondent wrote, so they are kept as typed.
fn free_text(file: &str, cell: &RawCell, problems: &mut Vec<Problem>) -> Option<String> {
    if let Some(formula) = &cell.formula {
        let typed = formula.strip_prefix("of:").unwrap_or(formula);
        let typed = typed.trim().trim_start_matches('=').trim();
        if !typed.is_empty() {
            problems.push(problem(file, Severity::Note, Some(&cell.reference), "this text starts with `=`, so the spreadsheet took it for a formula; the text is kept as typed".to_string()));
            return Some(format!("={typed}"));
        }
    }
    let text = text_of(&cell.value);
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn shorten(text: &str) -> String {
    const LIMIT: usize = 40;
    if text.chars().count() <= LIMIT {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(LIMIT).collect::<String>())
    }
}

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
    let mut by_respondent: BTreeMap<usize, Vec<Candidate>> = BTreeMap::new();
    let mut rejected_for: HashMap<usize, &Assessed> = HashMap::new();
    let mut other_periods: BTreeMap<String, BTreeMap<String, Vec<Candidate>>> = BTreeMap::new();
    for item in assessed {
        match &item.verdict {
            Verdict::Current(filled) => by_respondent
                .entry(filled.respondent.unwrap_or_default())
                .or_default()
                .push((item, filled)),
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
    let mut chosen: BTreeMap<usize, (&Assessed, &Filled)> = BTreeMap::new();
    for (respondent, candidates) in by_respondent {
        if let Some(pick) = choose(candidates, &mut problems) {
            chosen.insert(respondent, pick);
        }
    }

    let pseudonyms = pseudonyms(
        master,
        chosen
            .iter()
            .filter(|(_, (_, f))| f.anonymous)
            .map(|(i, _)| *i),
    );
    let mut respondents = Vec::with_capacity(master.respondents.len());
    let mut answers = Vec::new();
    for (index, person) in master.respondents.iter().enumerate() {
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
        if let Some((item, filled)) = chosen.get(&index) {
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
        } else if let Some(item) = rejected_for.get(&index) {
            result.status = ResponseStatus::Rejected;
            result.file = Some(item.file.clone());
            result.reason = item
                .problems
                .iter()
                .find(|p| p.severity == Severity::Rejected)
                .map(|p| p.message.clone());
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
            respondent: &keys[a.respondent],
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

/// Stable pseudonyms for anonymous respondents: numbered in the order of a digest of their
/// initials, so that the number reveals neither the master's order nor the initials.
fn pseudonyms(master: &Master, anonymous: impl Iterator<Item = usize>) -> HashMap<usize, String> {
    use sha2::{Digest, Sha256};
    let mut keyed: Vec<(Vec<u8>, usize)> = anonymous
        .map(|index| {
            let digest = Sha256::digest(format!(
                "{}\u{0}{}",
                master.client,
                fold(&master.respondents[index].initials)
            ));
            (digest.to_vec(), index)
        })
        .collect();
    keyed.sort();
    let word = crate::labels::Labels::for_language(master.language)
        .respondent
        .clone();
    keyed
        .into_iter()
        .enumerate()
        .map(|(n, (_, index))| (index, format!("{word} {}", n + 1)))
        .collect()
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

/// The `--json` summary.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    period: &'a str,
    monitor: Option<String>,
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

#[cfg(test)]
mod tests;
