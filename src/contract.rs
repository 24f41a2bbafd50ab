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

    /// Every key, in the order the sheet lists them.
    pub const ALL: [&str; 11] = [
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
    ];

    /// The header of the question table, after one empty row. `id_cell` (added within format 1;
    /// readers accept tables without it) is the cell that shows the question id on the answer's
    /// row: when it no longer holds the id, rows were inserted or deleted and the other cells
    /// of that row belong to another question.
    pub const TABLE_HEADER: [&str; 5] =
        ["question", "kwi", "score_cell", "relevance_cell", "id_cell"];
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

#[cfg(test)]
mod tests {
    use super::*;

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
