//! Reads an xlsx or xlsm that the guards passed, streaming only the `meta` sheet and the cells it
//! names; never loads a whole sheet (calamine would allocate its full rectangle).

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Reader, Xlsx, XlsxFormulaMetadata, expand_shared_formula};

use super::error::calamine_error;
use super::meta::{Found, MetaGrid, meta_sheet_index, parse_meta};
use super::value::from_data_ref;
use super::{FileKind, Limits, ReadError, Returned};

pub(crate) fn read_xlsx(
    bytes: &[u8],
    kind: FileKind,
    limits: &Limits,
) -> Result<Returned, ReadError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(calamine_error)?;
    let sheets = workbook.sheet_names();
    let meta_sheet = meta_sheet_index(&sheets, limits)?;
    let mut grid = MetaGrid::default();
    {
        let mut cells = workbook
            .worksheet_cells_reader(&sheets[meta_sheet])
            .map_err(calamine_error)?;
        while let Some(cell) = cells.next_cell().map_err(calamine_error)? {
            let (row, column) = cell.get_position();
            grid.put(row, column, from_data_ref(cell.get_value()), limits)?;
        }
    }
    let plan = parse_meta(&grid, &sheets, limits)?;
    let mut found = Found::new();
    for (sheet, wanted) in plan.wanted() {
        let Some(last_row) = wanted.iter().map(|&(row, _)| row).max() else {
            continue;
        };
        let mut cells = workbook
            .worksheet_cells_reader(&sheets[sheet])
            .map_err(|error| calamine_error(error).identified(&plan.meta))?;
        // Shared formula templates by index, to expand the derived cells we need.
        let mut templates: HashMap<usize, (String, (u32, u32))> = HashMap::new();
        let mut missing = wanted.len();
        while missing > 0 {
            let Some(record) = cells
                .next_cell_with_formula_metadata()
                .map_err(|error| calamine_error(error).identified(&plan.meta))?
            else {
                break;
            };
            let position = record.pos;
            // Writers emit rows in order: past the last needed row there is nothing to find.
            if position.0 > last_row {
                break;
            }
            let formula = match record.formula {
                Some(XlsxFormulaMetadata::Normal { formula }) => Some(formula),
                Some(XlsxFormulaMetadata::Shared {
                    shared_index,
                    range,
                    formula,
                }) => {
                    let start = range.map_or(position, |range| range.start);
                    templates.insert(shared_index, (formula.clone(), start));
                    Some(formula)
                }
                // A derived formula whose template is missing or does not expand is left out:
                // `formula` is only what was cheap to know, the value is what counts.
                Some(XlsxFormulaMetadata::SharedDerived { shared_index }) => {
                    templates.get(&shared_index).and_then(|(template, start)| {
                        expand_shared_formula(template, *start, position).ok()
                    })
                }
                Some(_) | None => None,
            };
            if wanted.contains(&position) {
                let key = (sheet, position.0, position.1);
                if let std::collections::hash_map::Entry::Vacant(slot) = found.entry(key) {
                    slot.insert((from_data_ref(&record.value), formula));
                    missing -= 1;
                }
            }
        }
    }
    // The save time is information only: unreadable document properties leave it out.
    let saved_at = workbook
        .workbook_properties()
        .ok()
        .and_then(|properties| properties.modified);
    Ok(plan.into_returned(kind, &found, saved_at))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::reader::tests::support::{check_rejects_within, fixture, limits};
    use crate::reader::{CellValue, Limits, read_questionnaire};

    #[test]
    fn streams_a_far_cell_without_allocating_the_rectangle() {
        // calamine's worksheet_range would allocate A1:XFD1048576 (17 billion cells) and abort.
        let returned =
            read_questionnaire(&fixture("hostile/far-cell.xlsx"), &Limits::default()).unwrap();
        assert_eq!(returned.nps.reference, "Vragenlijst!XFD1048576");
        assert_eq!(returned.nps.value, CellValue::Number(9.0));
    }

    #[test]
    fn does_not_expand_shared_formulas_by_their_index() {
        // `<f t="shared" si="4000000000">`: calamine's expanding reader resizes a vector to it.
        let returned = read_questionnaire(
            &fixture("hostile/shared-formula-index.xlsx"),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(returned.nps.value, CellValue::Number(9.0));
        assert_eq!(returned.nps.formula.as_deref(), Some("4+5"));
    }

    #[test]
    fn stops_reading_meta_at_its_row_limit_with_a_million_rows_behind() {
        // With the ratio limit out of the way, the streamed `meta` sheet stops at row 10,000.
        // Its 52 MB are still unpacked once and scanned for cell references: 0.4 s in a release
        // build. A debug build runs inflate and quick-xml unoptimised (quick-xml's reader is
        // inlined into this crate, so no profile override helps): about 10 s for the 9 million
        // tags alone, twice that when the other tests share the machine.
        check_rejects_within(
            "hostile/million-rows.xlsx",
            &limits(|limits| limits.max_compression_ratio = u64::MAX),
            "the `meta` sheet has a value in cell A10001 (limit 10000 rows)",
            Duration::from_secs(if cfg!(debug_assertions) { 45 } else { 2 }),
        );
    }
}
