//! The ods guard: encryption, and what calamine's ods reader would materialise from `content.xml`
//! (repeated rows, cells and spaces) and whether every sheet ends; never reads a value.

use super::find;
use super::xml::{Tag, parse_count, scan_tags};
use super::zip::{ZipReader, read_part};
use crate::reader::meta::check_sheet_count;
use crate::reader::{Damage, GRID_COLUMNS, GRID_ROWS, Limit, Limits, Oversize, ReadError};

/// Checks an ods before calamine expands it: encryption, then the scan of `content.xml`, which
/// it returns.
pub(crate) fn check_ods(
    archive: &mut ZipReader<'_>,
    limits: &Limits,
) -> Result<Vec<u8>, ReadError> {
    if let Some(manifest) = read_part(
        archive,
        "META-INF/manifest.xml",
        limits.max_uncompressed_bytes,
    )? && find(&manifest, b"manifest:encryption-data").is_some()
    {
        return Err(ReadError::Encrypted);
    }
    let content = read_part(archive, "content.xml", limits.max_uncompressed_bytes)?.ok_or(
        ReadError::Damaged {
            detail: Damage::NoOdsContent,
        },
    )?;
    check_ods_content(&content, limits)?;
    Ok(content)
}

/// One sheet (`table:table`) while scanning `content.xml`.
struct TableScan {
    name: String,
    row: u64,
    row_repeat: u64,
    column: u64,
    row_width: u64,
    first_row: Option<u64>,
    rows_end: u64,
    width: u64,
    /// Cells calamine pushes while reading the rows, before it builds the rectangle.
    pushed: u64,
}

impl TableScan {
    fn new(name: &str) -> Self {
        TableScan {
            name: name.to_string(),
            row: 0,
            row_repeat: 0,
            column: 0,
            row_width: 0,
            first_row: None,
            rows_end: 0,
            width: 0,
            pushed: 0,
        }
    }

    /// The cells calamine holds for this sheet: the rows as read, then the rectangle from the
    /// first to the last non-empty row, as wide as the widest.
    fn cells(&self) -> u64 {
        let rectangle = self.first_row.map_or(0, |first| {
            self.rows_end
                .saturating_sub(first)
                .saturating_mul(self.width)
        });
        rectangle.saturating_add(self.pushed.saturating_add(self.row_width))
    }

    fn start_row(&mut self, repeat: u64) {
        // calamine caps the rows of a sheet at the grid's height; a row past it still has its
        // cells read.
        self.row_repeat = repeat.min(GRID_ROWS.saturating_sub(self.row));
        self.column = 0;
        self.row_width = 0;
    }

    /// A non-empty cell ends at `column` in the current row.
    fn content_until(&mut self, column: u64) {
        self.row_width = column;
        self.first_row.get_or_insert(self.row);
        self.rows_end = self.row + self.row_repeat.max(1);
        self.width = self.width.max(column);
    }

    fn end_row(&mut self) {
        self.pushed = self.pushed.saturating_add(self.row_width);
        self.row += self.row_repeat;
        self.column = 0;
        self.row_width = 0;
        self.row_repeat = 0;
    }
}

/// Where calamine's ods reader is, as it consumes the events of `content.xml`.
enum Place {
    /// Between sheets: rows and cells here are never read.
    Outside,
    /// In a sheet, between rows: only a row start or the sheet's end tag matter.
    Sheet(TableScan),
    /// In a row of a sheet.
    Row(TableScan),
    /// In a cell of a row.
    Cell(TableScan, CellScan),
}

/// The two tag names of a cell.
const CELL: &str = "table:table-cell";
const COVERED_CELL: &str = "table:covered-table-cell";

/// How calamine consumes the content of one cell.
struct CellScan {
    /// The cell's tag name ([`CELL`] or [`COVERED_CELL`]).
    name: &'static str,
    /// A text cell is read until the first cell end tag of either name; any other cell until
    /// the end tag of its own name, counting nested ones.
    text: bool,
    depth: u32,
    /// In a comment, which is read until its end tag, whatever comes first.
    in_comment: bool,
    /// How often calamine copies the cell, and where it started.
    copies: u64,
    start: u64,
}

/// Whether calamine reads the cell's text from its content, mirroring the order-dependent test
/// in its `get_datatype`: a `string` value type without a value attribute before it, or an error
/// with an empty string value.
fn is_text_cell(tag: &Tag<'_>) -> bool {
    let mut value_set = false;
    let mut string_type = false;
    let mut error = false;
    let mut empty_string = false;
    for (name, value) in tag.attributes() {
        match name {
            "office:value" | "office:date-value" | "office:time-value" | "office:boolean-value"
                if !value_set =>
            {
                value_set = true;
            }
            "office:string-value" if !value_set => {
                value_set = true;
                empty_string = value.is_empty();
            }
            "office:value-type" if !value_set => string_type = value == "string",
            "calcext:value-type" => error = value == "error",
            _ => {}
        }
    }
    (!value_set && string_type) || (error && empty_string)
}

/// Mirrors how calamine's ods reader consumes `content.xml` and expands repeats: every non-empty
/// cell is materialised as often as its row and column repeats say, and each sheet becomes the
/// full rectangle from its first to its last non-empty row, as wide as its widest non-empty row.
/// Empty cells repeated to the edge of a row are never materialised.
///
/// quick-xml, set up as calamine sets it up, reports `<a/>` as a start tag and an end tag, so an
/// empty sheet, row or cell opens and closes here as it does in calamine.
fn check_ods_content(xml: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let mut expanded = xml.len() as u64;
    let mut cells: u64 = 0;
    let mut place = Place::Outside;
    let mut sheets: u64 = 0;
    let too_many_cells = |scan: &TableScan| ReadError::TooLarge {
        what: Oversize::SheetCells {
            sheet: scan.name.clone(),
            cells: scan.cells(),
        },
        limit: Limit::Cells(limits.max_cells),
    };
    scan_tags(xml, "content.xml", |tag| {
        let (start, end) = (tag.is_start(), tag.is_end());
        place = match std::mem::replace(&mut place, Place::Outside) {
            Place::Outside => match tag.name() {
                // calamine reads only named sheets.
                "table:table" if start => match tag.attribute("table:name") {
                    Some(name) => {
                        // Each sheet costs calamine a name and a range, however empty.
                        sheets += 1;
                        Place::Sheet(TableScan::new(name))
                    }
                    None => Place::Outside,
                },
                _ => Place::Outside,
            },
            Place::Sheet(mut scan) => match tag.name() {
                "table:table" if end => {
                    cells = cells.saturating_add(scan.cells());
                    if cells > limits.max_cells {
                        return Err(too_many_cells(&scan));
                    }
                    Place::Outside
                }
                "table:table-row" if start => {
                    let repeat = tag
                        .attribute("table:number-rows-repeated")
                        .and_then(parse_count)
                        .unwrap_or(1);
                    scan.start_row(repeat);
                    Place::Row(scan)
                }
                _ => Place::Sheet(scan),
            },
            Place::Row(mut scan) => match tag.name() {
                "table:table-row" if end => {
                    scan.end_row();
                    Place::Sheet(scan)
                }
                name @ (CELL | COVERED_CELL) if start => {
                    let repeat = tag
                        .attribute("table:number-columns-repeated")
                        .and_then(parse_count)
                        .unwrap_or(1)
                        .min(GRID_COLUMNS.saturating_sub(scan.column));
                    let has_content = tag.attributes().any(|(name, _)| {
                        matches!(
                            name,
                            "office:value-type"
                                | "office:value"
                                | "office:string-value"
                                | "office:date-value"
                                | "office:time-value"
                                | "office:boolean-value"
                                | "calcext:value-type"
                                | "table:formula"
                        )
                    });
                    scan.column = scan.column.saturating_add(repeat);
                    let mut copies = 1;
                    if has_content {
                        scan.content_until(scan.column);
                        // Checked as the sheet grows, so that a huge repeat is refused here.
                        if cells.saturating_add(scan.cells()) > limits.max_cells {
                            return Err(too_many_cells(&scan));
                        }
                        copies = repeat.saturating_mul(scan.row_repeat.max(1));
                    }
                    let cell = CellScan {
                        name: if name == CELL { CELL } else { COVERED_CELL },
                        text: is_text_cell(tag),
                        depth: 0,
                        in_comment: false,
                        copies,
                        start: tag.start,
                    };
                    Place::Cell(scan, cell)
                }
                _ => Place::Row(scan),
            },
            Place::Cell(scan, mut cell) => {
                let ends_cell = end
                    && if cell.text {
                        matches!(tag.name(), CELL | COVERED_CELL)
                    } else if tag.name() == cell.name {
                        let outermost = cell.depth == 0;
                        cell.depth = cell.depth.saturating_sub(1);
                        outermost
                    } else {
                        false
                    };
                if cell.in_comment {
                    cell.in_comment = !(end && tag.name() == "office:annotation");
                    Place::Cell(scan, cell)
                } else if ends_cell {
                    let length = tag.end - cell.start;
                    expanded = expanded
                        .saturating_add(length.saturating_mul(cell.copies.saturating_sub(1)));
                    Place::Row(scan)
                } else {
                    if start {
                        if cell.text && tag.name() == "office:annotation" {
                            cell.in_comment = true;
                        } else if !cell.text && tag.name() == cell.name {
                            cell.depth += 1;
                        }
                    }
                    if start && tag.name() == "text:s" {
                        let spaces = tag.attribute("text:c").and_then(parse_count).unwrap_or(1);
                        expanded = expanded.saturating_add(spaces.saturating_mul(cell.copies));
                    }
                    Place::Cell(scan, cell)
                }
            }
        };
        if expanded > limits.max_uncompressed_bytes {
            return Err(ReadError::TooLarge {
                what: Oversize::OdsContent { size: expanded },
                limit: Limit::Bytes(limits.max_uncompressed_bytes),
            });
        }
        Ok(())
    })?;
    check_sheet_count(sheets, limits)?;
    // calamine reads a sheet until its end tag, and a comment in a cell likewise, and never
    // stops at the end of the file: it would loop forever. (A row or cell cut off ends in an
    // error there, as does markup that quick-xml refuses, where the scan stopped; refused here
    // all the same.)
    match place {
        Place::Outside => Ok(()),
        Place::Cell(
            _,
            CellScan {
                in_comment: true, ..
            },
        ) => Err(ReadError::Damaged {
            detail: Damage::OdsCommentNeverEnds,
        }),
        Place::Sheet(scan) | Place::Row(scan) | Place::Cell(scan, _) => Err(ReadError::Damaged {
            detail: Damage::OdsSheetNeverEnds {
                sheet: scan.name.clone(),
            },
        }),
    }
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    clippy::print_stderr,
    reason = "the guard tests time each hostile file and say what they measured"
)]
mod tests {
    use std::io::Cursor;
    use std::time::{Duration, Instant};

    use calamine::{DataType, Ods, Reader};

    use crate::reader::tests::support::{replace_last, with_part};
    use crate::reader::{CellValue, Limits, read_questionnaire};

    /// calamine reads an ods sheet until quick-xml reports its end tag: the scan must see the
    /// same end tags, or a sheet it thinks closed makes calamine loop forever.
    fn check_last_sheet_end(to: &str, expected: Result<(), &str>) {
        let ods = with_part("reader/questionnaire.ods", "content.xml", |content| {
            replace_last(content, "</table:table>", to)
        });
        let started = Instant::now();
        let result = read_questionnaire(&ods, &Limits::default());
        assert!(started.elapsed() < Duration::from_secs(2), "{to}");
        match (result, expected) {
            (Ok(_), Ok(())) => {}
            (Err(error), Err(expected)) => {
                assert!(error.to_string().contains(expected), "{to}: {error}");
            }
            (result, expected) => panic!("{to}: {:?}, expected {expected:?}", result.err()),
        }
    }

    #[test]
    fn sees_the_end_tags_calamine_sees() {
        let never_ends = Err("sheet `meta` of `content.xml` never ends");
        check_last_sheet_end("</table:table>", Ok(()));
        check_last_sheet_end("</table:table  >", Ok(()));
        check_last_sheet_end("<table:table-row/></table:table>", Ok(()));
        check_last_sheet_end("</table:table/", never_ends);
        check_last_sheet_end("</table:table x=\"1\">", never_ends);
        check_last_sheet_end("</table:table/>", never_ends);
        check_last_sheet_end("<!-- </table:table> -->", never_ends);
        check_last_sheet_end("<!--></table:table>-->", never_ends);
        check_last_sheet_end("<![CDATA[</table:table>]]>", never_ends);
        check_last_sheet_end("<?pi </table:table>?>", never_ends);
        check_last_sheet_end("<x a='>'></table:table>", Ok(()));
        check_last_sheet_end("<x a=\"</table:table>\">", never_ends);
        check_last_sheet_end(
            "<!DOCTYPE x [<!ENTITY e \"</table:table>\">]></table:table>",
            Err("holds a document type declaration"),
        );
    }

    /// An ods whose last sheet (`meta`) gets `rows` before the empty rows LibreOffice repeats to
    /// the bottom of the grid (calamine reads no row below them).
    fn ods_with_rows(rows: &str) -> Vec<u8> {
        with_part("reader/questionnaire.ods", "content.xml", |content| {
            let end = content.rfind("</table:table>").unwrap();
            let repeated = content[..end].rfind("table:number-rows-repeated=").unwrap();
            let at = content[..repeated].rfind("<table:table-row").unwrap();
            format!("{}{rows}{}", &content[..at], &content[at..])
        })
    }

    /// An ods whose last sheet gets `inserted`, then a repeat bomb row.
    fn ods_with_bomb_after(inserted: &str) -> Vec<u8> {
        let bomb = "<table:table-row table:number-rows-repeated=\"6000\"><table:table-cell \
                    office:value-type=\"float\" office:value=\"9\" \
                    table:number-columns-repeated=\"16384\"/></table:table-row>";
        ods_with_rows(&format!("{inserted}{bomb}"))
    }

    #[test]
    fn reads_repeat_counts_behind_attributes_that_quick_xml_would_refuse() {
        // calamine splits attributes itself: `a b="1"` is one attribute named `a b` to it, and
        // the repeat count after it still applies (quick-xml's own reader gives up at `b`).
        let row = |rows: u32, columns: u32| {
            format!(
                "<table:table-row table:number-rows-repeated=\"{rows}\"><table:table-cell a \
                 b=\"1\" table:number-columns-repeated=\"{columns}\" office:value-type=\"float\" \
                 office:value=\"7777\"/></table:table-row>"
            )
        };
        let ods = ods_with_rows(&row(1, 3));
        let mut workbook = Ods::new(Cursor::new(&ods[..])).unwrap();
        let meta = workbook.worksheet_range("meta").unwrap();
        let copies = meta
            .used_cells()
            .filter(|(_, _, value)| value.as_f64() == Some(7777.0))
            .count();
        assert_eq!(
            copies, 3,
            "calamine no longer applies the count: revisit the guard"
        );
        // The guard lets it through; the three copies then make a question row of `meta`.
        let message = read_questionnaire(&ods, &Limits::default())
            .unwrap_err()
            .to_string();
        let expected = "meta!C17: the score cell of question `7777` is `7777`";
        assert!(message.contains(expected), "{message}");
        let bomb = ods_with_rows(&row(6000, 16384));
        let message = read_questionnaire(&bomb, &Limits::default())
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("sheet `meta` would expand to"),
            "{message}"
        );
    }

    #[test]
    fn follows_cell_content_as_calamine_does() {
        // calamine reads a text cell to the first cell end tag, a comment to its end tag and any
        // other cell to its matching end tag: a sheet end tag inside them does not end the sheet,
        // so the bomb row after it is still the sheet's.
        let cases = [
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>x</text:p>\
             </table:table></table:table-cell></table:table-row>",
            "<table:table-row><table:table-cell office:value-type=\"float\" office:value=\"1\">\
             <table:table-cell></table:table-cell></table:table></table:table-cell>\
             </table:table-row>",
            "<table:table-row><table:table-cell office:value-type=\"string\"><office:annotation>\
             </table:table-cell></table:table></office:annotation></table:table-cell>\
             </table:table-row>",
        ];
        let limits = Limits::default();
        for inserted in cases {
            let message = match read_questionnaire(&ods_with_bomb_after(inserted), &limits) {
                Ok(_) => panic!("{inserted}: read, expected the bomb to be refused"),
                Err(error) => error.to_string(),
            };
            assert!(
                message.contains("sheet `meta` would expand to"),
                "{inserted}: {message}"
            );
        }
        // A sheet end tag between rows does end the sheet: calamine skips the rows after it, so
        // the bomb is never expanded and the questionnaire reads.
        let ended = ods_with_bomb_after("<table:table table:name=\"x\"></table:table>");
        let started = Instant::now();
        let returned = read_questionnaire(&ended, &limits).unwrap();
        assert_eq!(returned.nps.value, CellValue::Number(9.0));
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}
