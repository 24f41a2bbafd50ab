//! Opens one returned questionnaire from its bytes, guarded against hostile files; knows nothing of
//! the master and never touches the file system (the caller passes the bytes).
//!
//! [`read_questionnaire`] finds out what the bytes are (never trusting a file extension: see
//! [`sniff`]), checks them against [`Limits`] *before* calamine sees them, then reads the hidden
//! `meta` sheet and exactly the cells it names. It returns raw cells: deciding what a score or a
//! mark means is the caller's job.
//!
//! # The `meta` contract (`klantwaarde-questionnaire/1`)
//! Every questionnaire carries a hidden sheet named `meta`. Column A holds keys and column B values,
//! from row 1: `format` (= `klantwaarde-questionnaire/1`), `client`, `supplier`, `period`,
//! `respondent` (initials), `name`, `fingerprint`, `nps_cell`, `remarks_cell`, `nps_reason_cell`,
//! `anonymous_cell`. Then one empty row, a header row `question | kwi | score_cell |
//! relevance_cell | id_cell`, and one row per question. `id_cell`, the cell showing the question id
//! on the answer's row, may be absent (questionnaires made before it was added); when present, the
//! caller can tell from it that rows were inserted or deleted. Cell references read `Sheet!A1` or
//! `'Sheet name'!A1` (`$` markers are accepted). Other columns, and keys this version does not
//! know, are ignored.
//!
//! # Limits
//! calamine 0.38 allocates from what a file *declares*, and Rust aborts the whole process when an
//! allocation fails: no panic handler can catch it, so one hostile attachment would end a run and
//! every good file in it. Every limit below is checked before calamine reads the part it guards.
//! A real questionnaire is 10–30 kB and unpacks to about 100 kB, so the defaults leave a margin of
//! a hundred times or more; each can be lowered or raised through [`Limits`].
//!
//! | limit | default | why |
//! |---|---|---|
//! | file size | 20 MB | a questionnaire with a pasted screenshot stays far below it |
//! | unpacked size of a zip (.xlsx, .ods) | 100 MB | deflate bombs: a 1 MB file can unpack to 1 GB |
//! | parts in a zip | 1,000 | a workbook has a dozen; the zip reader allocates per part |
//! | packing ratio of a part over 1 MB | 100 : 1 | XML packs about 10 : 1; 1,000 : 1 is a bomb |
//! | shared strings (.xlsx) | 100,000 | calamine reserves room for the count the file declares |
//! | materialised cells (.xls, .ods) | 500,000 | those readers hold every sheet as a full rectangle |
//! | rows of the `meta` sheet | 10,000 | `meta` has one row per question, plus a dozen |
//! | questions | 5,000 | the method asks a respondent a few dozen |
//!
//! # How each format is guarded
//! - **xlsx, xlsm**: the zip's declared part count, unpacked sizes and packing ratios are checked
//!   from its central directory; a part whose packed size exceeds what it claims to unpack to is a
//!   lying zip bomb. The zip crate (9.x) also refuses to unpack a part past its declared size, so
//!   the declared sizes bound every read. The shared strings table is unpacked here first and its
//!   `uniqueCount` and `<si>` count checked; every worksheet part is scanned once for cell
//!   references outside Excel's grid (calamine's 32-bit position arithmetic overflows on
//!   `AYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY2`). Sheets are then *streamed* with calamine's
//!   `worksheet_cells_reader`: only the `meta` sheet (capped at its row limit) and the sheets it
//!   names are read, each once, stopping after the last needed row, so a cell at `XFD1048576`
//!   costs nothing. Formulas come from the metadata API, which does not size a vector by a
//!   shared formula's index.
//! - **ods**: calamine expands the whole workbook at once, repeating cells as
//!   `table:number-rows-repeated` and `number-columns-repeated` say. `content.xml` is first scanned
//!   here (a bounded tag scan, no allocation per tag): the rectangle between the first and last
//!   non-empty row and the widest non-empty column of each sheet must stay within the cell limit,
//!   and repeated cell content and `<text:s text:c=…/>` space runs count toward the unpacked size.
//!   Empty cells and rows, which LibreOffice repeats up to the grid's edge, cost nothing and are
//!   allowed. A sheet or comment that never closes is refused: calamine would loop forever on it.
//!   The scan splits tags exactly as quick-xml, calamine's parser, does (a start tag's name runs
//!   to the first white space, an end tag's name is all of it, `<!-->` opens but does not close a
//!   comment), so that both agree on where a sheet ends; a part with a document type declaration
//!   is refused, since quick-xml reads tags inside one differently.
//! - **xls**: an OLE compound file. Its allocation table and the chains calamine follows are
//!   checked here (a chain that loops makes calamine allocate until the process dies), then the
//!   workbook stream's `DIMENSIONS` records and the rectangle of its cell records, which calamine
//!   allocates in full, must stay within the cell limit; the file size cap bounds the rest.
//!
//! Panics inside calamine on malformed records are caught and reported as a damaged file; with
//! [`quiet_caught_panics`] installed (the binary does) their message stays off the terminal. Its xls reader
//! indexes into formula tokens it has not measured: after the checks here, 6 of the 43,520
//! one-byte corruptions of the xls fixture still panic there.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Display;
use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{
    Data, DataRef, Ods, OdsError, Reader, Xls, XlsError, Xlsx, XlsxFormulaMetadata,
    expand_shared_formula,
};
use zip::{CompressionMethod, ZipArchive};

/// The value of `format` in the `meta` sheet that this reader understands.
pub const FORMAT: &str = "klantwaarde-questionnaire/1";

/// A cell's value as the workbook stores it, before any interpretation.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum CellValue {
    /// No value. An empty string is returned as `Empty` too: some writers store one, others
    /// leave the cell out.
    #[default]
    Empty,
    /// A number; calamine reports integers and floats alike as numbers, whatever the writer.
    Number(f64),
    /// Text exactly as stored, untrimmed. (xlsx writers that do not mark surrounding spaces as
    /// preserved lose them: calamine trims those.)
    Text(String),
    /// A boolean.
    Bool(bool),
    /// An Excel error value such as `#DIV/0!`. ods stores errors as text, so from an ods they
    /// arrive as [`CellValue::Text`].
    Error(String),
    /// A date or time as an Excel serial number (days since 1899-12-30).
    DateTime(f64),
}

/// One cell that the `meta` sheet points at.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    /// The reference as written in `meta`, e.g. `Vragenlijst!C12`.
    pub reference: String,
    /// The cached value (for a formula cell: its last computed result, if the writer stored one).
    pub value: CellValue,
    /// The formula, when the cell holds one, as the file stores it (xlsx and xls without a
    /// leading `=`, ods in OpenFormula as `of:=…`).
    pub formula: Option<String>,
}

/// The identifying values of the `meta` sheet, trimmed.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// Always [`FORMAT`]: other formats are refused.
    pub format: String,
    /// The client (klant).
    pub client: String,
    /// The supplier (leverancier).
    pub supplier: String,
    /// The period, e.g. `2011H2`.
    pub period: String,
    /// The respondent's initials.
    pub respondent: String,
    /// The respondent's name.
    pub name: String,
    /// The fingerprint the generator wrote (may be empty).
    pub fingerprint: String,
}

/// One question's answer cells.
#[derive(Debug, Clone, PartialEq)]
pub struct RawAnswer {
    /// The question id, e.g. `1.01`.
    pub question: String,
    /// The KWI id, e.g. `KWI-01`.
    pub kwi: String,
    /// The 1-based row of this question in the `meta` sheet, for messages.
    pub meta_row: u32,
    /// The score cell (cijfer).
    pub score: RawCell,
    /// The relevance cell (`<`, neutral, `>`).
    pub relevance: RawCell,
    /// The cell that shows the question id on the answer's row, when `meta` names one; holding
    /// another value, it says that rows were inserted or deleted above the answer.
    pub id: Option<RawCell>,
}

/// A returned questionnaire as read from its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Returned {
    /// What the bytes turned out to be.
    pub kind: FileKind,
    /// The identifying values of the `meta` sheet.
    pub meta: Meta,
    /// One entry per question row of `meta`, in its order.
    pub answers: Vec<RawAnswer>,
    /// The Net Promoter answer (0–10).
    pub nps: RawCell,
    /// The explanation of the Net Promoter answer.
    pub nps_reason: RawCell,
    /// The free remarks.
    pub remarks: RawCell,
    /// Whether the respondent wishes to stay anonymous.
    pub anonymous: RawCell,
    /// The ISO 8601 "modified" time from `docProps/core.xml` (xlsx) or `meta.xml` (ods), when
    /// present and readable; always `None` for xls.
    pub saved_at: Option<String>,
}

/// The kinds of workbook this reader opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// Office Open XML workbook.
    Xlsx,
    /// Office Open XML workbook with macros (or the macro-enabled content type).
    Xlsm,
    /// Excel 97–2003 workbook (BIFF in an OLE compound file).
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
}

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
        /// E.g. "a Word document", "no workbook".
        holds: String,
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
    /// Anything else; `what` describes it ("a PDF document", "the bytes 00 01 02 03").
    Other {
        /// A short description.
        what: String,
    },
}

/// How much of a file the reader accepts. See the module docs for the defaults and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes (default 20 MB).
    pub max_file_bytes: u64,
    /// Largest total a zip may unpack to, by its declared sizes, and the most that repeated cells
    /// and space runs of an ods may expand to (default 100 MB).
    pub max_uncompressed_bytes: u64,
    /// Most parts a zip may hold (default 1,000).
    pub max_zip_entries: usize,
    /// Highest unpacked-to-packed ratio of a zip part that unpacks to more than 1 MB (default 100).
    pub max_compression_ratio: u64,
    /// Most strings an xlsx shared strings table may declare or hold (default 100,000).
    pub max_shared_strings: u64,
    /// Most cells calamine may materialise for an xls or ods workbook, summed over its sheets
    /// (default 500,000).
    pub max_cells: u64,
    /// Rows of the `meta` sheet: a value in any later row is refused (default 10,000).
    pub max_rows: u32,
    /// Most questions the `meta` sheet may list (default 5,000).
    pub max_questions: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 20_000_000,
            max_uncompressed_bytes: 100_000_000,
            max_zip_entries: 1_000,
            max_compression_ratio: 100,
            max_shared_strings: 100_000,
            max_cells: 500_000,
            max_rows: 10_000,
            max_questions: 5_000,
        }
    }
}

/// Parts that unpack to at most this many bytes are exempt from the ratio limit: small parts can
/// pack very well (a run of identical empty rows) and cannot hurt.
const RATIO_FLOOR_BYTES: u64 = 1_000_000;

/// Why a returned questionnaire could not be read. Every message says what is wrong and what the
/// account manager should do; the caller adds the file name.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file has no bytes.
    #[error("the file is empty (0 bytes); ask the respondent to send the questionnaire again")]
    Empty,
    /// The bytes are not a spreadsheet at all.
    #[error(
        "this is not a spreadsheet ({found}); ask the respondent to send the filled-in \
         questionnaire as an Excel workbook (.xlsx)"
    )]
    NotASpreadsheet {
        /// What the bytes are instead.
        found: String,
    },
    /// The workbook is encrypted with a password.
    #[error("the workbook is password-encrypted; ask the respondent to save it without a password")]
    Encrypted,
    /// An Excel binary workbook, which this reader does not open.
    #[error(
        "this is an Excel binary workbook (.xlsb), which klantwaarde does not read; ask the \
         respondent to save it as an Excel workbook (.xlsx)"
    )]
    Xlsb,
    /// The bytes are a spreadsheet, but broken or cut off.
    #[error(
        "the file is damaged or cut off ({detail}); ask the respondent to save the questionnaire \
         again and send it as an attachment"
    )]
    Damaged {
        /// What is broken.
        detail: String,
    },
    /// A part of the zip unpacks to more than it declares.
    #[error(
        "the file is a zip bomb: {part} unpacks to more than it declares; do not open it, and \
         ask the respondent to send the original questionnaire again"
    )]
    ZipBomb {
        /// Which part, e.g. "part `xl/worksheets/sheet1.xml`".
        part: String,
    },
    /// Over one of the [`Limits`].
    #[error(
        "too large: {what} (limit {limit}); a filled-in questionnaire is far smaller, so ask the \
         respondent to send it again without added pictures, sheets or data"
    )]
    TooLarge {
        /// What is too large, with its size.
        what: String,
        /// The limit, with its unit.
        limit: String,
    },
    /// No sheet named `meta`.
    #[error(
        "the workbook has no `meta` sheet, so it is not a klantwaarde questionnaire or the sheet \
         was deleted; ask the respondent to fill in the original questionnaire"
    )]
    NoMetaSheet,
    /// A key of the contract is missing from column A of `meta`.
    #[error(
        "the `meta` sheet has no `{key}` row in column A, so it was changed or this is not a \
         klantwaarde questionnaire; ask the respondent to fill in the original questionnaire"
    )]
    MissingKey {
        /// The missing key.
        key: &'static str,
    },
    /// `format` names a contract this reader does not know.
    #[error(
        "meta!{cell}: `format` is `{found}`, but this klantwaarde reads `{FORMAT}`; the \
         questionnaire was made by another version of klantwaarde: process it with that version, \
         or send the respondent a newly generated questionnaire"
    )]
    UnknownFormat {
        /// The cell of the value, e.g. `B1`.
        cell: String,
        /// The value found.
        found: String,
    },
    /// No header row `question | kwi | score_cell | relevance_cell`.
    #[error(
        "the `meta` sheet has no header row `question | kwi | score_cell | relevance_cell`, so \
         it was changed; ask the respondent to fill in the original questionnaire"
    )]
    NoQuestionHeader,
    /// A cell reference in `meta` is empty.
    #[error(
        "meta!{cell}: {what} is empty; the `meta` sheet was changed, so ask the respondent to \
         fill in the original questionnaire"
    )]
    EmptyReference {
        /// The cell of the reference, e.g. `C14`.
        cell: String,
        /// Which reference, e.g. "`nps_cell`" or "the score cell of question `1.01`".
        what: String,
    },
    /// A cell reference in `meta` does not parse.
    #[error(
        "meta!{cell}: {what} is `{reference}`, which is not a cell reference; the `meta` sheet \
         was changed, so ask the respondent to fill in the original questionnaire"
    )]
    NotAReference {
        /// The cell of the reference.
        cell: String,
        /// Which reference.
        what: String,
        /// The text found.
        reference: String,
    },
    /// A cell reference in `meta` lies outside Excel's grid.
    #[error(
        "meta!{cell}: {what} is `{reference}`, which lies outside Excel's grid (columns A to \
         XFD, rows 1 to 1048576); the `meta` sheet was changed, so ask the respondent to fill in \
         the original questionnaire"
    )]
    OutsideGrid {
        /// The cell of the reference.
        cell: String,
        /// Which reference.
        what: String,
        /// The text found.
        reference: String,
    },
    /// A cell reference in `meta` names a sheet the workbook does not have.
    #[error(
        "meta!{cell}: {what} points to sheet `{sheet}`, which the workbook does not have; the \
         sheet was renamed or deleted, so ask the respondent to fill in the original \
         questionnaire"
    )]
    UnknownSheet {
        /// The cell of the reference.
        cell: String,
        /// Which reference.
        what: String,
        /// The sheet named.
        sheet: String,
    },
    /// The `meta` sheet said whose questionnaire this is before the reading failed: the file is
    /// unusable, but it is known to be this respondent's.
    #[error("{source}")]
    Identified {
        /// The identifying values read.
        meta: Box<Meta>,
        /// Why the reading failed.
        source: Box<ReadError>,
    },
}

impl ReadError {
    /// Whose questionnaire the unreadable file is, when its `meta` sheet said so.
    pub fn meta(&self) -> Option<&Meta> {
        match self {
            ReadError::Identified { meta, .. } => Some(meta),
            _ => None,
        }
    }

    fn identified(self, meta: &Meta) -> ReadError {
        match self {
            ReadError::Identified { .. } => self,
            other => ReadError::Identified {
                meta: Box::new(meta.clone()),
                source: Box::new(other),
            },
        }
    }
}

/// Reads one returned questionnaire from its bytes.
///
/// # Errors
/// A [`ReadError`] when the bytes are not a readable workbook, are over one of the `limits`, or
/// their `meta` sheet is missing or broken. It never panics and never aborts on hostile input
/// within the limits' reach (see the module docs).
///
/// # Examples
/// ```
/// use klantwaarde::reader::{Limits, ReadError, read_questionnaire};
///
/// let error = read_questionnaire(b"", &Limits::default()).unwrap_err();
/// assert!(matches!(error, ReadError::Empty));
/// ```
pub fn read_questionnaire(bytes: &[u8], limits: &Limits) -> Result<Returned, ReadError> {
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
    guarded(|| read_checked(bytes, limits))
}

/// Everything after the size cap, inside [`guarded`].
fn read_checked(bytes: &[u8], limits: &Limits) -> Result<Returned, ReadError> {
    let (sniffed, archive) = classify(bytes, limits)?;
    let kind = match sniffed {
        Sniffed::Workbook(kind) => kind,
        Sniffed::Encrypted => return Err(ReadError::Encrypted),
        Sniffed::Xlsb => return Err(ReadError::Xlsb),
        Sniffed::ZipNotWorkbook { holds } => {
            return Err(ReadError::NotASpreadsheet {
                found: format!("it is a zip archive holding {holds}"),
            });
        }
        Sniffed::BrokenZip => return Err(broken_zip()),
        Sniffed::OleNotWorkbook => {
            return Err(ReadError::NotASpreadsheet {
                found: "it is an Office file without a workbook in it, such as a Word .doc"
                    .to_string(),
            });
        }
        Sniffed::Empty => return Err(ReadError::Empty),
        Sniffed::Text { start } => {
            return Err(ReadError::NotASpreadsheet {
                found: format!("it is text, starting with `{start}`"),
            });
        }
        Sniffed::Other { what } => {
            return Err(ReadError::NotASpreadsheet {
                found: format!("it is {what}"),
            });
        }
    };
    match (kind, archive) {
        (FileKind::Xlsx | FileKind::Xlsm, Some(mut archive)) => {
            check_zip_sizes(&archive, limits)?;
            check_shared_strings(&mut archive, limits)?;
            check_worksheet_references(&mut archive, limits)?;
            drop(archive);
            read_xlsx(bytes, kind, limits)
        }
        (FileKind::Ods, Some(mut archive)) => {
            check_zip_sizes(&archive, limits)?;
            check_ods(&mut archive, limits)?;
            drop(archive);
            read_ods(bytes, limits)
        }
        (FileKind::Xls, _) => read_xls(bytes, limits),
        (_, None) => Err(broken_zip()),
    }
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

// ---------------------------------------------------------------------------------------------
// Sniffing

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ODS_MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

type ZipReader<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Sniffs the bytes; for a zip, also returns the opened archive after checking its limits.
fn classify<'a>(
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
                holds: format!("an OpenDocument file of type `{mimetype}`"),
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
        "a Word document"
    } else if names.contains("ppt/presentation.xml") {
        "a PowerPoint presentation"
    } else {
        "no workbook"
    };
    Sniffed::ZipNotWorkbook {
        holds: holds.to_string(),
    }
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
    let known: [(&[u8], &str); 5] = [
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG picture"),
        (b"\xFF\xD8\xFF", "a JPEG picture"),
        (b"GIF8", "a GIF picture"),
        (b"{\\rtf", "a rich text (RTF) document"),
    ];
    if let Some((_, what)) = known.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Sniffed::Other {
            what: (*what).to_string(),
        };
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
        what: format!("a file starting with the bytes {}", hex.join(" ")),
    }
}

fn contains_utf16(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    find(bytes, &needle).is_some()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::find(haystack, needle)
}

// ---------------------------------------------------------------------------------------------
// Zip guards (xlsx, xlsm, ods)

fn broken_zip() -> ReadError {
    ReadError::Damaged {
        detail: "it starts like a zip archive (.xlsx or .ods), but its table of contents is \
                 missing or broken, as when a download or attachment is cut off"
            .to_string(),
    }
}

/// Opens the zip after checking the entry count its end record declares (the zip crate reserves
/// memory for that count), and refuses encrypted parts.
fn open_zip<'a>(bytes: &'a [u8], limits: &Limits) -> Result<ZipReader<'a>, ReadError> {
    let declared = declared_zip_entries(bytes);
    if declared > limits.max_zip_entries as u64 {
        return Err(too_many_parts(declared, limits));
    }
    let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| broken_zip())?;
    if archive.len() > limits.max_zip_entries {
        return Err(too_many_parts(archive.len() as u64, limits));
    }
    for index in 0..archive.len() {
        let entry = archive.by_index_data(index).map_err(|_| broken_zip())?;
        if entry.encrypted() {
            return Err(ReadError::Encrypted);
        }
    }
    Ok(archive)
}

/// Checks every part's declared sizes, packing ratio and method before anything is unpacked
/// beyond the few bytes sniffing needs.
fn check_zip_sizes(archive: &ZipReader<'_>, limits: &Limits) -> Result<(), ReadError> {
    let mut total: u64 = 0;
    let mut worst_ratio: Option<(String, u64, u64)> = None;
    for index in 0..archive.len() {
        let entry = archive.by_index_data(index).map_err(|_| broken_zip())?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let method = entry.compression();
        if !matches!(
            method,
            CompressionMethod::Stored | CompressionMethod::Deflated
        ) {
            return Err(ReadError::Damaged {
                detail: format!(
                    "part `{name}` is packed with {method}, which spreadsheet programs do not use"
                ),
            });
        }
        let size = entry.size();
        let packed = entry.compressed_size();
        // Deflate never grows data by more than a few bytes per 64 kB block: a part that is
        // larger packed than it claims to be unpacked lies about its size.
        if packed > size.saturating_add(size / 1_000).saturating_add(1_024) {
            return Err(ReadError::ZipBomb {
                part: format!("part `{name}`"),
            });
        }
        total = total.saturating_add(size);
        let ratio = size / packed.max(1);
        if size > RATIO_FLOOR_BYTES
            && ratio > limits.max_compression_ratio
            && worst_ratio
                .as_ref()
                .is_none_or(|(_, _, worst)| ratio > *worst)
        {
            worst_ratio = Some((name, size, ratio));
        }
    }
    if total > limits.max_uncompressed_bytes {
        return Err(ReadError::TooLarge {
            what: format!("the zip archive unpacks to {}", human_bytes(total)),
            limit: human_bytes(limits.max_uncompressed_bytes),
        });
    }
    if let Some((name, size, ratio)) = worst_ratio {
        return Err(ReadError::TooLarge {
            what: format!(
                "part `{name}` unpacks to {}, {ratio} times its packed size",
                human_bytes(size)
            ),
            limit: format!(
                "{} times, for parts over {}",
                limits.max_compression_ratio,
                human_bytes(RATIO_FLOOR_BYTES)
            ),
        });
    }
    Ok(())
}

fn too_many_parts(count: u64, limits: &Limits) -> ReadError {
    ReadError::TooLarge {
        what: format!("the zip archive holds {count} parts"),
        limit: format!("{} parts", limits.max_zip_entries),
    }
}

/// The largest entry count declared by an end-of-central-directory record (or its zip64 form)
/// near the end of the file. 0 when there is none: the zip crate then refuses the file itself.
fn declared_zip_entries(bytes: &[u8]) -> u64 {
    if bytes.len() < 22 {
        return 0;
    }
    let lowest = bytes.len().saturating_sub(22 + 65_535);
    let mut most = 0;
    for at in (lowest..=bytes.len() - 22).rev() {
        if &bytes[at..at + 4] != b"PK\x05\x06" {
            continue;
        }
        let mut count = u64::from(le_u16(bytes, at + 10));
        let zip64_locator = at.checked_sub(20);
        if let Some(locator) = zip64_locator
            && &bytes[locator..locator + 4] == b"PK\x06\x07"
        {
            let record = le_u64(bytes, locator + 8);
            if let Ok(record) = usize::try_from(record)
                && record.checked_add(40).is_some_and(|end| end <= bytes.len())
                && &bytes[record..record + 4] == b"PK\x06\x06"
            {
                count = count.max(le_u64(bytes, record + 32));
            }
        }
        most = most.max(count);
    }
    most
}

/// Unpacks one part (matched case-insensitively, as calamine does), refusing more than `max`
/// bytes. `None` when there is no such part.
fn read_part(
    archive: &mut ZipReader<'_>,
    name: &str,
    max: u64,
) -> Result<Option<Vec<u8>>, ReadError> {
    let index = archive.index_for_name(name).or_else(|| {
        (0..archive.len()).find(|&index| {
            archive
                .name_for_index(index)
                .and_then(Result::ok)
                .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name))
        })
    });
    let Some(index) = index else {
        return Ok(None);
    };
    read_part_at(archive, index, max).map(Some)
}

fn read_part_at(archive: &mut ZipReader<'_>, index: usize, max: u64) -> Result<Vec<u8>, ReadError> {
    let mut file = archive
        .by_index(index)
        .map_err(|error| ReadError::Damaged {
            detail: format!("a part of the zip cannot be opened: {error}"),
        })?;
    let name = String::from_utf8_lossy(file.name_raw()).into_owned();
    let declared = file.size();
    if declared > max {
        return Err(ReadError::TooLarge {
            what: format!("part `{name}` unpacks to {}", human_bytes(declared)),
            limit: human_bytes(max),
        });
    }
    // `declared <= max`, which the caller bounds by the unpacked-size limit.
    let mut buffer = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    let read = (&mut file)
        .take(declared.saturating_add(1))
        .read_to_end(&mut buffer);
    match read {
        Ok(_) if buffer.len() as u64 > declared => Err(ReadError::ZipBomb {
            part: format!("part `{name}`"),
        }),
        Ok(_) => Ok(buffer),
        Err(error) if is_size_lie(&error.to_string()) => Err(ReadError::ZipBomb {
            part: format!("part `{name}`"),
        }),
        Err(error) => Err(ReadError::Damaged {
            detail: format!("part `{name}` cannot be unpacked: {error}"),
        }),
    }
}

/// The zip crate's words for a part that unpacks past its declared size.
fn is_size_lie(message: &str) -> bool {
    message.contains("larger than its declared")
}

/// calamine computes cell positions in 32-bit arithmetic that overflows (and panics in a debug
/// build) on a reference such as `AYYYYYYYYYYYYYYYYYYYY2`: every reference its cells reader
/// parses must lie inside Excel's grid.
fn check_worksheet_references(
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
        let mut tags = Tags::new(&xml);
        for tag in tags.by_ref() {
            if tag.closing {
                continue;
            }
            let reference = match tag.local_name() {
                b"c" | b"row" => tag.attribute(b"r"),
                b"dimension" | b"f" => tag.attribute(b"ref"),
                _ => None,
            };
            if let Some(reference) = reference
                && !reference.split(|&b| b == b':').all(in_grid)
            {
                let shown: String = String::from_utf8_lossy(reference)
                    .chars()
                    .take(40)
                    .collect();
                return Err(ReadError::Damaged {
                    detail: format!("`{name}` has a cell reference `{shown}` outside Excel's grid"),
                });
            }
        }
        if tags.unusual {
            return Err(unusual_markup(&name));
        }
    }
    Ok(())
}

/// `C12`, `XFD1048576`, a bare row number (`<row r="12">`) or a bare column: inside the grid.
fn in_grid(reference: &[u8]) -> bool {
    let reference = reference.strip_prefix(b"$").unwrap_or(reference);
    let letters = reference
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let (column, rest) = reference.split_at(letters);
    let digits = rest.strip_prefix(b"$").unwrap_or(rest);
    if letters > 3 || digits.len() > 7 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let column = column.iter().fold(0u64, |total, letter| {
        total * 26 + u64::from(letter.to_ascii_uppercase() - b'A' + 1)
    });
    let row = digits
        .iter()
        .fold(0u64, |total, digit| total * 10 + u64::from(digit - b'0'));
    column <= GRID_COLUMNS && row <= GRID_ROWS
}

/// calamine reserves room for the `uniqueCount` the shared strings table declares: check it, and
/// the number of strings it really holds, before calamine opens the workbook.
fn check_shared_strings(archive: &mut ZipReader<'_>, limits: &Limits) -> Result<(), ReadError> {
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
        let mut tags = Tags::new(&xml);
        for tag in tags.by_ref() {
            if tag.closing {
                continue;
            }
            match tag.local_name() {
                b"sst" => {
                    if let Some(declared) = tag.attribute(b"uniqueCount").and_then(parse_count)
                        && declared > limits.max_shared_strings
                    {
                        return Err(ReadError::TooLarge {
                            what: format!(
                                "the shared strings table `{name}` declares {declared} strings"
                            ),
                            limit: format!("{} strings", limits.max_shared_strings),
                        });
                    }
                }
                b"si" => {
                    strings += 1;
                    if strings > limits.max_shared_strings {
                        return Err(ReadError::TooLarge {
                            what: format!(
                                "the shared strings table `{name}` holds more than {} strings",
                                limits.max_shared_strings
                            ),
                            limit: format!("{} strings", limits.max_shared_strings),
                        });
                    }
                }
                _ => {}
            }
        }
        if tags.unusual {
            return Err(unusual_markup(&name));
        }
    }
    Ok(())
}

/// A document type declaration could hide tags from the scan that calamine's parser sees.
fn unusual_markup(part: &str) -> ReadError {
    ReadError::Damaged {
        detail: format!(
            "`{part}` holds a document type declaration or other `<!` markup, which spreadsheet \
             programs do not write"
        ),
    }
}

/// Digits only, saturating; `None` for anything else (calamine ignores such a count too).
fn parse_count(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0u64, |total, digit| {
        total
            .saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    }))
}

// ---------------------------------------------------------------------------------------------
// xlsx

fn read_xlsx(bytes: &[u8], kind: FileKind, limits: &Limits) -> Result<Returned, ReadError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(calamine_error)?;
    let sheets = workbook.sheet_names();
    let meta_sheet = meta_sheet_index(&sheets)?;
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

// ---------------------------------------------------------------------------------------------
// ods

/// Checks an ods before calamine expands it: encryption, then the scan of `content.xml`.
fn check_ods(archive: &mut ZipReader<'_>, limits: &Limits) -> Result<(), ReadError> {
    if let Some(manifest) = read_part(
        archive,
        "META-INF/manifest.xml",
        limits.max_uncompressed_bytes,
    )? && find(&manifest, b"manifest:encryption-data").is_some()
    {
        return Err(ReadError::Encrypted);
    }
    let content =
        read_part(archive, "content.xml", limits.max_uncompressed_bytes)?.ok_or_else(|| {
            ReadError::Damaged {
                detail: "the OpenDocument file has no `content.xml`".to_string(),
            }
        })?;
    check_ods_content(&content, limits)
}

/// The repeat counts calamine caps a sheet at.
const GRID_ROWS: u64 = 1_048_576;
const GRID_COLUMNS: u64 = 16_384;

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
    fn new(name: &[u8]) -> Self {
        TableScan {
            name: String::from_utf8_lossy(name).into_owned(),
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
enum Place<'a> {
    /// Between sheets: rows and cells here are never read.
    Outside,
    /// In a sheet, between rows: only a row start or the sheet's end tag matter.
    Sheet(TableScan),
    /// In a row of a sheet.
    Row(TableScan),
    /// In a cell of a row.
    Cell(TableScan, CellScan<'a>),
}

/// How calamine consumes the content of one cell.
struct CellScan<'a> {
    /// The cell's tag name (`table:table-cell` or `table:covered-table-cell`).
    name: &'a [u8],
    /// A text cell is read until the first cell end tag of either name; any other cell until
    /// the end tag of its own name, counting nested ones.
    text: bool,
    depth: u32,
    /// In a comment, which is read until its end tag, whatever comes first.
    in_comment: bool,
    /// How often calamine copies the cell, and where it started.
    copies: u64,
    start: usize,
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
            b"office:value"
            | b"office:date-value"
            | b"office:time-value"
            | b"office:boolean-value"
                if !value_set =>
            {
                value_set = true;
            }
            b"office:string-value" if !value_set => {
                value_set = true;
                empty_string = value.is_empty();
            }
            b"office:value-type" if !value_set => string_type = value == b"string",
            b"calcext:value-type" => error = value == b"error",
            _ => {}
        }
    }
    (!value_set && string_type) || (error && empty_string)
}

/// Mirrors how calamine's ods reader consumes `content.xml` and expands repeats: every non-empty
/// cell is materialised as often as its row and column repeats say, and each sheet becomes the
/// full rectangle from its first to its last non-empty row, as wide as its widest non-empty row.
/// Empty cells repeated to the edge of a row are never materialised.
fn check_ods_content(xml: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let mut expanded = xml.len() as u64;
    let mut cells: u64 = 0;
    let mut place = Place::Outside;
    let too_many_cells = |scan: &TableScan| ReadError::TooLarge {
        what: format!(
            "sheet `{}` would expand to {} cells",
            scan.name,
            scan.cells()
        ),
        limit: format!("{} cells", limits.max_cells),
    };
    let mut tags = Tags::new(xml);
    for tag in tags.by_ref() {
        let opening = !tag.closing;
        place = match place {
            Place::Outside => match tag.name {
                // calamine reads only named sheets; a self-closing one is empty.
                b"table:table" if opening && !tag.self_closing => {
                    match tag.attribute(b"table:name") {
                        Some(name) => Place::Sheet(TableScan::new(name)),
                        None => Place::Outside,
                    }
                }
                _ => Place::Outside,
            },
            Place::Sheet(mut scan) => match tag.name {
                b"table:table" if tag.closing => {
                    cells = cells.saturating_add(scan.cells());
                    if cells > limits.max_cells {
                        return Err(too_many_cells(&scan));
                    }
                    Place::Outside
                }
                b"table:table-row" if opening => {
                    let repeat = tag
                        .attribute(b"table:number-rows-repeated")
                        .and_then(parse_count)
                        .unwrap_or(1);
                    scan.start_row(repeat);
                    if tag.self_closing {
                        scan.end_row();
                        Place::Sheet(scan)
                    } else {
                        Place::Row(scan)
                    }
                }
                _ => Place::Sheet(scan),
            },
            Place::Row(mut scan) => match tag.name {
                b"table:table-row" if tag.closing => {
                    scan.end_row();
                    Place::Sheet(scan)
                }
                b"table:table-cell" | b"table:covered-table-cell" if opening => {
                    let repeat = tag
                        .attribute(b"table:number-columns-repeated")
                        .and_then(parse_count)
                        .unwrap_or(1)
                        .min(GRID_COLUMNS.saturating_sub(scan.column));
                    let has_content = tag.attributes().any(|(name, _)| {
                        matches!(
                            name,
                            b"office:value-type"
                                | b"office:value"
                                | b"office:string-value"
                                | b"office:date-value"
                                | b"office:time-value"
                                | b"office:boolean-value"
                                | b"calcext:value-type"
                                | b"table:formula"
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
                    if tag.self_closing {
                        let length = (tag.end - tag.start) as u64;
                        expanded = expanded
                            .saturating_add(length.saturating_mul(copies.saturating_sub(1)));
                        Place::Row(scan)
                    } else {
                        let cell = CellScan {
                            name: tag.name,
                            text: is_text_cell(&tag),
                            depth: 0,
                            in_comment: false,
                            copies,
                            start: tag.start,
                        };
                        Place::Cell(scan, cell)
                    }
                }
                _ => Place::Row(scan),
            },
            Place::Cell(scan, mut cell) => {
                let ends_cell = tag.closing
                    && if cell.text {
                        matches!(tag.name, b"table:table-cell" | b"table:covered-table-cell")
                    } else if tag.name == cell.name {
                        let outermost = cell.depth == 0;
                        cell.depth = cell.depth.saturating_sub(1);
                        outermost
                    } else {
                        false
                    };
                if cell.in_comment {
                    cell.in_comment = !(tag.closing && tag.name == b"office:annotation");
                    Place::Cell(scan, cell)
                } else if ends_cell {
                    let length = (tag.end - cell.start) as u64;
                    expanded = expanded
                        .saturating_add(length.saturating_mul(cell.copies.saturating_sub(1)));
                    Place::Row(scan)
                } else {
                    if opening && !tag.self_closing {
                        if cell.text && tag.name == b"office:annotation" {
                            cell.in_comment = true;
                        } else if !cell.text && tag.name == cell.name {
                            cell.depth += 1;
                        }
                    }
                    if opening && tag.name == b"text:s" {
                        let spaces = tag.attribute(b"text:c").and_then(parse_count).unwrap_or(1);
                        expanded = expanded.saturating_add(spaces.saturating_mul(cell.copies));
                    }
                    Place::Cell(scan, cell)
                }
            }
        };
        if expanded > limits.max_uncompressed_bytes {
            return Err(ReadError::TooLarge {
                what: format!(
                    "`content.xml` expands to at least {} once its repeated cells and runs of \
                     spaces are counted",
                    human_bytes(expanded)
                ),
                limit: human_bytes(limits.max_uncompressed_bytes),
            });
        }
    }
    if tags.unusual {
        return Err(unusual_markup("content.xml"));
    }
    // calamine reads a sheet until its end tag, and a comment in a cell likewise, and never
    // stops at the end of the file: it would loop forever. (A row or cell cut off ends in an
    // error there; refused here all the same.)
    match place {
        Place::Outside => Ok(()),
        Place::Cell(
            _,
            CellScan {
                in_comment: true, ..
            },
        ) => Err(ReadError::Damaged {
            detail: "a comment in `content.xml` never ends".to_string(),
        }),
        Place::Sheet(scan) | Place::Row(scan) | Place::Cell(scan, _) => Err(ReadError::Damaged {
            detail: format!("sheet `{}` of `content.xml` never ends", scan.name),
        }),
    }
}

fn read_ods(bytes: &[u8], limits: &Limits) -> Result<Returned, ReadError> {
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

// ---------------------------------------------------------------------------------------------
// xls

fn read_xls(bytes: &[u8], limits: &Limits) -> Result<Returned, ReadError> {
    let stream = ole::workbook_stream(bytes)?;
    biff::check(&stream, limits)?;
    drop(stream);
    let mut workbook = Xls::new(Cursor::new(bytes)).map_err(|error| match error {
        XlsError::Password => ReadError::Encrypted,
        error => calamine_error(error),
    })?;
    read_loaded(&mut workbook, FileKind::Xls, None, limits)
}

/// The OLE compound file, read the way calamine reads it, so that every chain calamine follows
/// is known to end and every sector it reads is known to exist.
mod ole {
    use super::{ReadError, le_u16, le_u32, le_u64};

    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
    const RESERVED: u32 = 0xFFFF_FFFA;
    const MINI_SECTOR: usize = 64;
    const MINI_STREAM_CUTOFF: usize = 4096;

    fn damaged(reason: &str) -> ReadError {
        ReadError::Damaged {
            detail: format!("the .xls file's inner structure is broken: {reason}"),
        }
    }

    struct Sectors<'a> {
        data: &'a [u8],
        size: usize,
    }

    impl<'a> Sectors<'a> {
        fn count(&self) -> usize {
            self.data.len().div_ceil(self.size)
        }

        fn get(&self, id: u32) -> Result<&'a [u8], ReadError> {
            let start = (id as usize)
                .checked_mul(self.size)
                .filter(|&start| start < self.data.len())
                .ok_or_else(|| damaged("a sector lies beyond the end of the file"))?;
            Ok(&self.data[start..(start + self.size).min(self.data.len())])
        }

        /// A chain as calamine copies it: sector by sector until `len` bytes or the end mark.
        fn chain(&self, start: u32, table: &[u32], len: usize) -> Result<Vec<u8>, ReadError> {
            let mut out = Vec::new();
            let mut id = start;
            let mut steps = 0;
            while id != END_OF_CHAIN {
                steps += 1;
                if steps > self.count() {
                    return Err(damaged("a chain of sectors loops"));
                }
                let sector = self.get(id)?;
                let wanted = len - out.len();
                out.extend_from_slice(&sector[..sector.len().min(wanted)]);
                if out.len() >= len {
                    break;
                }
                id = *table
                    .get(id as usize)
                    .ok_or_else(|| damaged("a chain of sectors leaves the allocation table"))?;
            }
            Ok(out)
        }
    }

    struct Entry {
        name: String,
        start: u32,
        len: usize,
    }

    /// A directory entry's name as calamine decodes it (encoding_rs's UTF-16LE decoder, which
    /// honours a byte order mark), cut at the first NUL.
    fn entry_name(raw: &[u8]) -> String {
        let mut name = if let Some(rest) = raw.strip_prefix(b"\xEF\xBB\xBF") {
            String::from_utf8_lossy(rest).into_owned()
        } else if let Some(rest) = raw.strip_prefix(b"\xFE\xFF") {
            char::decode_utf16(
                rest.chunks_exact(2)
                    .map(|p| u16::from_be_bytes([p[0], p[1]])),
            )
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
        } else {
            let rest = raw.strip_prefix(b"\xFF\xFE").unwrap_or(raw);
            char::decode_utf16(
                rest.chunks_exact(2)
                    .map(|p| u16::from_le_bytes([p[0], p[1]])),
            )
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
        };
        if let Some(nul) = name.find('\0') {
            name.truncate(nul);
        }
        name
    }

    /// The `Workbook` (or `Book`) stream, exactly as calamine will see it.
    pub(super) fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
        if bytes.len() < 512 {
            return Err(damaged("the header is cut off"));
        }
        let version = le_u16(bytes, 26);
        let (size, header) = match le_u16(bytes, 30) {
            9 => (512, 512),
            12 => (4096, 4096),
            _ => return Err(damaged("the sector size is not 512 or 4096 bytes")),
        };
        if bytes.len() < header {
            return Err(damaged("the header is cut off"));
        }
        if le_u16(bytes, 32) != 6 {
            return Err(damaged("the mini sector size is not 64 bytes"));
        }
        let dir_start = le_u32(bytes, 48);
        let mini_fat_start = le_u32(bytes, 60);
        let mini_fat_len = le_u32(bytes, 64) as usize;
        let difat_start = le_u32(bytes, 68);
        let sectors = Sectors {
            data: &bytes[header..],
            size,
        };
        let mut difat: Vec<u32> = (76..512).step_by(4).map(|at| le_u32(bytes, at)).collect();
        let mut id = difat_start;
        let mut difat_sectors = 0;
        while id < RESERVED {
            difat_sectors += 1;
            if difat_sectors > sectors.count() + 1 {
                return Err(damaged("the sector index chain loops"));
            }
            difat.extend(u32s(sectors.get(id)?));
            id = difat
                .pop()
                .ok_or_else(|| damaged("the sector index is empty"))?;
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < DIFAT_SECTOR).collect();
        // A file cannot hold more allocation-table sectors than sectors: calamine would read
        // each one listed, however often.
        if fat_sectors.len() > sectors.count() {
            return Err(damaged("the allocation table is larger than the file"));
        }
        let mut fat = Vec::new();
        for id in fat_sectors {
            fat.extend(u32s(sectors.get(id)?));
        }
        let directory = sectors.chain(dir_start, &fat, usize::MAX)?;
        let entries: Vec<Entry> = directory
            .chunks_exact(128)
            .map(|raw| Entry {
                name: entry_name(&raw[..64]),
                start: le_u32(raw, 116),
                len: if size == 512 {
                    le_u32(raw, 120) as usize
                } else {
                    usize::try_from(le_u64(raw, 120)).unwrap_or(usize::MAX)
                },
            })
            .collect();
        let Some(root) = entries.first() else {
            return Err(damaged("the directory is empty"));
        };
        if version != 3 && root.start == END_OF_CHAIN {
            return Err(damaged("the directory is empty"));
        }
        if entries
            .iter()
            .any(|entry| entry.name == "EncryptedPackage" || entry.name == "EncryptionInfo")
        {
            return Err(ReadError::Encrypted);
        }
        let (mini_fat, mini_stream) = if mini_fat_len > 0 {
            let mini_stream = sectors.chain(root.start, &fat, root.len)?;
            let mini_fat = sectors.chain(mini_fat_start, &fat, mini_fat_len * size)?;
            (u32s(&mini_fat).collect::<Vec<u32>>(), mini_stream)
        } else {
            (Vec::new(), Vec::new())
        };
        let find = |wanted: &str| {
            entries.iter().find(|entry| {
                entry
                    .name
                    .as_bytes()
                    .eq_ignore_ascii_case(wanted.as_bytes())
            })
        };
        let Some(workbook) = find("Workbook").or_else(|| find("Book")) else {
            return Err(super::ReadError::NotASpreadsheet {
                found: "it is an Office file without a workbook in it, such as a Word .doc"
                    .to_string(),
            });
        };
        if workbook.len < MINI_STREAM_CUTOFF {
            // Mini sectors must lie wholly inside the mini stream: calamine fills a short one
            // from elsewhere in the file.
            let whole = mini_stream.len() / MINI_SECTOR * MINI_SECTOR;
            let minis = Sectors {
                data: &mini_stream[..whole],
                size: MINI_SECTOR,
            };
            minis.chain(workbook.start, &mini_fat, workbook.len)
        } else {
            sectors.chain(workbook.start, &fat, workbook.len)
        }
    }

    fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
        bytes
            .chunks_exact(4)
            .map(|chunk| u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
    }
}

/// The BIFF records of the workbook stream, walked the way calamine walks them.
mod biff {
    use super::{Limits, ReadError, human_bytes, le_u16, le_u32};

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

    fn damaged(reason: &str) -> ReadError {
        ReadError::Damaged {
            detail: format!("the .xls workbook stream is broken: {reason}"),
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
                return (!self.stream.is_empty()).then(|| Err(damaged("a record is cut off")));
            }
            let kind = le_u16(self.stream, 0);
            let len = le_u16(self.stream, 2) as usize;
            if self.stream.len() < len + 4 {
                return Some(Err(damaged("a record is cut off")));
            }
            let data = &self.stream[4..4 + len];
            self.advance(len + 4);
            while self.stream.len() > 4 && le_u16(self.stream, 0) == CONTINUE {
                let len = le_u16(self.stream, 2) as usize;
                if self.stream.len() < len + 4 {
                    return Some(Err(damaged("a record is cut off")));
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

    fn sheet_name(data: &[u8], number: usize) -> String {
        let fallback = || format!("number {}", number + 1);
        if data.len() < 8 {
            return fallback();
        }
        let length = data[6] as usize;
        let bytes = &data[8.min(data.len())..];
        if data[7] & 1 == 1 {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .take(length)
                .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            bytes.iter().take(length).map(|&b| char::from(b)).collect()
        }
    }

    pub(super) fn check(stream: &[u8], limits: &Limits) -> Result<(), ReadError> {
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
                        return Err(damaged("a sheet record is too short"));
                    }
                    sheets.push((le_u32(data, 0) as usize, sheet_name(data, sheets.len())));
                }
                EOF => break,
                _ => {}
            }
        }
        let mut cells: u64 = 0;
        let mut scanned: u64 = 0;
        for (position, name) in sheets {
            let Some(sheet) = stream.get(position..) else {
                return Err(damaged("a sheet starts beyond the end of the stream"));
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
                            return Err(damaged("a row of numbers ends before it starts"));
                        }
                        values.add(row, first);
                        values.add(row, last);
                    }
                    FORMULA if data.len() >= 20 => {
                        // calamine slices the formula's tokens by the length they declare.
                        let tokens = &data[20..];
                        if tokens.len() < 2 || 2 + le_u16(tokens, 0) as usize > tokens.len() {
                            return Err(damaged("a formula is longer than its record"));
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
                    what: format!(
                        "the sheets of the .xls file add up to at least {}",
                        human_bytes(scanned)
                    ),
                    limit: human_bytes(limits.max_uncompressed_bytes),
                });
            }
            let area = reserved.max(values.area()).max(formulas.area());
            cells = cells.saturating_add(area);
            if area > limits.max_cells || cells > limits.max_cells {
                return Err(ReadError::TooLarge {
                    what: format!("sheet `{name}` would expand to {area} cells"),
                    limit: format!("{} cells", limits.max_cells),
                });
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Workbooks calamine loads whole (ods, xls)

fn read_loaded<'a, R>(
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
    let meta_sheet = meta_sheet_index(&sheets)?;
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

thread_local! {
    /// Whether this thread is inside [`guarded`], whose panics become a [`ReadError`].
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keeps the panic message of a damaged file out of the user's terminal: a panic that
/// [`read_questionnaire`] turns into a [`ReadError`] is reported as that error, with the file's
/// name; any other panic (a bug) still prints as before. Call once, early in `main`.
pub fn quiet_caught_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !GUARDED.with(std::cell::Cell::get) {
            previous(info);
        }
    }));
}

/// Runs the reading, turning a panic on a malformed file (seen in calamine's xls reader, whose
/// records index into data they have not measured) into [`ReadError::Damaged`].
fn guarded(read: impl FnOnce() -> Result<Returned, ReadError>) -> Result<Returned, ReadError> {
    GUARDED.with(|guarded| guarded.set(true));
    let result = catch_unwind(AssertUnwindSafe(read));
    GUARDED.with(|guarded| guarded.set(false));
    result.unwrap_or_else(|_| {
        Err(ReadError::Damaged {
            detail: "the spreadsheet reader failed on its structure".to_string(),
        })
    })
}

fn calamine_error(error: impl Display) -> ReadError {
    let message = error.to_string();
    if is_size_lie(&message) {
        return ReadError::ZipBomb {
            part: "one of its parts".to_string(),
        };
    }
    ReadError::Damaged {
        detail: format!("the spreadsheet reader says: {message}"),
    }
}

fn meta_sheet_index(sheets: &[String]) -> Result<usize, ReadError> {
    sheets
        .iter()
        .position(|name| name == "meta")
        .or_else(|| {
            sheets
                .iter()
                .position(|name| name.eq_ignore_ascii_case("meta"))
        })
        .ok_or(ReadError::NoMetaSheet)
}

// ---------------------------------------------------------------------------------------------
// The meta sheet

/// Columns A–D of the `meta` sheet, by 0-based row.
#[derive(Default)]
struct MetaGrid {
    rows: BTreeMap<u32, [CellValue; 5]>,
}

impl MetaGrid {
    fn put(
        &mut self,
        row: u32,
        column: u32,
        value: CellValue,
        limits: &Limits,
    ) -> Result<(), ReadError> {
        if value == CellValue::Empty {
            return Ok(());
        }
        if row >= limits.max_rows {
            return Err(ReadError::TooLarge {
                what: format!("the `meta` sheet has a value in cell {}", a1(row, column)),
                limit: format!("{} rows", limits.max_rows),
            });
        }
        if let Some(slot) = usize::try_from(column).ok().filter(|&column| column < 5) {
            self.rows.entry(row).or_default()[slot] = value;
        }
        Ok(())
    }
}

const KEYS: [&str; 11] = [
    "format",
    "client",
    "supplier",
    "period",
    "respondent",
    "name",
    "fingerprint",
    "nps_cell",
    "remarks_cell",
    "nps_reason_cell",
    "anonymous_cell",
];

/// A cell that `meta` points at, resolved to a sheet of the workbook.
struct Target {
    written: String,
    sheet: usize,
    row: u32,
    column: u32,
}

struct Question {
    question: String,
    kwi: String,
    meta_row: u32,
    score: Target,
    relevance: Target,
    id: Option<Target>,
}

struct Plan {
    meta: Meta,
    nps: Target,
    nps_reason: Target,
    remarks: Target,
    anonymous: Target,
    questions: Vec<Question>,
}

type Found = HashMap<(usize, u32, u32), (CellValue, Option<String>)>;

impl Plan {
    fn targets(&self) -> impl Iterator<Item = &Target> {
        [&self.nps, &self.nps_reason, &self.remarks, &self.anonymous]
            .into_iter()
            .chain(self.questions.iter().flat_map(|question| {
                [&question.score, &question.relevance]
                    .into_iter()
                    .chain(&question.id)
            }))
    }

    /// The cells to read, by sheet index.
    fn wanted(&self) -> BTreeMap<usize, BTreeSet<(u32, u32)>> {
        let mut wanted: BTreeMap<usize, BTreeSet<(u32, u32)>> = BTreeMap::new();
        for target in self.targets() {
            wanted
                .entry(target.sheet)
                .or_default()
                .insert((target.row, target.column));
        }
        wanted
    }

    fn into_returned(self, kind: FileKind, found: &Found, saved_at: Option<String>) -> Returned {
        let cell = |target: Target| {
            let (value, formula) = found
                .get(&(target.sheet, target.row, target.column))
                .cloned()
                .unwrap_or_default();
            RawCell {
                reference: target.written,
                value,
                formula,
            }
        };
        Returned {
            kind,
            meta: self.meta,
            answers: self
                .questions
                .into_iter()
                .map(|question| RawAnswer {
                    question: question.question,
                    kwi: question.kwi,
                    meta_row: question.meta_row,
                    score: cell(question.score),
                    relevance: cell(question.relevance),
                    id: question.id.map(cell),
                })
                .collect(),
            nps: cell(self.nps),
            nps_reason: cell(self.nps_reason),
            remarks: cell(self.remarks),
            anonymous: cell(self.anonymous),
            saved_at,
        }
    }
}

fn parse_meta(grid: &MetaGrid, sheets: &[String], limits: &Limits) -> Result<Plan, ReadError> {
    let mut values: HashMap<&'static str, (&CellValue, u32)> = HashMap::new();
    let mut header = None;
    let mut with_id = false;
    let mut question_rows = Vec::new();
    for (&row, cells) in &grid.rows {
        let first = meta_text(&cells[0]);
        if header.is_none() {
            if first.eq_ignore_ascii_case("question") {
                header = Some(row);
                let expected = ["kwi", "score_cell", "relevance_cell"];
                if !expected
                    .iter()
                    .zip(&cells[1..])
                    .all(|(name, cell)| meta_text(cell).eq_ignore_ascii_case(name))
                {
                    return Err(ReadError::NoQuestionHeader);
                }
                with_id = meta_text(&cells[4]).eq_ignore_ascii_case("id_cell");
            } else if let Some(key) = KEYS.iter().find(|key| **key == first) {
                values.entry(key).or_insert((&cells[1], row));
            }
        } else if !first.is_empty() {
            question_rows.push((row, cells));
            if question_rows.len() > limits.max_questions {
                return Err(ReadError::TooLarge {
                    what: format!(
                        "the `meta` sheet lists more than {} questions",
                        limits.max_questions
                    ),
                    limit: format!("{} questions", limits.max_questions),
                });
            }
        }
    }
    let value = |key: &'static str| -> Result<(&CellValue, u32), ReadError> {
        values
            .get(key)
            .copied()
            .ok_or(ReadError::MissingKey { key })
    };
    let (format, format_row) = value("format")?;
    let format = meta_text(format);
    if format != FORMAT {
        return Err(ReadError::UnknownFormat {
            cell: a1(format_row, 1),
            found: format,
        });
    }
    if header.is_none() {
        return Err(ReadError::NoQuestionHeader);
    }
    let text = |key| value(key).map(|(cell, _)| meta_text(cell));
    let meta = Meta {
        format,
        client: text("client")?,
        supplier: text("supplier")?,
        period: text("period")?,
        respondent: text("respondent")?,
        name: text("name")?,
        fingerprint: text("fingerprint")?,
    };
    targets(meta, values, question_rows, with_id, sheets)
}

/// The cells `meta` points at, for the identified questionnaire `meta`.
fn targets(
    meta: Meta,
    values: HashMap<&'static str, (&CellValue, u32)>,
    question_rows: Vec<(u32, &[CellValue; 5])>,
    with_id: bool,
    sheets: &[String],
) -> Result<Plan, ReadError> {
    let key_target = |key: &'static str| -> Result<Target, ReadError> {
        let &(cell, row) = values.get(key).ok_or(ReadError::MissingKey { key })?;
        target(cell, a1(row, 1), format!("`{key}`"), sheets)
    };
    let read = || -> Result<_, ReadError> {
        let nps = key_target("nps_cell")?;
        let remarks = key_target("remarks_cell")?;
        let nps_reason = key_target("nps_reason_cell")?;
        let anonymous = key_target("anonymous_cell")?;
        let mut questions = Vec::with_capacity(question_rows.len());
        for &(row, cells) in &question_rows {
            let question = meta_text(&cells[0]);
            let score = target(
                &cells[2],
                a1(row, 2),
                format!("the score cell of question `{question}`"),
                sheets,
            )?;
            let relevance = target(
                &cells[3],
                a1(row, 3),
                format!("the relevance cell of question `{question}`"),
                sheets,
            )?;
            let id = match &cells[4] {
                CellValue::Empty => None,
                _ if !with_id => None,
                value => Some(target(
                    value,
                    a1(row, 4),
                    format!("the id cell of question `{question}`"),
                    sheets,
                )?),
            };
            questions.push(Question {
                kwi: meta_text(&cells[1]),
                question,
                meta_row: row + 1,
                score,
                relevance,
                id,
            });
        }
        Ok((nps, nps_reason, remarks, anonymous, questions))
    };
    let (nps, nps_reason, remarks, anonymous, questions) =
        read().map_err(|error| error.identified(&meta))?;
    Ok(Plan {
        meta,
        nps,
        nps_reason,
        remarks,
        anonymous,
        questions,
    })
}

/// A meta value as text: trimmed, whole numbers without a decimal point.
fn meta_text(value: &CellValue) -> String {
    match value {
        CellValue::Empty => String::new(),
        CellValue::Text(text) => text.trim().to_string(),
        CellValue::Number(number) | CellValue::DateTime(number) => format_number(*number),
        CellValue::Bool(true) => "TRUE".to_string(),
        CellValue::Bool(false) => "FALSE".to_string(),
        CellValue::Error(error) => error.clone(),
    }
}

fn format_number(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        number.to_string()
    }
}

fn target(
    value: &CellValue,
    cell: String,
    what: String,
    sheets: &[String],
) -> Result<Target, ReadError> {
    let written = meta_text(value);
    if written.is_empty() {
        return Err(ReadError::EmptyReference { cell, what });
    }
    let (sheet, row, column) = match parse_reference(&written) {
        Ok(parsed) => parsed,
        Err(ReferenceProblem::NotAReference) => {
            return Err(ReadError::NotAReference {
                cell,
                what,
                reference: written,
            });
        }
        Err(ReferenceProblem::OutsideGrid) => {
            return Err(ReadError::OutsideGrid {
                cell,
                what,
                reference: written,
            });
        }
    };
    let index = sheets
        .iter()
        .position(|name| *name == sheet)
        .or_else(|| {
            let lower = sheet.to_lowercase();
            sheets.iter().position(|name| name.to_lowercase() == lower)
        })
        .ok_or(ReadError::UnknownSheet {
            cell,
            what,
            sheet: sheet.clone(),
        })?;
    Ok(Target {
        written,
        sheet: index,
        row,
        column,
    })
}

#[derive(Debug, PartialEq, Eq)]
enum ReferenceProblem {
    NotAReference,
    OutsideGrid,
}

/// `Sheet!C12`, `'Sheet name'!$C$12` → (sheet, 0-based row, 0-based column).
fn parse_reference(text: &str) -> Result<(String, u32, u32), ReferenceProblem> {
    use ReferenceProblem::NotAReference;
    let (sheet, cell) = if let Some(quoted) = text.strip_prefix('\'') {
        let mut sheet = String::new();
        let mut rest = quoted;
        loop {
            let quote = rest.find('\'').ok_or(NotAReference)?;
            sheet.push_str(&rest[..quote]);
            rest = &rest[quote + 1..];
            match rest.strip_prefix('\'') {
                Some(after) => {
                    sheet.push('\'');
                    rest = after;
                }
                None => break,
            }
        }
        (sheet, rest.strip_prefix('!').ok_or(NotAReference)?)
    } else {
        let (sheet, cell) = text.rsplit_once('!').ok_or(NotAReference)?;
        (sheet.to_string(), cell)
    };
    if sheet.is_empty() {
        return Err(NotAReference);
    }
    let (row, column) = parse_a1(cell)?;
    Ok((sheet, row, column))
}

fn parse_a1(cell: &str) -> Result<(u32, u32), ReferenceProblem> {
    use ReferenceProblem::{NotAReference, OutsideGrid};
    let cell = cell.strip_prefix('$').unwrap_or(cell);
    let letters = cell.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, rest) = cell.split_at(letters);
    let digits = rest.strip_prefix('$').unwrap_or(rest);
    if !(1..=7).contains(&letters)
        || !(1..=10).contains(&digits.len())
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(NotAReference);
    }
    let row: u64 = digits.parse().map_err(|_| NotAReference)?;
    if row == 0 {
        return Err(NotAReference);
    }
    let column = column.bytes().fold(0u64, |total, letter| {
        total * 26 + u64::from(letter.to_ascii_uppercase() - b'A' + 1)
    });
    if column > GRID_COLUMNS || row > GRID_ROWS {
        return Err(OutsideGrid);
    }
    Ok(((row - 1) as u32, (column - 1) as u32))
}

/// 0-based (row, column) → `C12`.
fn a1(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(b'A' + digit as u8);
        rest = (rest - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8_lossy(&letters),
        u64::from(row) + 1
    )
}

// ---------------------------------------------------------------------------------------------
// Values

fn text(value: &str) -> CellValue {
    if value.is_empty() {
        CellValue::Empty
    } else {
        CellValue::Text(value.to_string())
    }
}

fn from_data_ref(value: &DataRef<'_>) -> CellValue {
    match value {
        DataRef::Int(number) => CellValue::Number(*number as f64),
        DataRef::Float(number) => CellValue::Number(*number),
        DataRef::String(value) => text(value),
        DataRef::SharedString(value) => text(value),
        DataRef::Bool(value) => CellValue::Bool(*value),
        DataRef::DateTime(value) => CellValue::DateTime(value.as_f64()),
        DataRef::DateTimeIso(value) => from_iso(value),
        DataRef::DurationIso(value) => text(value),
        DataRef::Error(error) => CellValue::Error(error.to_string()),
        DataRef::Empty => CellValue::Empty,
    }
}

fn from_data(value: &Data) -> CellValue {
    match value {
        Data::Int(number) => CellValue::Number(*number as f64),
        Data::Float(number) => CellValue::Number(*number),
        Data::String(value) => text(value),
        Data::Bool(value) => CellValue::Bool(*value),
        Data::DateTime(value) => CellValue::DateTime(value.as_f64()),
        Data::DateTimeIso(value) => from_iso(value),
        Data::DurationIso(value) => text(value),
        Data::Error(error) => CellValue::Error(error.to_string()),
        Data::Empty => CellValue::Empty,
    }
}

/// An ods date (`2024-05-06` or `2024-05-06T07:08:09`) as an Excel serial; text when it is not one.
fn from_iso(value: &str) -> CellValue {
    use chrono::{NaiveDate, NaiveDateTime};
    let moment = value.parse::<NaiveDateTime>().ok().or_else(|| {
        value
            .parse::<NaiveDate>()
            .ok()
            .and_then(|date| date.and_hms_opt(0, 0, 0))
    });
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|date| date.and_hms_opt(0, 0, 0));
    match (moment, epoch) {
        (Some(moment), Some(epoch)) => {
            let seconds = (moment - epoch).num_milliseconds() as f64 / 1000.0;
            CellValue::DateTime(seconds / 86_400.0)
        }
        _ => text(value),
    }
}

// ---------------------------------------------------------------------------------------------
// A bounded scan over XML tags

/// Walks the tags of an XML part without allocating: enough to read a few attributes before
/// calamine sees the part. It splits the text the way quick-xml (calamine's parser, configured as
/// calamine configures it) does, so that both see the same tags: a tag ends at the first `>`
/// outside quotes; a start tag's name runs to the first white space, an end tag's name is all of
/// it; comments, CDATA sections and processing instructions end where quick-xml ends them. It
/// stops at a document type declaration or other `<!` markup, which spreadsheet programs never
/// write and whose extent quick-xml judges differently: see [`Tags::unusual`].
struct Tags<'a> {
    xml: &'a [u8],
    position: usize,
    /// Set when the walk stopped at markup it does not follow.
    unusual: bool,
}

struct Tag<'a> {
    name: &'a [u8],
    closing: bool,
    self_closing: bool,
    attributes: &'a [u8],
    /// Offsets of `<` and one past `>`.
    start: usize,
    end: usize,
}

impl<'a> Tags<'a> {
    fn new(xml: &'a [u8]) -> Self {
        Tags {
            xml,
            position: 0,
            unusual: false,
        }
    }
}

fn is_xml_space(byte: &u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        let xml = self.xml;
        loop {
            let start = self.position + memchr::memchr(b'<', xml.get(self.position..)?)?;
            let rest = &xml[start + 1..];
            // One past the first `end` found from `rest[from..]`.
            let skip_past = |from: usize, end: &[u8]| {
                find(&rest[from.min(rest.len())..], end).map(|at| start + 1 + from + at + end.len())
            };
            if rest.starts_with(b"!--") {
                // `<!-->` does not end a comment: its `-->` must follow the opening `<!--`.
                self.position = skip_past(3, b"-->")?;
                continue;
            }
            if rest.starts_with(b"![CDATA[") {
                self.position = skip_past(0, b"]]>")?;
                continue;
            }
            if rest.starts_with(b"?") {
                self.position = skip_past(0, b"?>")?;
                continue;
            }
            if rest.starts_with(b"!") {
                self.unusual = true;
                return None;
            }
            let closing = rest.first() == Some(&b'/');
            let content_start = start + 1 + usize::from(closing);
            let mut quote = None;
            let mut at = content_start;
            let close = loop {
                let byte = *xml.get(at)?;
                match quote {
                    Some(open) if byte == open => quote = None,
                    Some(_) => {}
                    None if byte == b'"' || byte == b'\'' => quote = Some(byte),
                    None if byte == b'>' => break at,
                    None => {}
                }
                at += 1;
            };
            let content = &xml[content_start..close];
            self.position = close + 1;
            let (name, attributes, self_closing) = if closing {
                let length = content
                    .iter()
                    .rposition(|b| !is_xml_space(b))
                    .map_or(content.len(), |last| last + 1);
                (&content[..length], &content[length..length], false)
            } else {
                let self_closing = content.ends_with(b"/");
                let content = &content[..content.len() - usize::from(self_closing)];
                let length = content
                    .iter()
                    .position(is_xml_space)
                    .unwrap_or(content.len());
                (&content[..length], &content[length..], self_closing)
            };
            return Some(Tag {
                name,
                closing,
                self_closing,
                attributes,
                start,
                end: close + 1,
            });
        }
    }
}

impl<'a> Tag<'a> {
    fn local_name(&self) -> &'a [u8] {
        match self.name.iter().rposition(|&b| b == b':') {
            Some(colon) => &self.name[colon + 1..],
            None => self.name,
        }
    }

    /// The raw value of the attribute with this qualified name.
    fn attribute(&self, wanted: &[u8]) -> Option<&'a [u8]> {
        self.attributes()
            .find(|(name, _)| *name == wanted)
            .map(|(_, value)| value)
    }

    /// The attributes in document order, as (qualified name, raw value).
    fn attributes(&self) -> Attributes<'a> {
        Attributes {
            rest: self.attributes,
        }
    }
}

struct Attributes<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Attributes<'a> {
    type Item = (&'a [u8], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let trim = |bytes: &'a [u8]| &bytes[bytes.iter().take_while(|b| is_xml_space(b)).count()..];
        let mut rest = trim(self.rest);
        while !rest.is_empty() {
            let name_length = rest
                .iter()
                .position(|b| *b == b'=' || is_xml_space(b))
                .unwrap_or(rest.len());
            let name = &rest[..name_length];
            rest = trim(&rest[name_length..]);
            let Some(after_equals) = rest.strip_prefix(b"=") else {
                continue;
            };
            rest = trim(after_equals);
            let quote = *rest.first()?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let length = rest[1..].iter().position(|&b| b == quote)?;
            let value = &rest[1..1 + length];
            self.rest = &rest[length + 2..];
            return Some((name, value));
        }
        self.rest = rest;
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

fn le_u16(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn le_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn le_u64(bytes: &[u8], at: usize) -> u64 {
    let mut eight = [0; 8];
    eight.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(eight)
}

/// `20 MB`, `1.1 GB`, `512 bytes` (decimal units, as file managers show them).
fn human_bytes(bytes: u64) -> String {
    let units = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")];
    for (size, unit) in units {
        let value = bytes as f64 / size;
        if value >= 1.0 {
            let shown = format!("{value:.1}");
            let shown = shown.strip_suffix(".0").unwrap_or(&shown);
            return format!("{shown} {unit}");
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    clippy::print_stderr,
    reason = "the guard tests time each hostile file and say what they measured"
)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::time::{Duration, Instant};

    fn fixture(path: &str) -> Vec<u8> {
        let full = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&full).unwrap_or_else(|error| panic!("{full}: {error}"))
    }

    fn limits(change: impl FnOnce(&mut Limits)) -> Limits {
        let mut limits = Limits::default();
        change(&mut limits);
        limits
    }

    /// Copies a zip, changing or dropping parts (`change` returns `None` to drop) and adding some.
    fn rezip(
        bytes: &[u8],
        change: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>,
        add: &[(&str, &[u8])],
    ) -> Vec<u8> {
        let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated);
        for index in 0..archive.len() {
            let mut part = archive.by_index(index).unwrap();
            let name = part.name().unwrap().to_string();
            let mut content = Vec::new();
            part.read_to_end(&mut content).unwrap();
            if let Some(content) = change(&name, content) {
                writer.start_file(name, options).unwrap();
                writer.write_all(&content).unwrap();
            }
        }
        for (name, content) in add {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    // --- Valid questionnaires, from other writers ---------------------------------------------

    /// Reads a fixture and checks what every writer must give back alike.
    fn check_questionnaire(path: &str, kind: FileKind) -> Returned {
        let returned = read_questionnaire(&fixture(path), &Limits::default())
            .unwrap_or_else(|error| panic!("{path}: {error}"));
        assert_eq!(returned.kind, kind, "{path}");
        let expected_meta = Meta {
            format: FORMAT.to_string(),
            client: "KLANT NV".to_string(),
            supplier: "BESTSELLER B.V.".to_string(),
            period: "2011H2".to_string(),
            respondent: "KK".to_string(),
            name: "Kees Klant".to_string(),
            fingerprint: "sha256:0123abcd".to_string(),
        };
        assert_eq!(returned.meta, expected_meta, "{path}");
        let text = |value: &str| CellValue::Text(value.to_string());
        let answers: Vec<_> = returned
            .answers
            .iter()
            .map(|answer| {
                (
                    answer.question.as_str(),
                    answer.kwi.as_str(),
                    answer.meta_row,
                    answer.score.reference.as_str(),
                    answer.score.value.clone(),
                    answer.relevance.reference.as_str(),
                    answer.relevance.value.clone(),
                )
            })
            .collect();
        let sheet = "'Vragen lijst'";
        let (c8, d8, c9, d9, c11, d11) = (
            format!("{sheet}!C8"),
            format!("{sheet}!D8"),
            format!("{sheet}!C9"),
            format!("{sheet}!D9"),
            format!("{sheet}!C11"),
            format!("{sheet}!D11"),
        );
        let expected = vec![
            (
                "1.01",
                "KWI-01",
                14,
                &*c8,
                CellValue::Number(8.0),
                &*d8,
                text("<"),
            ),
            (
                "1.02",
                "KWI-01",
                15,
                &*c9,
                text("7"),
                &*d9,
                CellValue::Empty,
            ),
            ("2.01", "KWI-02", 16, &*c11, text(" 9 "), &*d11, text(">")),
        ];
        assert_eq!(answers, expected, "{path}");
        assert_eq!(returned.nps.reference, format!("{sheet}!C16"), "{path}");
        assert_eq!(returned.nps.value, CellValue::Number(9.0), "{path}");
        assert_eq!(returned.nps.formula, None, "{path}");
        // Text that looks like a formula stays text: the caller must not write it as one.
        assert_eq!(
            returned.remarks.value,
            text("=HYPERLINK(\"http://x\",\"x\")"),
            "{path}"
        );
        assert_eq!(returned.remarks.formula, None, "{path}");
        assert_eq!(returned.nps_reason.reference, format!("{sheet}!$C$17"));
        assert_eq!(returned.anonymous.value, text("ja"), "{path}");
        returned
    }

    #[test]
    fn reads_questionnaire_written_by_openpyxl() {
        let returned = check_questionnaire("reader/questionnaire.xlsx", FileKind::Xlsx);
        // openpyxl stores a formula without its result.
        assert_eq!(returned.nps_reason.value, CellValue::Empty);
        let formula = returned.nps_reason.formula.as_deref();
        assert_eq!(formula, Some("CONCATENATE(\"goed\",\" zo\")"));
        assert_eq!(returned.saved_at.as_deref(), Some("2024-05-06T07:08:09Z"));
    }

    #[test]
    fn reads_libreoffice_resave_as_xlsx() {
        let returned = check_questionnaire("reader/questionnaire-libreoffice.xlsx", FileKind::Xlsx);
        let reason = &returned.nps_reason;
        assert_eq!(reason.value, CellValue::Text("goed zo".to_string()));
        assert_eq!(
            reason.formula.as_deref(),
            Some("CONCATENATE(\"goed\",\" zo\")")
        );
        assert!(returned.saved_at.is_some_and(|at| at.starts_with("20")));
    }

    #[test]
    fn reads_libreoffice_resave_as_ods() {
        let returned = check_questionnaire("reader/questionnaire.ods", FileKind::Ods);
        let reason = &returned.nps_reason;
        assert_eq!(reason.value, CellValue::Text("goed zo".to_string()));
        assert_eq!(
            reason.formula.as_deref(),
            Some("of:=CONCATENATE(\"goed\";\" zo\")")
        );
        assert_eq!(returned.saved_at.as_deref(), Some("2024-05-06T07:08:09"));
    }

    #[test]
    fn reads_libreoffice_resave_as_xls() {
        let returned = check_questionnaire("reader/questionnaire.xls", FileKind::Xls);
        let reason = &returned.nps_reason;
        assert_eq!(reason.value, CellValue::Text("goed zo".to_string()));
        assert_eq!(
            reason.formula.as_deref(),
            Some("CONCATENATE(\"goed\",\" zo\")")
        );
        assert_eq!(returned.saved_at, None);
    }

    #[test]
    fn reads_an_ods_renamed_to_xlsx_by_its_bytes() {
        check_questionnaire("hostile/ods-renamed.xlsx", FileKind::Ods);
    }

    #[test]
    fn reads_an_xlsm_by_its_content() {
        let xlsm = rezip(
            &fixture("reader/questionnaire.xlsx"),
            |_, content| Some(content),
            &[("xl/vbaProject.bin", b"not really vba")],
        );
        assert_eq!(sniff(&xlsm), Sniffed::Workbook(FileKind::Xlsm));
        let returned = read_questionnaire(&xlsm, &Limits::default()).unwrap();
        assert_eq!(returned.kind, FileKind::Xlsm);
    }

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

    // --- Hostile files -----------------------------------------------------------------------

    fn check_rejects(path: &str, expected: &str) {
        check_rejects_with(path, &Limits::default(), expected);
    }

    /// The file is refused quickly, with a message that contains `expected` and keeps the house
    /// style (lowercase, no trailing period, says what to do).
    fn check_rejects_with(path: &str, limits: &Limits, expected: &str) {
        check_rejects_within(path, limits, expected, Duration::from_secs(2));
    }

    fn check_rejects_within(path: &str, limits: &Limits, expected: &str, budget: Duration) {
        let bytes = fixture(path);
        let started = Instant::now();
        let result = read_questionnaire(&bytes, limits);
        let elapsed = started.elapsed();
        let message = match result {
            Ok(_) => panic!("{path}: read, but expected an error containing {expected:?}"),
            Err(error) => error.to_string(),
        };
        assert!(
            message.contains(expected),
            "{path}: {message:?}\n  does not contain {expected:?}"
        );
        assert!(elapsed < budget, "{path}: took {elapsed:?}");
        assert!(!message.starts_with(char::is_uppercase), "{message}");
        assert!(!message.ends_with('.'), "{message}");
        assert!(message.contains("ask the respondent"), "{message}");
    }

    #[test]
    fn rejects_hostile_files_quickly() {
        check_rejects("hostile/empty.xlsx", "the file is empty (0 bytes)");
        check_rejects(
            "hostile/text-renamed.xlsx",
            "not a spreadsheet (it is text, starting with `question;kwi;score`)",
        );
        check_rejects(
            "hostile/truncated.xlsx",
            "table of contents is missing or broken",
        );
        check_rejects(
            "hostile/not-a-workbook.xlsx",
            "a zip archive holding no workbook",
        );
        check_rejects(
            "hostile/encrypted.xlsx",
            "the workbook is password-encrypted",
        );
        check_rejects(
            "hostile/bomb.xlsx",
            "too large: the zip archive unpacks to 1.1 GB (limit 100 MB)",
        );
        check_rejects(
            "hostile/bomb-lying-size.xlsx",
            "zip bomb: part `xl/worksheets/sheet1.xml` unpacks to more than it declares",
        );
        check_rejects(
            "hostile/far-cell-meta.xlsx",
            "the `meta` sheet has a value in cell XFD1048576 (limit 10000 rows)",
        );
        check_rejects(
            "hostile/huge-sst.xlsx",
            "`xl/sharedStrings.xml` declares 4000000000 strings (limit 100000 strings)",
        );
        check_rejects(
            "hostile/million-rows.xlsx",
            "part `xl/worksheets/sheet2.xml` unpacks to 52 MB",
        );
        check_rejects(
            "hostile/ods-repeat.ods",
            "sheet `Vragenlijst` would expand to 17179885568 cells (limit 500000 cells)",
        );
        check_rejects(
            "hostile/ods-repeat-under-cap.ods",
            "sheet `Vragenlijst` would expand to 98320384 cells",
        );
        check_rejects(
            "hostile/ods-spaces.ods",
            "`content.xml` expands to at least 2 GB once its repeated cells and runs of spaces",
        );
        check_rejects(
            "hostile/ods-unclosed-sheet.ods",
            "sheet `Vragenlijst` of `content.xml` never ends",
        );
        check_rejects(
            "hostile/ods-unclosed-comment.ods",
            "a comment in `content.xml` never ends",
        );
        check_rejects(
            "hostile/xls-dimensions.xls",
            "sheet `Vragen lijst` would expand to 1099511627520 cells (limit 500000 cells)",
        );
        check_rejects("hostile/ole-loop.xls", "a chain of sectors loops");
    }

    #[test]
    fn stops_reading_meta_at_its_row_limit_with_a_million_rows_behind() {
        // With the ratio limit out of the way, the streamed `meta` sheet stops at row 10,000.
        // Its 52 MB are still unpacked once and scanned for cell references (0.3 s in a release
        // build; unoptimised inflate in a debug build takes seconds).
        check_rejects_within(
            "hostile/million-rows.xlsx",
            &limits(|limits| limits.max_compression_ratio = u64::MAX),
            "the `meta` sheet has a value in cell A10001 (limit 10000 rows)",
            Duration::from_secs(if cfg!(debug_assertions) { 20 } else { 2 }),
        );
    }

    #[test]
    fn applies_every_limit() {
        let xlsx = "reader/questionnaire.xlsx";
        let shared = "reader/questionnaire-libreoffice.xlsx";
        let cases: [(&str, Limits, &str); 12] = [
            (xlsx, limits(|l| l.max_file_bytes = 1_000), "(limit 1 kB)"),
            (
                xlsx,
                limits(|l| l.max_uncompressed_bytes = 10_000),
                "the zip archive unpacks to 21.8 kB (limit 10 kB)",
            ),
            (
                xlsx,
                limits(|l| l.max_zip_entries = 5),
                "the zip archive holds 10 parts (limit 5 parts)",
            ),
            (
                shared,
                limits(|l| l.max_shared_strings = 10),
                "declares 60 strings (limit 10 strings)",
            ),
            (
                xlsx,
                limits(|l| l.max_rows = 10),
                "the `meta` sheet has a value in cell A11 (limit 10 rows)",
            ),
            (
                "reader/questionnaire.ods",
                limits(|l| l.max_rows = 10),
                "the `meta` sheet has a value in cell A11 (limit 10 rows)",
            ),
            (
                "reader/questionnaire.xls",
                limits(|l| l.max_rows = 10),
                "the `meta` sheet has a value in cell A11 (limit 10 rows)",
            ),
            (
                xlsx,
                limits(|l| l.max_questions = 2),
                "the `meta` sheet lists more than 2 questions (limit 2 questions)",
            ),
            (
                "reader/questionnaire.ods",
                limits(|l| l.max_cells = 50),
                "(limit 50 cells)",
            ),
            (
                "reader/questionnaire.xls",
                limits(|l| l.max_cells = 50),
                "(limit 50 cells)",
            ),
            (
                "reader/questionnaire.ods",
                limits(|l| l.max_uncompressed_bytes = 20_000),
                "(limit 20 kB)",
            ),
            (
                "hostile/bomb.xlsx",
                limits(|l| l.max_uncompressed_bytes = u64::MAX),
                "times its packed size (limit 100 times, for parts over 1 MB)",
            ),
        ];
        for (path, limits, expected) in cases {
            check_rejects_with(path, &limits, expected);
        }
    }

    // --- A broken `meta` sheet -----------------------------------------------------------------

    fn meta_rows() -> Vec<[String; 4]> {
        let rows: &[[&str; 4]] = &[
            ["format", FORMAT, "", ""],
            ["client", "KLANT NV", "", ""],
            ["supplier", "BESTSELLER B.V.", "", ""],
            ["period", "2011H2", "", ""],
            ["respondent", "KK", "", ""],
            ["name", "Kees Klant", "", ""],
            ["fingerprint", "", "", ""],
            ["nps_cell", "Vragenlijst!C20", "", ""],
            ["remarks_cell", "Vragenlijst!B18", "", ""],
            ["nps_reason_cell", "Vragenlijst!C21", "", ""],
            ["anonymous_cell", "Vragenlijst!C22", "", ""],
            ["", "", "", ""],
            ["question", "kwi", "score_cell", "relevance_cell"],
            ["1.01", "KWI-01", "Vragenlijst!C8", "Vragenlijst!D8"],
        ];
        rows.iter().map(|row| row.map(str::to_string)).collect()
    }

    /// A questionnaire written by our own writer library, with the given `meta` rows.
    fn workbook_with_meta(rows: &[[String; 4]], meta_name: &str) -> Vec<u8> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let answers = workbook.add_worksheet().set_name("Vragenlijst").unwrap();
        answers.write_number(7, 2, 8).unwrap();
        answers.write_number(19, 2, 9).unwrap();
        let meta = workbook.add_worksheet().set_name(meta_name).unwrap();
        for (row, cells) in rows.iter().enumerate() {
            for (column, value) in cells.iter().enumerate() {
                if !value.is_empty() {
                    meta.write_string(row as u32, column as u16, value).unwrap();
                }
            }
        }
        workbook.save_to_buffer().unwrap()
    }

    /// Changes one cell of the good `meta` (0-based row and column) and checks the error.
    fn check_meta_error(row: usize, column: usize, value: &str, expected: &str) {
        let mut rows = meta_rows();
        rows[row][column] = value.to_string();
        let bytes = workbook_with_meta(&rows, "meta");
        let message = match read_questionnaire(&bytes, &Limits::default()) {
            Ok(_) => panic!("meta {row},{column} = {value:?}: read, expected {expected:?}"),
            Err(error) => error.to_string(),
        };
        assert!(message.contains(expected), "{message:?} lacks {expected:?}");
        assert!(message.contains("respondent"), "{message}");
    }

    #[test]
    fn reads_a_questionnaire_written_by_rust_xlsxwriter() {
        let bytes = workbook_with_meta(&meta_rows(), "meta");
        let returned = read_questionnaire(&bytes, &Limits::default()).unwrap();
        assert_eq!(returned.answers[0].score.value, CellValue::Number(8.0));
        assert_eq!(returned.answers[0].relevance.value, CellValue::Empty);
        assert_eq!(returned.nps.value, CellValue::Number(9.0));
        assert_eq!(returned.meta.fingerprint, "");
    }

    #[test]
    fn reports_a_broken_meta_sheet_by_cell() {
        check_meta_error(
            0,
            1,
            "klantwaarde-questionnaire/2",
            "meta!B1: `format` is `klantwaarde-questionnaire/2`, but this klantwaarde reads",
        );
        check_meta_error(
            7,
            1,
            "Vragenlijst!ZZZ0",
            "meta!B8: `nps_cell` is `Vragenlijst!ZZZ0`, which is not a cell reference",
        );
        check_meta_error(
            7,
            1,
            "Vragenlijst!XFE1",
            "meta!B8: `nps_cell` is `Vragenlijst!XFE1`, which lies outside Excel's grid",
        );
        check_meta_error(
            7,
            1,
            "Vragenlijst!A1048577",
            "which lies outside Excel's grid (columns A to XFD, rows 1 to 1048576)",
        );
        check_meta_error(8, 1, "", "meta!B9: `remarks_cell` is empty");
        check_meta_error(
            13,
            2,
            "Elders!C8",
            "meta!C14: the score cell of question `1.01` points to sheet `Elders`, which the \
             workbook does not have",
        );
        check_meta_error(
            13,
            3,
            "",
            "meta!D14: the relevance cell of question `1.01` is empty",
        );
        check_meta_error(
            7,
            0,
            "nps",
            "the `meta` sheet has no `nps_cell` row in column A",
        );
        check_meta_error(
            0,
            0,
            "formaat",
            "the `meta` sheet has no `format` row in column A",
        );
        check_meta_error(
            12,
            0,
            "vraag",
            "has no header row `question | kwi | score_cell",
        );
        check_meta_error(
            12,
            3,
            "relevance",
            "has no header row `question | kwi | score_cell",
        );
    }

    #[test]
    fn refuses_a_workbook_without_meta_sheet() {
        let bytes = workbook_with_meta(&meta_rows(), "gegevens");
        let error = read_questionnaire(&bytes, &Limits::default()).unwrap_err();
        assert!(matches!(error, ReadError::NoMetaSheet), "{error}");
        assert!(
            error
                .to_string()
                .starts_with("the workbook has no `meta` sheet")
        );
    }

    #[test]
    fn resolves_sheet_names_without_regard_to_case() {
        let mut rows = meta_rows();
        rows[7][1] = "VRAGENLIJST!c20".to_string();
        let bytes = workbook_with_meta(&rows, "Meta");
        let returned = read_questionnaire(&bytes, &Limits::default()).unwrap();
        assert_eq!(returned.nps.reference, "VRAGENLIJST!c20");
        assert_eq!(returned.nps.value, CellValue::Number(9.0));
    }

    fn check_reference(text: &str, expected: Result<(&str, u32, u32), ReferenceProblem>) {
        let parsed = parse_reference(text);
        let parsed = parsed
            .as_ref()
            .map(|(sheet, row, column)| (sheet.as_str(), *row, *column));
        assert_eq!(parsed, expected.as_ref().map(|parsed| *parsed), "{text}");
    }

    #[test]
    fn parses_cell_references() {
        use ReferenceProblem::{NotAReference, OutsideGrid};
        check_reference("Vragenlijst!C12", Ok(("Vragenlijst", 11, 2)));
        check_reference("'Vragen lijst'!C12", Ok(("Vragen lijst", 11, 2)));
        check_reference("'It''s'!A1", Ok(("It's", 0, 0)));
        check_reference("'a!b'!B2", Ok(("a!b", 1, 1)));
        check_reference("Vragenlijst!$C$12", Ok(("Vragenlijst", 11, 2)));
        check_reference("Vragenlijst!c12", Ok(("Vragenlijst", 11, 2)));
        check_reference("S!XFD1048576", Ok(("S", 1_048_575, 16_383)));
        check_reference("Vragenlijst!ZZZ0", Err(NotAReference));
        check_reference("Vragenlijst!XFE1", Err(OutsideGrid));
        check_reference("Vragenlijst!A1048577", Err(OutsideGrid));
        check_reference("Vragenlijst!A9999999999", Err(OutsideGrid));
        check_reference("Vragenlijst!A99999999999", Err(NotAReference));
        check_reference("C12", Err(NotAReference));
        check_reference("!C12", Err(NotAReference));
        check_reference("''!C12", Err(NotAReference));
        check_reference("'Open!C12", Err(NotAReference));
        check_reference("'Vragen lijst'C12", Err(NotAReference));
        check_reference("Vragenlijst!C", Err(NotAReference));
        check_reference("Vragenlijst!12", Err(NotAReference));
        check_reference("Vragenlijst!C1.5", Err(NotAReference));
        check_reference("Vragenlijst!C12:D13", Err(NotAReference));
    }

    #[test]
    fn names_cells_and_sizes_for_people() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(11, 2), "C12");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(human_bytes(0), "0 bytes");
        assert_eq!(human_bytes(999), "999 bytes");
        assert_eq!(human_bytes(20_000_000), "20 MB");
        assert_eq!(human_bytes(1_073_741_824), "1.1 GB");
        assert_eq!(format_number(8.0), "8");
        assert_eq!(format_number(1.01), "1.01");
    }

    #[test]
    fn turns_ods_dates_into_excel_serials() {
        assert_eq!(from_iso("2024-05-06"), CellValue::DateTime(45_418.0));
        assert_eq!(from_iso("1899-12-31T12:00:00"), CellValue::DateTime(1.5));
        assert_eq!(
            from_iso("PT12H00M00S"),
            CellValue::Text("PT12H00M00S".to_string())
        );
        assert_eq!(from_iso(""), CellValue::Empty);
    }

    // --- Sniffing ----------------------------------------------------------------------------

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
                    holds: "no workbook".to_string(),
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
                what: "a PDF document".to_string()
            }
        );
        let binary = sniff(&[0, 1, 2, 3, 4]);
        let what = "a file starting with the bytes 00 01 02 03".to_string();
        assert_eq!(binary, Sniffed::Other { what });
    }

    // --- Tokenising as calamine's parser does --------------------------------------------------

    /// The fixture with one part's text changed.
    fn with_part(path: &str, part: &str, change: impl Fn(String) -> String) -> Vec<u8> {
        rezip(
            &fixture(path),
            |name, content| {
                Some(if name == part {
                    change(String::from_utf8(content).unwrap()).into_bytes()
                } else {
                    content
                })
            },
            &[],
        )
    }

    fn replace_last(text: String, from: &str, to: &str) -> String {
        let at = text.rfind(from).unwrap();
        format!("{}{to}{}", &text[..at], &text[at + from.len()..])
    }

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

    /// An ods whose last sheet gets `inserted`, then a repeat bomb row, before the empty rows
    /// LibreOffice repeats to the bottom of the grid (calamine reads no row below it).
    fn ods_with_bomb_after(inserted: &str) -> Vec<u8> {
        let bomb = "<table:table-row table:number-rows-repeated=\"6000\"><table:table-cell \
                    office:value-type=\"float\" office:value=\"9\" \
                    table:number-columns-repeated=\"16384\"/></table:table-row>";
        with_part("reader/questionnaire.ods", "content.xml", |content| {
            let end = content.rfind("</table:table>").unwrap();
            let repeated = content[..end].rfind("table:number-rows-repeated=").unwrap();
            let at = content[..repeated].rfind("<table:table-row").unwrap();
            format!("{}{inserted}{bomb}{}", &content[..at], &content[at..])
        })
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

    // --- Arbitrary bytes ---------------------------------------------------------------------

    const VALID: [&str; 4] = [
        "reader/questionnaire.xlsx",
        "reader/questionnaire-libreoffice.xlsx",
        "reader/questionnaire.ods",
        "reader/questionnaire.xls",
    ];

    /// Reads without panicking; counts the errors that came from a panic caught inside calamine.
    fn read_anything(bytes: &[u8], caught: &mut usize) {
        if let Err(ReadError::Damaged { detail }) = read_questionnaire(bytes, &Limits::default())
            && detail.contains("failed on its structure")
        {
            *caught += 1;
        }
    }

    #[test]
    fn never_panics_on_truncated_or_flipped_bytes() {
        let mut caught = 0;
        for path in VALID {
            let bytes = fixture(path);
            // About 100 cuts and 300 flips per file keep this within seconds in a debug build.
            for length in (0..bytes.len()).step_by(bytes.len() / 100 + 1) {
                read_anything(&bytes[..length], &mut caught);
            }
            for at in (0..bytes.len()).step_by(bytes.len() / 150 + 1) {
                for mask in [0xFF, 0x01] {
                    let mut flipped = bytes.clone();
                    flipped[at] ^= mask;
                    read_anything(&flipped, &mut caught);
                }
            }
        }
        eprintln!("panics caught inside calamine: {caught}");
    }

    #[test]
    fn never_hangs_or_panics_on_truncated_parts() {
        // Truncating inside the zip leaves the zip valid and the XML cut off, which the zip-level
        // truncations above never reach.
        let mut caught = 0;
        let cases = [
            ("reader/questionnaire.ods", "content.xml"),
            ("reader/questionnaire.xlsx", "xl/worksheets/sheet1.xml"),
            ("reader/questionnaire.xlsx", "xl/worksheets/sheet2.xml"),
            (
                "reader/questionnaire-libreoffice.xlsx",
                "xl/sharedStrings.xml",
            ),
            ("reader/questionnaire-libreoffice.xlsx", "xl/workbook.xml"),
        ];
        for (path, part) in cases {
            let bytes = fixture(path);
            let full = rezip(&bytes, |_, content| Some(content), &[]);
            let mut archive = ZipArchive::new(Cursor::new(&full[..])).unwrap();
            let length = archive.by_name(part).unwrap().size() as usize;
            for cut in (0..length).step_by(length / 60 + 1) {
                let started = Instant::now();
                let cut_bytes = rezip(
                    &bytes,
                    |name, mut content| {
                        if name == part {
                            content.truncate(cut);
                        }
                        Some(content)
                    },
                    &[],
                );
                read_anything(&cut_bytes, &mut caught);
                let elapsed = started.elapsed();
                assert!(
                    elapsed < Duration::from_secs(2),
                    "{path} {part} cut at {cut}"
                );
            }
        }
        eprintln!("panics caught inside calamine: {caught}");
    }

    /// `cargo test --release --lib reader::tests::reads_2000_questionnaires -- --ignored`
    #[test]
    #[ignore = "a timing, not a check; run it in release mode"]
    fn reads_2000_questionnaires() {
        use rayon::prelude::*;
        for path in VALID {
            let bytes = fixture(path);
            let started = Instant::now();
            let read = (0..2000)
                .into_par_iter()
                .filter(|_| read_questionnaire(&bytes, &Limits::default()).is_ok())
                .count();
            assert_eq!(read, 2000);
            eprintln!("{path}: 2000 in {:?}", started.elapsed());
        }
    }
}
