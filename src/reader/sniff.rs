//! Tells what a file's bytes are (a workbook of which kind, or what else), from the bytes alone;
//! never trusts a file name or extension, and never reads a sheet.

use std::collections::HashSet;
use std::panic::catch_unwind;

use super::guard::find;
use super::guard::zip::{ZipReader, open_zip, read_part};
use super::{FileKind, Limits, OtherFile, ReadError, ZipHolds};

/// What a file's bytes are, whatever its name says.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Sniffed {
    /// A workbook this reader opens.
    Workbook(FileKind),
    /// An encrypted Office file (OLE with `EncryptionInfo`/`EncryptedPackage` streams) or a zip
    /// whose parts are encrypted.
    Encrypted,
    /// An Excel binary workbook (.xlsb).
    Xlsb,
    /// A zip archive that holds no workbook; `holds` says what it holds instead.
    ZipNotWorkbook {
        /// E.g. a Word document, or nothing known.
        holds: ZipHolds,
    },
    /// Starts like a zip archive, but its table of contents is missing, broken or out of bounds.
    BrokenZip,
    /// An OLE compound file without a workbook stream, such as a Word .doc.
    OleNotWorkbook,
    /// No bytes at all.
    Empty,
    /// Text (CSV, HTML, XML…); `start` is its first line, shortened.
    Text {
        /// The beginning of the text.
        start: String,
    },
    /// Anything else; `what` says what it is (a PDF document, or its first bytes).
    Other {
        /// What it is.
        what: OtherFile,
    },
}

/// Tells what the bytes are, from their content alone.
///
/// A zip with a `mimetype` entry is an ods (or another OpenDocument file); a zip with
/// `xl/workbook.xml` (or a spreadsheet main part in its content types) is an xlsx, or an xlsm when
/// it holds `vbaProject.bin` or declares the macro-enabled content type; any other zip is not a
/// workbook. An OLE compound file is an xls, or an encrypted Office file when it holds the
/// `EncryptedPackage` or `EncryptionInfo` stream names.
///
/// # Examples
/// ```
/// use klantwaarde::reader::{Sniffed, sniff};
///
/// assert_eq!(sniff(b""), Sniffed::Empty);
/// assert!(matches!(sniff(b"question;score\n1.01;8\n"), Sniffed::Text { .. }));
/// ```
pub fn sniff(bytes: &[u8]) -> Sniffed {
    // Sniffing unpacks no more than the `mimetype` and `[Content_Types].xml` parts, so only the
    // zip format's own entry limit applies.
    let limits = Limits {
        max_zip_entries: usize::from(u16::MAX),
        ..Limits::default()
    };
    let sniffed = catch_unwind(|| match classify(bytes, &limits) {
        Ok((sniffed, _)) => sniffed,
        Err(ReadError::Encrypted) => Sniffed::Encrypted,
        Err(_) => Sniffed::BrokenZip,
    });
    sniffed.unwrap_or(Sniffed::BrokenZip)
}
pub(super) const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
pub(super) const ODS_MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// Sniffs the bytes; for a zip, also returns the opened archive after checking its limits.
pub(crate) fn classify<'a>(
    bytes: &'a [u8],
    limits: &Limits,
) -> Result<(Sniffed, Option<ZipReader<'a>>), ReadError> {
    if bytes.is_empty() {
        return Ok((Sniffed::Empty, None));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let mut archive = open_zip(bytes, limits)?;
        let sniffed = classify_zip(&mut archive);
        return Ok((sniffed, Some(archive)));
    }
    if bytes.starts_with(OLE_MAGIC) {
        let sniffed = if contains_utf16(bytes, "EncryptedPackage")
            || contains_utf16(bytes, "EncryptionInfo")
        {
            Sniffed::Encrypted
        } else if contains_utf16(bytes, "Workbook") || contains_utf16(bytes, "Book") {
            Sniffed::Workbook(FileKind::Xls)
        } else {
            Sniffed::OleNotWorkbook
        };
        return Ok((sniffed, None));
    }
    Ok((classify_other(bytes), None))
}

fn classify_zip(archive: &mut ZipReader<'_>) -> Sniffed {
    let names: HashSet<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|name| name.to_ascii_lowercase())
        .collect();
    if names.contains("mimetype") {
        let mimetype = read_small_part(archive, "mimetype", 200);
        let mimetype = String::from_utf8_lossy(&mimetype).trim().to_string();
        if mimetype == ODS_MIMETYPE {
            return Sniffed::Workbook(FileKind::Ods);
        }
        if mimetype.starts_with("application/vnd.oasis.opendocument.") {
            return Sniffed::ZipNotWorkbook {
                holds: ZipHolds::OpenDocument { mimetype },
            };
        }
    }
    if names.contains("xl/workbook.bin") {
        return Sniffed::Xlsb;
    }
    let mut content_types = read_small_part(archive, "[Content_Types].xml", 1_000_000);
    content_types.make_ascii_lowercase();
    let declares_workbook = find(&content_types, b"spreadsheetml.sheet.main").is_some()
        || find(&content_types, b"sheet.macroenabled.main").is_some();
    if names.contains("xl/workbook.xml") || declares_workbook {
        let macros = names.iter().any(|name| name.ends_with("vbaproject.bin"))
            || find(&content_types, b"macroenabled").is_some();
        return Sniffed::Workbook(if macros {
            FileKind::Xlsm
        } else {
            FileKind::Xlsx
        });
    }
    let holds = if names.contains("word/document.xml") {
        ZipHolds::Word
    } else if names.contains("ppt/presentation.xml") {
        ZipHolds::PowerPoint
    } else {
        ZipHolds::NoWorkbook
    };
    Sniffed::ZipNotWorkbook { holds }
}

/// A small part for sniffing, or nothing when it is missing, larger than `max` or unreadable:
/// sniffing only looks for markers, and the reader checks every part it uses on its own.
fn read_small_part(archive: &mut ZipReader<'_>, name: &str, max: u64) -> Vec<u8> {
    read_part(archive, name, max)
        .unwrap_or_default()
        .unwrap_or_default()
}

fn classify_other(bytes: &[u8]) -> Sniffed {
    let head = &bytes[..bytes.len().min(512)];
    let known: [(&[u8], OtherFile); 5] = [
        (b"%PDF", OtherFile::Pdf),
        (b"\x89PNG", OtherFile::Png),
        (b"\xFF\xD8\xFF", OtherFile::Jpeg),
        (b"GIF8", OtherFile::Gif),
        (b"{\\rtf", OtherFile::Rtf),
    ];
    if let Some((_, what)) = known.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Sniffed::Other { what: what.clone() };
    }
    let texty = head
        .iter()
        .all(|&b| b >= 0x20 || matches!(b, b'\n' | b'\r' | b'\t' | 0x0C));
    if texty {
        let text = String::from_utf8_lossy(head);
        let text = text.trim_start_matches('\u{feff}').trim_start();
        let line = text.lines().next().unwrap_or("");
        let mut start: String = line.chars().take(40).collect();
        if line.chars().count() > 40 {
            start.push('…');
        }
        return Sniffed::Text { start };
    }
    let hex: Vec<String> = head.iter().take(4).map(|b| format!("{b:02X}")).collect();
    Sniffed::Other {
        what: OtherFile::Bytes(hex.join(" ")),
    }
}

fn contains_utf16(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    find(bytes, &needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::tests::support::fixture;

    #[test]
    fn sniffs_by_content_not_by_name() {
        let cases: [(&str, Sniffed); 11] = [
            (
                "reader/questionnaire.xlsx",
                Sniffed::Workbook(FileKind::Xlsx),
            ),
            ("reader/questionnaire.ods", Sniffed::Workbook(FileKind::Ods)),
            ("reader/questionnaire.xls", Sniffed::Workbook(FileKind::Xls)),
            ("hostile/ods-renamed.xlsx", Sniffed::Workbook(FileKind::Ods)),
            ("hostile/bomb.xlsx", Sniffed::Workbook(FileKind::Xlsx)),
            ("hostile/encrypted.xlsx", Sniffed::Encrypted),
            ("hostile/truncated.xlsx", Sniffed::BrokenZip),
            ("hostile/empty.xlsx", Sniffed::Empty),
            (
                "hostile/not-a-workbook.xlsx",
                Sniffed::ZipNotWorkbook {
                    holds: ZipHolds::NoWorkbook,
                },
            ),
            (
                "hostile/text-renamed.xlsx",
                Sniffed::Text {
                    start: "question;kwi;score".to_string(),
                },
            ),
            ("hostile/ole-loop.xls", Sniffed::Workbook(FileKind::Xls)),
        ];
        for (path, expected) in cases {
            assert_eq!(sniff(&fixture(path)), expected, "{path}");
        }
        let pdf = sniff(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3");
        assert_eq!(
            pdf,
            Sniffed::Other {
                what: OtherFile::Pdf
            }
        );
        let binary = sniff(&[0, 1, 2, 3, 4]);
        let what = OtherFile::Bytes("00 01 02 03".to_string());
        assert_eq!(binary, Sniffed::Other { what });
    }
}
