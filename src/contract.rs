//! The questionnaire contract: what the hidden `meta` sheet of a questionnaire says, written by
//! [`crate::questionnaire`] and read by [`crate::reader`].
//!
//! The format version, the sheet's name, its keys in order, the header of its question table,
//! and the `Sheet!A1` references both ways live here and nowhere else. A reader follows these
//! references rather than cell positions, so a questionnaire made by another tool that writes
//! the same contract reads the same. This module does no I/O and knows no layout.
//!
//! # The `meta` sheet (`klantwaarde-questionnaire/1`)
//! Column A holds the keys of [`keys::ALL`] from row 1 with their values in column B; after one
//! empty row, the [`keys::TABLE_HEADER`] and one row per question: question id, KWI id, and the
//! `Sheet!A1` references of its score, relevance and id cells.

use rust_xlsxwriter::utility::{quote_sheet_name, row_col_to_cell};

use crate::labels::Language;
use crate::secret::Secret;

/// The value of the `format` key: the version of the contract.
pub const FORMAT: &str = "klantwaarde-questionnaire/1";

/// The hidden sheet that maps questions to cells.
pub const META_SHEET: &str = "meta";

/// The keys of the `meta` sheet, column A from row 1, in this order.
pub mod keys {
    /// Always [`super::FORMAT`].
    pub const FORMAT: &str = "format";
    /// The client's name.
    pub const CLIENT: &str = "client";
    /// The supplier's name.
    pub const SUPPLIER: &str = "supplier";
    /// The measurement period.
    pub const PERIOD: &str = "period";
    /// The respondent's initials.
    pub const RESPONDENT: &str = "respondent";
    /// The respondent's name.
    pub const NAME: &str = "name";
    /// The digest of what defines the questionnaire (see `Master::fingerprint`).
    pub const FINGERPRINT: &str = "fingerprint";
    /// The Net Promoter answer, 0–10.
    pub const NPS_CELL: &str = "nps_cell";
    /// Free remarks.
    pub const REMARKS_CELL: &str = "remarks_cell";
    /// Why the NPS answer.
    pub const NPS_REASON_CELL: &str = "nps_reason_cell";
    /// Whether the respondent wishes to stay anonymous (yes / no).
    pub const ANONYMOUS_CELL: &str = "anonymous_cell";
    /// The questionnaire's tag ([`super::questionnaire_tag`]): proof that the account manager's
    /// side made it for exactly this client, supplier, period, respondent and question set.
    /// Added within format 1: a questionnaire without it was generated before tags existed.
    pub const TAG: &str = "tag";

    /// Every key, in the order the sheet lists them.
    pub const ALL: [&str; 12] = [
        FORMAT,
        CLIENT,
        SUPPLIER,
        PERIOD,
        RESPONDENT,
        NAME,
        FINGERPRINT,
        NPS_CELL,
        REMARKS_CELL,
        NPS_REASON_CELL,
        ANONYMOUS_CELL,
        TAG,
    ];

    /// The header of the question table, after one empty row. `id_cell` (added within format 1;
    /// readers accept tables without it) is the cell that shows the question id on the answer's
    /// row: when it no longer holds the id, rows were inserted or deleted and the other cells
    /// of that row belong to another question.
    pub const TABLE_HEADER: [&str; 5] =
        ["question", "kwi", "score_cell", "relevance_cell", "id_cell"];
}

/// What a questionnaire's tag covers, as `meta` spells it: the format, client, supplier, period,
/// respondent's initials and the fingerprint of the question set (KWI ids, question ids and
/// texts; see `Master::fingerprint`).
#[derive(Debug, Clone, Copy)]
pub struct TagFields<'a> {
    /// [`FORMAT`].
    pub format: &'a str,
    /// The client's name.
    pub client: &'a str,
    /// The supplier's name.
    pub supplier: &'a str,
    /// The period.
    pub period: &'a str,
    /// The respondent's initials.
    pub respondent: &'a str,
    /// The fingerprint of the respondent's question set.
    pub fingerprint: &'a str,
}

impl TagFields<'_> {
    /// The parts the tag covers. Names are taken in the form ingest compares them in (trimmed,
    /// NFC, lower case), so the tag holds exactly when ingest would take the file for the same
    /// client, supplier, period and respondent.
    fn parts(&self) -> [String; 7] {
        use unicode_normalization::UnicodeNormalization;
        let fold = |text: &str| text.trim().nfc().collect::<String>().to_lowercase();
        [
            "klantwaarde questionnaire tag".to_string(),
            self.format.trim().to_string(),
            fold(self.client),
            fold(self.supplier),
            fold(self.period),
            fold(self.respondent),
            self.fingerprint.trim().to_string(),
        ]
    }
}

/// The tag of a questionnaire: the account manager's HMAC over `fields`, in hexadecimal. Only
/// who holds the [`Secret`] can make it, so a questionnaire relabelled for another respondent
/// (or client, supplier, period) no longer verifies.
pub fn questionnaire_tag(secret: &Secret, fields: &TagFields<'_>) -> String {
    let parts = fields.parts();
    let parts: Vec<&[u8]> = parts.iter().map(String::as_bytes).collect();
    crate::secret::hex(&secret.tag(&parts))
}

/// Whether `tag` (hexadecimal, as read from `meta`) is the tag of `fields`.
pub fn verify_questionnaire_tag(secret: &Secret, fields: &TagFields<'_>, tag: &str) -> bool {
    let parts = fields.parts();
    let parts: Vec<&[u8]> = parts.iter().map(String::as_bytes).collect();
    crate::secret::from_hex(tag.trim()).is_some_and(|tag| secret.verify(&parts, &tag))
}

/// A `Sheet!A1` reference as written in `meta` (0-based row and column); sheet names that need
/// it are quoted the way Excel quotes them.
///
/// # Examples
/// ```
/// use klantwaarde::contract::sheet_cell;
/// assert_eq!(sheet_cell("Vragenlijst", 11, 2), "Vragenlijst!C12");
/// assert_eq!(sheet_cell("O'Brien", 0, 0), "'O''Brien'!A1");
/// ```
pub fn sheet_cell(sheet: &str, row: u32, col: u16) -> String {
    format!("{}!{}", quote_sheet_name(sheet), row_col_to_cell(row, col))
}

/// Excel's grid: 1,048,576 rows of 16,384 columns.
const GRID_ROWS: u64 = 1_048_576;
const GRID_COLUMNS: u64 = 16_384;

/// Why a text is not a cell reference a reader may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceProblem {
    /// Not of the form `Sheet!C12`.
    NotAReference,
    /// A cell outside Excel's grid (beyond XFD1048576).
    OutsideGrid,
}

impl ReferenceProblem {
    /// What is wrong with the reference, in `language`; the caller names the cell and the text.
    #[must_use]
    pub fn message(self, language: Language) -> String {
        match self {
            ReferenceProblem::NotAReference => {
                crate::msg!(language, "base.reference_not_a_reference")
            }
            ReferenceProblem::OutsideGrid => crate::msg!(language, "base.reference_outside_grid"),
        }
    }
}

impl std::error::Error for ReferenceProblem {}

/// `Sheet!C12`, `'Sheet name'!$C$12` → (sheet, 0-based row, 0-based column): the reading side
/// of [`sheet_cell`], which also takes `$` anchors and lower case, as hand-edited sheets have.
///
/// # Errors
/// [`ReferenceProblem`] when the text is no single-cell reference or names a cell outside the
/// grid.
///
/// # Examples
/// ```
/// use klantwaarde::contract::parse_reference;
/// assert_eq!(parse_reference("'Vragen lijst'!$C$12"), Ok(("Vragen lijst".to_string(), 11, 2)));
/// ```
pub fn parse_reference(text: &str) -> Result<(String, u32, u32), ReferenceProblem> {
    use ReferenceProblem::NotAReference;
    let (sheet, cell) = if let Some(quoted) = text.strip_prefix('\'') {
        let mut sheet = String::new();
        let mut rest = quoted;
        loop {
            let quote = rest.find('\'').ok_or(NotAReference)?;
            sheet.push_str(&rest[..quote]);
            rest = &rest[quote + 1..];
            match rest.strip_prefix('\'') {
                Some(after) => {
                    sheet.push('\'');
                    rest = after;
                }
                None => break,
            }
        }
        (sheet, rest.strip_prefix('!').ok_or(NotAReference)?)
    } else {
        let (sheet, cell) = text.rsplit_once('!').ok_or(NotAReference)?;
        (sheet.to_string(), cell)
    };
    if sheet.is_empty() {
        return Err(NotAReference);
    }
    let (row, column) = parse_a1(cell)?;
    Ok((sheet, row, column))
}

/// `C12`, `$C$12` → (0-based row, 0-based column). Hand-written: rust_xlsxwriter's
/// `column_name_to_number` cannot fail (it overflows past `XFD`'s neighbours instead), and a
/// reader must tell text that is no reference from a reference outside the grid.
fn parse_a1(cell: &str) -> Result<(u32, u32), ReferenceProblem> {
    use ReferenceProblem::{NotAReference, OutsideGrid};
    let cell = cell.strip_prefix('$').unwrap_or(cell);
    let letters = cell.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, rest) = cell.split_at(letters);
    let digits = rest.strip_prefix('$').unwrap_or(rest);
    if !(1..=7).contains(&letters)
        || !(1..=10).contains(&digits.len())
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(NotAReference);
    }
    let row: u64 = digits.parse().map_err(|_| NotAReference)?;
    if row == 0 {
        return Err(NotAReference);
    }
    let column = column.bytes().fold(0u64, |total, letter| {
        total * 26 + u64::from(letter.to_ascii_uppercase() - b'A' + 1)
    });
    if column > GRID_COLUMNS || row > GRID_ROWS {
        return Err(OutsideGrid);
    }
    Ok(((row - 1) as u32, (column - 1) as u32))
}

crate::messages::english_display!(ReferenceProblem);

#[cfg(test)]
mod tests {
    use super::*;

    fn check_reference(text: &str, expected: Result<(&str, u32, u32), ReferenceProblem>) {
        let parsed = parse_reference(text);
        let parsed = parsed
            .as_ref()
            .map(|(sheet, row, column)| (sheet.as_str(), *row, *column));
        assert_eq!(parsed, expected.as_ref().map(|parsed| *parsed), "{text}");
    }

    #[test]
    fn parses_cell_references() {
        use ReferenceProblem::{NotAReference, OutsideGrid};
        check_reference("Vragenlijst!C12", Ok(("Vragenlijst", 11, 2)));
        check_reference("'Vragen lijst'!C12", Ok(("Vragen lijst", 11, 2)));
        check_reference("'It''s'!A1", Ok(("It's", 0, 0)));
        check_reference("'a!b'!B2", Ok(("a!b", 1, 1)));
        check_reference("Vragenlijst!$C$12", Ok(("Vragenlijst", 11, 2)));
        check_reference("Vragenlijst!c12", Ok(("Vragenlijst", 11, 2)));
        check_reference("S!XFD1048576", Ok(("S", 1_048_575, 16_383)));
        check_reference("Vragenlijst!ZZZ0", Err(NotAReference));
        check_reference("Vragenlijst!XFE1", Err(OutsideGrid));
        check_reference("Vragenlijst!A1048577", Err(OutsideGrid));
        check_reference("Vragenlijst!A9999999999", Err(OutsideGrid));
        check_reference("Vragenlijst!A99999999999", Err(NotAReference));
        check_reference("C12", Err(NotAReference));
        check_reference("!C12", Err(NotAReference));
        check_reference("''!C12", Err(NotAReference));
        check_reference("'Open!C12", Err(NotAReference));
        check_reference("'Vragen lijst'C12", Err(NotAReference));
        check_reference("Vragenlijst!C", Err(NotAReference));
        check_reference("Vragenlijst!12", Err(NotAReference));
        check_reference("Vragenlijst!C1.5", Err(NotAReference));
        check_reference("Vragenlijst!C12:D13", Err(NotAReference));
    }

    #[test]
    fn sheet_names_are_quoted_when_needed() {
        assert_eq!(sheet_cell("Vragenlijst", 11, 2), "Vragenlijst!C12");
        assert_eq!(sheet_cell("Questionnaire", 0, 0), "Questionnaire!A1");
        assert_eq!(sheet_cell("Vragen lijst", 11, 2), "'Vragen lijst'!C12");
        assert_eq!(sheet_cell("O'Brien", 0, 0), "'O''Brien'!A1");
        // A name that reads as a cell must be quoted, or the reference means another cell.
        assert_eq!(sheet_cell("AB12", 0, 0), "'AB12'!A1");
        assert_eq!(sheet_cell("2011H2", 0, 0), "'2011H2'!A1");
    }

    #[test]
    fn every_key_is_distinct_and_in_the_order_written() {
        let mut seen = std::collections::HashSet::new();
        assert!(keys::ALL.iter().all(|key| seen.insert(*key)));
        assert_eq!(keys::ALL[0], keys::FORMAT);
        assert!(!keys::TABLE_HEADER.iter().any(|h| keys::ALL.contains(h)));
    }
}
