//! What a reminder names for one respondent: the questions still open and the answers that
//! could not be read, with what the cell held. Pure: the caller reads the returned file, and
//! ingest's [`Report`] says which answers counted. It never looks at another respondent.

use std::collections::{HashMap, HashSet};

use crate::master::{Master, RespondentId, fold};
use crate::reader::{CellValue, Returned};
use crate::report::Report;

/// A question of the respondent's questionnaire that has no answer that counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap<'m> {
    /// The question id, e.g. `3.02`.
    pub id: &'m str,
    /// The question text as the questionnaire shows it.
    pub text: &'m str,
    /// What the score cell held when it could not be read (e.g. `7,5`, `acht`, `=A1`); `None`
    /// for a question left empty.
    pub typed: Option<String>,
}

/// The respondent's questions without an answer that counts, in questionnaire order: the
/// open ones (nothing typed) and the unreadable ones (something typed that did not count).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Followup<'m> {
    /// Questions left empty.
    pub open: Vec<Gap<'m>>,
    /// Questions whose typed answer was left out.
    pub unreadable: Vec<Gap<'m>>,
}

/// The gaps in `respondent`'s answers: every question the master gives them that has no
/// accepted answer in `report`, split by what their returned file (`returned`, the file the
/// report accepted for them) holds in its score cell. Without a file every question is open.
///
/// # Examples
/// ```
/// let master = klantwaarde::master::parse(klantwaarde::EXAMPLE_MASTER_NL.as_bytes()).unwrap().master;
/// let report = klantwaarde::ingest::build_report(&master, &[], Vec::new());
/// let kees = master.respondent_index("KK").unwrap();
/// let gaps = klantwaarde::followup::gaps(&master, &report, kees, None);
/// assert_eq!(gaps.open.len(), 17);
/// assert!(gaps.unreadable.is_empty());
/// ```
pub fn gaps<'m>(
    master: &'m Master,
    report: &Report,
    respondent: RespondentId,
    returned: Option<&Returned>,
) -> Followup<'m> {
    // `report.answers` is sorted by respondent: this respondent's answers are one block
    let start = report
        .answers
        .partition_point(|answer| answer.respondent < respondent);
    let end = report
        .answers
        .partition_point(|answer| answer.respondent <= respondent);
    let answered: HashSet<String> = report.answers[start..end]
        .iter()
        .map(|answer| fold(&answer.question))
        .collect();
    // the returned file's rows by question, the first row of each (as ingest reads them)
    let mut rows = HashMap::new();
    for raw in returned.map_or(&[][..], |returned| &returned.answers) {
        rows.entry(fold(&raw.question)).or_insert(raw);
    }
    let mut followup = Followup::default();
    for (_, questions) in master.questions_for(respondent) {
        for question in questions {
            let id = fold(&question.id);
            if answered.contains(&id) {
                continue;
            }
            let typed = rows
                .get(&id)
                .and_then(|raw| typed(&raw.score.value, raw.score.formula.as_deref()));
            let gap = Gap {
                id: &question.id,
                text: &question.text,
                typed,
            };
            if gap.typed.is_some() {
                followup.unreadable.push(gap);
            } else {
                followup.open.push(gap);
            }
        }
    }
    followup
}

/// What a score cell shows its respondent, or `None` when it is empty.
fn typed(value: &CellValue, formula: Option<&str>) -> Option<String> {
    if let Some(formula) = formula {
        let formula = formula.strip_prefix("of:").unwrap_or(formula);
        return Some(format!("={}", formula.trim_start_matches('=')));
    }
    let text = match value {
        CellValue::Empty => return None,
        CellValue::Number(number) => number.to_string(),
        CellValue::Text(text) => text.trim().to_string(),
        CellValue::Bool(value) => value.to_string(),
        CellValue::Error(error) => error.clone(),
        CellValue::DateTime(serial) => serial.to_string(),
    };
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_cell_held_is_shown_as_typed() {
        for (value, formula, expected) in [
            (CellValue::Empty, None, None),
            (CellValue::Text("  ".into()), None, None),
            (CellValue::Text(" 7,5 ".into()), None, Some("7,5")),
            (CellValue::Text("acht".into()), None, Some("acht")),
            (CellValue::Number(11.0), None, Some("11")),
            (CellValue::Number(7.5), None, Some("7.5")),
            (CellValue::Number(0.0), Some("A1+1"), Some("=A1+1")),
            (CellValue::Empty, Some("of:=[.A1]"), Some("=[.A1]")),
            (CellValue::Error("#DIV/0!".into()), None, Some("#DIV/0!")),
        ] {
            assert_eq!(
                typed(&value, formula).as_deref(),
                expected,
                "{value:?} {formula:?}"
            );
        }
    }
}
