//! Writes the two workbooks of a measurement from a [`Report`] and reads the trend history back;
//! it returns bytes and never touches the file system or the clock.
//!
//! - The **session monitor** ([`write`]) is the client's document for the value session, in the
//!   book's order: the dashboard, the respondents, the KWIs, the assignment matrix, the KWI
//!   scores with their chart, the trend, NPS and remarks, the action list; hidden, the protected
//!   [`DATA_SHEET`] its formulas read and the [`HISTORY_SHEET`] the next monitor reads.
//! - The **analysis workbook** ([`write_analysis`]) is for the account manager and colleagues:
//!   the response with files, scores per respondent, the questions, importance against
//!   performance, all answers, the problems, and the same history sheet.
//!
//! Invariants this module keeps:
//! - **Anonymity**: the session monitor shows no figure per respondent at all, no file, status
//!   or problem; its remarks and reasons stand beside no name, sorted by text; its data sheet
//!   holds no name or question id and follows no respondent. The analysis workbook shows figures
//!   per respondent only where [`crate::anonymity::Disclosure`] allows (no one anonymous, or at
//!   least the master's `min_group`), anonymous respondents only under the `shown_as` pseudonym
//!   the caller keyed, and no file or answered count beside an anonymous respondent's name.
//! - **Formulas carry their result**: every score formula is written with the value computed
//!   here (from [`Report::scores`] or the same integer sums), so readers that do not recalculate
//!   (calamine, previews, mail clients) show the real numbers, and Excel or LibreOffice
//!   recalculate to the same ones. The session monitor's formulas read only its data sheet and
//!   their own sheet, so deleting any visible sheet breaks no score.
//! - **Respondents' text stays text**: remarks, reasons, file names and messages are written with
//!   `write_string`, so `=HYPERLINK(…)` typed by a respondent is never a formula.
//! - **Linear work**: the answers are sorted once; per respondent × KWI the rows are one contiguous
//!   block, found in the same pass, so nothing scans all answers per respondent.
//!
//! Inside: `plan` computes once what the sheets share (orders, rows, lookups, names, the
//! disclosure); `sheets` holds one writer per sheet (`sheets::data` the hidden data sheet and its
//! formulas); `formulas` is the formula dialect, `text` measures and cuts text, `styles` holds the
//! formats and `history` the hidden trend sheet. Which names a text must not show beside whom is
//! [`crate::anonymity`]'s business.

mod formulas;
mod history;
mod plan;
mod sheets;
mod styles;
#[cfg(test)]
mod test_reports;
mod text;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::labels::Language;
use crate::questionnaire::CREATED;
use crate::reader;
use crate::report::Report;
use crate::secret::Secret;

use plan::Plan;
use sheets::data::Data;
use sheets::{
    actions, answers, assignment, cover, importance, kwis, matrix, nps, problems, questions,
    respondents, scores, trend,
};
use styles::Styles;

/// The name of the session monitor's hidden, protected sheet that its formulas read. Not
/// translated, like the history sheet.
pub const DATA_SHEET: &str = "klantwaarde_data";

/// The name of the hidden sheet that carries the trend lineage from monitor to monitor. It is
/// not translated: [`read_history`] finds it by this name in a monitor of either language.
/// (Excel reserves the name "History" for its change tracking, hence the prefix.)
pub const HISTORY_SHEET: &str = "klantwaarde_history";

/// The name the history sheet had in monitors written before lineage; still read.
pub const LEGACY_HISTORY_SHEET: &str = "history";

pub use history::{CellProblem, History, PreviousError, PreviousNote, Trust};

/// Why the trend history could not be read from an earlier monitor. [`HistoryError::message`]
/// words it in either language; `Display` shows the English.
#[derive(Debug)]
pub enum HistoryError {
    /// The bytes are not a workbook at all (the reader's finding, e.g. an .ods save).
    NotAWorkbook(reader::ReadError),
    /// A workbook, but not a monitor.
    NoHistorySheet,
    /// The file failed the checks every file from outside passes (size, zip, structure).
    Refused(reader::ReadError),
    /// A history of a layout this version does not know; `None` when the sheet names none.
    UnknownFormat(Option<String>),
    /// One row of the history is damaged.
    BadCell {
        /// The cell, e.g. `D7`.
        cell: String,
        /// What is wrong with it.
        problem: CellProblem,
    },
}

impl HistoryError {
    /// The message in `language`: what is wrong and what the account manager does about it.
    #[must_use]
    pub fn message(&self, language: Language) -> String {
        let sheet = HISTORY_SHEET;
        match self {
            HistoryError::NotAWorkbook(error) => {
                let found = match error {
                    reader::ReadError::NotASpreadsheet { found } => found.message(language),
                    error => error.message(language),
                };
                crate::msg!(language, "outputs.history_not_a_workbook", found)
            }
            HistoryError::NoHistorySheet => {
                crate::msg!(language, "outputs.history_no_sheet", sheet)
            }
            HistoryError::Refused(error) => {
                let why = history::refusal(error, language);
                crate::msg!(language, "outputs.history_refused", why)
            }
            HistoryError::UnknownFormat(format) => {
                let format = match format {
                    Some(format) => format.clone(),
                    None => crate::msg!(language, "outputs.history_no_format"),
                };
                crate::msg!(language, "outputs.history_unknown_format", sheet, format)
            }
            HistoryError::BadCell { cell, problem } => {
                let problem = problem.message(language);
                crate::msg!(language, "outputs.history_bad_cell", sheet, cell, problem)
            }
        }
    }
}

impl std::error::Error for HistoryError {}

/// Writes the session monitor of `report` and returns its .xlsx bytes.
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
/// assert_eq!(klantwaarde::monitor::read_history(&bytes).unwrap().points, Vec::new());
/// let analysis = klantwaarde::monitor::write_analysis(&report).unwrap();
/// assert_eq!(klantwaarde::monitor::read_history(&analysis).unwrap().points, Vec::new());
/// ```
pub fn write(report: &Report<'_>) -> Result<Vec<u8>, XlsxError> {
    write_with(report, None)
}

/// Writes the monitor workbook of `report` as [`write()`] does, its history tagged with the
/// account manager's `secret` so that the next round can take it as `--previous`.
///
/// # Errors
/// As [`write()`].
pub fn write_tagged(report: &Report<'_>, secret: &Secret) -> Result<Vec<u8>, XlsxError> {
    write_with(report, Some(secret))
}

fn write_with(report: &Report<'_>, secret: Option<&Secret>) -> Result<Vec<u8>, XlsxError> {
    let plan = Plan::new(report);
    let data = Data::new(&plan);
    let styles = Styles::new();
    let mut workbook = workbook(&plan, &plan.names.scores)?;
    cover::write(&plan, &data, workbook.add_worksheet(), &styles)?;
    respondents::write_list(&plan, workbook.add_worksheet(), &styles)?;
    kwis::write(&plan, workbook.add_worksheet(), &styles)?;
    assignment::write(&plan, workbook.add_worksheet(), &styles)?;
    scores::write(&plan, &data, workbook.add_worksheet(), &styles)?;
    trend::write(&plan, workbook.add_worksheet(), &styles)?;
    nps::write(&plan, &data, workbook.add_worksheet(), &styles)?;
    actions::write(&plan, workbook.add_worksheet(), &styles)?;
    data.write(workbook.add_worksheet(), &styles)?;
    with_history(workbook, report, secret)
}

/// The workbook's bytes, after its last sheet: the hidden history, tagged when a `secret` is
/// given, so that either workbook can be the next round's `--previous`.
fn with_history(
    mut workbook: Workbook,
    report: &Report<'_>,
    secret: Option<&Secret>,
) -> Result<Vec<u8>, XlsxError> {
    history::write(
        workbook.add_worksheet(),
        &report.master.client,
        &report.master.supplier,
        &report.trend,
        secret,
    )?;
    workbook.save_to_buffer()
}

/// Writes the analysis workbook of `report` and returns its .xlsx bytes: what the account
/// manager and colleagues look at before the session, and the client does not.
///
/// Anonymous respondents appear under `shown_as`, which the caller sets to pseudonyms keyed by
/// the account manager's secret ([`crate::anonymity::keyed_pseudonyms`]).
///
/// # Errors
/// As [`write()`].
///
/// # Examples
/// See [`write()`].
pub fn write_analysis(report: &Report<'_>) -> Result<Vec<u8>, XlsxError> {
    analysis_with(report, None)
}

/// Writes the analysis workbook of `report` as [`write_analysis()`] does, its history tagged
/// with the account manager's `secret` like the session monitor's ([`write_tagged()`]), so that
/// either workbook can be the next round's `--previous`.
///
/// # Errors
/// As [`write()`].
pub fn write_analysis_tagged(report: &Report<'_>, secret: &Secret) -> Result<Vec<u8>, XlsxError> {
    analysis_with(report, Some(secret))
}

fn analysis_with(report: &Report<'_>, secret: Option<&Secret>) -> Result<Vec<u8>, XlsxError> {
    let plan = Plan::new(report);
    let styles = Styles::new();
    let mut workbook = workbook(&plan, &plan.names.status)?;
    respondents::write_status(&plan, workbook.add_worksheet(), &styles)?;
    matrix::write(&plan, workbook.add_worksheet(), &styles)?;
    questions::write(&plan, workbook.add_worksheet(), &styles)?;
    importance::write(&plan, workbook.add_worksheet(), &styles)?;
    answers::write(&plan, workbook.add_worksheet(), &styles)?;
    problems::write(&plan, workbook.add_worksheet(), &styles)?;
    with_history(workbook, report, secret)
}

/// A workbook with the properties both share: title, subject, author, the fixed creation time.
fn workbook(plan: &Plan<'_>, subject: &str) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let master = plan.master;
    let created = ExcelDateTime::from_ymd(CREATED.0, CREATED.1, CREATED.2)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} {} {}",
                master.title, master.period, master.client
            ))
            .set_subject(subject)
            .set_author(&master.supplier)
            .set_company(&master.supplier)
            .set_creation_datetime(&created),
    );
    // Measured with 72,000 answers: level 3 zips in about two thirds of the time of the default
    // 6 (some 0.25 s saved) for a file 10 % larger (3.3 MB); level 1 was no faster than 3 and
    // gave 5.1 MB, too big to mail comfortably.
    workbook.set_zip_compression_level(3);
    Ok(workbook)
}

/// Reads the trend history with its lineage from an earlier monitor's bytes, for `--previous`.
///
/// The history sheet holds every measurement the earlier monitor knew, so the points come back
/// in its order (period order) with every KWI it listed, a KWI without answers as `None`.
/// The file comes from outside like any attachment (a monitor can be mailed, swapped or built
/// by hand), so it passes the guards of [`crate::reader`] and its sheet is streamed. Whether it
/// is authentic is [`History::verify`]'s to say.
///
/// # Errors
/// [`HistoryError`] when the bytes fail a guard, are not a workbook, have no history sheet, or
/// the sheet was damaged (a value outside the scale, a period off the pattern); the message
/// names the cell and what to do.
///
/// # Examples
/// See [`write()`].
pub fn read_history(bytes: &[u8]) -> Result<History, HistoryError> {
    history::read(bytes)
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    clippy::print_stderr,
    reason = "the scale test times itself and says how long it took"
)]
mod tests {
    use super::*;
    use crate::labels::Labels;
    use crate::monitor::plan::{FIRST_ROW, NOTE_ROW, Names, score_column};
    use crate::monitor::test_reports::{
        HYPERLINK, build, check_close, empty_report, example_master, example_report, large_report,
        number, open, range, text,
    };
    use calamine::{Data, Reader, SheetVisible};

    #[test]
    fn sheets_come_in_order_with_their_names_and_the_data_and_history_are_hidden() {
        for source in [crate::EXAMPLE_MASTER_NL, crate::EXAMPLE_MASTER_EN] {
            let master = example_master(source);
            let report = example_report(&master);
            let names = Names::new(Labels::for_language(master.language));
            for (bytes, expected) in [
                (write(&report).unwrap(), names.session().to_vec()),
                (write_analysis(&report).unwrap(), names.analysis().to_vec()),
            ] {
                let workbook = open(&bytes);
                assert_eq!(workbook.sheet_names(), expected);
                for sheet in workbook.sheets_metadata() {
                    let hidden = sheet.name == HISTORY_SHEET || sheet.name == DATA_SHEET;
                    assert_eq!(
                        sheet.visible != SheetVisible::Visible,
                        hidden,
                        "{}",
                        sheet.name
                    );
                }
            }
        }
    }

    /// Every whole word or phrase that names a respondent of the master.
    fn names_a_respondent(master: &crate::master::Master, value: &str) -> Option<String> {
        let lower = value.to_lowercase();
        let words: Vec<&str> = value.split(|c: char| !c.is_alphanumeric()).collect();
        master.respondents.iter().find_map(|person| {
            let named = lower.contains(&person.name.to_lowercase())
                || person
                    .email
                    .as_deref()
                    .is_some_and(|email| lower.contains(&email.to_lowercase()))
                || words.iter().any(|w| *w == person.initials);
            named.then(|| person.name.clone())
        })
    }

    #[test]
    fn no_row_of_the_session_monitor_pairs_a_respondent_with_a_number() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let bytes = write(&report).unwrap();
        let mut workbook = open(&bytes);
        let mut named_rows = 0;
        for name in workbook.sheet_names() {
            if name == HISTORY_SHEET {
                continue;
            }
            let range = workbook.worksheet_range(&name).unwrap();
            for row in range.rows() {
                let who = row
                    .iter()
                    .find_map(|cell| names_a_respondent(&master, &cell.to_string()));
                let Some(who) = who else { continue };
                named_rows += 1;
                assert!(name != DATA_SHEET, "the data sheet names {who}: {row:?}");
                assert!(
                    !row.iter()
                        .any(|cell| matches!(cell, Data::Float(_) | Data::Int(_))),
                    "{name}: a row pairs {who} with a number: {row:?}"
                );
                // Neither a pseudonym nor a remark stands beside a name.
                for cell in row {
                    let text = cell.to_string();
                    assert!(!text.contains("Respondent 1"), "{name}: {row:?}");
                    for result in &report.respondents {
                        for said in [&result.remarks, &result.nps_reason].into_iter().flatten() {
                            assert!(!text.contains(said.as_str()), "{name}: {row:?}");
                        }
                    }
                }
            }
        }
        // The respondents list and the assignment matrix's initials.
        assert!(named_rows >= 6, "{named_rows}");
        let list = range(&bytes, "Respondenten");
        assert_eq!(text(&list, FIRST_ROW + 1, 0), "B. Beee");
    }

    #[test]
    fn the_session_monitor_holds_nothing_internal() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let bytes = write(&report).unwrap();
        let mut workbook = open(&bytes);
        let files: Vec<&str> = report
            .respondents
            .iter()
            .filter_map(|r| r.file.as_deref())
            .collect();
        assert!(!files.is_empty());
        for name in workbook.sheet_names() {
            let range = workbook.worksheet_range(&name).unwrap();
            for (row, col, value) in range.used_cells() {
                let value = value.to_string();
                assert!(
                    !files.iter().any(|file| value.contains(file)),
                    "{name} ({row}, {col}) shows a file: {value}"
                );
                for problem in &report.problems {
                    assert!(!value.contains(&problem.message), "{name}: {value}");
                }
            }
        }
    }

    #[test]
    fn session_formulas_read_only_the_data_sheet_and_their_own() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let bytes = write(&report).unwrap();
        let mut workbook = open(&bytes);
        let mut formulas = 0;
        for name in workbook.sheet_names() {
            let sheet = workbook.worksheet_formula(&name).unwrap();
            for (_, _, formula) in sheet.used_cells() {
                if formula.is_empty() {
                    continue;
                }
                formulas += 1;
                // Every reference to another sheet names the data sheet.
                let others = formula.matches('!').count();
                let data = formula.matches(&format!("{DATA_SHEET}!")).count();
                assert_eq!(others, data, "{name}: {formula}");
            }
        }
        assert!(formulas > 50, "{formulas}");
    }

    #[test]
    fn the_analysis_workbook_shows_pseudonyms_and_no_file_or_count_beside_an_anonymous_name() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let mut report = example_report(&master);
        // With k = 1 the example's one anonymous respondent may appear, under a pseudonym.
        let mut master_k1 = master.clone();
        master_k1.min_group = 1;
        report.master = &master_k1;
        let bytes = write_analysis(&report).unwrap();
        let status = range(&bytes, "Respons");
        let beee = (FIRST_ROW..FIRST_ROW + 5)
            .find(|&row| text(&status, row, 0) == "B. Beee")
            .unwrap();
        assert_eq!(text(&status, beee, 3), "");
        assert_eq!(number(&status, beee, 4), None);
        let kees = (FIRST_ROW..FIRST_ROW + 5)
            .find(|&row| text(&status, row, 0) == "Kees Klant")
            .unwrap();
        assert!(number(&status, kees, 4).is_some());
        let matrix = range(&bytes, "Scores per respondent");
        assert_eq!(text(&matrix, FIRST_ROW + 4, 0), "Respondent 1");
    }

    #[test]
    fn with_fewer_anonymous_than_the_minimum_group_no_sheet_shows_figures_per_respondent() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        assert_eq!(master.min_group, 3);
        let report = example_report(&master);
        let bytes = write_analysis(&report).unwrap();
        let matrix = range(&bytes, "Scores per respondent");
        assert!(text(&matrix, NOTE_ROW, 0).contains("min_group"));
        assert_eq!(matrix.used_cells().count(), 2, "title and note only");
        let answers = range(&bytes, "Antwoorden");
        for row in FIRST_ROW..=answers.end().unwrap().0 {
            assert_eq!(
                text(&answers, row, 0),
                "",
                "row {row} says whose answer it is"
            );
        }
        let questions = range(&bytes, "Vragen");
        assert_eq!(text(&questions, 2, 7), "", "no column per respondent");
    }

    #[test]
    fn respondent_text_stays_text() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let bytes = write(&report).unwrap();
        let sheet = "NPS en opmerkingen";
        let formulas = open(&bytes).worksheet_formula(sheet).unwrap();
        let remarks = range(&bytes, sheet);
        let mut seen = 0;
        for (row, col, value) in remarks.used_cells() {
            let value = value.to_string();
            if value == HYPERLINK || value == "=cmd|' /C calc'!A0" {
                seen += 1;
                let formula = formulas.get_value((row as u32, col as u32));
                assert!(formula.is_none_or(String::is_empty), "{value}");
            }
        }
        assert_eq!(seen, 2);
    }

    #[test]
    fn the_same_report_gives_the_same_bytes() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        assert_eq!(write(&report).unwrap(), write(&report).unwrap());
        assert_eq!(
            write_analysis(&report).unwrap(),
            write_analysis(&report).unwrap()
        );
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
        assert_eq!(read_history(&bytes).unwrap().points, report.trend);
        let analysis = write_analysis(&report).unwrap();
        assert_eq!(read_history(&analysis).unwrap().points, report.trend);
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
        assert!(write_analysis(&report).is_ok());
    }

    #[test]
    fn two_thousand_respondents_write_in_one_pass() {
        let mut master = example_master(crate::EXAMPLE_MASTER_NL);
        let (respondents, answers) = large_report(&mut master);
        let report = build(&master, respondents, answers, Vec::new());
        let started = std::time::Instant::now();
        let bytes = write(&report).unwrap();
        let analysis = write_analysis(&report).unwrap();
        eprintln!(
            "72,000 answers: {:?}, {} + {} bytes",
            started.elapsed(),
            bytes.len(),
            analysis.len()
        );
        let sheet = range(&bytes, "KWI-scores");
        for (index, kwi) in report.scores.kwis.iter().enumerate() {
            check_close(
                number(&sheet, Plan::score_row(index), score_column::SCORE),
                kwi.score,
                "score",
            );
            check_close(
                number(&sheet, Plan::score_row(index), score_column::AVERAGE),
                kwi.average,
                "average",
            );
        }
        let answers = range(&analysis, "Antwoorden");
        assert_eq!(answers.end().unwrap().0, FIRST_ROW + 72_000 - 1);
    }
}

crate::messages::english_display!(HistoryError);
