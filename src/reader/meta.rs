//! The `meta` contract: its keys, its question table and the `Sheet!A1` references it holds,
//! resolved to the workbook's sheets; never opens a workbook (the format readers hand it cells).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{
    CellValue, FORMAT, FileKind, Limit, Limits, Meta, Oversize, RawAnswer, RawCell, ReadError,
    Reference, Returned,
};
use crate::contract::{ReferenceProblem, keys, parse_reference};

/// The trend sheet of klantwaarde's monitors, and its legacy name: a workbook with one of them
/// and no `meta` sheet is a monitor, not a questionnaire.
const MONITOR_SHEETS: [&str; 2] = ["klantwaarde_history", "history"];

/// The sheet named `meta`, or else the first whose name is `meta` in another case.
///
/// # Errors
/// [`ReadError::TooLarge`] for more than [`Limits::max_sheets`] sheets; [`ReadError::Monitor`]
/// without a `meta` sheet but with a monitor's trend sheet; else [`ReadError::NoMetaSheet`].
pub(crate) fn meta_sheet_index(sheets: &[String], limits: &Limits) -> Result<usize, ReadError> {
    check_sheet_count(sheets.len() as u64, limits)?;
    sheets
        .iter()
        .position(|name| name == "meta")
        .or_else(|| {
            sheets
                .iter()
                .position(|name| name.eq_ignore_ascii_case("meta"))
        })
        .ok_or_else(|| {
            // Exactly as we name them: a sheet a person named "History" is not ours.
            let monitor = MONITOR_SHEETS
                .iter()
                .find(|wanted| sheets.iter().any(|name| name == *wanted));
            match monitor {
                Some(sheet) => ReadError::Monitor {
                    sheet: (*sheet).to_string(),
                },
                None => ReadError::NoMetaSheet,
            }
        })
}

/// Refuses a workbook that declares more than [`Limits::max_sheets`] sheets.
pub(crate) fn check_sheet_count(count: u64, limits: &Limits) -> Result<(), ReadError> {
    if count > limits.max_sheets as u64 {
        return Err(ReadError::TooLarge {
            what: Oversize::Sheets { count },
            limit: Limit::Sheets(limits.max_sheets),
        });
    }
    Ok(())
}

/// The workbook's sheets by name, built once: a reference names its sheet exactly, or else in
/// another letter case (the first such sheet counts).
struct SheetIndex<'s> {
    exact: HashMap<&'s str, usize>,
    folded: HashMap<String, usize>,
}

impl<'s> SheetIndex<'s> {
    fn new(sheets: &'s [String]) -> Self {
        let mut exact = HashMap::with_capacity(sheets.len());
        let mut folded = HashMap::with_capacity(sheets.len());
        for (index, name) in sheets.iter().enumerate() {
            exact.entry(name.as_str()).or_insert(index);
            folded.entry(name.to_lowercase()).or_insert(index);
        }
        SheetIndex { exact, folded }
    }

    fn find(&self, sheet: &str) -> Option<usize> {
        self.exact
            .get(sheet)
            .or_else(|| self.folded.get(&sheet.to_lowercase()))
            .copied()
    }
}

/// Columns A–D of the `meta` sheet, by 0-based row.
#[derive(Default)]
pub(crate) struct MetaGrid {
    rows: BTreeMap<u32, [CellValue; 5]>,
}

impl MetaGrid {
    pub(crate) fn put(
        &mut self,
        row: u32,
        column: u32,
        value: CellValue,
        limits: &Limits,
    ) -> Result<(), ReadError> {
        if value == CellValue::Empty {
            return Ok(());
        }
        if row >= limits.max_rows {
            return Err(ReadError::TooLarge {
                what: Oversize::MetaCell {
                    cell: a1(row, column),
                },
                limit: Limit::Rows(limits.max_rows),
            });
        }
        if let Some(slot) = usize::try_from(column).ok().filter(|&column| column < 5) {
            self.rows.entry(row).or_default()[slot] = value;
        }
        Ok(())
    }
}

/// A cell that `meta` points at, resolved to a sheet of the workbook.
struct Target {
    written: String,
    sheet: usize,
    row: u32,
    column: u32,
}

struct Question {
    question: String,
    kwi: String,
    meta_row: u32,
    score: Target,
    relevance: Target,
    id: Option<Target>,
}

pub(crate) struct Plan {
    pub(crate) meta: Meta,
    nps: Target,
    nps_reason: Target,
    remarks: Target,
    anonymous: Target,
    questions: Vec<Question>,
}

pub(crate) type Found = HashMap<(usize, u32, u32), (CellValue, Option<String>)>;

impl Plan {
    fn targets(&self) -> impl Iterator<Item = &Target> {
        [&self.nps, &self.nps_reason, &self.remarks, &self.anonymous]
            .into_iter()
            .chain(self.questions.iter().flat_map(|question| {
                [&question.score, &question.relevance]
                    .into_iter()
                    .chain(&question.id)
            }))
    }

    /// The cells to read, by sheet index.
    pub(crate) fn wanted(&self) -> BTreeMap<usize, BTreeSet<(u32, u32)>> {
        let mut wanted: BTreeMap<usize, BTreeSet<(u32, u32)>> = BTreeMap::new();
        for target in self.targets() {
            wanted
                .entry(target.sheet)
                .or_default()
                .insert((target.row, target.column));
        }
        wanted
    }

    pub(crate) fn into_returned(
        self,
        kind: FileKind,
        found: &Found,
        saved_at: Option<String>,
    ) -> Returned {
        let cell = |target: Target| {
            let (value, formula) = found
                .get(&(target.sheet, target.row, target.column))
                .cloned()
                .unwrap_or_default();
            RawCell {
                reference: target.written,
                value,
                formula,
            }
        };
        Returned {
            kind,
            meta: self.meta,
            answers: self
                .questions
                .into_iter()
                .map(|question| RawAnswer {
                    question: question.question,
                    kwi: question.kwi,
                    meta_row: question.meta_row,
                    score: cell(question.score),
                    relevance: cell(question.relevance),
                    id: question.id.map(cell),
                })
                .collect(),
            nps: cell(self.nps),
            nps_reason: cell(self.nps_reason),
            remarks: cell(self.remarks),
            anonymous: cell(self.anonymous),
            saved_at,
        }
    }
}

pub(crate) fn parse_meta(
    grid: &MetaGrid,
    sheets: &[String],
    limits: &Limits,
) -> Result<Plan, ReadError> {
    let mut values: HashMap<&'static str, (&CellValue, u32)> = HashMap::new();
    let mut header = None;
    let mut with_id = false;
    let mut question_rows = Vec::new();
    for (&row, cells) in &grid.rows {
        let first = meta_text(&cells[0]);
        if header.is_none() {
            if first.eq_ignore_ascii_case("question") {
                header = Some(row);
                let expected = ["kwi", "score_cell", "relevance_cell"];
                if !expected
                    .iter()
                    .zip(&cells[1..])
                    .all(|(name, cell)| meta_text(cell).eq_ignore_ascii_case(name))
                {
                    return Err(ReadError::NoQuestionHeader);
                }
                with_id = meta_text(&cells[4]).eq_ignore_ascii_case("id_cell");
            } else if let Some(key) = keys::ALL.iter().find(|key| **key == first) {
                values.entry(key).or_insert((&cells[1], row));
            }
        } else if !first.is_empty() {
            question_rows.push((row, cells));
            if question_rows.len() > limits.max_questions {
                return Err(ReadError::TooLarge {
                    what: Oversize::Questions {
                        count: limits.max_questions,
                    },
                    limit: Limit::Questions(limits.max_questions),
                });
            }
        }
    }
    let value = |key: &'static str| -> Result<(&CellValue, u32), ReadError> {
        values
            .get(key)
            .copied()
            .ok_or(ReadError::MissingKey { key })
    };
    let (format, format_row) = value("format")?;
    let format = meta_text(format);
    if format != FORMAT {
        return Err(ReadError::UnknownFormat {
            cell: a1(format_row, 1),
            found: format,
        });
    }
    if header.is_none() {
        return Err(ReadError::NoQuestionHeader);
    }
    let text = |key| value(key).map(|(cell, _)| meta_text(cell));
    let meta = Meta {
        format,
        client: text("client")?,
        supplier: text("supplier")?,
        period: text("period")?,
        respondent: text("respondent")?,
        name: text("name")?,
        fingerprint: text("fingerprint")?,
        tag: text(keys::TAG).unwrap_or_default(),
    };
    let plan = targets(
        meta,
        values,
        question_rows,
        with_id,
        &SheetIndex::new(sheets),
    )?;
    let referenced = plan.wanted().len();
    if referenced > limits.max_referenced_sheets {
        let error = ReadError::TooLarge {
            what: Oversize::ReferencedSheets { count: referenced },
            limit: Limit::Sheets(limits.max_referenced_sheets),
        };
        return Err(error.identified(&plan.meta));
    }
    Ok(plan)
}

/// The cells `meta` points at, for the identified questionnaire `meta`.
fn targets(
    meta: Meta,
    values: HashMap<&'static str, (&CellValue, u32)>,
    question_rows: Vec<(u32, &[CellValue; 5])>,
    with_id: bool,
    sheets: &SheetIndex<'_>,
) -> Result<Plan, ReadError> {
    let key_target = |key: &'static str| -> Result<Target, ReadError> {
        let &(cell, row) = values.get(key).ok_or(ReadError::MissingKey { key })?;
        target(cell, a1(row, 1), Reference::Key(key), sheets)
    };
    let read = || -> Result<_, ReadError> {
        let nps = key_target("nps_cell")?;
        let remarks = key_target("remarks_cell")?;
        let nps_reason = key_target("nps_reason_cell")?;
        let anonymous = key_target("anonymous_cell")?;
        let mut questions = Vec::with_capacity(question_rows.len());
        for &(row, cells) in &question_rows {
            let question = meta_text(&cells[0]);
            let score = target(
                &cells[2],
                a1(row, 2),
                Reference::Score {
                    question: question.clone(),
                },
                sheets,
            )?;
            let relevance = target(
                &cells[3],
                a1(row, 3),
                Reference::Relevance {
                    question: question.clone(),
                },
                sheets,
            )?;
            let id = match &cells[4] {
                CellValue::Empty => None,
                _ if !with_id => None,
                value => Some(target(
                    value,
                    a1(row, 4),
                    Reference::Id {
                        question: question.clone(),
                    },
                    sheets,
                )?),
            };
            questions.push(Question {
                kwi: meta_text(&cells[1]),
                question,
                meta_row: row + 1,
                score,
                relevance,
                id,
            });
        }
        Ok((nps, nps_reason, remarks, anonymous, questions))
    };
    let (nps, nps_reason, remarks, anonymous, questions) =
        read().map_err(|error| error.identified(&meta))?;
    Ok(Plan {
        meta,
        nps,
        nps_reason,
        remarks,
        anonymous,
        questions,
    })
}

/// A meta value as text: trimmed, whole numbers without a decimal point.
fn meta_text(value: &CellValue) -> String {
    match value {
        CellValue::Empty => String::new(),
        CellValue::Text(text) => text.trim().to_string(),
        CellValue::Number(number) | CellValue::DateTime(number) => format_number(*number),
        CellValue::Bool(true) => "TRUE".to_string(),
        CellValue::Bool(false) => "FALSE".to_string(),
        CellValue::Error(error) => error.clone(),
    }
}

fn format_number(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        number.to_string()
    }
}

fn target(
    value: &CellValue,
    cell: String,
    what: Reference,
    sheets: &SheetIndex<'_>,
) -> Result<Target, ReadError> {
    let written = meta_text(value);
    if written.is_empty() {
        return Err(ReadError::EmptyReference { cell, what });
    }
    let (sheet, row, column) = match parse_reference(&written) {
        Ok(parsed) => parsed,
        Err(ReferenceProblem::NotAReference) => {
            return Err(ReadError::NotAReference {
                cell,
                what,
                reference: written,
            });
        }
        Err(ReferenceProblem::OutsideGrid) => {
            return Err(ReadError::OutsideGrid {
                cell,
                what,
                reference: written,
            });
        }
    };
    let index = sheets.find(&sheet).ok_or(ReadError::UnknownSheet {
        cell,
        what,
        sheet: sheet.clone(),
    })?;
    Ok(Target {
        written,
        sheet: index,
        row,
        column,
    })
}

/// 0-based (row, column) → `C12`, the same as rust_xlsxwriter's `row_col_to_cell` inside Excel's
/// grid (a test checks it). That one takes the column as a `u16` and adds 1 to the row as a
/// `u32`, which overflows on positions a hostile xlsx can reach in the `meta` sheet (cells
/// without `r` run past column 65,535; calamine counts on), so names stay total here.
pub(crate) fn a1(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(b'A' + digit as u8);
        rest = (rest - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8_lossy(&letters),
        u64::from(row) + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::read_questionnaire;

    // --- A broken `meta` sheet -----------------------------------------------------------------

    fn meta_rows() -> Vec<[String; 4]> {
        let rows: &[[&str; 4]] = &[
            ["format", FORMAT, "", ""],
            ["client", "KLANT NV", "", ""],
            ["supplier", "BESTSELLER B.V.", "", ""],
            ["period", "2011H2", "", ""],
            ["respondent", "KK", "", ""],
            ["name", "Kees Klant", "", ""],
            ["fingerprint", "", "", ""],
            ["nps_cell", "Vragenlijst!C20", "", ""],
            ["remarks_cell", "Vragenlijst!B18", "", ""],
            ["nps_reason_cell", "Vragenlijst!C21", "", ""],
            ["anonymous_cell", "Vragenlijst!C22", "", ""],
            ["", "", "", ""],
            ["question", "kwi", "score_cell", "relevance_cell"],
            ["1.01", "KWI-01", "Vragenlijst!C8", "Vragenlijst!D8"],
        ];
        rows.iter().map(|row| row.map(str::to_string)).collect()
    }

    /// A questionnaire written by our own writer library, with the given `meta` rows.
    fn workbook_with_meta(rows: &[[String; 4]], meta_name: &str) -> Vec<u8> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let answers = workbook.add_worksheet().set_name("Vragenlijst").unwrap();
        answers.write_number(7, 2, 8).unwrap();
        answers.write_number(19, 2, 9).unwrap();
        let meta = workbook.add_worksheet().set_name(meta_name).unwrap();
        for (row, cells) in rows.iter().enumerate() {
            for (column, value) in cells.iter().enumerate() {
                if !value.is_empty() {
                    meta.write_string(row as u32, column as u16, value).unwrap();
                }
            }
        }
        workbook.save_to_buffer().unwrap()
    }

    /// Changes one cell of the good `meta` (0-based row and column) and checks the error.
    fn check_meta_error(row: usize, column: usize, value: &str, expected: &str) {
        let mut rows = meta_rows();
        rows[row][column] = value.to_string();
        let bytes = workbook_with_meta(&rows, "meta");
        let message = match read_questionnaire(&bytes, &Limits::default()) {
            Ok(_) => panic!("meta {row},{column} = {value:?}: read, expected {expected:?}"),
            Err(error) => error.to_string(),
        };
        assert!(message.contains(expected), "{message:?} lacks {expected:?}");
        assert!(message.contains("respondent"), "{message}");
    }

    #[test]
    fn reads_a_questionnaire_written_by_rust_xlsxwriter() {
        let bytes = workbook_with_meta(&meta_rows(), "meta");
        let returned = read_questionnaire(&bytes, &Limits::default()).unwrap();
        assert_eq!(returned.answers[0].score.value, CellValue::Number(8.0));
        assert_eq!(returned.answers[0].relevance.value, CellValue::Empty);
        assert_eq!(returned.nps.value, CellValue::Number(9.0));
        assert_eq!(returned.meta.fingerprint, "");
    }

    #[test]
    fn reports_a_broken_meta_sheet_by_cell() {
        check_meta_error(
            0,
            1,
            "klantwaarde-questionnaire/2",
            "meta!B1: `format` is `klantwaarde-questionnaire/2`, but this klantwaarde reads",
        );
        check_meta_error(
            7,
            1,
            "Vragenlijst!ZZZ0",
            "meta!B8: `nps_cell` is `Vragenlijst!ZZZ0`, which is not a cell reference",
        );
        check_meta_error(
            7,
            1,
            "Vragenlijst!XFE1",
            "meta!B8: `nps_cell` is `Vragenlijst!XFE1`, which lies outside Excel's grid",
        );
        check_meta_error(
            7,
            1,
            "Vragenlijst!A1048577",
            "which lies outside Excel's grid (columns A to XFD, rows 1 to 1048576)",
        );
        check_meta_error(8, 1, "", "meta!B9: `remarks_cell` is empty");
        check_meta_error(
            13,
            2,
            "Elders!C8",
            "meta!C14: the score cell of question `1.01` points to sheet `Elders`, which the \
             workbook does not have",
        );
        check_meta_error(
            13,
            3,
            "",
            "meta!D14: the relevance cell of question `1.01` is empty",
        );
        check_meta_error(
            7,
            0,
            "nps",
            "the `meta` sheet has no `nps_cell` row in column A",
        );
        check_meta_error(
            0,
            0,
            "formaat",
            "the `meta` sheet has no `format` row in column A",
        );
        check_meta_error(
            12,
            0,
            "vraag",
            "has no header row `question | kwi | score_cell",
        );
        check_meta_error(
            12,
            3,
            "relevance",
            "has no header row `question | kwi | score_cell",
        );
    }

    #[test]
    fn words_a_broken_meta_sheet_in_dutch_and_english() {
        use crate::labels::Language;
        let mut rows = meta_rows();
        rows[13][2] = "Elders!C8".to_string();
        let error =
            read_questionnaire(&workbook_with_meta(&rows, "meta"), &Limits::default()).unwrap_err();
        assert_eq!(
            error.message(Language::Dutch),
            "meta!C14: de cijfercel van vraag `1.01` verwijst naar blad `Elders`, dat de werkmap \
             niet heeft; het blad is hernoemd of verwijderd, dus vraag de respondent de \
             oorspronkelijke vragenlijst in te vullen"
        );
        assert_eq!(
            error.message(Language::English),
            "meta!C14: the score cell of question `1.01` points to sheet `Elders`, which the \
             workbook does not have; the sheet was renamed or deleted, so ask the respondent to \
             fill in the original questionnaire"
        );
        let mut rows = meta_rows();
        rows[0][1] = "klantwaarde-questionnaire/2".to_string();
        let error =
            read_questionnaire(&workbook_with_meta(&rows, "meta"), &Limits::default()).unwrap_err();
        assert!(
            error.message(Language::Dutch).starts_with(
                "meta!B1: `format` is `klantwaarde-questionnaire/2`, maar deze klantwaarde leest \
                 `klantwaarde-questionnaire/1`; de vragenlijst is gemaakt met een andere versie"
            ),
            "{}",
            error.message(Language::Dutch)
        );
    }

    #[test]
    fn refuses_a_workbook_without_meta_sheet() {
        let bytes = workbook_with_meta(&meta_rows(), "gegevens");
        let error = read_questionnaire(&bytes, &Limits::default()).unwrap_err();
        assert!(matches!(error, ReadError::NoMetaSheet), "{error}");
        assert!(
            error
                .to_string()
                .starts_with("the workbook has no `meta` sheet")
        );
    }

    #[test]
    fn resolves_sheet_names_without_regard_to_case() {
        let mut rows = meta_rows();
        rows[7][1] = "VRAGENLIJST!c20".to_string();
        let bytes = workbook_with_meta(&rows, "Meta");
        let returned = read_questionnaire(&bytes, &Limits::default()).unwrap();
        assert_eq!(returned.nps.reference, "VRAGENLIJST!c20");
        assert_eq!(returned.nps.value, CellValue::Number(9.0));
    }

    #[test]
    fn names_cells_and_numbers_for_people() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(11, 2), "C12");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(10_000, 70_000), "CYNI10001");
        for row in [0, 1, 9, 99, 1_048_574, 1_048_575] {
            for column in [0, 1, 25, 26, 27, 51, 52, 701, 702, 703, 16_383] {
                let expected = rust_xlsxwriter::utility::row_col_to_cell(row, column as u16);
                assert_eq!(a1(row, column), expected, "{row}, {column}");
            }
        }
        assert_eq!(format_number(8.0), "8");
        assert_eq!(format_number(1.01), "1.01");
    }
}
