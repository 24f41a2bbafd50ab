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
//!
//! Inside: `plan` computes once what the sheets share (orders, rows, lookups, names); `sheets`
//! holds one writer per visible sheet; `formulas` is the formula dialect, `text` measures and cuts
//! text, `styles` holds the formats and `history` the hidden sheet. Which names a text must not
//! show beside whom is [`crate::anonymity`]'s business.

mod formulas;
mod history;
mod plan;
mod sheets;
mod styles;
#[cfg(test)]
mod test_reports;
mod text;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::questionnaire::CREATED;
use crate::report::Report;
use crate::secret::Secret;

use plan::Plan;
use sheets::{
    actions, answers, assignment, cover, importance, kwis, matrix, nps, problems, questions,
    remarks, respondents, scores, trend,
};
use styles::Styles;

/// The name of the hidden sheet that carries the trend lineage from monitor to monitor. It is
/// not translated: [`read_history`] finds it by this name in a monitor of either language.
/// (Excel reserves the name "History" for its change tracking, hence the prefix.)
pub const HISTORY_SHEET: &str = "klantwaarde_history";

/// The name the history sheet had in monitors written before lineage; still read.
pub const LEGACY_HISTORY_SHEET: &str = "history";

pub use history::History;

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
    /// The file failed the checks every file from outside passes (size, zip, structure).
    #[error("this file was refused before reading: {0}")]
    Refused(String),
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
/// assert_eq!(klantwaarde::monitor::read_history(&bytes).unwrap().points, Vec::new());
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

    cover::write(&plan, workbook.add_worksheet(), &styles)?;
    respondents::write(&plan, workbook.add_worksheet(), &styles)?;
    kwis::write(&plan, workbook.add_worksheet(), &styles)?;
    assignment::write(&plan, workbook.add_worksheet(), &styles)?;
    scores::write(&plan, workbook.add_worksheet(), &styles)?;
    matrix::write(&plan, workbook.add_worksheet(), &styles)?;
    questions::write(&plan, workbook.add_worksheet(), &styles)?;
    trend::write(&plan, workbook.add_worksheet(), &styles)?;
    nps::write(&plan, workbook.add_worksheet(), &styles)?;
    remarks::write(&plan, workbook.add_worksheet(), &styles)?;
    importance::write(&plan, workbook.add_worksheet(), &styles)?;
    answers::write(&plan, workbook.add_worksheet(), &styles)?;
    actions::write(&plan, workbook.add_worksheet(), &styles)?;
    problems::write(&plan, workbook.add_worksheet(), &styles)?;
    history::write(
        workbook.add_worksheet(),
        &master.client,
        &master.supplier,
        &report.trend,
        secret,
    )?;
    workbook.save_to_buffer()
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
    use calamine::{Reader, SheetVisible};

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
    fn the_same_report_gives_the_same_bytes() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        assert_eq!(write(&report).unwrap(), write(&report).unwrap());
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
        assert_eq!(read_history(&bytes).unwrap().points, report.trend);
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
