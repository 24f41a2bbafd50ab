//! Writes the monitor workbook from a [`Report`] and reads its trend history back; it returns bytes
//! and never touches the file system or the clock.
//!
//! The workbook is what the value session looks at, on a projector and on paper: a cover, the
//! respondents, the KWIs, the assignment matrix, the KWI scores with their chart, the scores per
//! respondent, the questions, the trend, the NPS, the remarks, importance against performance, the
//! flat answers table, the action list, the problems, and the hidden [`HISTORY_SHEET`] that the next
//! monitor reads with [`read_history`].
//!
//! Invariants this module keeps:
//! - **Anonymity**: only the respondents sheet names a respondent who asked to stay anonymous;
//!   every other sheet shows their `shown_as` pseudonym, never their name, initials or file, and
//!   lists named respondents first (master order) and anonymous ones after (pseudonym order), so
//!   that a row's position does not betray who it is.
//! - **Formulas carry their result**: every score formula is written with the value computed here
//!   (from [`Report::scores`] or the same integer sums), so readers that do not recalculate
//!   (calamine, previews, mail clients) show the real numbers, and Excel or LibreOffice recalculate
//!   to the same ones.
//! - **Respondents' text stays text**: remarks, reasons, file names and messages are written with
//!   `write_string`, so `=HYPERLINK(…)` typed by a respondent is never a formula.
//!   What no layout can hide: whoever holds the master can match the questions a pseudonym
//!   answered to the assignment; with few respondents, anonymity is a courtesy, not a guarantee.
//! - **Linear work**: the answers are sorted once; per respondent × KWI the rows are one contiguous
//!   block, found in the same pass, so nothing scans all answers per respondent.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{Data, Reader};
use rust_xlsxwriter::{
    Chart, ChartAxisLabelPosition, ChartDataLabel, ChartDataLabelPosition, ChartFormat,
    ChartLegendPosition, ChartLine, ChartLineDashType, ChartMarker, ChartMarkerType,
    ChartPatternFill, ChartPatternFillType, ChartPoint, ChartSolidFill, ChartType, Color,
    ConditionalFormat3ColorScale, ConditionalFormatFormula, ConditionalFormatType, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
    column_number_to_name, quote_sheet_name,
};

use unicode_normalization::UnicodeNormalization;

use crate::labels::{Labels, Language};
use crate::master::{Kwi, Master};
use crate::questionnaire::CREATED;
use crate::report::{AnswerRow, Report, ResponseStatus, Severity, TrendPoint};
use crate::score::{KwiScore, QuestionScore, Relevance, Sum};

/// The name of the hidden sheet that carries the trend lineage from monitor to monitor. It is
/// not translated: [`read_history`] finds it by this name in a monitor of either language.
pub const HISTORY_SHEET: &str = "history";

/// The value in `history!B1`: the version of the history layout.
const HISTORY_FORMAT: &str = "klantwaarde-history/1";
/// The header row of the history table (row 2 of the sheet).
const HISTORY_HEADER: [&str; 4] = ["period", "kind", "id", "value"];

/// Series colours of the importance chart, one per KWI.
const PALETTE: [u32; 10] = [
    0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22,
    0x17BECF,
];

/// Up to this many respondents with answers, the questions sheet shows one column per respondent.
const DETAIL_RESPONDENT_LIMIT: usize = 30;

/// Excel's limit is 32,767 characters in a cell; keep well below it.
const MAX_CELL_CHARS: usize = 32_000;

// Every table sheet: its title on row 1, a note on row 2, the header on row 3, data from row 4.
const TITLE_ROW: u32 = 0;
const NOTE_ROW: u32 = 1;
const HEADER_ROW: u32 = 2;
const FIRST_ROW: u32 = 3;

/// Columns of the answers table, the one the score formulas sum over.
mod answer_column {
    pub const RESPONDENT: u16 = 0;
    pub const KWI: u16 = 1;
    pub const QUESTION: u16 = 2;
    pub const SCORE: u16 = 3;
    pub const RELEVANCE: u16 = 4;
    pub const WEIGHT: u16 = 5;
    pub const WEIGHTED: u16 = 6;
}

/// Columns of the KWI scores table.
mod score_column {
    pub const ID: u16 = 0;
    pub const TITLE: u16 = 1;
    pub const AVERAGE: u16 = 2;
    pub const SCORE: u16 = 3;
    pub const TARGET: u16 = 4;
    pub const ANSWERS: u16 = 5;
    pub const RESPONDENTS: u16 = 6;
    /// First of the hidden chart-data columns: title, average, score, target.
    pub const CHART_DATA: u16 = 8;
}

/// Why the trend history could not be read from an earlier monitor.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The bytes are not a workbook at all.
    #[error(
        "this file is not a workbook that can be read ({0}); give the monitor .xlsx written by klantwaarde ingest"
    )]
    NotAWorkbook(String),
    /// A workbook, but not a monitor.
    #[error(
        "this workbook is not a klantwaarde monitor (no `{HISTORY_SHEET}` sheet); give a monitor written by klantwaarde ingest"
    )]
    NoHistorySheet,
    /// The history sheet could not be read.
    #[error(
        "the `{HISTORY_SHEET}` sheet cannot be read ({0}); give the monitor as klantwaarde ingest wrote it, or re-save it in Excel"
    )]
    Unreadable(String),
    /// A history of a layout this version does not know.
    #[error(
        "the `{HISTORY_SHEET}` sheet has format `{0}`, which this version of klantwaarde does not read; update klantwaarde or give an older monitor"
    )]
    UnknownFormat(String),
    /// One row of the history is damaged.
    #[error(
        "{HISTORY_SHEET}!{cell}: {problem}; the hidden sheet was edited by hand: undo the edit, or give the monitor as klantwaarde ingest wrote it"
    )]
    BadCell {
        /// The cell, e.g. `D7`.
        cell: String,
        /// What is wrong with it.
        problem: String,
    },
}

/// Writes the monitor workbook of `report` and returns its .xlsx bytes.
///
/// The same report gives the same bytes: the creation time is fixed to
/// [`crate::questionnaire::CREATED`] and nothing depends on hash order or the clock.
///
/// # Errors
/// A [`XlsxError`] from the writer; with a report built by ingest this means a limit of the
/// format was hit, e.g. more than 1,048,573 answers.
///
/// # Examples
/// ```
/// use klantwaarde::report::Report;
/// let master = klantwaarde::master::parse(klantwaarde::EXAMPLE_MASTER_NL.as_bytes()).unwrap().master;
/// let report = Report {
///     master: &master,
///     as_of: None,
///     respondents: Vec::new(),
///     answers: Vec::new(),
///     scores: Default::default(),
///     nps: Default::default(),
///     trend: Vec::new(),
///     problems: Vec::new(),
/// };
/// let bytes = klantwaarde::monitor::write(&report).unwrap();
/// assert_eq!(klantwaarde::monitor::read_history(&bytes).unwrap(), Vec::new());
/// ```
pub fn write(report: &Report<'_>) -> Result<Vec<u8>, XlsxError> {
    let plan = Plan::new(report);
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let master = report.master;
    let created = ExcelDateTime::from_ymd(CREATED.0, CREATED.1, CREATED.2)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} {} {}",
                master.title, master.period, master.client
            ))
            .set_subject(plan.names.scores.clone())
            .set_author(&master.supplier)
            .set_company(&master.supplier)
            .set_creation_datetime(&created),
    );
    // Measured with 72,000 answers: level 3 zips in about two thirds of the time of the default
    // 6 (some 0.25 s saved) for a file 10 % larger (3.3 MB); level 1 was no faster than 3 and
    // gave 5.1 MB, too big to mail comfortably.
    workbook.set_zip_compression_level(3);

    plan.cover(workbook.add_worksheet(), &styles)?;
    plan.respondents(workbook.add_worksheet(), &styles)?;
    plan.kwis(workbook.add_worksheet(), &styles)?;
    plan.assignment(workbook.add_worksheet(), &styles)?;
    plan.scores(workbook.add_worksheet(), &styles)?;
    plan.matrix(workbook.add_worksheet(), &styles)?;
    plan.questions(workbook.add_worksheet(), &styles)?;
    plan.trend(workbook.add_worksheet(), &styles)?;
    plan.nps(workbook.add_worksheet(), &styles)?;
    plan.remarks(workbook.add_worksheet(), &styles)?;
    plan.importance(workbook.add_worksheet(), &styles)?;
    plan.answers(workbook.add_worksheet(), &styles)?;
    plan.actions(workbook.add_worksheet(), &styles)?;
    plan.problems(workbook.add_worksheet(), &styles)?;
    plan.history(workbook.add_worksheet())?;
    workbook.save_to_buffer()
}

/// Reads the trend history from an earlier monitor's bytes, for `--previous`.
///
/// The history sheet holds every measurement the earlier monitor knew, so the points come back
/// in its order (period order) with every KWI it listed, a KWI without answers as `None`.
/// The file is the account manager's own earlier monitor, not a respondent's attachment, so it
/// is read without the guards of [`crate::reader`].
///
/// # Errors
/// [`HistoryError`] when the bytes are not a workbook, have no `history` sheet, or the sheet was
/// damaged; the message names the cell and what to do.
///
/// # Examples
/// See [`write`].
pub fn read_history(bytes: &[u8]) -> Result<Vec<TrendPoint>, HistoryError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|error| HistoryError::NotAWorkbook(error.to_string()))?;
    if !workbook
        .sheet_names()
        .iter()
        .any(|name| name == HISTORY_SHEET)
    {
        return Err(HistoryError::NoHistorySheet);
    }
    let range = workbook
        .worksheet_range(HISTORY_SHEET)
        .map_err(|error| HistoryError::Unreadable(error.to_string()))?;
    let text = |row: u32, col: u32| -> String {
        match range.get_value((row, col)) {
            Some(Data::String(text)) => text.trim().to_string(),
            Some(Data::Float(number)) => number.to_string(),
            Some(Data::Int(number)) => number.to_string(),
            _ => String::new(),
        }
    };
    let format = text(0, 1);
    if text(0, 0) != "format" || format != HISTORY_FORMAT {
        return Err(HistoryError::UnknownFormat(if format.is_empty() {
            "(none)".to_string()
        } else {
            format
        }));
    }
    let bad = |row: u32, col: u32, problem: String| HistoryError::BadCell {
        cell: format!("{}{}", column_number_to_name(col as u16), row + 1),
        problem,
    };
    let mut points: Vec<TrendPoint> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    let last = range.end().map_or(0, |(row, _)| row);
    for row in 2..=last {
        let period = text(row, 0);
        let kind = text(row, 1);
        if period.is_empty() && kind.is_empty() {
            continue;
        }
        if period.is_empty() {
            return Err(bad(row, 0, "the period is empty".to_string()));
        }
        let value = match range.get_value((row, 3)) {
            None | Some(Data::Empty) => None,
            Some(Data::Float(number)) => Some(*number),
            Some(Data::Int(number)) => Some(*number as f64),
            Some(Data::String(text)) if text.trim().is_empty() => None,
            Some(other) => {
                return Err(bad(row, 3, format!("`{other}` is not a number")));
            }
        };
        if value.is_some_and(|value| !value.is_finite()) {
            return Err(bad(row, 3, "the value is not a finite number".to_string()));
        }
        let index = *position.entry(period.clone()).or_insert_with(|| {
            points.push(TrendPoint {
                period: period.clone(),
                kwis: BTreeMap::new(),
                total: None,
                nps: None,
            });
            points.len() - 1
        });
        let point = &mut points[index];
        match kind.as_str() {
            "total" => point.total = value,
            "nps" => {
                point.nps = match value {
                    None => None,
                    Some(nps) if nps.fract() == 0.0 && (-100.0..=100.0).contains(&nps) => {
                        Some(nps as i32)
                    }
                    Some(nps) => {
                        return Err(bad(
                            row,
                            3,
                            format!("NPS {nps} is not a whole number from -100 to 100"),
                        ));
                    }
                }
            }
            "kwi" => {
                let id = text(row, 2);
                if id.is_empty() {
                    return Err(bad(row, 2, "the KWI id is empty".to_string()));
                }
                point.kwis.insert(id, value);
            }
            other => {
                return Err(bad(
                    row,
                    1,
                    format!("`{other}` is not a kind; expected total, nps or kwi"),
                ));
            }
        }
    }
    Ok(points)
}

/// One respondent × KWI run of rows in the answers table, with its sums.
#[derive(Debug, Clone, Copy)]
struct Block {
    first: u32,
    last: u32,
    sum: Sum,
}

/// The sheet names of one language.
struct Names {
    cover: String,
    respondents: String,
    kwis: String,
    assignment: String,
    scores: String,
    matrix: String,
    questions: String,
    trend: String,
    nps: String,
    remarks: String,
    importance: String,
    answers: String,
    actions: String,
    problems: String,
}

impl Names {
    fn new(labels: &Labels) -> Names {
        Names {
            cover: labels.monitor_sheet_cover.clone(),
            respondents: labels.monitor_sheet_respondents.clone(),
            kwis: labels.monitor_sheet_kwis.clone(),
            assignment: labels.monitor_sheet_assignment.clone(),
            scores: labels.monitor_sheet_scores.clone(),
            matrix: labels.monitor_sheet_matrix.clone(),
            questions: labels.monitor_sheet_questions.clone(),
            trend: labels.monitor_sheet_trend.clone(),
            nps: labels.monitor_sheet_nps.clone(),
            remarks: labels.monitor_sheet_remarks.clone(),
            importance: labels.monitor_sheet_importance.clone(),
            answers: labels.monitor_sheet_answers.clone(),
            actions: labels.monitor_sheet_actions.clone(),
            problems: labels.monitor_sheet_problems.clone(),
        }
    }

    /// Every sheet name in workbook order, the hidden history sheet last.
    #[cfg(test)]
    fn all(&self) -> [&str; 15] {
        [
            &self.cover,
            &self.respondents,
            &self.kwis,
            &self.assignment,
            &self.scores,
            &self.matrix,
            &self.questions,
            &self.trend,
            &self.nps,
            &self.remarks,
            &self.importance,
            &self.answers,
            &self.actions,
            &self.problems,
            HISTORY_SHEET,
        ]
    }
}

/// Everything the sheets share, computed once: orders, positions and lookups.
struct Plan<'r> {
    report: &'r Report<'r>,
    master: &'r Master,
    labels: &'static Labels,
    names: Names,
    /// Positions in `report.respondents`, in the order of every sheet except the respondents
    /// sheet: named respondents in master order, then anonymous ones by pseudonym.
    order: Vec<usize>,
    /// The answers in table order: respondent (as `order`), KWI and question (master order).
    answers: Vec<&'r AnswerRow>,
    /// The answers table's last data row; equal to `FIRST_ROW` when there are none, so that the
    /// ranges in formulas stay valid.
    answers_last: u32,
    /// `[position in report.respondents][KWI index]`: that respondent's rows of that KWI.
    blocks: Vec<Vec<Option<Block>>>,
    kwi_scores: HashMap<&'r str, &'r KwiScore>,
    question_scores: HashMap<&'r str, &'r QuestionScore>,
    /// Per KWI (master order): how formulas pick its answers (see [`Match`]).
    kwi_match: Vec<Match>,
    /// Per question id: whether SUMIF can be trusted with it.
    question_match: HashMap<&'r str, Match>,
    /// The targets' mean: the midpoint of colour scales and the importance chart's target line.
    mean_target: Option<f64>,
}

impl<'r> Plan<'r> {
    fn new(report: &'r Report<'r>) -> Plan<'r> {
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
        let order: Vec<usize> = named.into_iter().chain(anonymous).collect();
        let mut rank_of_master: HashMap<usize, (usize, usize)> = HashMap::new();
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
        answers.sort_by_cached_key(|answer| {
            (
                rank_of_master
                    .get(&answer.respondent)
                    .map_or(usize::MAX, |&(rank, _)| rank),
                kwi_index
                    .get(answer.kwi.as_str())
                    .copied()
                    .unwrap_or(usize::MAX),
                question_index
                    .get(answer.question.as_str())
                    .copied()
                    .unwrap_or(usize::MAX),
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
        }
    }

    // ---- shared helpers ---------------------------------------------------------------------

    /// `'Antwoorden'!$G$4:$G$72003`: one column of the answers table.
    fn answers_range(&self, col: u16) -> String {
        let name = column_number_to_name(col);
        format!(
            "{}!${name}${}:${name}${}",
            quote_sheet_name(&self.names.answers),
            FIRST_ROW + 1,
            self.answers_last + 1
        )
    }

    /// The rows of the respondent × KWI matrix (at least one, so ranges stay valid).
    fn matrix_last(&self) -> u32 {
        FIRST_ROW + (self.order.len() as u32).saturating_sub(1)
    }

    /// `'Scores per respondent'!$B$4:$B$8`: one KWI's column of the matrix.
    fn matrix_range(&self, kwi: usize) -> String {
        let name = column_number_to_name(1 + kwi as u16);
        format!(
            "{}!${name}${}:${name}${}",
            quote_sheet_name(&self.names.matrix),
            FIRST_ROW + 1,
            self.matrix_last() + 1
        )
    }

    /// Σ of `values` over the answers whose `key` column holds `id`.
    fn sum_where(&self, key: u16, id: &str, values: u16, how: Match) -> String {
        let (key, id, values) = (
            self.answers_range(key),
            literal(id),
            self.answers_range(values),
        );
        match how {
            Match::Sumif => format!("SUMIF({key},{id},{values})"),
            Match::Equal => format!("SUMPRODUCT(({key}={id})*{values})"),
            Match::Exact => format!("SUMPRODUCT(EXACT({key},{id})*{values})"),
        }
    }

    /// The number of answers whose `key` column holds `id`.
    fn count_where(&self, key: u16, id: &str, how: Match) -> String {
        let (key, id) = (self.answers_range(key), literal(id));
        match how {
            Match::Sumif => format!("COUNTIF({key},{id})"),
            Match::Equal => format!("SUMPRODUCT(--({key}={id}))"),
            Match::Exact => format!("SUMPRODUCT(--EXACT({key},{id}))"),
        }
    }

    /// The row of KWI `index` on the KWI scores sheet.
    fn score_row(index: usize) -> u32 {
        FIRST_ROW + index as u32
    }

    fn total_row(&self) -> u32 {
        FIRST_ROW + self.master.kwis.len() as u32
    }

    /// Page setup shared by every visible sheet: A4, fitted to the page width, the rows up to
    /// `header` repeated on every page and frozen on screen, header and footer with page numbers.
    fn page(
        &self,
        sheet: &mut Worksheet,
        landscape: bool,
        header: u32,
        freeze_columns: u16,
    ) -> Result<(), XlsxError> {
        sheet.set_paper_size(9);
        if landscape {
            sheet.set_landscape();
        } else {
            sheet.set_portrait();
        }
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, header)?;
        sheet.set_freeze_panes(header + 1, freeze_columns)?;
        sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
        let title = header_text(
            &format!("{} — {}", self.master.title, self.master.client),
            100,
        );
        let period = header_text(&self.master.period, 40);
        sheet.set_header(format!("&L{title}&R{period}"));
        let date = header_text(&self.as_of().unwrap_or_default(), 40);
        sheet.set_footer(format!("&L&A&C{}&R{date}", self.labels.page_footer));
        Ok(())
    }

    /// A sheet's name, its title in row 1 and, where given, a note in row 2.
    fn begin(
        &self,
        sheet: &mut Worksheet,
        name: &str,
        note: Option<&str>,
        styles: &Styles,
    ) -> Result<(), XlsxError> {
        sheet.set_name(name)?;
        // A formula without a value (no answers) caches empty text, as its IFERROR gives.
        sheet.set_formula_result_default("");
        sheet.write_string_with_format(TITLE_ROW, 0, name, &styles.title)?;
        sheet.set_row_height(TITLE_ROW, 24)?;
        let subtitle = format!("{} — {}", self.master.client, self.master.period);
        sheet.write_string_with_format(NOTE_ROW, 0, note.unwrap_or(&subtitle), &styles.note)?;
        Ok(())
    }

    fn header(
        &self,
        sheet: &mut Worksheet,
        row: u32,
        texts: &[&str],
        widths: &mut Widths,
        styles: &Styles,
    ) -> Result<(), XlsxError> {
        for (col, text) in texts.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, *text, &styles.header)?;
            widths.see_header(col as u16, text);
        }
        Ok(())
    }

    fn as_of(&self) -> Option<String> {
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

    fn status_text(&self, status: ResponseStatus) -> &'static str {
        match status {
            ResponseStatus::Returned => &self.labels.monitor_status_returned,
            ResponseStatus::Partial => &self.labels.monitor_status_partial,
            ResponseStatus::Rejected => &self.labels.monitor_status_rejected,
            ResponseStatus::Missing => &self.labels.monitor_status_missing,
        }
    }

    fn relevance_text(&self, relevance: Relevance) -> &'static str {
        match relevance {
            Relevance::Less => &self.labels.relevance_less,
            Relevance::Neutral => &self.labels.relevance_neutral,
            Relevance::More => &self.labels.relevance_more,
        }
    }

    fn kwi_label(kwi: &Kwi) -> String {
        format!("{} {}", kwi.id, kwi.title)
    }

    // ---- 1. cover ---------------------------------------------------------------------------

    fn cover(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let labels = self.labels;
        let master = self.master;
        sheet.set_name(&self.names.cover)?;
        sheet.set_formula_result_default("");
        sheet.merge_range(
            TITLE_ROW,
            0,
            TITLE_ROW,
            3,
            &master.title,
            &styles.cover_title,
        )?;
        sheet.set_row_height(TITLE_ROW, 36)?;
        let subtitle = format!("{} — {}", master.client, master.period);
        sheet.merge_range(NOTE_ROW, 0, NOTE_ROW, 3, &subtitle, &styles.cover_subtitle)?;
        sheet.set_row_height(NOTE_ROW, 24)?;

        let mut row = 3;
        let mut field =
            |sheet: &mut Worksheet, label: &str, value: &str| -> Result<u32, XlsxError> {
                sheet.write_string_with_format(row, 0, label, &styles.label)?;
                sheet.write_string_with_format(row, 1, value, &styles.cover_value)?;
                row += 1;
                Ok(row - 1)
            };
        field(sheet, &labels.client, &master.client)?;
        field(sheet, &labels.supplier, &master.supplier)?;
        field(sheet, &labels.period, &master.period)?;
        field(
            sheet,
            &labels.monitor_date,
            &self.as_of().unwrap_or_default(),
        )?;

        let respondents = self.report.respondents.len();
        let returned = self
            .report
            .respondents
            .iter()
            .filter(|r| matches!(r.status, ResponseStatus::Returned | ResponseStatus::Partial))
            .count();
        let rate_row = field(sheet, &labels.monitor_response_rate, "")?;
        if respondents > 0 {
            sheet.write_number_with_format(
                rate_row,
                1,
                returned as f64 / respondents as f64,
                &styles.cover_percent,
            )?;
        }
        sheet.write_string_with_format(
            rate_row,
            2,
            format!("{returned} {} {respondents}", labels.progress_of),
            &styles.note,
        )?;

        let total_row = field(sheet, &labels.monitor_total_score, "")?;
        let total = Formula::new(format!(
            "={}!{}",
            quote_sheet_name(&self.names.scores),
            absolute(self.total_row(), score_column::SCORE)
        ))
        .set_result(number_result(self.report.scores.total_score));
        sheet.write_formula_with_format(total_row, 1, total, &styles.cover_score)?;

        let nps_row = field(sheet, &labels.monitor_nps, "")?;
        if let Some(nps) = self.report.nps.score {
            sheet.write_number_with_format(nps_row, 1, nps, &styles.cover_integer)?;
        }
        if self.report.nps.indicative {
            sheet.write_string_with_format(nps_row, 2, &labels.monitor_indicative, &styles.note)?;
        }

        // At a glance: per KWI its score against its target.
        let band = row + 1;
        sheet.merge_range(band, 0, band, 3, &labels.monitor_at_a_glance, &styles.band)?;
        let header = band + 1;
        let texts = [
            labels.monitor_kwi.as_str(),
            &labels.monitor_score,
            &labels.monitor_target,
            &labels.monitor_vs_target,
        ];
        for (col, text) in texts.iter().enumerate() {
            sheet.write_string_with_format(header, col as u16, *text, &styles.header)?;
        }
        let first = header + 1;
        for (index, kwi) in master.kwis.iter().enumerate() {
            let row = first + index as u32;
            let score = self.kwi_scores.get(kwi.id.as_str()).and_then(|k| k.score);
            sheet.write_string_with_format(row, 0, Self::kwi_label(kwi), &styles.cover_kwi)?;
            let reference = Formula::new(format!(
                "={}!{}",
                quote_sheet_name(&self.names.scores),
                absolute(Self::score_row(index), score_column::SCORE)
            ))
            .set_result(number_result(score));
            sheet.write_formula_with_format(row, 1, reference, &styles.cover_score)?;
            match kwi.target {
                Some(target) => {
                    sheet.write_number_with_format(row, 2, target, &styles.cover_score)?
                }
                None => sheet.write_blank(row, 2, &styles.cover_score)?,
            };
            let (b, c) = (cell(row, 1), cell(row, 2));
            let arrow = match (score, kwi.target) {
                (Some(score), Some(target)) if score >= target => "▲",
                (Some(_), Some(_)) => "▼",
                _ => "",
            };
            let indicator = Formula::new(format!(
                "=IF(AND(ISNUMBER({b}),ISNUMBER({c})),IF({b}>={c},\"▲\",\"▼\"),\"\")"
            ))
            .set_result(arrow);
            sheet.write_formula_with_format(row, 3, indicator, &styles.arrow)?;
        }
        if !master.kwis.is_empty() {
            let last = first + master.kwis.len() as u32 - 1;
            target_colours(sheet, first, last, 1, 2, &[1, 3], styles)?;
        }

        sheet.set_column_width(0, 34)?;
        sheet.set_column_width(1, 16)?;
        sheet.set_column_width(2, 16)?;
        sheet.set_column_width(3, 16)?;
        sheet.set_paper_size(9);
        sheet.set_portrait();
        sheet.set_print_fit_to_pages(1, 1);
        sheet.set_margins(0.7, 0.7, 0.8, 0.8, 0.3, 0.3);
        sheet.set_footer(format!("&L&A&C{}", self.labels.page_footer));
        sheet.set_screen_gridlines(false);
        Ok(())
    }

    // ---- 2. respondents ---------------------------------------------------------------------

    fn respondents(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let labels = self.labels;
        self.begin(sheet, &self.names.respondents, None, styles)?;
        let mut widths = Widths::default();
        self.header(
            sheet,
            HEADER_ROW,
            &[
                &labels.monitor_name,
                &labels.monitor_initials,
                &labels.monitor_email,
                &labels.monitor_function,
                &labels.monitor_note,
                &labels.monitor_status,
                &labels.monitor_file,
                &labels.monitor_answered,
                &labels.monitor_assigned,
                &labels.monitor_anonymous,
            ],
            &mut widths,
            styles,
        )?;
        // The one sheet that names everyone: master order, no scores, remarks or reasons.
        for (offset, result) in self.report.respondents.iter().enumerate() {
            let row = FIRST_ROW + offset as u32;
            let person = self.master.respondents.get(result.index);
            let texts = [
                person.map_or("", |p| p.name.as_str()),
                &result.initials,
                person.and_then(|p| p.email.as_deref()).unwrap_or_default(),
                person.and_then(|p| p.role.as_deref()).unwrap_or_default(),
                person.and_then(|p| p.note.as_deref()).unwrap_or_default(),
                self.status_text(result.status),
                result.file.as_deref().unwrap_or_default(),
            ];
            for (col, text) in texts.into_iter().enumerate() {
                write_text(sheet, row, col as u16, text, &styles.text, &mut widths)?;
            }
            sheet.write_number_with_format(row, 7, result.answered as f64, &styles.integer)?;
            sheet.write_number_with_format(row, 8, result.assigned as f64, &styles.integer)?;
            let anonymous = if result.anonymous { &labels.yes } else { "" };
            write_text(sheet, row, 9, anonymous, &styles.center, &mut widths)?;
        }
        widths.apply(sheet, 8.0, 45.0)?;
        self.page(sheet, true, HEADER_ROW, 1)
    }

    // ---- 3. KWIs ----------------------------------------------------------------------------

    fn kwis(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let labels = self.labels;
        self.begin(sheet, &self.names.kwis, None, styles)?;
        let mut widths = Widths::default();
        self.header(
            sheet,
            HEADER_ROW,
            &[
                &labels.monitor_kwi,
                &labels.monitor_kwi_title,
                &labels.monitor_description,
                &labels.monitor_target,
                &labels.monitor_question_count,
            ],
            &mut widths,
            styles,
        )?;
        for (offset, kwi) in self.master.kwis.iter().enumerate() {
            let row = FIRST_ROW + offset as u32;
            write_text(sheet, row, 0, &kwi.id, &styles.text_top, &mut widths)?;
            write_text(
                sheet,
                row,
                1,
                &kwi.title,
                &styles.text_top_bold,
                &mut widths,
            )?;
            let description = kwi.description.as_deref().unwrap_or_default();
            sheet.write_string_with_format(row, 2, cell_text(description), &styles.wrap)?;
            sheet.set_row_height(row, row_height(description, 70.0))?;
            match kwi.target {
                Some(target) => {
                    sheet.write_number_with_format(row, 3, target, &styles.score_top)?
                }
                None => sheet.write_blank(row, 3, &styles.score_top)?,
            };
            sheet.write_number_with_format(
                row,
                4,
                kwi.questions.len() as f64,
                &styles.integer_top,
            )?;
        }
        widths.apply(sheet, 8.0, 30.0)?;
        sheet.set_column_width(2, 70)?;
        self.page(sheet, true, HEADER_ROW, 2)
    }

    // ---- 4. assignment ----------------------------------------------------------------------

    fn assignment(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        self.begin(sheet, &self.names.assignment, None, styles)?;
        sheet.write_string_with_format(HEADER_ROW, 0, &self.labels.respondent, &styles.header)?;
        let mut widths = Widths::default();
        widths.see_header(0, &self.labels.respondent);
        let mut rank_of_master: HashMap<usize, usize> = HashMap::new();
        for (rank, &position) in self.order.iter().enumerate() {
            let result = &self.report.respondents[position];
            rank_of_master.insert(result.index, rank);
            write_text(
                sheet,
                FIRST_ROW + rank as u32,
                0,
                &result.shown_as,
                &styles.text,
                &mut widths,
            )?;
        }
        let mut col: u16 = 1;
        for kwi in &self.master.kwis {
            let start = col;
            for question in &kwi.questions {
                sheet.write_string_with_format(
                    HEADER_ROW,
                    col,
                    &question.id,
                    &styles.header_center,
                )?;
                widths.see_header(col, &question.id);
                // The column carries the format, so the marks (72,000 at 2,000 respondents) are
                // written without a format lookup each.
                sheet.set_column_format(col, &styles.mark)?;
                for respondent in &question.respondents {
                    if let Some(&rank) = rank_of_master.get(respondent) {
                        sheet.write_string(FIRST_ROW + rank as u32, col, "x")?;
                    }
                }
                col += 1;
            }
            if col > start + 1 {
                sheet.merge_range(
                    NOTE_ROW,
                    start,
                    NOTE_ROW,
                    col - 1,
                    &kwi.id,
                    &styles.band_center,
                )?;
            } else if col == start + 1 {
                sheet.write_string_with_format(NOTE_ROW, start, &kwi.id, &styles.band_center)?;
            }
        }
        // Room for the subtitle, which the KWI bands beside it would cut off.
        widths.see(0, &"x".repeat(20));
        widths.apply(sheet, 6.0, 30.0)?;
        self.page(sheet, true, HEADER_ROW, 1)
    }

    // ---- 5. KWI scores ----------------------------------------------------------------------

    fn scores(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let labels = self.labels;
        let name = self.names.scores.as_str();
        self.begin(sheet, name, None, styles)?;
        let mut widths = Widths::default();
        self.header(
            sheet,
            HEADER_ROW,
            &[
                &labels.monitor_kwi,
                &labels.monitor_kwi_title,
                &labels.monitor_average,
                &labels.monitor_score,
                &labels.monitor_target,
                &labels.monitor_answer_count,
                &labels.monitor_respondent_count,
            ],
            &mut widths,
            styles,
        )?;
        for (index, kwi) in self.master.kwis.iter().enumerate() {
            let row = Self::score_row(index);
            let scored = self.kwi_scores.get(kwi.id.as_str());
            let how = self.kwi_match[index];
            write_text(
                sheet,
                row,
                score_column::ID,
                &kwi.id,
                &styles.text,
                &mut widths,
            )?;
            write_text(
                sheet,
                row,
                score_column::TITLE,
                &kwi.title,
                &styles.text,
                &mut widths,
            )?;
            let average = Formula::new(format!(
                "=IFERROR(AVERAGE({}),\"\")",
                self.matrix_range(index)
            ))
            .set_result(number_result(scored.and_then(|k| k.average)));
            sheet.write_formula_with_format(row, score_column::AVERAGE, average, &styles.score)?;
            let score = Formula::new(format!(
                "=IFERROR({}/{},\"\")",
                self.sum_where(answer_column::KWI, &kwi.id, answer_column::WEIGHTED, how),
                self.sum_where(answer_column::KWI, &kwi.id, answer_column::WEIGHT, how),
            ))
            .set_result(number_result(scored.and_then(|k| k.score)));
            sheet.write_formula_with_format(row, score_column::SCORE, score, &styles.score_bold)?;
            match kwi.target {
                Some(target) => sheet.write_number_with_format(
                    row,
                    score_column::TARGET,
                    target,
                    &styles.score,
                )?,
                None => sheet.write_blank(row, score_column::TARGET, &styles.score)?,
            };
            let answers = Formula::new(format!(
                "={}",
                self.count_where(answer_column::KWI, &kwi.id, how)
            ))
            .set_result(scored.map_or(0, |k| k.sum.count).to_string());
            sheet.write_formula_with_format(
                row,
                score_column::ANSWERS,
                answers,
                &styles.integer,
            )?;
            let respondents = Formula::new(format!("=COUNT({})", self.matrix_range(index)))
                .set_result(scored.map_or(0, |k| k.respondents).to_string());
            sheet.write_formula_with_format(
                row,
                score_column::RESPONDENTS,
                respondents,
                &styles.integer,
            )?;
        }
        let total_row = self.total_row();
        sheet.write_string_with_format(
            total_row,
            score_column::ID,
            &labels.monitor_total,
            &styles.total_label,
        )?;
        sheet.write_blank(total_row, score_column::TITLE, &styles.total_label)?;
        sheet.write_blank(total_row, score_column::AVERAGE, &styles.total_label)?;
        let total = Formula::new(format!(
            "=IFERROR(SUM({})/SUM({}),\"\")",
            self.answers_range(answer_column::WEIGHTED),
            self.answers_range(answer_column::WEIGHT)
        ))
        .set_result(number_result(self.report.scores.total_score));
        sheet.write_formula_with_format(
            total_row,
            score_column::SCORE,
            total,
            &styles.total_score,
        )?;
        sheet.write_blank(total_row, score_column::TARGET, &styles.total_label)?;
        let count = Formula::new(format!(
            "=COUNT({})",
            self.answers_range(answer_column::SCORE)
        ))
        .set_result(self.answers.len().to_string());
        sheet.write_formula_with_format(
            total_row,
            score_column::ANSWERS,
            count,
            &styles.total_integer,
        )?;
        sheet.write_blank(total_row, score_column::RESPONDENTS, &styles.total_label)?;
        if !self.master.kwis.is_empty() {
            target_colours(
                sheet,
                FIRST_ROW,
                total_row - 1,
                score_column::SCORE,
                score_column::TARGET,
                &[score_column::SCORE],
                styles,
            )?;
        }
        widths.apply(sheet, 10.0, 36.0)?;

        // The chart's series point at a block of plain numbers, not at the formula cells above:
        // rust_xlsxwriter fills a chart's cached values only from number and string cells, and
        // the cache is what previews, mail clients and not-yet-recalculated viewers draw. The
        // block sits in hidden columns (the chart is told to plot hidden cells) and holds the
        // same values as the formulas at the time of writing.
        let data = score_column::CHART_DATA;
        sheet.write_string_with_format(
            HEADER_ROW - 1,
            data,
            &labels.monitor_chart_data,
            &styles.note,
        )?;
        for (col, text) in [
            &labels.monitor_kwi_title,
            &labels.monitor_average,
            &labels.monitor_score,
            &labels.monitor_target,
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_string_with_format(HEADER_ROW, data + col as u16, text, &styles.header)?;
        }
        for (index, kwi) in self.master.kwis.iter().enumerate() {
            let row = Self::score_row(index);
            let scored = self.kwi_scores.get(kwi.id.as_str());
            sheet.write_string(row, data, &kwi.title)?;
            let values = [
                scored.and_then(|k| k.average),
                scored.and_then(|k| k.score),
                kwi.target,
            ];
            for (col, value) in values.into_iter().enumerate() {
                if let Some(value) = value {
                    sheet.write_number_with_format(
                        row,
                        data + 1 + col as u16,
                        value,
                        &styles.score,
                    )?;
                }
            }
        }
        for col in data..data + 4 {
            sheet.set_column_width(col, 14)?;
            sheet.set_column_hidden(col)?;
        }

        if !self.master.kwis.is_empty() {
            let last = total_row - 1;
            let mut chart = Chart::new(ChartType::Column);
            let colours = [0x9DC3E6, 0x1F3864];
            for (offset, colour) in colours.into_iter().enumerate() {
                let col = data + 1 + offset as u16;
                let series = chart
                    .add_series()
                    .set_name((name, HEADER_ROW, col))
                    .set_categories((name, FIRST_ROW, data, last, data))
                    .set_values((name, FIRST_ROW, col, last, col))
                    .set_format(
                        ChartFormat::new()
                            .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(colour))),
                    );
                if offset == 1 {
                    series.set_data_label(
                        ChartDataLabel::new()
                            .show_value()
                            .set_num_format("0.0")
                            .set_position(ChartDataLabelPosition::OutsideEnd),
                    );
                }
            }
            // The target differs in colour and in pattern, so it reads on a grey print too.
            chart
                .add_series()
                .set_name((name, HEADER_ROW, data + 3))
                .set_categories((name, FIRST_ROW, data, last, data))
                .set_values((name, FIRST_ROW, data + 3, last, data + 3))
                .set_format(
                    ChartFormat::new()
                        .set_pattern_fill(
                            ChartPatternFill::new()
                                .set_pattern(ChartPatternFillType::DiagonalStripesWideUpwards)
                                .set_foreground_color(Color::RGB(0xC55A11))
                                .set_background_color(Color::White),
                        )
                        .set_border(
                            ChartLine::new()
                                .set_color(Color::RGB(0xC55A11))
                                .set_width(1.25),
                        ),
                );
            chart.title().set_name(&labels.monitor_chart_scores);
            chart.y_axis().set_min(0).set_max(10).set_major_unit(1);
            chart.legend().set_position(ChartLegendPosition::Bottom);
            chart.show_hidden_data();
            chart.set_width(820).set_height(400);
            sheet.insert_chart(total_row + 2, 0, &chart)?;
        }
        self.page(sheet, true, HEADER_ROW, 2)
    }

    // ---- 6. respondent × KWI ----------------------------------------------------------------

    fn matrix(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        self.begin(sheet, &self.names.matrix, None, styles)?;
        let mut widths = Widths::default();
        sheet.write_string_with_format(HEADER_ROW, 0, &self.labels.respondent, &styles.header)?;
        widths.see_header(0, &self.labels.respondent);
        for (index, kwi) in self.master.kwis.iter().enumerate() {
            let col = 1 + index as u16;
            let heading = format!("{}\n{}", kwi.id, kwi.title);
            sheet.write_string_with_format(HEADER_ROW, col, &heading, &styles.header_center)?;
            widths.see(col, &kwi.title);
        }
        sheet.set_row_height(HEADER_ROW, 32)?;
        let weighted = column_number_to_name(answer_column::WEIGHTED);
        let weight = column_number_to_name(answer_column::WEIGHT);
        let answers = quote_sheet_name(&self.names.answers);
        for (rank, &position) in self.order.iter().enumerate() {
            let row = FIRST_ROW + rank as u32;
            let result = &self.report.respondents[position];
            write_text(sheet, row, 0, &result.shown_as, &styles.text, &mut widths)?;
            for (index, block) in self.blocks[position].iter().enumerate() {
                let col = 1 + index as u16;
                match block {
                    // A respondent's answers of one KWI are one contiguous run of rows.
                    Some(block) => {
                        let (first, last) = (block.first + 1, block.last + 1);
                        let formula = Formula::new(format!(
                            "=SUM({answers}!{weighted}{first}:{weighted}{last})/SUM({answers}!{weight}{first}:{weight}{last})"
                        ))
                        .set_result(number_result(block.sum.score()));
                        sheet.write_formula_with_format(row, col, formula, &styles.score_center)?;
                    }
                    None => {
                        sheet.write_blank(row, col, &styles.score_center)?;
                    }
                }
            }
        }
        if !self.master.kwis.is_empty() && !self.order.is_empty() {
            let scale = ConditionalFormat3ColorScale::new()
                .set_minimum(ConditionalFormatType::Number, 1)
                .set_midpoint(
                    ConditionalFormatType::Number,
                    self.mean_target.unwrap_or(7.0),
                )
                .set_maximum(ConditionalFormatType::Number, 10)
                .set_minimum_color(Color::RGB(0xF8696B))
                .set_midpoint_color(Color::RGB(0xFFEB84))
                .set_maximum_color(Color::RGB(0x63BE7B));
            sheet.add_conditional_format(
                FIRST_ROW,
                1,
                self.matrix_last(),
                self.master.kwis.len() as u16,
                &scale,
            )?;
        }
        widths.apply(sheet, 12.0, 30.0)?;
        self.page(sheet, self.master.kwis.len() > 6, HEADER_ROW, 1)
    }

    // ---- 7. questions -----------------------------------------------------------------------

    fn questions(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let labels = self.labels;
        // Respondents with at least one answer, in the sheets' order.
        let answering: Vec<usize> = self
            .order
            .iter()
            .copied()
            .filter(|&position| self.blocks[position].iter().any(Option::is_some))
            .collect();
        let per_respondent = answering.len() <= DETAIL_RESPONDENT_LIMIT;
        let note = (!per_respondent).then(|| {
            labels
                .monitor_many_respondents
                .replace("{sheet}", &self.names.answers)
        });
        self.begin(sheet, &self.names.questions, note.as_deref(), styles)?;
        let mut widths = Widths::default();
        let mut texts: Vec<&str> = vec![
            &labels.monitor_kwi,
            &labels.column_id,
            &labels.column_question,
            &labels.monitor_answer_count,
            &labels.monitor_question_score,
            &labels.monitor_mean_score,
            &labels.monitor_mean_weight,
        ];
        if per_respondent {
            texts.extend(
                answering
                    .iter()
                    .map(|&position| self.report.respondents[position].shown_as.as_str()),
            );
        }
        self.header(sheet, HEADER_ROW, &texts, &mut widths, styles)?;
        sheet.set_row_height(HEADER_ROW, 32)?;

        // (respondent position, question id) → "8 >", only built for the few-respondents layout.
        let mut marks: HashMap<(usize, &str), String> = HashMap::new();
        if per_respondent {
            let position_of: HashMap<usize, usize> = answering
                .iter()
                .map(|&position| (self.report.respondents[position].index, position))
                .collect();
            for answer in &self.answers {
                if let Some(&position) = position_of.get(&answer.respondent) {
                    let mark = match answer.relevance {
                        Relevance::Less => " <",
                        Relevance::Neutral => "",
                        Relevance::More => " >",
                    };
                    marks.insert(
                        (position, answer.question.as_str()),
                        format!("{}{mark}", answer.score),
                    );
                }
            }
        }

        let mut row = FIRST_ROW;
        for kwi in &self.master.kwis {
            for question in &kwi.questions {
                let id = question.id.as_str();
                let scored = self.question_scores.get(id);
                let how = self.question_match.get(id).copied().unwrap_or(Match::Exact);
                write_text(sheet, row, 0, &kwi.id, &styles.text_top, &mut widths)?;
                write_text(sheet, row, 1, id, &styles.text_top, &mut widths)?;
                sheet.write_string_with_format(row, 2, cell_text(&question.text), &styles.wrap)?;
                sheet.set_row_height(row, row_height(&question.text, 60.0))?;
                let count = self.count_where(answer_column::QUESTION, id, how);
                let answered = scored.map_or(0, |q| q.sum.count);
                sheet.write_formula_with_format(
                    row,
                    3,
                    Formula::new(format!("={count}")).set_result(answered.to_string()),
                    &styles.integer_top,
                )?;
                let weighted =
                    self.sum_where(answer_column::QUESTION, id, answer_column::WEIGHTED, how);
                let weights =
                    self.sum_where(answer_column::QUESTION, id, answer_column::WEIGHT, how);
                let scores = self.sum_where(answer_column::QUESTION, id, answer_column::SCORE, how);
                // The means divide by the count beside them: with 72,000 answers each sum over
                // the table costs LibreOffice about 0.1 s to recalculate, so none is done twice.
                let answered_cell = cell(row, 3);
                let cells = [
                    (
                        format!("{weighted}/{weights}"),
                        scored.and_then(|q| q.score),
                    ),
                    (
                        format!("{scores}/{answered_cell}"),
                        scored.and_then(|q| q.mean_score),
                    ),
                    (
                        format!("{weights}/{answered_cell}"),
                        scored.and_then(|q| q.mean_weight),
                    ),
                ];
                for (offset, (formula, value)) in cells.into_iter().enumerate() {
                    let style = if offset == 0 {
                        &styles.score_top_bold
                    } else {
                        &styles.score_top
                    };
                    sheet.write_formula_with_format(
                        row,
                        4 + offset as u16,
                        Formula::new(format!("=IFERROR({formula},\"\")"))
                            .set_result(number_result(value)),
                        style,
                    )?;
                }
                if per_respondent {
                    for (offset, &position) in answering.iter().enumerate() {
                        let col = 7 + offset as u16;
                        match marks.get(&(position, id)) {
                            Some(mark) => sheet.write_string_with_format(
                                row,
                                col,
                                mark,
                                &styles.center_top,
                            )?,
                            None => sheet.write_blank(row, col, &styles.center_top)?,
                        };
                    }
                }
                row += 1;
            }
        }
        widths.apply(sheet, 8.0, 16.0)?;
        sheet.set_column_width(2, 60)?;
        for offset in 0..answering.len().min(DETAIL_RESPONDENT_LIMIT) {
            if per_respondent {
                sheet.set_column_width(7 + offset as u16, 11)?;
            }
        }
        self.page(sheet, true, HEADER_ROW, 3)
    }

    // ---- 8. trend ---------------------------------------------------------------------------

    fn trend(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let labels = self.labels;
        let name = self.names.trend.as_str();
        self.begin(sheet, name, None, styles)?;
        // The KWIs of this master first, in its order; KWIs only earlier measurements had after,
        // by id, so that a dropped KWI keeps its history.
        let mut ids: Vec<&str> = self.master.kwis.iter().map(|kwi| kwi.id.as_str()).collect();
        let mut dropped: Vec<&str> = self
            .report
            .trend
            .iter()
            .flat_map(|point| point.kwis.keys().map(String::as_str))
            .filter(|id| !ids.contains(id))
            .collect();
        dropped.sort_unstable();
        dropped.dedup();
        ids.extend(dropped);
        let titles: HashMap<&str, &str> = self
            .master
            .kwis
            .iter()
            .map(|kwi| (kwi.id.as_str(), kwi.title.as_str()))
            .collect();

        let mut widths = Widths::default();
        let mut texts: Vec<String> = vec![labels.period.clone(), labels.monitor_total.clone()];
        texts.extend(ids.iter().map(|id| match titles.get(id) {
            Some(title) => format!("{id} {title}"),
            None => (*id).to_string(),
        }));
        texts.push("NPS".to_string());
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        self.header(sheet, HEADER_ROW, &refs, &mut widths, styles)?;
        sheet.set_row_height(HEADER_ROW, 32)?;
        let nps_col = 2 + ids.len() as u16;
        for (offset, point) in self.report.trend.iter().enumerate() {
            let row = FIRST_ROW + offset as u32;
            write_text(sheet, row, 0, &point.period, &styles.text, &mut widths)?;
            if let Some(total) = point.total {
                sheet.write_number_with_format(row, 1, total, &styles.score_bold)?;
            }
            for (index, id) in ids.iter().enumerate() {
                if let Some(Some(value)) = point.kwis.get(*id) {
                    sheet.write_number_with_format(row, 2 + index as u16, *value, &styles.score)?;
                }
            }
            if let Some(nps) = point.nps {
                sheet.write_number_with_format(row, nps_col, nps, &styles.integer)?;
            }
        }
        widths.apply(sheet, 10.0, 18.0)?;

        if !self.report.trend.is_empty() {
            let last = FIRST_ROW + self.report.trend.len() as u32 - 1;
            let below = last + 2;
            let mut chart = Chart::new(ChartType::Line);
            for col in 1..nps_col {
                let series = chart
                    .add_series()
                    .set_name((name, HEADER_ROW, col))
                    .set_categories((name, FIRST_ROW, 0, last, 0))
                    .set_values((name, FIRST_ROW, col, last, col))
                    .set_marker(
                        ChartMarker::new()
                            .set_type(ChartMarkerType::Circle)
                            .set_size(7),
                    );
                if col == 1 {
                    series.set_format(
                        ChartFormat::new().set_line(
                            ChartLine::new()
                                .set_color(Color::Black)
                                .set_width(3.5)
                                .set_dash_type(ChartLineDashType::Solid),
                        ),
                    );
                }
            }
            chart.title().set_name(&labels.monitor_chart_trend);
            chart.y_axis().set_min(1).set_max(10).set_major_unit(1);
            chart.legend().set_position(ChartLegendPosition::Right);
            chart.set_width(820).set_height(380);
            sheet.insert_chart(below, 0, &chart)?;

            let mut nps = Chart::new(ChartType::Line);
            nps.add_series()
                .set_name((name, HEADER_ROW, nps_col))
                .set_categories((name, FIRST_ROW, 0, last, 0))
                .set_values((name, FIRST_ROW, nps_col, last, nps_col))
                .set_marker(
                    ChartMarker::new()
                        .set_type(ChartMarkerType::Diamond)
                        .set_size(8),
                )
                .set_data_label(
                    ChartDataLabel::new()
                        .show_value()
                        .set_position(ChartDataLabelPosition::Above),
                );
            nps.title().set_name(&labels.monitor_chart_nps_trend);
            nps.y_axis().set_min(-100).set_max(100).set_major_unit(50);
            // The periods below the plot, not on the zero line among negative values.
            nps.x_axis().set_label_position(ChartAxisLabelPosition::Low);
            nps.legend().set_hidden();
            nps.set_width(820).set_height(260);
            sheet.insert_chart(below + 20, 0, &nps)?;
        }
        self.page(sheet, true, HEADER_ROW, 1)
    }

    // ---- 9. NPS -----------------------------------------------------------------------------

    fn nps(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let labels = self.labels;
        let name = self.names.nps.as_str();
        self.begin(sheet, name, None, styles)?;
        let mut widths = Widths::default();
        // Left: one row per respondent with an answer or a reason; rows run down unbounded.
        self.header(
            sheet,
            HEADER_ROW,
            &[
                &labels.respondent,
                &labels.monitor_nps_answer,
                &labels.monitor_reason,
            ],
            &mut widths,
            styles,
        )?;
        let mut row = FIRST_ROW;
        for &position in &self.order {
            let result = &self.report.respondents[position];
            if result.nps.is_none() && result.nps_reason.is_none() {
                continue;
            }
            write_text(
                sheet,
                row,
                0,
                &result.shown_as,
                &styles.text_top,
                &mut widths,
            )?;
            match result.nps {
                Some(answer) => {
                    sheet.write_number_with_format(row, 1, answer, &styles.integer_top)?
                }
                None => sheet.write_blank(row, 1, &styles.integer_top)?,
            };
            let reason = result.nps_reason.as_deref().unwrap_or_default();
            sheet.write_string_with_format(row, 2, cell_text(reason), &styles.wrap)?;
            row += 1;
        }
        widths.apply(sheet, 12.0, 30.0)?;
        sheet.set_column_width(2, 60)?;

        // Right: the three groups (plain numbers: they feed the chart) and the score.
        let nps = &self.report.nps;
        let (label, count, share) = (4, 5, 6);
        for (col, text) in [
            (label, &labels.monitor_nps),
            (count, &labels.monitor_count),
            (share, &labels.monitor_share),
        ] {
            sheet.write_string_with_format(HEADER_ROW, col, text, &styles.header)?;
        }
        let groups = [
            (&labels.monitor_promoters, nps.promoters),
            (&labels.monitor_passives, nps.passives),
            (&labels.monitor_detractors, nps.detractors),
        ];
        for (offset, (text, number)) in groups.iter().enumerate() {
            let row = FIRST_ROW + offset as u32;
            sheet.write_string_with_format(row, label, *text, &styles.text)?;
            sheet.write_number_with_format(row, count, *number, &styles.integer)?;
            if nps.responses > 0 {
                sheet.write_number_with_format(
                    row,
                    share,
                    f64::from(*number) / f64::from(nps.responses),
                    &styles.percent,
                )?;
            }
        }
        let responses_row = FIRST_ROW + 3;
        sheet.write_string_with_format(
            responses_row,
            label,
            &labels.monitor_answer_count,
            &styles.total_label,
        )?;
        sheet.write_number_with_format(
            responses_row,
            count,
            nps.responses,
            &styles.total_integer,
        )?;
        sheet.write_blank(responses_row, share, &styles.total_label)?;
        let score_row = FIRST_ROW + 5;
        sheet.write_string_with_format(score_row, label, "NPS", &styles.label)?;
        if let Some(score) = nps.score {
            sheet.write_number_with_format(score_row, count, score, &styles.big_integer)?;
        }
        if nps.indicative {
            sheet.write_string_with_format(
                score_row + 1,
                label,
                &labels.monitor_indicative,
                &styles.note,
            )?;
        }
        sheet.set_column_width(3, 3)?;
        sheet.set_column_width(label, 24)?;
        sheet.set_column_width(count, 10)?;
        sheet.set_column_width(share, 10)?;

        let mut chart = Chart::new(ChartType::Doughnut);
        let colours = [0x63BE7B, 0xBFBFBF, 0xF8696B];
        let points: Vec<ChartPoint> = colours
            .iter()
            .map(|&colour| {
                ChartPoint::new().set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(colour))),
                )
            })
            .collect();
        chart
            .add_series()
            .set_categories((name, FIRST_ROW, label, FIRST_ROW + 2, label))
            .set_values((name, FIRST_ROW, count, FIRST_ROW + 2, count))
            .set_points(&points)
            .set_data_label(ChartDataLabel::new().show_value());
        chart.title().set_name(&labels.monitor_chart_nps);
        chart.legend().set_position(ChartLegendPosition::Right);
        chart.set_width(440).set_height(280);
        sheet.insert_chart(score_row + 3, label, &chart)?;
        self.page(sheet, true, HEADER_ROW, 0)
    }

    // ---- 10. remarks ------------------------------------------------------------------------

    fn remarks(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let labels = self.labels;
        self.begin(sheet, &self.names.remarks, None, styles)?;
        let mut widths = Widths::default();
        self.header(
            sheet,
            HEADER_ROW,
            &[&labels.respondent, &labels.remarks, &labels.monitor_reason],
            &mut widths,
            styles,
        )?;
        let mut row = FIRST_ROW;
        for &position in &self.order {
            let result = &self.report.respondents[position];
            if result.remarks.is_none() && result.nps_reason.is_none() {
                continue;
            }
            write_text(
                sheet,
                row,
                0,
                &result.shown_as,
                &styles.text_top,
                &mut widths,
            )?;
            let remarks = result.remarks.as_deref().unwrap_or_default();
            let reason = result.nps_reason.as_deref().unwrap_or_default();
            sheet.write_string_with_format(row, 1, cell_text(remarks), &styles.wrap)?;
            sheet.write_string_with_format(row, 2, cell_text(reason), &styles.wrap)?;
            let height = row_height(remarks, 70.0).max(row_height(reason, 50.0));
            sheet.set_row_height(row, height.min(409.0))?;
            row += 1;
        }
        widths.apply(sheet, 14.0, 30.0)?;
        sheet.set_column_width(1, 70)?;
        sheet.set_column_width(2, 50)?;
        self.page(sheet, true, HEADER_ROW, 1)
    }

    // ---- 11. importance–performance ---------------------------------------------------------

    fn importance(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let labels = self.labels;
        let name = self.names.importance.as_str();
        self.begin(sheet, name, None, styles)?;
        let mut widths = Widths::default();
        self.header(
            sheet,
            HEADER_ROW,
            &[
                &labels.column_id,
                &labels.monitor_kwi,
                &labels.monitor_mean_weight,
                &labels.monitor_mean_score,
            ],
            &mut widths,
            styles,
        )?;
        sheet.set_row_height(HEADER_ROW, 32)?;
        // Plain numbers: they are the chart's data, and a chart caches only numbers.
        let mut row = FIRST_ROW;
        let mut runs: Vec<(usize, u32, u32)> = Vec::new();
        for (index, kwi) in self.master.kwis.iter().enumerate() {
            let first = row;
            for question in &kwi.questions {
                let scored = self.question_scores.get(question.id.as_str());
                write_text(sheet, row, 0, &question.id, &styles.text, &mut widths)?;
                write_text(sheet, row, 1, &kwi.id, &styles.text, &mut widths)?;
                if let (Some(weight), Some(score)) = (
                    scored.and_then(|q| q.mean_weight),
                    scored.and_then(|q| q.mean_score),
                ) {
                    sheet.write_number_with_format(row, 2, weight, &styles.score)?;
                    sheet.write_number_with_format(row, 3, score, &styles.score)?;
                }
                row += 1;
            }
            if row > first {
                runs.push((index, first, row - 1));
            }
        }
        widths.apply(sheet, 8.0, 14.0)?;

        // The quadrant lines, two points each: x = 2 (neutral) across the scores, and y = the
        // mean target (or the total score) across the weights.
        let (line_label, level) = match (self.mean_target, self.report.scores.total_score) {
            (Some(target), _) => (&labels.monitor_line_target, target),
            (None, Some(total)) => (&labels.monitor_total_score, total),
            (None, None) => (&labels.monitor_line_target, 7.0),
        };
        let data: u16 = 20;
        sheet.write_string_with_format(NOTE_ROW, data, &labels.monitor_chart_data, &styles.note)?;
        sheet.write_string(HEADER_ROW, data, &labels.monitor_line_neutral)?;
        sheet.write_string(HEADER_ROW, data + 2, line_label)?;
        let lines = [[2.0, 1.0, 1.0, level], [2.0, 10.0, 3.0, level]];
        for (offset, values) in lines.iter().enumerate() {
            for (col, value) in values.iter().enumerate() {
                sheet.write_number(FIRST_ROW + offset as u32, data + col as u16, *value)?;
            }
        }
        for col in data..data + 4 {
            sheet.set_column_hidden(col)?;
        }

        let mut chart = Chart::new(ChartType::ScatterStraightWithMarkers);
        let this = quote_sheet_name(name);
        for (series, &(index, first, last)) in runs.iter().enumerate() {
            // Each point is labelled with its question id. As fixed text, because LibreOffice
            // shows the y value instead of a label taken from a cell; an id that starts with `=`
            // would read as a formula there, so that one label points at its cell.
            let labels_of_points: Vec<ChartDataLabel> = self.master.kwis[index]
                .questions
                .iter()
                .zip(first..=last)
                .map(|(question, row)| {
                    let text = if question.id.starts_with('=') {
                        format!("={this}!{}", absolute(row, 0))
                    } else {
                        question.id.clone()
                    };
                    ChartDataLabel::new()
                        .set_value(&text)
                        .set_position(ChartDataLabelPosition::Right)
                        .to_custom()
                })
                .collect();
            let colour = Color::RGB(PALETTE[series % PALETTE.len()]);
            chart
                .add_series()
                .set_name((name, first, 1))
                .set_categories((name, first, 2, last, 2))
                .set_values((name, first, 3, last, 3))
                .set_marker(
                    ChartMarker::new()
                        .set_type(ChartMarkerType::Circle)
                        .set_size(8)
                        .set_format(
                            ChartFormat::new()
                                .set_solid_fill(ChartSolidFill::new().set_color(colour))
                                .set_border(ChartLine::new().set_color(colour)),
                        ),
                )
                .set_format(ChartFormat::new().set_no_line())
                .set_custom_data_labels(&labels_of_points);
        }
        let grey = |dash| {
            ChartFormat::new()
                .set_line(
                    ChartLine::new()
                        .set_color(Color::RGB(0x7F7F7F))
                        .set_width(1.5)
                        .set_dash_type(dash),
                )
                .clone()
        };
        chart
            .add_series()
            .set_name((name, HEADER_ROW, data))
            .set_categories((name, FIRST_ROW, data, FIRST_ROW + 1, data))
            .set_values((name, FIRST_ROW, data + 1, FIRST_ROW + 1, data + 1))
            .set_marker(ChartMarker::new().set_none())
            .set_format(&mut grey(ChartLineDashType::Dash));
        chart
            .add_series()
            .set_name((name, HEADER_ROW, data + 2))
            .set_categories((name, FIRST_ROW, data + 2, FIRST_ROW + 1, data + 2))
            .set_values((name, FIRST_ROW, data + 3, FIRST_ROW + 1, data + 3))
            .set_marker(ChartMarker::new().set_none())
            .set_format(&mut grey(ChartLineDashType::RoundDot));
        chart.title().set_name(&labels.monitor_chart_importance);
        chart
            .x_axis()
            .set_name(&labels.monitor_importance_axis)
            .set_min(1)
            .set_max(3)
            .set_major_unit(0.5);
        chart
            .y_axis()
            .set_name(&labels.monitor_performance_axis)
            .set_min(1)
            .set_max(10)
            .set_major_unit(1);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.show_hidden_data();
        chart.set_width(720).set_height(520);
        sheet.insert_chart(HEADER_ROW, 5, &chart)?;
        let notes = [
            &labels.monitor_quadrant_keep,
            &labels.monitor_quadrant_improve,
            &labels.monitor_quadrant_overkill,
            &labels.monitor_quadrant_low,
        ];
        for (offset, note) in notes.into_iter().enumerate() {
            sheet.write_string_with_format(
                HEADER_ROW + 28 + offset as u32,
                5,
                note,
                &styles.note,
            )?;
        }
        self.page(sheet, true, HEADER_ROW, 0)
    }

    // ---- 12. answers ------------------------------------------------------------------------

    fn answers(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let labels = self.labels;
        let note = self
            .answers
            .is_empty()
            .then_some(labels.monitor_no_answers.as_str());
        self.begin(sheet, &self.names.answers, note, styles)?;
        let mut widths = Widths::default();
        self.header(
            sheet,
            HEADER_ROW,
            &[
                &labels.respondent,
                &labels.monitor_kwi,
                &labels.column_question,
                &labels.column_score,
                &labels.column_relevance,
                &labels.monitor_weight,
                &labels.monitor_weighted,
            ],
            &mut widths,
            styles,
        )?;
        // Master index → the name shown; the table's rows look it up by index. Its cells carry
        // no format: looking a format up costs a hash of it per cell, 500,000 times at 72,000
        // answers, and the column widths come from the few distinct texts instead.
        let mut shown: Vec<&str> = vec!["?"; self.master.respondents.len()];
        for result in &self.report.respondents {
            if let Some(slot) = shown.get_mut(result.index) {
                *slot = &result.shown_as;
            }
        }
        for text in &shown {
            widths.see(answer_column::RESPONDENT, text);
        }
        for kwi in &self.master.kwis {
            widths.see(answer_column::KWI, &kwi.id);
            for question in &kwi.questions {
                widths.see(answer_column::QUESTION, &question.id);
            }
        }
        for relevance in [Relevance::Less, Relevance::Neutral, Relevance::More] {
            widths.see(answer_column::RELEVANCE, self.relevance_text(relevance));
        }
        let (score, weight) = (
            column_number_to_name(answer_column::SCORE),
            column_number_to_name(answer_column::WEIGHT),
        );
        for (offset, answer) in self.answers.iter().enumerate() {
            let row = FIRST_ROW + offset as u32;
            let who = shown.get(answer.respondent).copied().unwrap_or("?");
            sheet.write_string(row, answer_column::RESPONDENT, who)?;
            sheet.write_string(row, answer_column::KWI, &answer.kwi)?;
            sheet.write_string(row, answer_column::QUESTION, &answer.question)?;
            sheet.write_number(row, answer_column::SCORE, answer.score)?;
            sheet.write_string(
                row,
                answer_column::RELEVANCE,
                self.relevance_text(answer.relevance),
            )?;
            let factor = answer.relevance.weight();
            sheet.write_number(row, answer_column::WEIGHT, factor)?;
            // A formula, so that a corrected score or weight flows into every score in the
            // workbook; LibreOffice loads 72,000 of these in well under a second.
            let excel_row = row + 1;
            let weighted = Formula::new(format!("={score}{excel_row}*{weight}{excel_row}"))
                .set_result((u32::from(answer.score) * factor).to_string());
            sheet.write_formula(row, answer_column::WEIGHTED, weighted)?;
        }
        if !self.answers.is_empty() {
            sheet.autofilter(HEADER_ROW, 0, self.answers_last, answer_column::WEIGHTED)?;
        }
        widths.apply(sheet, 10.0, 30.0)?;
        self.page(sheet, false, HEADER_ROW, 1)
    }

    // ---- 13. actions ------------------------------------------------------------------------

    fn actions(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let labels = self.labels;
        self.begin(sheet, &self.names.actions, None, styles)?;
        let mut widths = Widths::default();
        self.header(
            sheet,
            HEADER_ROW,
            &[
                &labels.column_id,
                &labels.monitor_date,
                &labels.monitor_description,
                &labels.monitor_owner,
                &labels.monitor_status,
                &labels.monitor_kwi,
            ],
            &mut widths,
            styles,
        )?;
        let date_style = match self.master.language {
            Language::Dutch => &styles.date_dutch,
            Language::English => &styles.date_english,
        };
        for (offset, action) in self.master.actions.iter().enumerate() {
            let row = FIRST_ROW + offset as u32;
            write_text(sheet, row, 0, &action.id, &styles.text_top, &mut widths)?;
            match action.date {
                Some(date) => {
                    use chrono::Datelike;
                    let excel = ExcelDateTime::from_ymd(
                        date.year() as u16,
                        date.month() as u8,
                        date.day() as u8,
                    )?;
                    sheet.write_datetime_with_format(row, 1, &excel, date_style)?;
                    widths.see(1, "00-00-0000");
                }
                None => {
                    sheet.write_blank(row, 1, date_style)?;
                }
            }
            sheet.write_string_with_format(row, 2, cell_text(&action.description), &styles.wrap)?;
            sheet.set_row_height(row, row_height(&action.description, 70.0))?;
            write_text(sheet, row, 3, &action.owner, &styles.text_top, &mut widths)?;
            write_text(sheet, row, 4, &action.status, &styles.text_top, &mut widths)?;
            write_text(
                sheet,
                row,
                5,
                action.kwi.as_deref().unwrap_or_default(),
                &styles.text_top,
                &mut widths,
            )?;
        }
        widths.apply(sheet, 10.0, 24.0)?;
        sheet.set_column_width(2, 70)?;
        self.page(sheet, true, HEADER_ROW, 1)
    }

    // ---- 14. problems -----------------------------------------------------------------------

    fn problems(&self, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
        let labels = self.labels;
        let note = self
            .report
            .problems
            .is_empty()
            .then_some(labels.monitor_no_problems.as_str());
        self.begin(sheet, &self.names.problems, note, styles)?;
        let mut widths = Widths::default();
        self.header(
            sheet,
            HEADER_ROW,
            &[
                &labels.monitor_file,
                &labels.monitor_severity,
                &labels.monitor_cell,
                &labels.monitor_message,
            ],
            &mut widths,
            styles,
        )?;
        let redactor = Redactor::new(self.report);
        for (offset, problem) in self.report.problems.iter().enumerate() {
            let row = FIRST_ROW + offset as u32;
            let severity = match problem.severity {
                Severity::Rejected => &labels.monitor_status_rejected,
                Severity::Warning => &labels.monitor_severity_warning,
                Severity::Note => &labels.monitor_severity_note,
            };
            let file = redactor.apply(&problem.file);
            let message = redactor.apply(&problem.message);
            write_text(sheet, row, 0, &file, &styles.text_top, &mut widths)?;
            write_text(sheet, row, 1, severity, &styles.text_top, &mut widths)?;
            write_text(
                sheet,
                row,
                2,
                problem.cell.as_deref().unwrap_or_default(),
                &styles.text_top,
                &mut widths,
            )?;
            sheet.write_string_with_format(row, 3, cell_text(&message), &styles.wrap)?;
            sheet.set_row_height(row, row_height(&message, 80.0).min(409.0))?;
        }
        widths.apply(sheet, 8.0, 40.0)?;
        sheet.set_column_width(3, 80)?;
        self.page(sheet, true, HEADER_ROW, 1)
    }

    // ---- 15. history ------------------------------------------------------------------------

    /// The trend lineage in long form, one value per row: `period | kind | id | value`, kind
    /// `total`, `nps` or `kwi`; an empty value is a measurement without that score.
    fn history(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        sheet.set_name(HISTORY_SHEET)?;
        sheet.write_string(0, 0, "format")?;
        sheet.write_string(0, 1, HISTORY_FORMAT)?;
        for (col, text) in HISTORY_HEADER.iter().enumerate() {
            sheet.write_string(1, col as u16, *text)?;
        }
        let mut row = 2;
        for point in &self.report.trend {
            let mut line = |kind: &str, id: &str, value: Option<f64>| -> Result<(), XlsxError> {
                sheet.write_string(row, 0, &point.period)?;
                sheet.write_string(row, 1, kind)?;
                if !id.is_empty() {
                    sheet.write_string(row, 2, id)?;
                }
                if let Some(value) = value {
                    sheet.write_number(row, 3, value)?;
                }
                row += 1;
                Ok(())
            };
            line("total", "", point.total)?;
            line("nps", "", point.nps.map(f64::from))?;
            for (id, value) in &point.kwis {
                line("kwi", id, *value)?;
            }
        }
        sheet.set_column_width(0, 12)?;
        sheet.set_column_width(1, 8)?;
        sheet.set_column_width(2, 16)?;
        sheet.set_column_width(3, 20)?;
        sheet.set_hidden(true);
        Ok(())
    }
}

/// Green when a score reaches its target, red when it falls short, on the columns `paint`.
fn target_colours(
    sheet: &mut Worksheet,
    first: u32,
    last: u32,
    score: u16,
    target: u16,
    paint: &[u16],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let (s, t) = (column_number_to_name(score), column_number_to_name(target));
    let row = first + 1;
    let good = ConditionalFormatFormula::new()
        .set_rule(
            format!("=AND(ISNUMBER(${s}{row}),ISNUMBER(${t}{row}),${s}{row}>=${t}{row})").as_str(),
        )
        .set_format(&styles.good);
    let bad = ConditionalFormatFormula::new()
        .set_rule(
            format!("=AND(ISNUMBER(${s}{row}),ISNUMBER(${t}{row}),${s}{row}<${t}{row})").as_str(),
        )
        .set_format(&styles.bad);
    for &col in paint {
        sheet.add_conditional_format(first, col, last, col, &good)?;
        sheet.add_conditional_format(first, col, last, col, &bad)?;
    }
    Ok(())
}

/// Replaces an anonymous respondent's name and initials in tool-made texts (file names, problem
/// messages) with their pseudonym: a file name such as `2011H2-KLANT_NV-KK.xlsx` or
/// `kees-klant.xlsx` names its sender.
///
/// One pass over the text whatever the number of anonymous respondents, and a pseudonym once
/// written is never read again, so one respondent's initials cannot rewrite another's pseudonym.
struct Redactor {
    /// Folded first word → (the folded words of a name or of initials, pseudonym), most words
    /// first. They match whole words in order, whatever separates them: `Kees Klant` matches
    /// `kees-klant`, initials `J.K.` match `J-K`.
    names: HashMap<String, Vec<(Vec<String>, String)>>,
}

/// The words of `text` after NFC (file names from a Mac come decomposed): runs of letters and
/// digits, lower case, with their byte ranges in the normalised text.
fn words(text: &str) -> Vec<(String, usize, usize)> {
    let mut found = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(at),
            (Some(from), false) => {
                found.push((text[from..at].to_lowercase(), from, at));
                start = None;
            }
            _ => {}
        }
    }
    found
}

impl Redactor {
    fn new(report: &Report<'_>) -> Redactor {
        let anonymous = report.respondents.iter().filter(|result| result.anonymous);
        Redactor::of(anonymous.map(|result| {
            let name = report
                .master
                .respondents
                .get(result.index)
                .map_or("", |person| person.name.as_str());
            (name, result.initials.as_str(), result.shown_as.as_str())
        }))
    }

    /// From (name, initials, pseudonym) of each anonymous respondent.
    fn of<'a>(anonymous: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> Redactor {
        let mut names: HashMap<String, Vec<(Vec<String>, String)>> = HashMap::new();
        for (name, initials, shown_as) in anonymous {
            for key in [name, initials] {
                let key: String = key.nfc().collect();
                let key: Vec<String> = words(&key).into_iter().map(|(word, ..)| word).collect();
                if let Some(first) = key.first() {
                    names
                        .entry(first.clone())
                        .or_default()
                        .push((key, shown_as.to_string()));
                }
            }
        }
        for candidates in names.values_mut() {
            candidates.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
            candidates.dedup();
        }
        Redactor { names }
    }

    fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.names.is_empty() {
            return Cow::Borrowed(text);
        }
        let normalised: String = text.nfc().collect();
        let words = words(&normalised);
        let mut out = String::with_capacity(normalised.len());
        let mut copied = 0;
        let mut replaced = false;
        let mut index = 0;
        while index < words.len() {
            let found = self.names.get(&words[index].0).and_then(|candidates| {
                candidates.iter().find(|(key, _)| {
                    words.len() - index >= key.len()
                        && key.iter().zip(&words[index..]).all(|(a, b)| *a == b.0)
                })
            });
            let Some((key, shown_as)) = found else {
                index += 1;
                continue;
            };
            out.push_str(&normalised[copied..words[index].1]);
            out.push_str(shown_as);
            copied = words[index + key.len() - 1].2;
            index += key.len();
            replaced = true;
        }
        if !replaced {
            return Cow::Borrowed(text);
        }
        out.push_str(&normalised[copied..]);
        Cow::Owned(out)
    }
}

/// How the formulas pick the answers of one KWI or question out of the answers table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// SUMIF and COUNTIF: the familiar form, for ids they match exactly.
    Sumif,
    /// SUMPRODUCT((range="id")*…): text compared as text, ignoring case.
    Equal,
    /// SUMPRODUCT(EXACT(range,"id")*…): for an id that differs from another only in case.
    Exact,
}

impl Match {
    /// SUMIF and COUNTIF read a criterion that looks like a number, date or boolean as one, and
    /// Excel then coerces the cells alike (`1.1` matches `1.10`) while LibreOffice does not; they
    /// treat `*?~` as wildcards and `<>=` as operators, and ignore case. So SUMIF only for ids
    /// that are plainly text; `=` for the rest (nearly as fast as SUMIF when LibreOffice
    /// recalculates 72,000 answers; EXACT took twice as long); EXACT only where case alone tells
    /// two ids apart, which the master's validation already forbids.
    fn of(id: &str, siblings: &[&str]) -> Match {
        let lower = id.to_lowercase();
        let twins = siblings
            .iter()
            .filter(|sibling| sibling.to_lowercase() == lower)
            .count();
        if twins > 1 {
            Match::Exact
        } else if sumif_safe(id) {
            Match::Sumif
        } else {
            Match::Equal
        }
    }
}

/// Whether SUMIF and COUNTIF read `id` as plain text (see [`Match::of`]).
fn sumif_safe(id: &str) -> bool {
    const MONTHS: [&str; 17] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "januari",
        "februari",
        "maart",
        "mei",
        "augustus",
    ];
    let lower = id.to_lowercase();
    // Excel's criteria stop at 255 characters.
    let plain = !id.is_empty()
        && id.chars().count() <= 255
        && id.trim() == id
        && id.chars().any(|c| c.is_ascii_alphabetic())
        && !id.contains(['*', '?', '~', '<', '>', '=', '"'])
        && lower.parse::<f64>().is_err()
        && lower.replace(',', ".").parse::<f64>().is_err()
        && !matches!(lower.as_str(), "true" | "false" | "waar" | "onwaar");
    // An alphabetic run that starts a month's name may make the id a date ("jan-01", "1 mei").
    let date_like = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|run| run.len() >= 3 || matches!(*run, "am" | "pm"))
        .any(|run| {
            matches!(run, "am" | "pm")
                || MONTHS.iter().any(|month| month.starts_with(run))
                || run == "okt"
                || run == "mrt"
        });
    plain && !date_like
}

/// A text as an Excel formula string literal.
fn literal(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// `B7`.
fn cell(row: u32, col: u16) -> String {
    format!("{}{}", column_number_to_name(col), row + 1)
}

/// `$B$7`.
fn absolute(row: u32, col: u16) -> String {
    format!("${}${}", column_number_to_name(col), row + 1)
}

/// A formula's cached result: the number at full precision, or empty text for no value, which
/// is what the formulas' `IFERROR(…, "")` gives.
fn number_result(value: Option<f64>) -> String {
    value.map_or_else(String::new, |value| value.to_string())
}

/// A text cut to what a cell holds.
fn cell_text(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

/// A text for a page header or footer: `&` doubled (it starts a code there), cut to `max` chars.
fn header_text(text: &str, max: usize) -> String {
    text.chars()
        .take(max)
        .collect::<String>()
        .replace('&', "&&")
}

/// A row height in points that shows `text` wrapped in a column `width` characters wide.
/// Spreadsheet apps do not grow rows for wrapped text written by a library, so we estimate.
fn row_height(text: &str, width: f64) -> f64 {
    let per_line = (width * 1.1).max(10.0) as usize;
    let lines: usize = text
        .split('\n')
        .map(|paragraph| paragraph.chars().count().div_ceil(per_line).max(1))
        .sum();
    (15.0 * lines as f64 + 3.0).min(409.0)
}

/// Sorts `Respondent 2` before `Respondent 10`.
fn natural_key(text: &str) -> (String, u64, String) {
    let stem = text.trim_end_matches(|c: char| c.is_ascii_digit());
    let number = text[stem.len()..].parse().unwrap_or(0);
    (stem.to_string(), number, text.to_string())
}

/// Writes a text cell and remembers its width.
fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    let text = cell_text(text);
    widths.see(col, &text);
    sheet.write_string_with_format(row, col, text.as_ref(), format)?;
    Ok(())
}

/// The widest text seen per column, for column widths that fit.
#[derive(Default)]
struct Widths(Vec<usize>);

impl Widths {
    fn see(&mut self, col: u16, text: &str) {
        let col = usize::from(col);
        if self.0.len() <= col {
            self.0.resize(col + 1, 0);
        }
        let width = text
            .lines()
            .map(|line| line.chars().count())
            .max()
            .unwrap_or(0);
        self.0[col] = self.0[col].max(width);
    }

    /// Headers wrap, so they ask for the width of their longest word, not all of them.
    fn see_header(&mut self, col: u16, text: &str) {
        let word = text
            .split_whitespace()
            .map(|word| word.chars().count())
            .max()
            .unwrap_or(0);
        self.see(col, &"x".repeat(word.max(text.chars().count().min(14))));
    }

    fn apply(&self, sheet: &mut Worksheet, min: f64, max: f64) -> Result<(), XlsxError> {
        for (col, &chars) in self.0.iter().enumerate() {
            let width = (chars as f64 * 1.1 + 2.0).clamp(min, max);
            sheet.set_column_width(col as u16, width)?;
        }
        Ok(())
    }
}

/// The cell formats of the monitor.
struct Styles {
    title: Format,
    note: Format,
    header: Format,
    header_center: Format,
    band: Format,
    band_center: Format,
    label: Format,
    text: Format,
    text_top: Format,
    text_top_bold: Format,
    wrap: Format,
    center: Format,
    center_top: Format,
    mark: Format,
    score: Format,
    score_bold: Format,
    score_top: Format,
    score_top_bold: Format,
    score_center: Format,
    integer: Format,
    integer_top: Format,
    big_integer: Format,
    percent: Format,
    total_label: Format,
    total_score: Format,
    total_integer: Format,
    date_dutch: Format,
    date_english: Format,
    cover_title: Format,
    cover_subtitle: Format,
    cover_value: Format,
    cover_score: Format,
    cover_integer: Format,
    cover_percent: Format,
    cover_kwi: Format,
    arrow: Format,
    good: Format,
    bad: Format,
}

impl Styles {
    fn new() -> Styles {
        let navy = Color::RGB(0x1F3864);
        let grid = |format: Format| {
            format
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF))
        };
        let top = |format: Format| format.set_align(FormatAlign::Top);
        let header = Format::new()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(navy)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::White);
        let total = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        let cover = Format::new().set_font_size(14);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_color(navy),
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            header_center: header.clone().set_align(FormatAlign::Center),
            header,
            band: Format::new()
                .set_bold()
                .set_font_size(13)
                .set_font_color(navy)
                .set_background_color(Color::RGB(0xD9E1F2)),
            band_center: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_align(FormatAlign::Center)
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::White),
            label: Format::new().set_bold().set_font_size(12),
            text: grid(Format::new()),
            text_top: grid(top(Format::new())),
            text_top_bold: grid(top(Format::new().set_bold())),
            wrap: grid(top(Format::new().set_text_wrap())),
            center: grid(Format::new().set_align(FormatAlign::Center)),
            center_top: grid(top(Format::new().set_align(FormatAlign::Center))),
            mark: Format::new()
                .set_align(FormatAlign::Center)
                .set_bold()
                .set_font_color(navy),
            score: grid(Format::new().set_num_format("0.00")),
            score_bold: grid(Format::new().set_num_format("0.00").set_bold()),
            score_top: grid(top(Format::new().set_num_format("0.00"))),
            score_top_bold: grid(top(Format::new().set_num_format("0.00").set_bold())),
            score_center: grid(
                Format::new()
                    .set_num_format("0.00")
                    .set_align(FormatAlign::Center),
            ),
            integer: grid(Format::new().set_num_format("0")),
            integer_top: grid(top(Format::new().set_num_format("0"))),
            big_integer: Format::new()
                .set_num_format("0")
                .set_bold()
                .set_font_size(20)
                .set_font_color(navy),
            percent: grid(Format::new().set_num_format("0%")),
            total_score: total.clone().set_num_format("0.00"),
            total_integer: total.clone().set_num_format("0"),
            total_label: total,
            date_dutch: grid(top(Format::new()
                .set_num_format("dd-mm-yyyy")
                .set_align(FormatAlign::Left))),
            date_english: grid(top(Format::new()
                .set_num_format("d mmm yyyy")
                .set_align(FormatAlign::Left))),
            cover_title: Format::new()
                .set_bold()
                .set_font_size(28)
                .set_font_color(navy),
            cover_subtitle: Format::new()
                .set_font_size(16)
                .set_font_color(Color::RGB(0x595959)),
            cover_value: cover.clone().set_align(FormatAlign::Left),
            cover_score: cover
                .clone()
                .set_num_format("0.00")
                .set_bold()
                .set_align(FormatAlign::Center),
            cover_integer: cover
                .clone()
                .set_num_format("0")
                .set_bold()
                .set_align(FormatAlign::Left),
            cover_percent: cover
                .clone()
                .set_num_format("0%")
                .set_align(FormatAlign::Left),
            cover_kwi: cover.clone(),
            arrow: cover.set_align(FormatAlign::Center).set_bold(),
            good: Format::new()
                .set_background_color(Color::RGB(0xC6EFCE))
                .set_font_color(Color::RGB(0x006100)),
            bad: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Problem, RespondentResult};
    use crate::score::{Answer, nps, score};
    use calamine::{SheetVisible, Xlsx};

    const HYPERLINK: &str = "=HYPERLINK(\"http://x\",\"x\")";

    fn example_master(source: &str) -> Master {
        crate::master::parse(source.as_bytes()).unwrap().master
    }

    /// Who answers in the example report: (initials, anonymous, shown as).
    struct Who {
        index: usize,
        status: ResponseStatus,
        anonymous: bool,
        shown_as: &'static str,
        nps: Option<u8>,
        remarks: Option<&'static str>,
        reason: Option<&'static str>,
    }

    /// The example master with AA (named, a hostile remark), BB (anonymous), CC missing,
    /// DD rejected and Kees Klant (named) with the answers of DOMAIN.md.
    fn example_report(master: &Master) -> Report<'_> {
        let who = [
            Who {
                index: 0,
                status: ResponseStatus::Returned,
                anonymous: false,
                shown_as: "A. Aaaa",
                nps: Some(7),
                remarks: Some(HYPERLINK),
                reason: Some("=cmd|' /C calc'!A0"),
            },
            Who {
                index: 1,
                status: ResponseStatus::Partial,
                anonymous: true,
                shown_as: "Respondent 1",
                nps: Some(10),
                remarks: Some("Goede samenwerking."),
                reason: Some("Altijd bereikbaar."),
            },
            Who {
                index: 2,
                status: ResponseStatus::Missing,
                anonymous: false,
                shown_as: "C. Ceee",
                nps: None,
                remarks: None,
                reason: None,
            },
            Who {
                index: 3,
                status: ResponseStatus::Rejected,
                anonymous: false,
                shown_as: "D. Deeee",
                nps: None,
                remarks: None,
                reason: None,
            },
            Who {
                index: 4,
                status: ResponseStatus::Returned,
                anonymous: false,
                shown_as: "Kees Klant",
                nps: Some(9),
                remarks: Some("Een opmerking."),
                reason: None,
            },
        ];
        let kees: HashMap<&str, (u8, Relevance)> = crate::demo::KEES_KLANT
            .into_iter()
            .map(|(id, score)| {
                (
                    id,
                    (
                        score,
                        if id == "2.03" {
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
            let person = &master.respondents[who.index];
            let mut answered = 0;
            if matches!(
                who.status,
                ResponseStatus::Returned | ResponseStatus::Partial
            ) {
                for (kwi, questions) in master.questions_for(who.index) {
                    for (position, question) in questions.iter().enumerate() {
                        let given = match who.index {
                            4 => kees.get(question.id.as_str()).copied(),
                            // BB leaves every third question empty: a partial return.
                            1 if position % 3 == 2 => None,
                            _ => {
                                let seed =
                                    question.id.bytes().map(usize::from).sum::<usize>() + who.index;
                                let relevance =
                                    [Relevance::Less, Relevance::Neutral, Relevance::More]
                                        [seed % 3];
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
            },
            Problem {
                file: "2011H2-KLANT_NV-DD.xlsx".to_string(),
                severity: Severity::Rejected,
                cell: None,
                message: "not a questionnaire".to_string(),
            },
        ];
        build(master, respondents, answers, problems)
    }

    /// Scores the answers the way ingest does and adds an earlier measurement to the trend.
    fn build<'m>(
        master: &'m Master,
        respondents: Vec<RespondentResult>,
        answers: Vec<AnswerRow>,
        problems: Vec<Problem>,
    ) -> Report<'m> {
        let keys: Vec<String> = respondents.iter().map(key).collect();
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
            total: Some(6.8),
            nps: Some(-20),
        };
        let current = TrendPoint {
            period: master.period.clone(),
            kwis: scores
                .kwis
                .iter()
                .map(|k| (k.kwi.clone(), k.score))
                .collect(),
            total: scores.total_score,
            nps: nps.score,
        };
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
    fn key(result: &RespondentResult) -> String {
        if result.anonymous {
            result.shown_as.clone()
        } else {
            result.initials.clone()
        }
    }

    fn open(bytes: &[u8]) -> Xlsx<Cursor<&[u8]>> {
        calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap()
    }

    fn range(bytes: &[u8], sheet: &str) -> calamine::Range<Data> {
        open(bytes).worksheet_range(sheet).unwrap()
    }

    /// The cached number at an absolute position, or `None` for an empty cell or empty text.
    fn number(range: &calamine::Range<Data>, row: u32, col: u16) -> Option<f64> {
        match range.get_value((row, u32::from(col))) {
            None | Some(Data::Empty) => None,
            Some(Data::String(text)) if text.is_empty() => None,
            Some(Data::Float(value)) => Some(*value),
            Some(Data::Int(value)) => Some(*value as f64),
            Some(other) => panic!("({row}, {col}) holds {other:?}, not a number"),
        }
    }

    fn text(range: &calamine::Range<Data>, row: u32, col: u16) -> String {
        match range.get_value((row, u32::from(col))) {
            Some(Data::String(text)) => text.clone(),
            Some(Data::Empty) | None => String::new(),
            Some(other) => other.to_string(),
        }
    }

    fn check_close(actual: Option<f64>, expected: Option<f64>, what: &str) {
        match (actual, expected) {
            (Some(a), Some(e)) => assert!((a - e).abs() < 1e-9, "{what}: {a} against {e}"),
            (a, e) => assert_eq!(a, e, "{what}"),
        }
    }

    #[test]
    fn sheets_come_in_order_with_their_names_and_history_is_hidden() {
        for source in [crate::EXAMPLE_MASTER_NL, crate::EXAMPLE_MASTER_EN] {
            let master = example_master(source);
            let report = example_report(&master);
            let bytes = write(&report).unwrap();
            let names = Names::new(Labels::for_language(master.language));
            let workbook = open(&bytes);
            assert_eq!(
                workbook.sheet_names(),
                names.all().map(str::to_string).to_vec()
            );
            for sheet in workbook.sheets_metadata() {
                let hidden = sheet.name == HISTORY_SHEET;
                assert_eq!(
                    sheet.visible != SheetVisible::Visible,
                    hidden,
                    "{}",
                    sheet.name
                );
            }
        }
    }

    #[test]
    fn sheet_names_are_valid_and_distinct_in_both_languages() {
        for language in [Language::Dutch, Language::English] {
            let names = Names::new(Labels::for_language(language));
            let all = names.all();
            for name in all {
                assert!(rust_xlsxwriter::check_sheet_name(name).is_ok(), "{name}");
            }
            let mut folded: Vec<String> = all.iter().map(|name| name.to_lowercase()).collect();
            folded.sort();
            folded.dedup();
            assert_eq!(folded.len(), all.len(), "{all:?}");
        }
    }

    #[test]
    fn kwi_score_cells_cache_the_report_scores() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let bytes = write(&report).unwrap();
        let sheet = range(&bytes, "KWI-scores");
        for (index, kwi) in report.scores.kwis.iter().enumerate() {
            let row = Plan::score_row(index);
            assert_eq!(text(&sheet, row, score_column::ID), kwi.kwi);
            check_close(number(&sheet, row, score_column::SCORE), kwi.score, "score");
            check_close(
                number(&sheet, row, score_column::AVERAGE),
                kwi.average,
                "average",
            );
            check_close(
                number(&sheet, row, score_column::ANSWERS),
                Some(kwi.sum.count as f64),
                "answers",
            );
            check_close(
                number(&sheet, row, score_column::RESPONDENTS),
                Some(kwi.respondents as f64),
                "respondents",
            );
            // The chart data beside it holds the same values as plain numbers.
            check_close(
                number(&sheet, row, score_column::CHART_DATA + 2),
                kwi.score,
                "chart data",
            );
        }
        let total = FIRST_ROW + master.kwis.len() as u32;
        check_close(
            number(&sheet, total, score_column::SCORE),
            report.scores.total_score,
            "total",
        );
        assert!(report.scores.kwis.iter().all(|kwi| kwi.score.is_some()));
        // The formulas are there too, not only their values.
        let formulas = open(&bytes).worksheet_formula("KWI-scores").unwrap();
        let score = formulas
            .get_value((FIRST_ROW, u32::from(score_column::SCORE)))
            .unwrap();
        assert!(
            score.starts_with("IFERROR(SUMIF(Antwoorden!$B$4:$B$"),
            "{score}"
        );
    }

    #[test]
    fn the_respondent_by_kwi_matrix_caches_each_respondents_score() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let bytes = write(&report).unwrap();
        let sheet = range(&bytes, "Scores per respondent");
        let formulas = open(&bytes)
            .worksheet_formula("Scores per respondent")
            .unwrap();
        let mut seen = 0;
        for offset in 0..report.respondents.len() as u32 {
            let row = FIRST_ROW + offset;
            let shown = text(&sheet, row, 0);
            let result = report
                .respondents
                .iter()
                .find(|r| r.shown_as == shown)
                .unwrap();
            for (index, kwi) in report.scores.kwis.iter().enumerate() {
                let col = 1 + index as u16;
                let expected = kwi.by_respondent.get(&key(result)).copied();
                check_close(
                    number(&sheet, row, col),
                    expected,
                    &format!("{shown} {}", kwi.kwi),
                );
                let formula = formulas
                    .get_value((row, u32::from(col)))
                    .cloned()
                    .unwrap_or_default();
                assert_eq!(
                    formula.is_empty(),
                    expected.is_none(),
                    "{shown} {}: {formula}",
                    kwi.kwi
                );
                seen += usize::from(expected.is_some());
            }
        }
        assert!(seen >= 10, "only {seen} scores");
        // Named respondents come first in master order, the anonymous one after them.
        let order: Vec<String> = (0..5)
            .map(|offset| text(&sheet, FIRST_ROW + offset, 0))
            .collect();
        assert_eq!(
            order,
            [
                "A. Aaaa",
                "C. Ceee",
                "D. Deeee",
                "Kees Klant",
                "Respondent 1"
            ]
        );
    }

    #[test]
    fn question_cells_cache_the_question_scores() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let bytes = write(&report).unwrap();
        let sheet = range(&bytes, "Vragen");
        for (offset, question) in report.scores.questions.iter().enumerate() {
            let row = FIRST_ROW + offset as u32;
            assert_eq!(text(&sheet, row, 1), question.question);
            check_close(
                number(&sheet, row, 3),
                Some(question.sum.count as f64),
                "count",
            );
            check_close(number(&sheet, row, 4), question.score, "score");
            check_close(number(&sheet, row, 5), question.mean_score, "mean score");
            check_close(number(&sheet, row, 6), question.mean_weight, "mean weight");
        }
        // Kees Klant's 2.03: 8, marked less relevant.
        let kees = (7..20)
            .find(|&col| text(&sheet, HEADER_ROW, col) == "Kees Klant")
            .unwrap();
        let row = (FIRST_ROW..100)
            .find(|&row| text(&sheet, row, 1) == "2.03")
            .unwrap();
        assert_eq!(text(&sheet, row, kees), "8 <");
    }

    #[test]
    fn no_sheet_but_the_respondents_sheet_names_an_anonymous_respondent() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let bytes = write(&report).unwrap();
        let mut workbook = open(&bytes);
        let mut pseudonym_seen = 0;
        for name in workbook.sheet_names() {
            let range = workbook.worksheet_range(&name).unwrap();
            for (row, col, value) in range.used_cells() {
                let value = value.to_string();
                let words: Vec<&str> = value.split(|c: char| !c.is_alphanumeric()).collect();
                let named = value.to_lowercase().contains("b. beee")
                    || words.iter().any(|w| w.eq_ignore_ascii_case("BB"));
                if name == "Respondenten" {
                    continue;
                }
                assert!(
                    !named,
                    "{name} ({row}, {col}) names the anonymous respondent: {value}"
                );
                pseudonym_seen += usize::from(value.contains("Respondent 1"));
            }
        }
        // The matrix, answers, questions, NPS, remarks, assignment and problems show the pseudonym.
        assert!(pseudonym_seen >= 7, "{pseudonym_seen}");
        let respondents = range(&bytes, "Respondenten");
        assert_eq!(text(&respondents, FIRST_ROW + 1, 0), "B. Beee");
    }

    #[test]
    fn respondent_text_stays_text() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let bytes = write(&report).unwrap();
        let mut workbook = open(&bytes);
        for sheet in ["Opmerkingen", "NPS"] {
            let formulas = workbook.worksheet_formula(sheet).unwrap();
            assert!(
                formulas
                    .used_cells()
                    .all(|(_, _, formula)| formula.is_empty()),
                "{sheet} holds a formula"
            );
        }
        let remarks = range(&bytes, "Opmerkingen");
        assert_eq!(text(&remarks, FIRST_ROW, 1), HYPERLINK);
        assert_eq!(text(&remarks, FIRST_ROW, 2), "=cmd|' /C calc'!A0");
    }

    #[test]
    fn the_history_reads_back_as_the_trend() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let bytes = write(&report).unwrap();
        assert_eq!(read_history(&bytes).unwrap(), report.trend);
        // A monitor built on that history carries every point forward.
        let mut next = report.clone();
        next.trend = read_history(&bytes).unwrap();
        next.trend.push(TrendPoint {
            period: "2012H1".into(),
            kwis: BTreeMap::new(),
            total: None,
            nps: None,
        });
        let again = write(&next).unwrap();
        assert_eq!(read_history(&again).unwrap(), next.trend);
    }

    #[test]
    fn the_same_report_gives_the_same_bytes() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        assert_eq!(write(&report).unwrap(), write(&report).unwrap());
    }

    /// The example master before anything came back.
    fn empty_report(master: &Master) -> Report<'_> {
        let respondents = master
            .respondents
            .iter()
            .enumerate()
            .map(|(index, person)| RespondentResult {
                index,
                initials: person.initials.clone(),
                status: ResponseStatus::Missing,
                file: None,
                reason: None,
                answered: 0,
                assigned: master.question_count(index),
                nps: None,
                nps_reason: None,
                remarks: None,
                anonymous: false,
                shown_as: person.name.clone(),
            })
            .collect();
        build(master, respondents, Vec::new(), Vec::new())
    }

    #[test]
    fn a_report_without_answers_writes_empty_scores() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = empty_report(&master);
        let bytes = write(&report).unwrap();
        let sheet = range(&bytes, "KWI-scores");
        for index in 0..master.kwis.len() {
            let row = Plan::score_row(index);
            assert_eq!(number(&sheet, row, score_column::SCORE), None);
            assert_eq!(number(&sheet, row, score_column::AVERAGE), None);
        }
        assert_eq!(
            number(
                &sheet,
                FIRST_ROW + master.kwis.len() as u32,
                score_column::SCORE
            ),
            None
        );
        let matrix = range(&bytes, "Scores per respondent");
        for row in FIRST_ROW..FIRST_ROW + 5 {
            for col in 1..=5 {
                assert_eq!(number(&matrix, row, col), None);
            }
        }
        assert_eq!(read_history(&bytes).unwrap(), report.trend);
    }

    #[test]
    fn a_report_without_respondents_or_kwis_writes() {
        let mut master = example_master(crate::EXAMPLE_MASTER_EN);
        master.kwis.clear();
        master.respondents.clear();
        master.actions.clear();
        let report = Report {
            master: &master,
            as_of: None,
            respondents: Vec::new(),
            answers: Vec::new(),
            scores: Default::default(),
            nps: Default::default(),
            trend: Vec::new(),
            problems: Vec::new(),
        };
        assert!(write(&report).is_ok());
    }

    #[test]
    fn read_history_says_what_is_wrong() {
        let not_a_workbook = read_history(b"hello").unwrap_err();
        assert!(
            matches!(not_a_workbook, HistoryError::NotAWorkbook(_)),
            "{not_a_workbook}"
        );
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let questionnaire = crate::questionnaire::write(&master, 0).unwrap().bytes;
        let error = read_history(&questionnaire).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("is not a klantwaarde monitor (no `history` sheet)"),
            "{error}"
        );

        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet().set_name(HISTORY_SHEET).unwrap();
        sheet.write_string(0, 0, "format").unwrap();
        sheet.write_string(0, 1, HISTORY_FORMAT).unwrap();
        sheet.write_string(2, 0, "2011H1").unwrap();
        sheet.write_string(2, 1, "nps").unwrap();
        sheet.write_string(2, 3, "veel").unwrap();
        let error = read_history(&workbook.save_to_buffer().unwrap()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "history!D3: `veel` is not a number; the hidden sheet was edited by hand: undo the edit, or give the monitor as klantwaarde ingest wrote it"
        );
    }

    #[test]
    fn sumif_is_used_only_where_it_matches_exactly() {
        let ids = [
            "KWI-01",
            "1.01",
            "1.1",
            "1.10",
            "Jan-1",
            "a*b",
            "Kwaliteit",
            "kwaliteit",
            "TRUE",
            "1e5",
            "K 2",
        ];
        let how: Vec<Match> = ids.iter().map(|id| Match::of(id, &ids)).collect();
        use Match::{Equal, Exact, Sumif};
        assert_eq!(
            how,
            [
                Sumif, Equal, Equal, Equal, Equal, Equal, Exact, Exact, Equal, Equal, Sumif
            ]
        );
    }

    fn redactor(anonymous: &[(&str, &str, &str)]) -> Redactor {
        Redactor::of(anonymous.iter().copied())
    }

    #[test]
    fn redaction_replaces_whole_initials_and_names() {
        let redactor = redactor(&[("Kees Klant", "KK", "R1"), ("Anna", "AB", "R2")]);
        assert_eq!(
            redactor.apply("2011H2-KLANT_NV-KK.xlsx"),
            "2011H2-KLANT_NV-R1.xlsx"
        );
        assert_eq!(redactor.apply("KKB kk"), "KKB R1");
        assert_eq!(redactor.apply("From KEES klant: hi"), "From R1: hi");
        assert_eq!(
            redactor.apply("returned/kees-klant-secret.xlsx"),
            "returned/R1-secret.xlsx"
        );
        assert_eq!(redactor.apply("Kees"), "Kees");
        // Initials with punctuation, and a name written decomposed (as macOS file names are).
        let accented = Redactor::of([("José Ørsted", "J.Ø.", "R3")].into_iter());
        assert_eq!(accented.apply("2011H2-X-J-Ø.xlsx"), "2011H2-X-R3.xlsx");
        assert_eq!(accented.apply("jose\u{301}-ørsted.xlsx"), "R3.xlsx");
        // A name inside a longer word is someone else's word.
        assert_eq!(redactor.apply("Annabel, Anna."), "Annabel, R2.");
        assert!(matches!(redactor.apply("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn redaction_never_rewrites_a_pseudonym_it_wrote() {
        // Respondent `R1`'s pseudonym is another respondent's initials.
        let redactor = redactor(&[("Kees Klant", "KK", "R1"), ("Rob Een", "R1", "R2")]);
        assert_eq!(redactor.apply("KK and R1"), "R1 and R2");
    }

    #[test]
    fn header_text_doubles_ampersands_and_stays_short() {
        assert_eq!(header_text("Zoë & Co", 100), "Zoë && Co");
        assert_eq!(header_text(&"x".repeat(300), 100).len(), 100);
    }

    /// The size of a large measurement: 2,000 respondents × 36 questions.
    fn large_report(master: &mut Master) -> (Vec<RespondentResult>, Vec<AnswerRow>) {
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
                    respondents: (0..2000).collect(),
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
                        respondent: index,
                        kwi: kwi.id.clone(),
                        question: question.id.clone(),
                        score: u8::try_from((index + k + q) % 10 + 1).unwrap(),
                        relevance: [Relevance::Less, Relevance::Neutral, Relevance::More]
                            [(index * q) % 3],
                    });
                }
            }
            respondents.push(RespondentResult {
                index,
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

    #[test]
    fn two_thousand_respondents_write_in_one_pass() {
        let mut master = example_master(crate::EXAMPLE_MASTER_NL);
        let (respondents, answers) = large_report(&mut master);
        let report = build(&master, respondents, answers, Vec::new());
        let started = std::time::Instant::now();
        let bytes = write(&report).unwrap();
        eprintln!(
            "72,000 answers: {:?}, {} bytes",
            started.elapsed(),
            bytes.len()
        );
        let sheet = range(&bytes, "KWI-scores");
        for (index, kwi) in report.scores.kwis.iter().enumerate() {
            check_close(
                number(&sheet, Plan::score_row(index), score_column::SCORE),
                kwi.score,
                "score",
            );
        }
        let answers = range(&bytes, "Antwoorden");
        assert_eq!(answers.end().unwrap().0, FIRST_ROW + 72_000 - 1);
        let questions = range(&bytes, "Vragen");
        assert!(text(&questions, NOTE_ROW, 0).contains("Antwoorden"));
    }

    /// Writes the example monitor to /tmp/monitor-look for a look in LibreOffice:
    /// `cargo test --lib monitor::tests::look -- --ignored`.
    #[test]
    #[ignore = "writes to /tmp for a visual check"]
    fn look() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        std::fs::create_dir_all("/tmp/monitor-look").unwrap();
        std::fs::write("/tmp/monitor-look/monitor.xlsx", write(&report).unwrap()).unwrap();
        let english = example_master(crate::EXAMPLE_MASTER_EN);
        std::fs::write(
            "/tmp/monitor-look/monitor-en.xlsx",
            write(&example_report(&english)).unwrap(),
        )
        .unwrap();
        std::fs::write(
            "/tmp/monitor-look/empty.xlsx",
            write(&empty_report(&master)).unwrap(),
        )
        .unwrap();
        let mut large = example_master(crate::EXAMPLE_MASTER_NL);
        let (respondents, answers) = large_report(&mut large);
        let report = build(&large, respondents, answers, Vec::new());
        std::fs::write("/tmp/monitor-look/large.xlsx", write(&report).unwrap()).unwrap();
    }
}
