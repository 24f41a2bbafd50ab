//! One named sheet of a workbook that is not a questionnaire (an earlier monitor given with
//! `--previous`), through the same guards as a returned questionnaire: sniffed, size-checked,
//! zip and shared strings checked before calamine sees it, then streamed, never loaded whole.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Reader, Xlsx};

use super::error::{calamine_error, human_bytes};
use super::guard::zip::{broken_zip, check_zip_sizes};
use super::sniff::{Sniffed, classify};
use super::value::from_data_ref;
use super::{CellValue, FileKind, Limits, ReadError};

/// The cells of one sheet: (0-based row, 0-based column, value), columns A–F only.
pub type NamedSheetCells = Vec<(u32, u32, CellValue)>;

/// The first sheet of `bytes` (an .xlsx or .xlsm) whose name is one of `names`, in the order of
/// `names`, with its values in columns A–F; `Ok(None)` when the workbook has none of them.
///
/// The workbook passes the guards of [`super::read_questionnaire`] first; the sheet is streamed
/// and may hold at most `max_rows` rows.
///
/// # Errors
/// [`ReadError`] when the bytes are no xlsx workbook, fail a guard, or the sheet is too long.
pub fn read_named_sheet(
    bytes: &[u8],
    names: &[&str],
    max_rows: u32,
    limits: &Limits,
) -> Result<Option<(String, NamedSheetCells)>, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let size = bytes.len() as u64;
    if size > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            what: format!("the file is {}", human_bytes(size)),
            limit: human_bytes(limits.max_file_bytes),
        });
    }
    catch_unwind(AssertUnwindSafe(|| {
        read_checked(bytes, names, max_rows, limits)
    }))
    .unwrap_or_else(|_| {
        Err(ReadError::Damaged {
            detail: "the spreadsheet reader failed on its structure".to_string(),
        })
    })
}

fn read_checked(
    bytes: &[u8],
    names: &[&str],
    max_rows: u32,
    limits: &Limits,
) -> Result<Option<(String, NamedSheetCells)>, ReadError> {
    let (sniffed, archive) = classify(bytes, limits)?;
    let mut archive = match (sniffed, archive) {
        (Sniffed::Workbook(FileKind::Xlsx | FileKind::Xlsm), Some(archive)) => archive,
        (Sniffed::Workbook(FileKind::Xlsx | FileKind::Xlsm), None) | (Sniffed::BrokenZip, _) => {
            return Err(broken_zip());
        }
        (Sniffed::Encrypted, _) => return Err(ReadError::Encrypted),
        (sniffed, _) => {
            return Err(ReadError::NotASpreadsheet {
                found: match sniffed {
                    Sniffed::Workbook(FileKind::Ods) => {
                        "it is an OpenDocument spreadsheet (.ods), not the .xlsx klantwaarde writes"
                            .to_string()
                    }
                    Sniffed::Workbook(_) => {
                        "it is an Excel 97-2003 workbook (.xls), not the .xlsx klantwaarde writes"
                            .to_string()
                    }
                    Sniffed::Text { start } => format!("it is text, starting with `{start}`"),
                    Sniffed::Other { what } => format!("it is {what}"),
                    _ => "it is no Excel workbook (.xlsx)".to_string(),
                },
            });
        }
    };
    check_zip_sizes(&archive, limits)?;
    super::guard::xlsx::check_shared_strings(&mut archive, limits)?;
    super::guard::xlsx::check_worksheet_references(&mut archive, limits)?;
    drop(archive);
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(calamine_error)?;
    let sheets = workbook.sheet_names();
    let Some(name) = names
        .iter()
        .find_map(|name| sheets.iter().find(|sheet| sheet == name))
        .cloned()
    else {
        return Ok(None);
    };
    let mut found = NamedSheetCells::new();
    let mut cells = workbook
        .worksheet_cells_reader(&name)
        .map_err(calamine_error)?;
    while let Some(cell) = cells.next_cell().map_err(calamine_error)? {
        let (row, column) = cell.get_position();
        if row >= max_rows {
            return Err(ReadError::TooLarge {
                what: format!(
                    "the `{name}` sheet has a value in row {}",
                    u64::from(row) + 1
                ),
                limit: format!("{max_rows} rows"),
            });
        }
        let value = from_data_ref(cell.get_value());
        if column < 6 && value != CellValue::Empty {
            found.push((row, column, value));
        }
    }
    Ok(Some((name, found)))
}
