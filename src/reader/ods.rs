//! Reads an ods that the guards passed; never reads one they did not (calamine expands an ods
//! whole, so the guard in `guard::ods` must have bounded it first).
//!
//! calamine 0.38 refuses an ods whose `content.xml` has white space between a row and its cells
//! (`Expecting 'table-cell', found 'Text(…)'`), as Gnumeric, SheetJS and anyone indenting by hand
//! write it; in a text cell it would add that white space to the value. ODF gives white space
//! there no meaning, so [`tidy_content`] removes it (and comments) first, and calamine reads a
//! copy of the zip with the tidied `content.xml`.

use std::io::{Cursor, Write};

use calamine::{Ods, OdsError, Reader};
use quick_xml::events::Event;
use zip::ZipArchive;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::error::calamine_error;
use super::guard::xml::calamine_reader;
use super::guard::zip::broken_zip;
use super::loaded::read_loaded;
use super::{Damage, FileKind, Limits, ReadError, Returned};

/// Reads the ods `bytes`, whose `content.xml` (`content`) the guard has checked.
pub(crate) fn read_ods(
    bytes: &[u8],
    content: &[u8],
    limits: &Limits,
) -> Result<Returned, ReadError> {
    let tidied = tidy_content(content)
        .map(|tidied| with_content(bytes, &tidied))
        .transpose()?;
    let bytes = tidied.as_deref().unwrap_or(bytes);
    open_tidied(bytes, limits)
}

/// The ods `bytes` with `content` (its checked `content.xml`) tidied, when there was anything to
/// tidy.
pub(crate) fn tidied(bytes: &[u8], content: &[u8]) -> Option<Vec<u8>> {
    with_content(bytes, &tidy_content(content)?).ok()
}

fn open_tidied(bytes: &[u8], limits: &Limits) -> Result<Returned, ReadError> {
    let mut workbook = Ods::new(Cursor::new(bytes)).map_err(|error| match error {
        OdsError::Password => ReadError::Encrypted,
        error => calamine_error(error),
    })?;
    let saved_at = workbook
        .workbook_properties()
        .ok()
        .and_then(|properties| properties.modified);
    read_loaded(&mut workbook, FileKind::Ods, saved_at, limits)
}

/// Whether text directly inside the element `name` is content: in ODF's `text:` elements (a
/// paragraph, a span) it is; in the table and office structure white space only lays the file out.
fn holds_text(name: &str) -> bool {
    !(name.starts_with("table:") || name.starts_with("office:"))
}

/// `content.xml` without the white space and comments that sit directly in table or office
/// elements, or `None` when there are none. Tags are kept byte for byte, so what the guard
/// measured still holds; events are delimited by quick-xml configured as calamine configures it,
/// and from the first error on the rest is kept as it is (calamine stops there too).
pub(crate) fn tidy_content(xml: &[u8]) -> Option<Vec<u8>> {
    let mut reader = calamine_reader(xml);
    // Whether each open element holds text; the outermost level does not.
    let mut open: Vec<bool> = Vec::new();
    let mut tidied: Option<Vec<u8>> = None;
    let mut kept_until = 0;
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event();
        let end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let in_text = open.last().copied().unwrap_or(false);
        let drop = match event {
            Ok(Event::Start(tag)) => {
                open.push(holds_text(tag.name().into_inner()));
                false
            }
            Ok(Event::End(_)) => {
                open.pop();
                false
            }
            Ok(Event::Text(text)) => {
                !in_text
                    && text
                        .bytes()
                        .all(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
            }
            Ok(Event::Comment(_)) => !in_text,
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => false,
        };
        if drop && start < end && end <= xml.len() {
            let out = tidied.get_or_insert_with(|| Vec::with_capacity(xml.len()));
            out.extend_from_slice(&xml[kept_until..start]);
            kept_until = end;
        }
    }
    let mut tidied = tidied?;
    tidied.extend_from_slice(&xml[kept_until..]);
    Some(tidied)
}

/// A copy of the zip `bytes` with `content.xml` replaced by `content` (stored, unpacked); every
/// other part is copied as it is packed.
fn with_content(bytes: &[u8], content: &[u8]) -> Result<Vec<u8>, ReadError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| broken_zip())?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    let damaged = |error: zip::result::ZipError| ReadError::Damaged {
        detail: Damage::OdsCopy {
            error: error.to_string(),
        },
    };
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(content.len() as u64 >= u64::from(u32::MAX));
    for index in 0..archive.len() {
        let part = archive.by_index_raw(index).map_err(damaged)?;
        if part.name_raw().eq_ignore_ascii_case(b"content.xml") {
            let name = part.name().map_err(damaged)?.to_string();
            drop(part);
            writer.start_file(name, options).map_err(damaged)?;
            writer
                .write_all(content)
                .map_err(|error| ReadError::Damaged {
                    detail: Damage::OdsCopy {
                        error: error.to_string(),
                    },
                })?;
        } else {
            writer.raw_copy_file(part).map_err(damaged)?;
        }
    }
    Ok(writer.finish().map_err(damaged)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::tidy_content;

    fn tidy(xml: &str) -> String {
        tidy_content(xml.as_bytes())
            .map_or_else(|| xml.to_string(), |t| String::from_utf8(t).unwrap())
    }

    #[test]
    fn removes_layout_white_space_and_comments_but_keeps_text() {
        let xml = "<office:body>\n  <table:table table:name=\"a\">\n    <table:table-row>\n      \
                   <table:table-cell office:value-type=\"string\">\n        <text:p> two  \
                   words </text:p>\n        <text:p><text:span> </text:span></text:p>\n      \
                   </table:table-cell><!-- note -->\n    </table:table-row>\n  </table:table>\n\
                   </office:body>";
        assert_eq!(
            tidy(xml),
            "<office:body><table:table table:name=\"a\"><table:table-row><table:table-cell \
             office:value-type=\"string\"><text:p> two  words </text:p><text:p><text:span> \
             </text:span></text:p></table:table-cell></table:table-row></table:table>\
             </office:body>"
        );
        // Nothing to tidy: no copy.
        assert!(tidy_content(b"<table:table-row><table:table-cell/></table:table-row>").is_none());
        // White space in a paragraph, even alone, is the respondent's.
        assert!(tidy_content(b"<text:p>  </text:p>").is_none());
    }

    #[test]
    fn keeps_everything_after_an_error_as_it_is() {
        let xml = "<table:table>\n<table:table-row>\n<!x>\n</table:table-row>\n</table:table>";
        let tidied = tidy(xml);
        assert!(
            tidied.starts_with("<table:table><table:table-row>"),
            "{tidied}"
        );
        assert!(
            tidied.ends_with("<!x>\n</table:table-row>\n</table:table>"),
            "{tidied}"
        );
    }
}
