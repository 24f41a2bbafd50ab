//! One named sheet of a workbook that is not a questionnaire (an earlier monitor given with
//! `--previous`), through the same guards as a returned questionnaire: sniffed, size-checked,
//! zip and shared strings checked before calamine sees it, then streamed, never loaded whole.

use std::io::Cursor;

use calamine::{Reader, Xlsx};

use super::error::calamine_error;
use super::value::from_data_ref;
use super::{
    CellValue, FileKind, Limit, Limits, NotWorkbook, Oversize, ReadError, check, check_size,
    guarded,
};

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
    check_size(bytes, limits)?;
    guarded(|| read_checked(bytes, names, max_rows, limits))
}

fn read_checked(
    bytes: &[u8],
    names: &[&str],
    max_rows: u32,
    limits: &Limits,
) -> Result<Option<(String, NamedSheetCells)>, ReadError> {
    let not_ours = |found: NotWorkbook| ReadError::NotASpreadsheet { found };
    match check(bytes, limits)? {
        (FileKind::Xlsx | FileKind::Xlsm, _) => {}
        (FileKind::Ods, _) => return Err(not_ours(NotWorkbook::OdsNotXlsx)),
        (FileKind::Xls, _) => return Err(not_ours(NotWorkbook::XlsNotXlsx)),
    }
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
                what: Oversize::SheetRow {
                    sheet: name,
                    row: u64::from(row) + 1,
                },
                limit: Limit::Rows(max_rows),
            });
        }
        let value = from_data_ref(cell.get_value());
        if column < 6 && value != CellValue::Empty {
            found.push((row, column, value));
        }
    }
    Ok(Some((name, found)))
}
