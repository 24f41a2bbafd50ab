//! The XML parts of an xlsx that calamine sizes by what they declare: the shared strings table and
//! the cell references of every worksheet; never reads a cell's value.

use super::xml::{parse_count, scan_tags};
use super::zip::{ZipReader, read_part, read_part_at};
use crate::reader::meta::check_sheet_count;
use crate::reader::{Damage, GRID_COLUMNS, GRID_ROWS, Limit, Limits, Oversize, ReadError};

/// calamine keeps a name and a path for every sheet `xl/workbook.xml` lists, and the reader looks
/// sheets up by name: more than [`Limits::max_sheets`] is refused before calamine reads the list.
pub(crate) fn check_declared_sheets(
    archive: &mut ZipReader<'_>,
    limits: &Limits,
) -> Result<(), ReadError> {
    let Some(xml) = read_part(archive, "xl/workbook.xml", limits.max_uncompressed_bytes)? else {
        return Ok(());
    };
    let mut sheets: u64 = 0;
    scan_tags(&xml, "xl/workbook.xml", |tag| {
        if tag.is_start() && tag.local_name() == "sheet" {
            sheets += 1;
        }
        Ok(())
    })?;
    check_sheet_count(sheets, limits)
}

/// calamine computes cell positions in 32-bit arithmetic that overflows (and panics in a debug
/// build) on a reference such as `AYYYYYYYYYYYYYYYYYYYY2`: every reference its cells reader
/// parses must lie inside Excel's grid. Every `r` and `ref` of a tag is checked, not only the
/// first: calamine's cells reader keeps the last `r` of a cell it meets before its `s` and `t`.
pub(crate) fn check_worksheet_references(
    archive: &mut ZipReader<'_>,
    limits: &Limits,
) -> Result<(), ReadError> {
    let sheets: Vec<(usize, String)> = (0..archive.len())
        .filter_map(|index| {
            let name = archive.name_for_index(index)?.ok()?.into_owned();
            let lower = name.to_ascii_lowercase().replace('\\', "/");
            (lower.contains("worksheets/") && lower.ends_with(".xml")).then_some((index, name))
        })
        .collect();
    for (index, name) in sheets {
        let xml = read_part_at(archive, index, limits.max_uncompressed_bytes)?;
        scan_tags(&xml, &name, |tag| {
            if !tag.is_start() {
                return Ok(());
            }
            let key = match tag.local_name() {
                "c" | "row" => "r",
                "dimension" | "f" => "ref",
                _ => return Ok(()),
            };
            let outside = tag
                .attributes()
                .find(|(name, reference)| *name == key && !reference.split(':').all(in_grid));
            if let Some((_, reference)) = outside {
                let shown: String = reference.chars().take(40).collect();
                return Err(ReadError::Damaged {
                    detail: Damage::CellOutsideGrid {
                        part: name.to_string(),
                        reference: shown.to_string(),
                    },
                });
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// `C12`, `XFD1048576`, a bare row number (`<row r="12">`) or a bare column: inside the grid.
fn in_grid(reference: &str) -> bool {
    let reference = reference.strip_prefix('$').unwrap_or(reference);
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (column, rest) = reference.split_at(letters);
    let digits = rest.strip_prefix('$').unwrap_or(rest);
    if letters > 3 || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let column = column.bytes().fold(0u64, |total, letter| {
        total * 26 + u64::from(letter.to_ascii_uppercase() - b'A' + 1)
    });
    let row = digits
        .bytes()
        .fold(0u64, |total, digit| total * 10 + u64::from(digit - b'0'));
    column <= GRID_COLUMNS && row <= GRID_ROWS
}

/// calamine reserves room for the `uniqueCount` the shared strings table declares: check it, and
/// the number of strings it really holds, before calamine opens the workbook.
pub(crate) fn check_shared_strings(
    archive: &mut ZipReader<'_>,
    limits: &Limits,
) -> Result<(), ReadError> {
    let tables: Vec<usize> = (0..archive.len())
        .filter(|&index| {
            archive
                .name_for_index(index)
                .and_then(Result::ok)
                .is_some_and(|name| name.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        })
        .collect();
    for index in tables {
        let xml = read_part_at(archive, index, limits.max_uncompressed_bytes)?;
        let name = archive
            .name_for_index(index)
            .and_then(Result::ok)
            .map(|name| name.into_owned())
            .unwrap_or_default();
        let mut strings: u64 = 0;
        scan_tags(&xml, &name, |tag| {
            if !tag.is_start() {
                return Ok(());
            }
            match tag.local_name() {
                "sst" => {
                    if let Some(declared) = tag.attribute("uniqueCount").and_then(parse_count)
                        && declared > limits.max_shared_strings
                    {
                        return Err(ReadError::TooLarge {
                            what: Oversize::StringsDeclared {
                                part: name.to_string(),
                                count: declared,
                            },
                            limit: Limit::Strings(limits.max_shared_strings),
                        });
                    }
                }
                "si" => {
                    strings += 1;
                    if strings > limits.max_shared_strings {
                        return Err(ReadError::TooLarge {
                            what: Oversize::StringsHeld {
                                part: name.to_string(),
                                count: limits.max_shared_strings,
                            },
                            limit: Limit::Strings(limits.max_shared_strings),
                        });
                    }
                }
                _ => {}
            }
            Ok(())
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::reader::tests::support::with_part;
    use crate::reader::{Limits, read_questionnaire};

    #[test]
    fn does_not_let_a_doctype_hide_the_shared_strings_count() {
        let xlsx = with_part(
            "reader/questionnaire-libreoffice.xlsx",
            "xl/sharedStrings.xml",
            |content| {
                content
                    .replace("<sst ", "<!DOCTYPE sst><sst ")
                    .replace("uniqueCount=\"60\"", "uniqueCount=\"4000000000\"")
            },
        );
        let error = read_questionnaire(&xlsx, &Limits::default()).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("`xl/sharedStrings.xml` holds a document type"),
            "{message}"
        );
    }

    #[test]
    fn refuses_cell_references_outside_the_grid_before_calamine_overflows_on_them() {
        // calamine's 32-bit position arithmetic overflows on these: a panic in a debug build.
        let cases = [
            ("<c r=\"B2\"", "<c r=\"AYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY2\""),
            // calamine reads the second `r` (it panicked here before the guard checked it).
            (
                "<c r=\"B2\"",
                "<c r=\"B2\" r=\"AYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY2\"",
            ),
            ("<row r=\"2\"", "<row r=\"99999999999\""),
            (
                "<dimension ref=\"A1:D18\"",
                "<dimension ref=\"A1:D99999999999\"",
            ),
        ];
        for (from, to) in cases {
            let xlsx = with_part(
                "reader/questionnaire-libreoffice.xlsx",
                "xl/worksheets/sheet1.xml",
                |content| content.replacen(from, to, 1),
            );
            let message = read_questionnaire(&xlsx, &Limits::default())
                .unwrap_err()
                .to_string();
            assert!(message.contains("outside Excel's grid"), "{to}: {message}");
            assert!(
                message.contains("`xl/worksheets/sheet1.xml`"),
                "{to}: {message}"
            );
        }
    }
}
