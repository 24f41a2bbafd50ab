//! Judging one read questionnaire against the master: whose it is, which answers count, and a
//! problem with its cell for every answer left out. No file system, no printing.

use std::collections::HashMap;

use super::{Assessed, Filled, Unreadable, Verdict, problem};
use crate::contract;
use crate::master::{Master, RespondentId, fold, nearest};
use crate::reader::{CellValue, RawCell, Returned};
use crate::report::{Problem, Severity};
use crate::score::Relevance;

/// Judges read questionnaires against one master, with its lookups built once rather than once
/// per file.
pub struct Assessor<'m> {
    master: &'m Master,
    /// Folded initials → respondent index.
    respondents: HashMap<String, RespondentId>,
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
        let reject =
            |problems: &mut Vec<Problem>, respondent: Option<RespondentId>, message: String| {
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
        respondent: Option<RespondentId>,
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

/// A whole number in `low..=high`, `None` for an empty cell, else why not.
pub(super) fn whole_number(cell: &RawCell, low: u8, high: u8) -> Result<Option<u8>, String> {
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
    // The monitor's cells show at most this many characters of a text (`monitor::text`).
    const SHOWN: usize = 32_000;
    let length = text.chars().count();
    if length > SHOWN {
        problems.push(problem(file, Severity::Note, Some(&cell.reference), format!("this text has {length} characters, more than a cell of the monitor holds; the monitor shows its first {SHOWN} — read the rest in the returned file")));
    }
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
