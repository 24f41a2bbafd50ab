//! Every cell of every sheet of a small workbook a person made (the master as a workbook), behind
//! the same guards as a returned questionnaire. Knows nothing of what the cells mean.

use std::io::Cursor;

use calamine::{Ods, Reader, Xls, XlsError, Xlsx};

use super::error::calamine_error;
use super::guard::{biff, ole};
use super::value::{from_data, from_data_ref};
use super::{CellValue, FileKind, Limit, Limits, Oversize, ReadError, check, check_size, guarded};

/// The non-empty cells of one sheet, in reading order (row by row).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetCells {
    /// The sheet's name.
    pub name: String,
    /// `(row, column, value)`, 0-based, empty cells left out.
    pub cells: Vec<(u32, u32, CellValue)>,
}

/// Reads every sheet's cells from the bytes of an xlsx, xlsm, ods or xls workbook.
///
/// # Errors
/// A [`ReadError`] when the bytes are not a readable workbook or are over one of the `limits`,
/// or hold more than `limits.max_cells` cells.
///
/// # Examples
/// ```
/// use klantwaarde::reader::{Limits, ReadError, read_sheets};
///
/// assert!(matches!(read_sheets(b"", &Limits::default()), Err(ReadError::Empty)));
/// ```
pub fn read_sheets(bytes: &[u8], limits: &Limits) -> Result<Vec<SheetCells>, ReadError> {
    check_size(bytes, limits)?;
    guarded(|| {
        let (kind, ods_content) = check(bytes, limits)?;
        let mut count = counted_cells(limits);
        let mut sheets = Vec::new();
        match kind {
            FileKind::Xlsx | FileKind::Xlsm => {
                // streamed: a lone cell at XFD1048576 costs nothing
                let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(calamine_error)?;
                for name in workbook.sheet_names() {
                    let mut cells = Vec::new();
                    let mut reader = workbook
                        .worksheet_cells_reader(&name)
                        .map_err(calamine_error)?;
                    while let Some(cell) = reader.next_cell().map_err(calamine_error)? {
                        let value = from_data_ref(cell.get_value());
                        if value != CellValue::Empty {
                            count()?;
                            let (row, column) = cell.get_position();
                            cells.push((row, column, value));
                        }
                    }
                    sheets.push(SheetCells { name, cells });
                }
            }
            // these readers hold whole sheets, whose rectangle the guards bound: the ods guard
            // ran in `check`, the xls ones read the OLE stream here, as `read_xls` does
            FileKind::Xls => {
                let stream = ole::workbook_stream(bytes)?;
                biff::check(&stream, limits)?;
                drop(stream);
                let workbook = Xls::new(Cursor::new(bytes)).map_err(|error| match error {
                    XlsError::Password => ReadError::Encrypted,
                    error => calamine_error(error),
                })?;
                sheets = materialised(workbook, &mut count)?;
            }
            FileKind::Ods => {
                // an .ods indented by Gnumeric or SheetJS is tidied first, as for a questionnaire
                let tidied = super::ods::tidied(bytes, &ods_content);
                let bytes = tidied.as_deref().unwrap_or(bytes);
                let workbook = Ods::new(Cursor::new(bytes)).map_err(calamine_error)?;
                sheets = materialised(workbook, &mut count)?;
            }
        }
        Ok(sheets)
    })
}

/// A counter that fails once more than `limits.max_cells` cells were counted.
fn counted_cells(limits: &Limits) -> impl FnMut() -> Result<(), ReadError> + use<'_> {
    let mut count = 0u64;
    move || {
        count += 1;
        if count > limits.max_cells {
            Err(ReadError::TooLarge {
                what: Oversize::WorkbookCells,
                limit: Limit::Cells(limits.max_cells),
            })
        } else {
            Ok(())
        }
    }
}

/// Every sheet of a reader that holds whole sheets in memory (ods, xls).
fn materialised<RS, R>(
    mut workbook: R,
    count: &mut impl FnMut() -> Result<(), ReadError>,
) -> Result<Vec<SheetCells>, ReadError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(calamine_error)?;
        let (start_row, start_column) = range.start().unwrap_or_default();
        let mut cells = Vec::new();
        for (row, column, value) in range.used_cells() {
            let value = from_data(value);
            if value != CellValue::Empty {
                count()?;
                cells.push((start_row + row as u32, start_column + column as u32, value));
            }
        }
        sheets.push(SheetCells { name, cells });
    }
    Ok(sheets)
}
