//! The hidden history sheet that carries the trend from one monitor to the next, with its
//! lineage: whose it is (client, supplier), per period the KWIs with their titles and how many
//! respondents answered, and the monitor's tag, so that a history edited by hand or taken from
//! another client's monitor is recognised. Writes it and reads it back (through the reader's
//! guards, as every file from outside is read). It knows only the history layout.
//!
//! # Layout (`klantwaarde-history/2`)
//! Column A keys, column B values: `format`, `client`, `supplier`, `tag` (rows 1–4); after one
//! empty row the header `period | kind | id | value | title` and one value per row: kind
//! `respondents`, `total`, `nps`, or `kwi` with the KWI id and title. An empty value is a
//! measurement without that score. The older layout `klantwaarde-history/1` (in a sheet named
//! `history`, rows `period | kind | id | value` from row 3, no lineage, no tag) is still read.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Worksheet, XlsxError, row_col_to_cell};

use crate::labels::Language;
use crate::master::period::Period;
use crate::master::{Master, fold};
use crate::messages;
use crate::reader::{self, CellValue, Limits};
use crate::report::TrendPoint;
use crate::secret::Secret;

use super::{HISTORY_SHEET, HistoryError, LEGACY_HISTORY_SHEET};

/// The value in `B1`: the version of the history layout.
const HISTORY_FORMAT: &str = "klantwaarde-history/2";
/// The layout before lineage: no client, supplier, titles, respondents or tag.
const LEGACY_FORMAT: &str = "klantwaarde-history/1";
/// The header row of the history table (row 6 of the sheet).
const HISTORY_HEADER: [&str; 5] = ["period", "kind", "id", "value", "title"];
/// The row (0-based) of the table header.
const HEADER_ROW: u32 = 5;
/// The most rows a history sheet may have: a thousand periods of a hundred KWIs.
const MAX_ROWS: u32 = 100_000;

/// The trend an earlier monitor carries, with its lineage.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// The client it measured (empty in a history from before lineage).
    pub client: String,
    /// The supplier (empty in a history from before lineage).
    pub supplier: String,
    /// Every measurement, in the order written (period order).
    pub points: Vec<TrendPoint>,
    /// The tag as written (hexadecimal); empty when there is none.
    pub tag: String,
    /// Whether this is the layout from before lineage (`klantwaarde-history/1`).
    pub legacy: bool,
    /// Period → the cell of its first row, e.g. `A7`, for messages.
    pub cells: BTreeMap<String, String>,
}

impl History {
    /// Whether the tag is the one `secret` makes for this lineage: the history is as a monitor
    /// of this account manager wrote it.
    #[must_use]
    pub fn verify(&self, secret: &Secret) -> bool {
        !self.legacy
            && crate::secret::from_hex(self.tag.trim()).is_some_and(|tag| {
                secret.verify(
                    &refs(&parts(&self.client, &self.supplier, &self.points)),
                    &tag,
                )
            })
    }
}

/// The tag of a lineage, in hexadecimal.
pub(super) fn lineage_tag(
    secret: &Secret,
    client: &str,
    supplier: &str,
    points: &[TrendPoint],
) -> String {
    crate::secret::hex(&secret.tag(&refs(&parts(client, supplier, points))))
}

fn refs(parts: &[Vec<u8>]) -> Vec<&[u8]> {
    parts.iter().map(Vec::as_slice).collect()
}

/// What the tag covers, each value as text: numbers to six decimals, so that a spreadsheet
/// program re-saving the monitor (Excel keeps 15 significant digits) does not break it.
fn parts(client: &str, supplier: &str, points: &[TrendPoint]) -> Vec<Vec<u8>> {
    let number = |value: Option<f64>| value.map_or_else(String::new, |v| format!("{v:.6}"));
    let mut parts: Vec<Vec<u8>> = vec![
        b"klantwaarde history tag".to_vec(),
        HISTORY_FORMAT.into(),
        client.into(),
        supplier.into(),
    ];
    for point in points {
        parts.push(point.period.clone().into());
        parts.push(
            point
                .respondents
                .map_or_else(String::new, |n| n.to_string())
                .into(),
        );
        parts.push(number(point.total).into());
        parts.push(point.nps.map_or_else(String::new, |n| n.to_string()).into());
        parts.push(point.kwis.len().to_string().into());
        for (id, value) in &point.kwis {
            parts.push(id.clone().into());
            parts.push(point.titles.get(id).cloned().unwrap_or_default().into());
            parts.push(number(*value).into());
        }
    }
    parts
}

/// Writes the history: lineage, tag (when `secret` is given; a monitor written without one
/// cannot be given as `--previous`), and the trend in long form, one value per row.
pub(super) fn write(
    sheet: &mut Worksheet,
    client: &str,
    supplier: &str,
    trend: &[TrendPoint],
    secret: Option<&Secret>,
) -> Result<(), XlsxError> {
    sheet.set_name(HISTORY_SHEET)?;
    let tag = secret.map_or_else(String::new, |secret| {
        lineage_tag(secret, client, supplier, trend)
    });
    for (row, (key, value)) in [
        ("format", HISTORY_FORMAT),
        ("client", client),
        ("supplier", supplier),
        ("tag", tag.as_str()),
    ]
    .into_iter()
    .enumerate()
    {
        sheet.write_string(row as u32, 0, key)?;
        if !value.is_empty() {
            sheet.write_string(row as u32, 1, value)?;
        }
    }
    for (col, text) in HISTORY_HEADER.iter().enumerate() {
        sheet.write_string(HEADER_ROW, col as u16, *text)?;
    }
    let mut row = HEADER_ROW + 1;
    for point in trend {
        let mut line =
            |kind: &str, id: &str, value: Option<f64>, title: &str| -> Result<(), XlsxError> {
                sheet.write_string(row, 0, &point.period)?;
                sheet.write_string(row, 1, kind)?;
                if !id.is_empty() {
                    sheet.write_string(row, 2, id)?;
                }
                if let Some(value) = value {
                    sheet.write_number(row, 3, value)?;
                }
                if !title.is_empty() {
                    sheet.write_string(row, 4, title)?;
                }
                row += 1;
                Ok(())
            };
        line("respondents", "", point.respondents.map(|n| n as f64), "")?;
        line("total", "", point.total, "")?;
        line("nps", "", point.nps.map(f64::from), "")?;
        for (id, value) in &point.kwis {
            let title = point.titles.get(id).map_or("", String::as_str);
            line("kwi", id, *value, title)?;
        }
    }
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 12)?;
    sheet.set_column_width(2, 16)?;
    sheet.set_column_width(3, 20)?;
    sheet.set_column_width(4, 30)?;
    sheet.set_hidden(true);
    Ok(())
}

/// The history in a monitor's `bytes` (see [`super::read_history`]).
pub(super) fn read(bytes: &[u8]) -> Result<History, HistoryError> {
    let (_, cells) = reader::read_named_sheet(
        bytes,
        &[HISTORY_SHEET, LEGACY_HISTORY_SHEET],
        MAX_ROWS,
        &Limits::default(),
    )
    .map_err(|error| match error {
        // Not a workbook the history can come from (an .ods or .xls save of a monitor, a text):
        // the advice is the account manager's, not a respondent's.
        reader::ReadError::NotASpreadsheet { .. } => HistoryError::NotAWorkbook(error),
        error => HistoryError::Refused(error),
    })?
    .ok_or(HistoryError::NoHistorySheet)?;
    let grid: BTreeMap<(u32, u32), CellValue> = cells
        .into_iter()
        .map(|(row, col, value)| ((row, col), value))
        .collect();
    let text = |row: u32, col: u32| -> String {
        match grid.get(&(row, col)) {
            Some(CellValue::Text(text)) => text.trim().to_string(),
            Some(CellValue::Number(number)) => number.to_string(),
            _ => String::new(),
        }
    };
    let format = text(0, 1);
    let legacy = match (text(0, 0).as_str(), format.as_str()) {
        ("format", HISTORY_FORMAT) => false,
        ("format", LEGACY_FORMAT) => true,
        _ => {
            return Err(HistoryError::UnknownFormat(
                (!format.is_empty()).then_some(format),
            ));
        }
    };
    let bad = |row: u32, col: u32, problem: CellProblem| HistoryError::BadCell {
        cell: row_col_to_cell(row, col as u16),
        problem,
    };
    let mut history = History {
        legacy,
        ..History::default()
    };
    if !legacy {
        for (row, key) in [(1, "client"), (2, "supplier"), (3, "tag")] {
            if text(row, 0) != key {
                return Err(bad(row, 0, CellProblem::KeyMissing { key }));
            }
        }
        history.client = text(1, 1);
        history.supplier = text(2, 1);
        history.tag = text(3, 1);
    }
    let first = if legacy { 2 } else { HEADER_ROW + 1 };
    let last = grid.keys().map(|&(row, _)| row).max().unwrap_or(0);
    let mut position: BTreeMap<String, usize> = BTreeMap::new();
    for row in first..=last {
        let period = text(row, 0);
        let kind = text(row, 1);
        if period.is_empty() && kind.is_empty() {
            continue;
        }
        if Period::parse(&period).is_none() {
            return Err(bad(
                row,
                0,
                CellProblem::Period {
                    period: shorten(&period),
                },
            ));
        }
        let value = match grid.get(&(row, 3)) {
            None | Some(CellValue::Empty) => None,
            Some(CellValue::Number(number)) if number.is_finite() => Some(*number),
            Some(CellValue::Text(text)) if text.trim().is_empty() => None,
            Some(CellValue::Number(_)) => {
                return Err(bad(row, 3, CellProblem::NotFinite));
            }
            Some(_) => {
                return Err(bad(
                    row,
                    3,
                    CellProblem::NotANumber {
                        text: shorten(&text(row, 3)),
                    },
                ));
            }
        };
        let index = *position.entry(period.clone()).or_insert_with(|| {
            history
                .cells
                .insert(period.clone(), row_col_to_cell(row, 0));
            history.points.push(TrendPoint {
                period: period.clone(),
                ..TrendPoint::default()
            });
            history.points.len() - 1
        });
        let point = &mut history.points[index];
        // `kwi`: the KWI's id, or `None` for the total score.
        let score = |value: Option<f64>, kwi: Option<String>| match value {
            Some(score) if !(1.0..=10.0).contains(&score) => Err(bad(
                row,
                3,
                CellProblem::OutsideScale {
                    kwi,
                    value: shown(score),
                },
            )),
            _ => Ok(value),
        };
        match kind.as_str() {
            "total" => point.total = score(value, None)?,
            "respondents" => {
                point.respondents = match value {
                    None => None,
                    Some(n) if n.fract() == 0.0 && (0.0..=1e6).contains(&n) => Some(n as usize),
                    Some(n) => {
                        return Err(bad(row, 3, CellProblem::Respondents { value: shown(n) }));
                    }
                }
            }
            "nps" => {
                point.nps = match value {
                    None => None,
                    Some(nps) if nps.fract() == 0.0 && (-100.0..=100.0).contains(&nps) => {
                        Some(nps as i32)
                    }
                    Some(nps) => {
                        return Err(bad(row, 3, CellProblem::Nps { value: shown(nps) }));
                    }
                }
            }
            "kwi" => {
                let id = text(row, 2);
                if id.is_empty() {
                    return Err(bad(row, 2, CellProblem::EmptyKwiId));
                }
                let value = score(value, Some(shorten(&id)))?;
                let title = text(row, 4);
                if !title.is_empty() {
                    point.titles.insert(id.clone(), title);
                }
                point.kwis.insert(id, value);
            }
            other => {
                return Err(bad(
                    row,
                    1,
                    CellProblem::Kind {
                        kind: shorten(other),
                    },
                ));
            }
        }
    }
    Ok(history)
}

/// What is wrong with one cell of a history sheet (see [`HistoryError::BadCell`]).
#[derive(Debug, Clone, PartialEq)]
pub enum CellProblem {
    /// A lineage key (`client`, `supplier`, `tag`) is not in its row.
    KeyMissing {
        /// The key.
        key: &'static str,
    },
    /// A period that does not follow the pattern (shortened when long).
    Period {
        /// The period as written.
        period: String,
    },
    /// A number that is not finite.
    NotFinite,
    /// A text where a number belongs.
    NotANumber {
        /// The text as written (shortened when long).
        text: String,
    },
    /// A score outside 1 to 10.
    OutsideScale {
        /// The KWI's id, or `None` for the total score.
        kwi: Option<String>,
        /// The value as shown.
        value: String,
    },
    /// Not a number of respondents.
    Respondents {
        /// The value as shown.
        value: String,
    },
    /// An NPS that is not a whole number from -100 to 100.
    Nps {
        /// The value as shown.
        value: String,
    },
    /// A `kwi` row without its id.
    EmptyKwiId,
    /// A kind that is none of `respondents`, `total`, `nps`, `kwi`.
    Kind {
        /// The kind as written (shortened when long).
        kind: String,
    },
}

impl CellProblem {
    /// The problem in `language`, without the cell (which [`HistoryError::message`] adds).
    #[must_use]
    pub fn message(&self, language: Language) -> String {
        match self {
            CellProblem::KeyMissing { key } => {
                crate::msg!(language, "outputs.history_key_missing", key)
            }
            CellProblem::Period { period } => {
                crate::msg!(language, "outputs.history_bad_period", period)
            }
            CellProblem::NotFinite => crate::msg!(language, "outputs.history_not_finite"),
            CellProblem::NotANumber { text } => {
                crate::msg!(language, "outputs.history_not_a_number", text)
            }
            CellProblem::OutsideScale { kwi: None, value } => {
                let value = messages::decimal_text(language, value);
                crate::msg!(language, "outputs.history_total_outside_scale", value)
            }
            CellProblem::OutsideScale {
                kwi: Some(kwi),
                value,
            } => {
                let value = messages::decimal_text(language, value);
                crate::msg!(language, "outputs.history_kwi_outside_scale", kwi, value)
            }
            CellProblem::Respondents { value } => {
                let value = messages::decimal_text(language, value);
                crate::msg!(language, "outputs.history_bad_respondents", value)
            }
            CellProblem::Nps { value } => {
                let value = messages::decimal_text(language, value);
                crate::msg!(language, "outputs.history_bad_nps", value)
            }
            CellProblem::EmptyKwiId => crate::msg!(language, "outputs.history_empty_kwi_id"),
            CellProblem::Kind { kind } => crate::msg!(language, "outputs.history_bad_kind", kind),
        }
    }
}

/// A guard's finding on a `--previous` file, in the account manager's words: the reader's own
/// advice is meant for a respondent's questionnaire.
pub(super) fn refusal(error: &reader::ReadError, language: Language) -> String {
    match error {
        reader::ReadError::Empty => crate::msg!(language, "outputs.history_refused_empty"),
        reader::ReadError::Encrypted => {
            crate::msg!(language, "outputs.history_refused_encrypted")
        }
        reader::ReadError::Damaged { detail } => {
            crate::msg!(
                language,
                "outputs.history_refused_damaged",
                detail = detail.message(language)
            )
        }
        reader::ReadError::ZipBomb { part } => {
            crate::msg!(
                language,
                "outputs.history_refused_zip_bomb",
                part = part.message(language)
            )
        }
        reader::ReadError::TooLarge { what, limit } => {
            crate::msg!(
                language,
                "outputs.history_refused_too_large",
                what = what.message(language),
                limit = limit.message(language)
            )
        }
        // The reader's own wording of the rest (a workbook calamine cannot open).
        error => error.message(language),
    }
}

/// Why a `--previous` monitor is not taken. The caller adds which file (`--previous
/// monitor.xlsx: …`); [`PreviousError::message`] words the rest in either language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviousError {
    /// The history holds a period after the one measured now.
    LaterPeriod {
        /// The cell of the period's first row, e.g. `A7`.
        cell: String,
        /// The later period.
        period: String,
        /// The period the master measures.
        current: String,
    },
    /// A monitor from before lineage and tags, not taken without `--accept-untagged`.
    Untagged,
    /// Another client's or supplier's monitor.
    OtherClient {
        /// The history's client.
        client: String,
        /// The history's supplier.
        supplier: String,
        /// The master's client.
        master_client: String,
        /// The master's supplier.
        master_supplier: String,
    },
    /// The tag does not verify with this account manager's key (and `--trust-previous` was not
    /// given).
    NotVerified {
        /// The key file's name, e.g. `klantwaarde.key`.
        key_file: String,
    },
    /// Two `--previous` monitors hold different measurements of one period.
    Conflict {
        /// The period.
        period: String,
        /// The other monitor, as the caller shows it.
        other: String,
    },
}

impl PreviousError {
    /// The message in `language`.
    #[must_use]
    pub fn message(&self, language: Language) -> String {
        let sheet = HISTORY_SHEET;
        match self {
            PreviousError::LaterPeriod {
                cell,
                period,
                current,
            } => crate::msg!(
                language,
                "outputs.previous_later_period",
                sheet,
                cell,
                period,
                current
            ),
            PreviousError::Untagged => crate::msg!(language, "outputs.previous_untagged"),
            PreviousError::OtherClient {
                client,
                supplier,
                master_client,
                master_supplier,
            } => crate::msg!(
                language,
                "outputs.previous_other_client",
                client,
                supplier,
                master_client,
                master_supplier
            ),
            PreviousError::NotVerified { key_file } => {
                crate::msg!(language, "outputs.previous_not_verified", sheet, key_file)
            }
            PreviousError::Conflict { period, other } => {
                crate::msg!(language, "outputs.previous_conflict", period, other)
            }
        }
    }
}

impl std::error::Error for PreviousError {}

/// What the account manager is told about a `--previous` monitor that is taken. The caller adds
/// which file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviousNote {
    /// A warning: a monitor from before lineage, taken because of `--accept-untagged`.
    UntaggedAccepted {
        /// The master's client, whose trend it should be.
        client: String,
    },
    /// A warning: the tag does not verify, taken because of `--trust-previous`.
    Unverified {
        /// The key file's name.
        key_file: String,
    },
    /// A note: the history holds the period measured now, which this run replaces.
    Replaced {
        /// The period.
        period: String,
    },
}

impl PreviousNote {
    /// Whether the note is a warning (the others are said plainly).
    #[must_use]
    pub fn is_warning(&self) -> bool {
        !matches!(self, PreviousNote::Replaced { .. })
    }

    /// The message in `language`.
    #[must_use]
    pub fn message(&self, language: Language) -> String {
        match self {
            PreviousNote::UntaggedAccepted { client } => {
                crate::msg!(language, "outputs.previous_untagged_accepted", client)
            }
            PreviousNote::Unverified { key_file } => {
                crate::msg!(language, "outputs.previous_unverified", key_file)
            }
            PreviousNote::Replaced { period } => {
                crate::msg!(language, "outputs.previous_replaced", period)
            }
        }
    }
}

/// How far a `--previous` monitor is trusted beyond its tag: the flags `--accept-untagged` and
/// `--trust-previous`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Trust {
    /// Take a monitor from before lineage.
    pub accept_untagged: bool,
    /// Take a monitor whose tag does not verify (the key was lost and made anew).
    pub trust_previous: bool,
}

impl History {
    /// The checks one `--previous` monitor passes before its trend is taken for `master`: no
    /// period after the one measured now, this client and supplier, the tag of `secret` (or
    /// what `trust` allows instead). `key_file` names the key file in the messages.
    ///
    /// # Errors
    /// The first [`PreviousError`] found; nothing is taken then.
    pub fn check(
        &self,
        master: &Master,
        secret: &Secret,
        trust: Trust,
        key_file: &str,
    ) -> Result<Vec<PreviousNote>, PreviousError> {
        let mut notes = Vec::new();
        if let Some(current) = Period::parse(&master.period) {
            for point in &self.points {
                if Period::parse(&point.period).is_some_and(|period| period.starts_after(&current))
                {
                    return Err(PreviousError::LaterPeriod {
                        cell: self.cells.get(&point.period).cloned().unwrap_or_default(),
                        period: point.period.clone(),
                        current: master.period.clone(),
                    });
                }
            }
        }
        if self.legacy {
            if !trust.accept_untagged {
                return Err(PreviousError::Untagged);
            }
            notes.push(PreviousNote::UntaggedAccepted {
                client: master.client.clone(),
            });
        } else {
            if fold(&self.client) != fold(&master.client)
                || fold(&self.supplier) != fold(&master.supplier)
            {
                return Err(PreviousError::OtherClient {
                    client: self.client.clone(),
                    supplier: self.supplier.clone(),
                    master_client: master.client.clone(),
                    master_supplier: master.supplier.clone(),
                });
            }
            if !self.verify(secret) {
                if !trust.trust_previous {
                    return Err(PreviousError::NotVerified {
                        key_file: key_file.to_string(),
                    });
                }
                notes.push(PreviousNote::Unverified {
                    key_file: key_file.to_string(),
                });
            }
        }
        notes.extend(
            self.points
                .iter()
                .filter(|point| point.period == master.period)
                .map(|point| PreviousNote::Replaced {
                    period: point.period.clone(),
                }),
        );
        Ok(notes)
    }
}

/// A number for a message: huge ones in scientific notation.
fn shown(value: f64) -> String {
    if value.abs() >= 1e6 {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

fn shorten(text: &str) -> String {
    const LIMIT: usize = 40;
    if text.chars().count() <= LIMIT {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(LIMIT).collect::<String>())
    }
}

crate::messages::english_display!(CellProblem, PreviousError, PreviousNote);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::test_reports::{example_master, example_report};
    use crate::monitor::{read_history, write, write_tagged};
    use rust_xlsxwriter::Workbook;

    const SECRET: Secret = Secret::from_bytes([9; 32]);

    #[test]
    fn the_history_reads_back_as_the_trend_with_its_lineage() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let bytes = write_tagged(&report, &SECRET).unwrap();
        let history = read_history(&bytes).unwrap();
        assert_eq!(history.points, report.trend);
        assert_eq!(history.client, master.client);
        assert_eq!(history.supplier, master.supplier);
        assert_eq!(history.cells["2011H1"], "A7");
        assert!(!history.legacy);
        assert!(history.verify(&SECRET));
        assert!(!history.verify(&Secret::from_bytes([8; 32])));
        // A monitor built on that history carries every point forward.
        let mut next = report.clone();
        next.trend = history.points;
        next.trend.push(TrendPoint {
            period: "2012H1".into(),
            ..TrendPoint::default()
        });
        let again = write_tagged(&next, &SECRET).unwrap();
        assert_eq!(read_history(&again).unwrap().points, next.trend);
        // Written without a key, the history carries no tag and verifies for nobody.
        let untagged = read_history(&write(&report).unwrap()).unwrap();
        assert!(untagged.tag.is_empty());
        assert!(!untagged.verify(&SECRET));
    }

    #[test]
    fn any_change_to_the_lineage_breaks_the_tag() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let history = read_history(&write_tagged(&report, &SECRET).unwrap()).unwrap();
        let edits: [&dyn Fn(&mut History); 5] = [
            &|h| h.client = "ANDER BV".into(),
            &|h| h.points[0].total = Some(9.9),
            &|h| h.points[0].nps = Some(100),
            &|h| {
                h.points[0].titles.insert("KWI-01".into(), "Anders".into());
            },
            &|h| h.points[0].respondents = Some(50),
        ];
        for edit in edits {
            let mut edited = history.clone();
            edit(&mut edited);
            assert!(!edited.verify(&SECRET), "{edited:?}");
        }
    }

    /// A workbook with a history sheet holding `rows` below the lineage.
    fn history_with(rows: &[(&str, &str, &str, Option<f64>)]) -> Vec<u8> {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet().set_name(HISTORY_SHEET).unwrap();
        for (row, (key, value)) in [
            ("format", HISTORY_FORMAT),
            ("client", "KLANT NV"),
            ("supplier", "X"),
            ("tag", "00"),
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string(row as u32, 0, *key).unwrap();
            sheet.write_string(row as u32, 1, *value).unwrap();
        }
        for (n, (period, kind, id, value)) in rows.iter().enumerate() {
            let row = HEADER_ROW + 1 + n as u32;
            sheet.write_string(row, 0, *period).unwrap();
            sheet.write_string(row, 1, *kind).unwrap();
            sheet.write_string(row, 2, *id).unwrap();
            if let Some(value) = value {
                sheet.write_number(row, 3, *value).unwrap();
            }
        }
        workbook.save_to_buffer().unwrap()
    }

    #[test]
    fn values_outside_the_scale_and_periods_off_the_pattern_are_refused_with_their_cell() {
        for (rows, expected) in [
            (
                [("2011H1", "kwi", "KWI-01", Some(99.5))],
                "klantwaarde_history!D7: KWI KWI-01 99.5 is outside the scale of 1 to 10",
            ),
            (
                [("2011H1", "total", "", Some(-3.0))],
                "klantwaarde_history!D7: the total score -3 is outside the scale of 1 to 10",
            ),
            (
                [("2011H1", "kwi", "KWI-01", Some(1e308))],
                "klantwaarde_history!D7: KWI KWI-01 1e308 is outside the scale of 1 to 10",
            ),
            (
                [("2011H1", "nps", "", Some(-101.0))],
                "klantwaarde_history!D7: NPS -101 is not a whole number from -100 to 100",
            ),
            (
                [("2024-2", "total", "", Some(7.0))],
                "klantwaarde_history!A7: the period `2024-2` does not follow the pattern",
            ),
        ] {
            let error = read_history(&history_with(&rows)).unwrap_err().to_string();
            assert!(error.starts_with(expected), "{error}");
        }
    }

    #[test]
    fn read_history_says_what_is_wrong() {
        let not_a_workbook = read_history(b"hello").unwrap_err();
        assert!(
            matches!(not_a_workbook, HistoryError::NotAWorkbook(_)),
            "{not_a_workbook}"
        );
        assert!(
            !not_a_workbook.to_string().contains("respondent"),
            "{not_a_workbook}"
        );
        // A monitor saved again as .ods or .xls is named for what it is, not "damaged".
        let ods =
            read_history(include_bytes!("../../fixtures/reader/questionnaire.ods")).unwrap_err();
        assert!(
            ods.to_string().contains(
                "it is an OpenDocument spreadsheet (.ods), not the .xlsx klantwaarde writes"
            ),
            "{ods}"
        );
        assert!(matches!(ods, HistoryError::NotAWorkbook(_)), "{ods}");
        let truncated = read_history(b"PK\x03\x04 cut off").unwrap_err();
        assert!(matches!(truncated, HistoryError::Refused(_)), "{truncated}");
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let questionnaire =
            crate::questionnaire::write(&master, &SECRET, crate::master::RespondentId::nth(0))
                .unwrap()
                .bytes;
        let error = read_history(&questionnaire).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("is not a klantwaarde monitor (no `klantwaarde_history` sheet)"),
            "{error}"
        );

        let mut workbook = Workbook::new();
        let sheet = workbook
            .add_worksheet()
            .set_name(LEGACY_HISTORY_SHEET)
            .unwrap();
        sheet.write_string(0, 0, "format").unwrap();
        sheet.write_string(0, 1, LEGACY_FORMAT).unwrap();
        sheet.write_string(2, 0, "2011H1").unwrap();
        sheet.write_string(2, 1, "nps").unwrap();
        sheet.write_string(2, 3, "veel").unwrap();
        let error = read_history(&workbook.save_to_buffer().unwrap()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "klantwaarde_history!D3: `veel` is not a number; the hidden sheet was edited by hand: undo the edit, or give the monitor as klantwaarde ingest wrote it"
        );
    }

    #[test]
    fn a_legacy_history_still_reads_without_lineage() {
        let mut workbook = Workbook::new();
        let sheet = workbook
            .add_worksheet()
            .set_name(LEGACY_HISTORY_SHEET)
            .unwrap();
        sheet.write_string(0, 0, "format").unwrap();
        sheet.write_string(0, 1, LEGACY_FORMAT).unwrap();
        for (col, head) in ["period", "kind", "id", "value"].iter().enumerate() {
            sheet.write_string(1, col as u16, *head).unwrap();
        }
        sheet.write_string(2, 0, "2011H1").unwrap();
        sheet.write_string(2, 1, "total").unwrap();
        sheet.write_number(2, 3, 7.12).unwrap();
        let history = read_history(&workbook.save_to_buffer().unwrap()).unwrap();
        assert!(history.legacy);
        assert_eq!(history.points[0].total, Some(7.12));
        assert!(!history.verify(&SECRET));
    }

    #[test]
    fn a_damaged_history_is_worded_in_both_languages() {
        let error =
            read_history(&history_with(&[("2011H1", "nps", "", Some(-101.0))])).unwrap_err();
        assert_eq!(
            error.message(Language::English),
            "klantwaarde_history!D7: NPS -101 is not a whole number from -100 to 100; the hidden sheet was edited by hand: undo the edit, or give the monitor as klantwaarde ingest wrote it"
        );
        assert_eq!(
            error.message(Language::Dutch),
            "klantwaarde_history!D7: NPS -101 is geen geheel getal van -100 tot 100; het verborgen blad is met de hand gewijzigd: maak de wijziging ongedaan, of geef de monitor zoals klantwaarde ingest hem schreef"
        );
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let questionnaire =
            crate::questionnaire::write(&master, &SECRET, crate::master::RespondentId::nth(0))
                .unwrap()
                .bytes;
        let error = read_history(&questionnaire).unwrap_err();
        assert_eq!(
            error.message(Language::Dutch),
            "deze werkmap is geen klantwaarde-monitor (er is geen blad `klantwaarde_history`); geef een monitor die klantwaarde ingest schreef"
        );
        let empty = read_history(b"").unwrap_err();
        assert!(
            empty.message(Language::Dutch).starts_with(
                "dit bestand is geweigerd voordat het gelezen werd: het bestand is leeg (0 bytes);"
            ),
            "{empty:?}"
        );
    }

    #[test]
    fn the_previous_checks_speak_the_language_asked() {
        let dutch = example_master(crate::EXAMPLE_MASTER_NL);
        let english = example_master(crate::EXAMPLE_MASTER_EN);
        let history =
            read_history(&write_tagged(&example_report(&dutch), &SECRET).unwrap()).unwrap();
        let trust = Trust::default();
        // This run's period in the history: taken, with a note that it is replaced.
        let notes = history
            .check(&dutch, &SECRET, trust, "klantwaarde.key")
            .unwrap();
        assert_eq!(
            notes,
            [PreviousNote::Replaced {
                period: "2011H2".into()
            }]
        );
        assert!(!notes[0].is_warning());
        assert_eq!(
            notes[0].message(Language::Dutch),
            "bevat 2011H2, de periode die nu gemeten wordt: de meting van deze run vervangt die"
        );
        assert_eq!(
            notes[0].message(Language::English),
            "holds 2011H2, the period measured now: this run's measurement replaces it"
        );

        // Another client's monitor.
        let mut other = dutch.clone();
        other.client = "ANDER BV".into();
        let refused = history
            .check(&other, &SECRET, trust, "klantwaarde.key")
            .unwrap_err();
        assert!(
            refused
                .message(Language::Dutch)
                .starts_with("de monitor van klant `KLANT NV` (leverancier `BESTSELLER B.V.`), maar deze master meet klant `ANDER BV`"),
            "{refused:?}"
        );
        assert!(
            refused
                .message(english.language)
                .starts_with("the monitor of client `KLANT NV` (supplier `BESTSELLER B.V.`), but this master measures client `ANDER BV`"),
            "{refused:?}"
        );

        // Another key: refused, or taken with a warning under --trust-previous.
        let other_key = Secret::from_bytes([8; 32]);
        let refused = history
            .check(&dutch, &other_key, trust, "klantwaarde.key")
            .unwrap_err();
        assert_eq!(
            refused.message(Language::Dutch),
            "het verborgen blad `klantwaarde_history` draagt niet het kenmerk van deze accountmanager: het is met de hand bewerkt, of geschreven met een andere sleutel dan klantwaarde.key; geef de monitor zoals klantwaarde ingest hem schreef (alleen als die sleutel kwijt was en opnieuw is gemaakt: voeg --trust-previous toe)"
        );
        assert!(refused.to_string().starts_with(
            "its hidden `klantwaarde_history` sheet does not carry this account manager's tag"
        ));
        let trusted = Trust {
            trust_previous: true,
            ..Trust::default()
        };
        let notes = history
            .check(&dutch, &other_key, trusted, "klantwaarde.key")
            .unwrap();
        assert_eq!(notes.len(), 2);
        assert!(notes[0].is_warning());
        assert!(
            notes[0]
                .message(Language::Dutch)
                .starts_with("de trend draagt niet het kenmerk van klantwaarde.key")
        );
        assert!(
            notes[0]
                .message(Language::English)
                .starts_with("its trend does not carry the tag of klantwaarde.key")
        );

        // A period after this measurement's.
        let mut earlier = dutch.clone();
        earlier.period = "2010H2".into();
        let refused = history
            .check(&earlier, &SECRET, trust, "klantwaarde.key")
            .unwrap_err();
        assert!(
            refused
                .message(Language::Dutch)
                .starts_with("klantwaarde_history!A7: de periode 2011H1 komt na de periode van deze meting, 2010H2;"),
            "{refused:?}"
        );

        // A history from before lineage.
        let legacy = History {
            legacy: true,
            ..history.clone()
        };
        let refused = legacy
            .check(&dutch, &SECRET, trust, "klantwaarde.key")
            .unwrap_err();
        assert_eq!(refused, PreviousError::Untagged);
        assert!(
            refused
                .message(Language::Dutch)
                .contains("--accept-untagged")
        );
        assert!(
            refused
                .message(Language::English)
                .starts_with("written by an older klantwaarde")
        );
    }
}
