//! The plan of the monitor: what its sheets share, computed once from the [`Report`]: the order
//! respondents are shown in, the answers table's rows and each respondent × KWI block in it, the
//! score lookups, where the tables sit and what values are called. It decides positions and never
//! writes a cell.

use std::collections::HashMap;

use crate::anonymity::Disclosure;
use crate::labels::{Labels, Language};
use crate::master::{Master, RespondentId};
use crate::report::{AnswerRow, Report, ResponseStatus, TrendPoint};
use crate::score::{KwiScore, QuestionScore, Relevance, Sum};

use super::formulas::{self, Match};
use super::text::natural_key;

// Every table sheet: its title on row 1, a note on row 2, the header on row 3, data from row 4.
pub(super) const TITLE_ROW: u32 = 0;
pub(super) const NOTE_ROW: u32 = 1;
pub(super) const HEADER_ROW: u32 = 2;
pub(super) const FIRST_ROW: u32 = 3;

/// Columns of the answers table, the one the score formulas sum over.
pub(super) mod answer_column {
    pub const RESPONDENT: u16 = 0;
    pub const KWI: u16 = 1;
    pub const QUESTION: u16 = 2;
    pub const SCORE: u16 = 3;
    pub const RELEVANCE: u16 = 4;
    pub const WEIGHT: u16 = 5;
    pub const WEIGHTED: u16 = 6;
}

/// Columns of the KWI scores table.
pub(super) mod score_column {
    pub const ID: u16 = 0;
    pub const TITLE: u16 = 1;
    pub const AVERAGE: u16 = 2;
    pub const SCORE: u16 = 3;
    pub const TARGET: u16 = 4;
    pub const ANSWERS: u16 = 5;
    pub const RESPONDENTS: u16 = 6;
}

/// One respondent × KWI run of rows in the answers table, with its sums.
#[derive(Debug, Clone, Copy)]
pub(super) struct Block {
    pub(super) first: u32,
    pub(super) last: u32,
    pub(super) sum: Sum,
}

/// The sheet names of one language.
pub(super) struct Names {
    pub(super) cover: String,
    pub(super) respondents: String,
    pub(super) kwis: String,
    pub(super) assignment: String,
    pub(super) scores: String,
    pub(super) matrix: String,
    pub(super) questions: String,
    pub(super) trend: String,
    pub(super) importance: String,
    pub(super) answers: String,
    pub(super) actions: String,
    pub(super) problems: String,
    pub(super) status: String,
    pub(super) nps_remarks: String,
}

impl Names {
    pub(super) fn new(labels: &Labels) -> Names {
        Names {
            cover: labels.monitor_sheet_cover.clone(),
            respondents: labels.monitor_sheet_respondents.clone(),
            kwis: labels.monitor_sheet_kwis.clone(),
            assignment: labels.monitor_sheet_assignment.clone(),
            scores: labels.monitor_sheet_scores.clone(),
            matrix: labels.monitor_sheet_matrix.clone(),
            questions: labels.monitor_sheet_questions.clone(),
            trend: labels.monitor_sheet_trend.clone(),
            importance: labels.monitor_sheet_importance.clone(),
            answers: labels.monitor_sheet_answers.clone(),
            actions: labels.monitor_sheet_actions.clone(),
            problems: labels.monitor_sheet_problems.clone(),
            status: labels.monitor_sheet_status.clone(),
            nps_remarks: labels.monitor_sheet_nps_remarks.clone(),
        }
    }

    /// The session monitor's sheet names in workbook order, the hidden sheets last.
    #[cfg(test)]
    pub(super) fn session(&self) -> [&str; 10] {
        [
            &self.cover,
            &self.respondents,
            &self.kwis,
            &self.assignment,
            &self.scores,
            &self.trend,
            &self.nps_remarks,
            &self.actions,
            super::DATA_SHEET,
            super::HISTORY_SHEET,
        ]
    }

    /// The analysis workbook's sheet names in workbook order, the hidden history last.
    #[cfg(test)]
    pub(super) fn analysis(&self) -> [&str; 7] {
        [
            &self.status,
            &self.matrix,
            &self.questions,
            &self.importance,
            &self.answers,
            &self.problems,
            super::HISTORY_SHEET,
        ]
    }
}

/// Everything the sheets share, computed once: orders, positions and lookups.
pub(super) struct Plan<'r> {
    pub(super) report: &'r Report<'r>,
    pub(super) master: &'r Master,
    pub(super) labels: &'static Labels,
    pub(super) names: Names,
    /// Positions in `report.respondents`, in the order of every sheet except the respondents
    /// sheet: named respondents in master order, then anonymous ones by pseudonym.
    pub(super) order: Vec<usize>,
    /// The answers in table order: respondent (as `order`), KWI and question (master order).
    pub(super) answers: Vec<&'r AnswerRow>,
    /// The answers table's last data row; equal to `FIRST_ROW` when there are none, so that the
    /// ranges in formulas stay valid.
    pub(super) answers_last: u32,
    /// `[position in report.respondents][KWI index]`: that respondent's rows of that KWI.
    pub(super) blocks: Vec<Vec<Option<Block>>>,
    pub(super) kwi_scores: HashMap<&'r str, &'r KwiScore>,
    pub(super) question_scores: HashMap<&'r str, &'r QuestionScore>,
    /// Per KWI (master order): how formulas pick its answers (see [`Match`]).
    pub(super) kwi_match: Vec<Match>,
    /// Per question id: whether SUMIF can be trusted with it.
    pub(super) question_match: HashMap<&'r str, Match>,
    /// The targets' mean: the midpoint of colour scales and the importance chart's target line.
    pub(super) mean_target: Option<f64>,
    /// Whether figures per respondent may appear (the minimum-group rule).
    pub(super) disclosure: Disclosure,
    /// How many of the respondents who answered stay anonymous.
    pub(super) anonymous_answered: usize,
    /// The latest measurement before this one, for the dashboard's comparison.
    pub(super) previous: Option<&'r TrendPoint>,
}

impl<'r> Plan<'r> {
    pub(super) fn new(report: &'r Report<'r>) -> Plan<'r> {
        let master = report.master;
        let labels = Labels::for_language(master.language);

        let mut named: Vec<usize> = Vec::new();
        let mut anonymous: Vec<usize> = Vec::new();
        for (position, respondent) in report.respondents.iter().enumerate() {
            if respondent.anonymous {
                anonymous.push(position);
            } else {
                named.push(position);
            }
        }
        named.sort_by_key(|&position| report.respondents[position].index);
        anonymous.sort_by(|&a, &b| {
            natural_key(&report.respondents[a].shown_as)
                .cmp(&natural_key(&report.respondents[b].shown_as))
        });
        let anonymous_answered = anonymous
            .iter()
            .filter(|&&position| answered(report.respondents[position].status))
            .count();
        let disclosure = Disclosure::of(anonymous_answered, master.min_group);
        let order: Vec<usize> = named.into_iter().chain(anonymous).collect();
        let mut rank_of_master: HashMap<RespondentId, (usize, usize)> = HashMap::new();
        for (rank, &position) in order.iter().enumerate() {
            rank_of_master.insert(report.respondents[position].index, (rank, position));
        }

        let kwi_index: HashMap<&str, usize> = master
            .kwis
            .iter()
            .enumerate()
            .map(|(index, kwi)| (kwi.id.as_str(), index))
            .collect();
        let question_index: HashMap<&str, usize> = master
            .kwis
            .iter()
            .flat_map(|kwi| &kwi.questions)
            .enumerate()
            .map(|(index, question)| (question.id.as_str(), index))
            .collect();

        // One sort puts each respondent × KWI in one contiguous run of rows, whatever order
        // the report came in; answers of an unknown respondent or KWI go last and count nowhere.
        let mut answers: Vec<&AnswerRow> = report.answers.iter().collect();
        // Without figures per respondent the order follows no one: by KWI, question and score.
        let per_respondent = disclosure.per_respondent();
        answers.sort_by_cached_key(|answer| {
            (
                rank_of_master
                    .get(&answer.respondent)
                    .map_or(
                        usize::MAX,
                        |&(rank, _)| if per_respondent { rank } else { 0 },
                    ),
                kwi_index
                    .get(answer.kwi.as_str())
                    .copied()
                    .unwrap_or(usize::MAX),
                question_index
                    .get(answer.question.as_str())
                    .copied()
                    .unwrap_or(usize::MAX),
                answer.score,
                answer.relevance.weight(),
            )
        });
        let answers_last = FIRST_ROW + (answers.len() as u32).saturating_sub(1);

        let mut blocks = vec![vec![None; master.kwis.len()]; report.respondents.len()];
        for (offset, answer) in answers.iter().enumerate() {
            let row = FIRST_ROW + offset as u32;
            let (Some(&(_, position)), Some(&kwi)) = (
                rank_of_master.get(&answer.respondent),
                kwi_index.get(answer.kwi.as_str()),
            ) else {
                continue;
            };
            let block: &mut Option<Block> = &mut blocks[position][kwi];
            let block = block.get_or_insert(Block {
                first: row,
                last: row,
                sum: Sum::default(),
            });
            block.last = row;
            block.sum.add(answer.score, answer.relevance.weight());
        }

        let kwi_ids: Vec<&str> = master.kwis.iter().map(|kwi| kwi.id.as_str()).collect();
        let question_ids: Vec<&str> = master
            .kwis
            .iter()
            .flat_map(|kwi| &kwi.questions)
            .map(|question| question.id.as_str())
            .collect();
        let kwi_match = kwi_ids.iter().map(|id| Match::of(id, &kwi_ids)).collect();
        let question_match = question_ids
            .iter()
            .map(|&id| (id, Match::of(id, &question_ids)))
            .collect();
        let targets: Vec<f64> = master.kwis.iter().filter_map(|kwi| kwi.target).collect();
        let mean_target =
            (!targets.is_empty()).then(|| targets.iter().sum::<f64>() / targets.len() as f64);

        Plan {
            report,
            master,
            labels,
            names: Names::new(labels),
            order,
            answers,
            answers_last,
            blocks,
            kwi_scores: report
                .scores
                .kwis
                .iter()
                .map(|kwi| (kwi.kwi.as_str(), kwi))
                .collect(),
            question_scores: report
                .scores
                .questions
                .iter()
                .map(|question| (question.question.as_str(), question))
                .collect(),
            kwi_match,
            question_match,
            mean_target,
            disclosure,
            anonymous_answered,
            previous: report
                .trend
                .iter()
                .filter(|point| point.period < master.period)
                .max_by(|a, b| a.period.cmp(&b.period)),
        }
    }

    /// Positions in `report.respondents` of the respondents who answered, in `order`.
    pub(super) fn answering(&self) -> Vec<usize> {
        self.order
            .iter()
            .copied()
            .filter(|&position| self.blocks[position].iter().any(Option::is_some))
            .collect()
    }

    /// The respondents who returned a questionnaire, and all respondents.
    pub(super) fn response(&self) -> (usize, usize) {
        let returned = self
            .report
            .respondents
            .iter()
            .filter(|r| answered(r.status))
            .count();
        (returned, self.report.respondents.len())
    }

    /// `'Antwoorden'!$G$4:$G$72003`: one column of the answers table.
    pub(super) fn answers_range(&self, col: u16) -> String {
        formulas::column_range(&self.names.answers, col, FIRST_ROW, self.answers_last)
    }

    /// The rows of the respondent × KWI matrix (at least one, so ranges stay valid).
    pub(super) fn matrix_last(&self) -> u32 {
        FIRST_ROW + (self.order.len() as u32).saturating_sub(1)
    }

    /// Σ of `values` over the answers whose `key` column holds `id`.
    pub(super) fn sum_where(&self, key: u16, id: &str, values: u16, how: Match) -> String {
        formulas::sum_where(
            &self.answers_range(key),
            id,
            &self.answers_range(values),
            how,
        )
    }

    /// The number of answers whose `key` column holds `id`.
    pub(super) fn count_where(&self, key: u16, id: &str, how: Match) -> String {
        formulas::count_where(&self.answers_range(key), id, how)
    }

    /// The row of KWI `index` on the KWI scores sheet.
    pub(super) fn score_row(index: usize) -> u32 {
        FIRST_ROW + index as u32
    }

    /// The total's row on the KWI scores sheet, below the KWIs.
    pub(super) fn total_row(&self) -> u32 {
        FIRST_ROW + self.master.kwis.len() as u32
    }

    /// The date of the measurement as this language writes it.
    pub(super) fn as_of(&self) -> Option<String> {
        let as_of = self.report.as_of.as_deref()?;
        Some(
            chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d")
                .map_or_else(|_| as_of.to_string(), |date| self.date_text(date)),
        )
    }

    fn date_text(&self, date: chrono::NaiveDate) -> String {
        match self.master.language {
            Language::Dutch => date.format("%d-%m-%Y").to_string(),
            Language::English => date.format("%e %B %Y").to_string().trim().to_string(),
        }
    }

    pub(super) fn status_text(&self, status: ResponseStatus) -> &'static str {
        match status {
            ResponseStatus::Returned => &self.labels.monitor_status_returned,
            ResponseStatus::Partial => &self.labels.monitor_status_partial,
            ResponseStatus::Rejected => &self.labels.monitor_status_rejected,
            ResponseStatus::Missing => &self.labels.monitor_status_missing,
            ResponseStatus::Empty => &self.labels.monitor_status_empty,
        }
    }

    pub(super) fn relevance_text(&self, relevance: Relevance) -> &'static str {
        match relevance {
            Relevance::Less => &self.labels.relevance_less,
            Relevance::Neutral => &self.labels.relevance_neutral,
            Relevance::More => &self.labels.relevance_more,
        }
    }
}

/// Whether a questionnaire with answers came back.
pub(super) fn answered(status: ResponseStatus) -> bool {
    matches!(status, ResponseStatus::Returned | ResponseStatus::Partial)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::Language;

    #[test]
    fn sheet_names_are_valid_and_distinct_in_both_languages() {
        for language in [Language::Dutch, Language::English] {
            let names = Names::new(Labels::for_language(language));
            for all in [names.session().to_vec(), names.analysis().to_vec()] {
                for name in &all {
                    assert!(rust_xlsxwriter::check_sheet_name(name).is_ok(), "{name}");
                }
                let mut folded: Vec<String> = all.iter().map(|name| name.to_lowercase()).collect();
                folded.sort();
                folded.dedup();
                assert_eq!(folded.len(), all.len(), "{all:?}");
            }
        }
    }
}
