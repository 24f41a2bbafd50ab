//! What the reader refuses and why ([`ReadError`]), and how much it accepts ([`Limits`]); never
//! decides a limit's value anywhere else.

use std::fmt::Display;

use super::guard::zip::is_size_lie;
use super::{FORMAT, Meta};

/// How much of a file the reader accepts. See the module docs for the defaults and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes (default 20 MB).
    pub max_file_bytes: u64,
    /// Largest total a zip may unpack to, by its declared sizes, and the most that repeated cells
    /// and space runs of an ods may expand to (default 100 MB).
    pub max_uncompressed_bytes: u64,
    /// Most parts a zip may hold (default 1,000).
    pub max_zip_entries: usize,
    /// Highest unpacked-to-packed ratio of a zip part that unpacks to more than 1 MB (default 100).
    pub max_compression_ratio: u64,
    /// Most strings an xlsx shared strings table may declare or hold (default 100,000).
    pub max_shared_strings: u64,
    /// Most cells calamine may materialise for an xls or ods workbook, summed over its sheets
    /// (default 500,000).
    pub max_cells: u64,
    /// Rows of the `meta` sheet: a value in any later row is refused (default 10,000).
    pub max_rows: u32,
    /// Most questions the `meta` sheet may list (default 5,000).
    pub max_questions: usize,
    /// Most sheets a workbook may declare (default 250).
    pub max_sheets: usize,
    /// Most sheets the references of `meta` may point into (default 10); each is read once.
    pub max_referenced_sheets: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 20_000_000,
            max_uncompressed_bytes: 100_000_000,
            max_zip_entries: 1_000,
            max_compression_ratio: 100,
            max_shared_strings: 100_000,
            max_cells: 500_000,
            max_rows: 10_000,
            max_questions: 5_000,
            max_sheets: 250,
            max_referenced_sheets: 10,
        }
    }
}

/// Why a returned questionnaire could not be read. Every message says what is wrong and what the
/// account manager should do; the caller adds the file name.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file has no bytes.
    #[error("the file is empty (0 bytes); ask the respondent to send the questionnaire again")]
    Empty,
    /// The bytes are not a spreadsheet at all.
    #[error(
        "this is not a spreadsheet ({found}); ask the respondent to send the filled-in \
         questionnaire as an Excel workbook (.xlsx)"
    )]
    NotASpreadsheet {
        /// What the bytes are instead.
        found: String,
    },
    /// The workbook is encrypted with a password.
    #[error("the workbook is password-encrypted; ask the respondent to save it without a password")]
    Encrypted,
    /// An Excel binary workbook, which this reader does not open.
    #[error(
        "this is an Excel binary workbook (.xlsb), which klantwaarde does not read; ask the \
         respondent to save it as an Excel workbook (.xlsx)"
    )]
    Xlsb,
    /// The bytes are a spreadsheet, but broken or cut off.
    #[error(
        "the file is damaged or cut off ({detail}); ask the respondent to save the questionnaire \
         again and send it as an attachment"
    )]
    Damaged {
        /// What is broken.
        detail: String,
    },
    /// A part of the zip unpacks to more than it declares.
    #[error(
        "the file is a zip bomb: {part} unpacks to more than it declares; do not open it, and \
         ask the respondent to send the original questionnaire again"
    )]
    ZipBomb {
        /// Which part, e.g. "part `xl/worksheets/sheet1.xml`".
        part: String,
    },
    /// Over one of the [`Limits`].
    #[error(
        "too large: {what} (limit {limit}); a filled-in questionnaire is far smaller, so ask the \
         respondent to send it again without added pictures, sheets or data"
    )]
    TooLarge {
        /// What is too large, with its size.
        what: String,
        /// The limit, with its unit.
        limit: String,
    },
    /// No sheet named `meta`, but a trend sheet: one of klantwaarde's own monitors, which is
    /// not a questionnaire and is skipped rather than rejected.
    #[error(
        "a klantwaarde monitor (it has the hidden `{sheet}` sheet and no `meta` sheet), not a \
         questionnaire; give it as `--previous` to carry its trend, or keep it outside the \
         folder of returned questionnaires"
    )]
    Monitor {
        /// The trend sheet found: `klantwaarde_history`, or `history` in older monitors.
        sheet: String,
    },
    /// No sheet named `meta`.
    #[error(
        "the workbook has no `meta` sheet, so it is not a klantwaarde questionnaire or the sheet \
         was deleted; ask the respondent to fill in the original questionnaire"
    )]
    NoMetaSheet,
    /// A key of the contract is missing from column A of `meta`.
    #[error(
        "the `meta` sheet has no `{key}` row in column A, so it was changed or this is not a \
         klantwaarde questionnaire; ask the respondent to fill in the original questionnaire"
    )]
    MissingKey {
        /// The missing key.
        key: &'static str,
    },
    /// `format` names a contract this reader does not know.
    #[error(
        "meta!{cell}: `format` is `{found}`, but this klantwaarde reads `{FORMAT}`; the \
         questionnaire was made by another version of klantwaarde: process it with that version, \
         or send the respondent a newly generated questionnaire"
    )]
    UnknownFormat {
        /// The cell of the value, e.g. `B1`.
        cell: String,
        /// The value found.
        found: String,
    },
    /// No header row `question | kwi | score_cell | relevance_cell`.
    #[error(
        "the `meta` sheet has no header row `question | kwi | score_cell | relevance_cell`, so \
         it was changed; ask the respondent to fill in the original questionnaire"
    )]
    NoQuestionHeader,
    /// A cell reference in `meta` is empty.
    #[error(
        "meta!{cell}: {what} is empty; the `meta` sheet was changed, so ask the respondent to \
         fill in the original questionnaire"
    )]
    EmptyReference {
        /// The cell of the reference, e.g. `C14`.
        cell: String,
        /// Which reference, e.g. "`nps_cell`" or "the score cell of question `1.01`".
        what: String,
    },
    /// A cell reference in `meta` does not parse.
    #[error(
        "meta!{cell}: {what} is `{reference}`, which is not a cell reference; the `meta` sheet \
         was changed, so ask the respondent to fill in the original questionnaire"
    )]
    NotAReference {
        /// The cell of the reference.
        cell: String,
        /// Which reference.
        what: String,
        /// The text found.
        reference: String,
    },
    /// A cell reference in `meta` lies outside Excel's grid.
    #[error(
        "meta!{cell}: {what} is `{reference}`, which lies outside Excel's grid (columns A to \
         XFD, rows 1 to 1048576); the `meta` sheet was changed, so ask the respondent to fill in \
         the original questionnaire"
    )]
    OutsideGrid {
        /// The cell of the reference.
        cell: String,
        /// Which reference.
        what: String,
        /// The text found.
        reference: String,
    },
    /// A cell reference in `meta` names a sheet the workbook does not have.
    #[error(
        "meta!{cell}: {what} points to sheet `{sheet}`, which the workbook does not have; the \
         sheet was renamed or deleted, so ask the respondent to fill in the original \
         questionnaire"
    )]
    UnknownSheet {
        /// The cell of the reference.
        cell: String,
        /// Which reference.
        what: String,
        /// The sheet named.
        sheet: String,
    },
    /// The `meta` sheet said whose questionnaire this is before the reading failed: the file is
    /// unusable, but it is known to be this respondent's.
    #[error("{source}")]
    Identified {
        /// The identifying values read.
        meta: Box<Meta>,
        /// Why the reading failed.
        source: Box<ReadError>,
    },
}

impl ReadError {
    /// Whose questionnaire the unreadable file is, when its `meta` sheet said so.
    pub fn meta(&self) -> Option<&Meta> {
        match self {
            ReadError::Identified { meta, .. } => Some(meta),
            _ => None,
        }
    }

    pub(crate) fn identified(self, meta: &Meta) -> ReadError {
        match self {
            ReadError::Identified { .. } => self,
            other => ReadError::Identified {
                meta: Box::new(meta.clone()),
                source: Box::new(other),
            },
        }
    }
}

pub(crate) fn calamine_error(error: impl Display) -> ReadError {
    let message = error.to_string();
    if is_size_lie(&message) {
        return ReadError::ZipBomb {
            part: "one of its parts".to_string(),
        };
    }
    ReadError::Damaged {
        detail: format!("the spreadsheet reader says: {message}"),
    }
}

/// `20 MB`, `1.1 GB`, `512 bytes` (decimal units, as file managers show them).
pub(crate) fn human_bytes(bytes: u64) -> String {
    let units = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")];
    for (size, unit) in units {
        let value = bytes as f64 / size;
        if value >= 1.0 {
            let shown = format!("{value:.1}");
            let shown = shown.strip_suffix(".0").unwrap_or(&shown);
            return format!("{shown} {unit}");
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::human_bytes;

    #[test]
    fn names_sizes_for_people() {
        assert_eq!(human_bytes(0), "0 bytes");
        assert_eq!(human_bytes(999), "999 bytes");
        assert_eq!(human_bytes(20_000_000), "20 MB");
        assert_eq!(human_bytes(1_073_741_824), "1.1 GB");
    }
}
