//! Reads the `meta` sheet and the cells it names from a workbook calamine loads whole (ods, xls);
//! never called before that format's guard has bounded what calamine allocates.

use std::fmt::Display;
use std::io::Cursor;

use calamine::Reader;

use super::error::calamine_error;
use super::meta::{Found, MetaGrid, meta_sheet_index, parse_meta};
use super::value::from_data;
use super::{CellValue, FileKind, Limits, ReadError, Returned};

pub(crate) fn read_loaded<'a, R>(
    workbook: &mut R,
    kind: FileKind,
    saved_at: Option<String>,
    limits: &Limits,
) -> Result<Returned, ReadError>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: Display,
{
    let sheets = workbook.sheet_names();
    let meta_sheet = meta_sheet_index(&sheets, limits)?;
    let range = workbook
        .worksheet_range(&sheets[meta_sheet])
        .map_err(calamine_error)?;
    let mut grid = MetaGrid::default();
    if let Some((top, left)) = range.start() {
        for (row, column, value) in range.used_cells() {
            let row = u32::try_from(row).unwrap_or(u32::MAX).saturating_add(top);
            let column = u32::try_from(column)
                .unwrap_or(u32::MAX)
                .saturating_add(left);
            grid.put(row, column, from_data(value), limits)?;
        }
    }
    let plan = parse_meta(&grid, &sheets, limits)?;
    let mut found = Found::new();
    for (sheet, wanted) in plan.wanted() {
        let values = workbook
            .worksheet_range(&sheets[sheet])
            .map_err(|error| calamine_error(error).identified(&plan.meta))?;
        let formulas = workbook
            .worksheet_formula(&sheets[sheet])
            .map_err(|error| calamine_error(error).identified(&plan.meta))?;
        for &(row, column) in &wanted {
            let value = values
                .get_value((row, column))
                .map_or(CellValue::Empty, from_data);
            let formula = formulas
                .get_value((row, column))
                .filter(|formula| !formula.is_empty())
                .cloned();
            found.insert((sheet, row, column), (value, formula));
        }
    }
    Ok(plan.into_returned(kind, &found, saved_at))
}
