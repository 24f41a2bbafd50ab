//! The BIFF records of an xls workbook stream, walked the way calamine walks them, so that the cells
//! calamine would allocate stay within the limit; never reads a value.

use super::{le_u16, le_u32};
use crate::reader::meta::check_sheet_count;
use crate::reader::{Damage, Limit, Limits, Oversize, ReadError, XlsStreamFault};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
const FILEPASS: u16 = 0x002F;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;
/// Number, Label, RString, BoolErr, Rk, LabelSst: one cell at (row, column).
const CELLS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];

fn damaged(reason: XlsStreamFault) -> ReadError {
    ReadError::Damaged {
        detail: Damage::XlsStream(reason),
    }
}

/// Yields (type, data) like calamine's record iterator, which glues CONTINUE records on.
struct Records<'a> {
    stream: &'a [u8],
    consumed: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<(u16, &'a [u8]), ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.stream.len() < 4 {
            return (!self.stream.is_empty()).then(|| Err(damaged(XlsStreamFault::RecordCutOff)));
        }
        let kind = le_u16(self.stream, 0);
        let len = le_u16(self.stream, 2) as usize;
        if self.stream.len() < len + 4 {
            return Some(Err(damaged(XlsStreamFault::RecordCutOff)));
        }
        let data = &self.stream[4..4 + len];
        self.advance(len + 4);
        while self.stream.len() > 4 && le_u16(self.stream, 0) == CONTINUE {
            let len = le_u16(self.stream, 2) as usize;
            if self.stream.len() < len + 4 {
                return Some(Err(damaged(XlsStreamFault::RecordCutOff)));
            }
            self.advance(len + 4);
        }
        Some(Ok((kind, data)))
    }
}

impl Records<'_> {
    fn advance(&mut self, by: usize) {
        self.stream = &self.stream[by..];
        self.consumed += by;
    }
}

/// The bounding box of cell positions calamine turns into one rectangle.
#[derive(Default)]
struct Bounds(Option<(u32, u32, u32, u32)>);

impl Bounds {
    fn add(&mut self, row: u32, column: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, column, column),
            Some((top, bottom, left, right)) => (
                top.min(row),
                bottom.max(row),
                left.min(column),
                right.max(column),
            ),
        });
    }

    fn area(&self) -> u64 {
        self.0.map_or(0, |(top, bottom, left, right)| {
            u64::from(bottom - top + 1) * u64::from(right - left + 1)
        })
    }
}

/// calamine reserves `rows × columns` cells for a DIMENSIONS record, computed in wrapping
/// 32-bit arithmetic.
fn dimensions_area(data: &[u8]) -> u64 {
    let (first_row, last_row, mut first_column, last_column) = match data.len() {
        10 => (
            u32::from(le_u16(data, 0)),
            u32::from(le_u16(data, 2)),
            u32::from(le_u16(data, 4)),
            u32::from(le_u16(data, 6)),
        ),
        14 | 16 => (
            le_u32(data, 0),
            le_u32(data, 4),
            u32::from(le_u16(data, 8)),
            u32::from(le_u16(data, 10)),
        ),
        _ => return 0,
    };
    if 0xFF < first_column || last_column < first_column {
        first_column = 0;
    }
    let (start, end) = if 1 <= last_row && 1 <= last_column {
        ((first_row, first_column), (last_row - 1, last_column - 1))
    } else {
        ((first_row, first_column), (first_row, first_column))
    };
    let rows = end.0.wrapping_sub(start.0).wrapping_add(1);
    let columns = end.1.wrapping_sub(start.1).wrapping_add(1);
    u64::from(rows) * u64::from(columns)
}

/// The sheet's name, or `None` when its record is too short to hold one.
fn sheet_name(data: &[u8]) -> Option<String> {
    if data.len() < 8 {
        return None;
    }
    let length = data[6] as usize;
    let bytes = &data[8.min(data.len())..];
    if data[7] & 1 == 1 {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .take(length)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(bytes.iter().take(length).map(|&b| char::from(b)).collect())
    }
}

pub(crate) fn check(stream: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let mut sheets = Vec::new();
    for record in (Records {
        stream,
        consumed: 0,
    }) {
        let (kind, data) = record?;
        match kind {
            FILEPASS if data.len() >= 2 && le_u16(data, 0) != 0 => {
                return Err(ReadError::Encrypted);
            }
            BOUNDSHEET => {
                if data.len() < 6 {
                    return Err(damaged(XlsStreamFault::SheetRecordTooShort));
                }
                sheets.push((le_u32(data, 0) as usize, sheet_name(data)));
            }
            EOF => break,
            _ => {}
        }
    }
    // Each sheet is scanned here and read by calamine: 100,000 sheet records pointing at one
    // sheet would scan it 100,000 times.
    check_sheet_count(sheets.len() as u64, limits)?;
    let mut cells: u64 = 0;
    let mut scanned: u64 = 0;
    for (number, (position, name)) in sheets.into_iter().enumerate() {
        let Some(sheet) = stream.get(position..) else {
            return Err(damaged(XlsStreamFault::SheetBeyondStream));
        };
        let mut records = Records {
            stream: sheet,
            consumed: 0,
        };
        let mut seen_bof = false;
        let mut depth = 0usize;
        let mut reserved: u64 = 0;
        let mut values = Bounds::default();
        let mut formulas = Bounds::default();
        let mut formula_at = (0, 0);
        for record in records.by_ref() {
            let Ok((kind, data)) = record else { break };
            if depth > 0 {
                match kind {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let at = |data: &[u8]| (u32::from(le_u16(data, 0)), u32::from(le_u16(data, 2)));
            match kind {
                BOF if seen_bof => depth += 1,
                BOF => seen_bof = true,
                DIMENSIONS => reserved = reserved.max(dimensions_area(data)),
                kind if CELLS.contains(&kind) && data.len() >= 4 => {
                    let (row, column) = at(data);
                    values.add(row, column);
                }
                STRING => values.add(formula_at.0, formula_at.1),
                MULRK if data.len() >= 6 => {
                    let (row, first) = at(data);
                    let last = u32::from(le_u16(data, data.len() - 2));
                    if last < first {
                        return Err(damaged(XlsStreamFault::RowEndsBeforeStart));
                    }
                    values.add(row, first);
                    values.add(row, last);
                }
                FORMULA if data.len() >= 20 => {
                    // calamine slices the formula's tokens by the length they declare.
                    let tokens = &data[20..];
                    if tokens.len() < 2 || 2 + le_u16(tokens, 0) as usize > tokens.len() {
                        return Err(damaged(XlsStreamFault::FormulaTooLong));
                    }
                    formula_at = at(data);
                    values.add(formula_at.0, formula_at.1);
                    formulas.add(formula_at.0, formula_at.1);
                }
                EOF => break,
                _ => {}
            }
        }
        scanned = scanned.saturating_add(records.consumed as u64);
        if scanned > limits.max_uncompressed_bytes {
            return Err(ReadError::TooLarge {
                what: Oversize::XlsSheets { size: scanned },
                limit: Limit::Bytes(limits.max_uncompressed_bytes),
            });
        }
        let area = reserved.max(values.area()).max(formulas.area());
        cells = cells.saturating_add(area);
        if area > limits.max_cells || cells > limits.max_cells {
            let what = match name {
                Some(sheet) => Oversize::SheetCells { sheet, cells: area },
                None => Oversize::NumberedSheetCells {
                    number: number + 1,
                    cells: area,
                },
            };
            return Err(ReadError::TooLarge {
                what,
                limit: Limit::Cells(limits.max_cells),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::reader::Limits;

    #[test]
    fn refuses_more_sheet_records_than_the_limit_before_scanning_any_sheet() {
        // 100,000 sheet records all pointing at offset 0, then the workbook's end.
        let mut stream = Vec::new();
        for _ in 0..100_000 {
            stream.extend_from_slice(&[0x85, 0x00, 8, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
        }
        stream.extend_from_slice(&[0x0A, 0x00, 0, 0]);
        let message = super::check(&stream, &Limits::default())
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("the workbook declares 100000 sheets (limit 250 sheets)"),
            "{message}"
        );
    }
}
