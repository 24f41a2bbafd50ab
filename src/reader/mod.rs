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
//! | sheets in a workbook | 250 | a questionnaire has two; each sheet costs a lookup and a range |
//! | sheets `meta` points into | 10 | the answers sit on one sheet; each named sheet is read once |
//!
//! # How each format is guarded
//! - **every format**: more than 250 sheets is refused before calamine reads their list
//!   (`xl/workbook.xml`, the tables of `content.xml`, the xls sheet records), and sheet names
//!   are looked up through one index per file; a `meta` sheet may point into at most 10 sheets.
//!   A workbook without `meta` but with a monitor's trend sheet (`klantwaarde_history`, or the
//!   legacy `history`) is [`ReadError::Monitor`], which the caller skips rather than rejects.
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
//!   here, one pass that keeps no tag: the rectangle between the first and last non-empty row and
//!   the widest non-empty column of each sheet must stay within the cell limit, and repeated cell
//!   content and `<text:s text:c=…/>` space runs count toward the unpacked size. Empty cells and
//!   rows, which LibreOffice repeats up to the grid's edge, cost nothing and are allowed. A sheet
//!   or comment that never closes is refused: calamine would loop forever on it. calamine 0.38
//!   refuses white space between a row and its cells, which Gnumeric and SheetJS write: white
//!   space and comments directly inside table and office elements are removed from
//!   `content.xml` (tags kept byte for byte) before calamine reads it.
//! - **xls**: an OLE compound file. Its allocation table and the chains calamine follows are
//!   checked here (a chain that loops makes calamine allocate until the process dies), then the
//!   workbook stream's `DIMENSIONS` records and the rectangle of its cell records, which calamine
//!   allocates in full, must stay within the cell limit; the file size cap bounds the rest.
//!
//! The XML parts the guards read are scanned with quick-xml, calamine's parser, configured
//! exactly as calamine configures it, and their attributes are split as calamine splits them, so
//! that a guard and calamine agree on where a tag, a sheet or a cell ends; a scan stops where
//! quick-xml reports an error, as calamine does. A part with a document type declaration is
//! refused. `Cargo.toml` pins calamine and quick-xml to the versions the guards mirror.
//!
//! Panics inside calamine on malformed records are caught and reported as a damaged file; with
//! [`quiet_caught_panics`] installed (the binary does) their message stays off the terminal.
//! calamine's xls reader slices formula tokens by lengths it has not measured: after the checks
//! here, 9 of the 78,336 one-byte corruptions of the xls fixture (each byte XORed with `0xFF` and
//! with each single bit) still panic there, and 2 more in a debug build, whose overflow checks
//! catch a `DIMENSIONS` record that ends before it starts.

mod cells;
mod error;
mod guard;
mod loaded;
mod meta;
mod ods;
mod sheet;
mod sniff;
mod value;
mod xls;
mod xlsx;

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    clippy::print_stderr,
    reason = "the guard tests time each hostile file and say what they measured"
)]
mod tests;

use std::panic::{AssertUnwindSafe, catch_unwind};

pub use cells::{SheetCells, read_sheets};
pub use error::{
    Damage, Limit, Limits, NotWorkbook, OtherFile, Oversize, ReadError, Reference, XlsFileFault,
    XlsStreamFault, ZipHolds, ZipPart,
};
pub use sheet::{NamedSheetCells, read_named_sheet};
pub use sniff::{Sniffed, sniff};
pub use value::CellValue;

use guard::zip::{broken_zip, check_zip_sizes};
use sniff::classify;

/// The value of `format` in the `meta` sheet that this reader understands.
pub use crate::contract::FORMAT;

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
    /// The tag the generator wrote (hexadecimal); empty in a questionnaire generated before
    /// tags existed.
    pub tag: String,
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

/// Excel's grid: the most rows and columns a sheet has (and the repeat counts calamine caps an ods
/// sheet at).
const GRID_ROWS: u64 = 1_048_576;
const GRID_COLUMNS: u64 = 16_384;

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
    check_size(bytes, limits)?;
    guarded(|| read_checked(bytes, limits))
}

/// Everything after the size cap, inside [`guarded`].
fn read_checked(bytes: &[u8], limits: &Limits) -> Result<Returned, ReadError> {
    match check(bytes, limits)? {
        (kind @ (FileKind::Xlsx | FileKind::Xlsm), _) => xlsx::read_xlsx(bytes, kind, limits),
        (FileKind::Ods, content) => ods::read_ods(bytes, &content, limits),
        (FileKind::Xls, _) => xls::read_xls(bytes, limits),
    }
}

/// The size cap of [`read_questionnaire`], before anything else.
fn check_size(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let size = bytes.len() as u64;
    if size > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            what: Oversize::File { size },
            limit: Limit::Bytes(limits.max_file_bytes),
        });
    }
    Ok(())
}

/// What kind of workbook the bytes are, after every guard of that kind passed: from here on
/// calamine may read them; for an .ods also its checked `content.xml` (empty for other kinds).
fn check(bytes: &[u8], limits: &Limits) -> Result<(FileKind, Vec<u8>), ReadError> {
    let (sniffed, archive) = classify(bytes, limits)?;
    let mut ods_content = Vec::new();
    let kind = match sniffed {
        Sniffed::Workbook(kind) => kind,
        Sniffed::Encrypted => return Err(ReadError::Encrypted),
        Sniffed::Xlsb => return Err(ReadError::Xlsb),
        Sniffed::ZipNotWorkbook { holds } => {
            return Err(ReadError::NotASpreadsheet {
                found: NotWorkbook::Zip(holds),
            });
        }
        Sniffed::BrokenZip => return Err(broken_zip()),
        Sniffed::OleNotWorkbook => {
            return Err(ReadError::NotASpreadsheet {
                found: NotWorkbook::OfficeWithoutWorkbook,
            });
        }
        Sniffed::Empty => return Err(ReadError::Empty),
        Sniffed::Text { start } => {
            return Err(ReadError::NotASpreadsheet {
                found: NotWorkbook::Text { start },
            });
        }
        Sniffed::Other { what } => {
            return Err(ReadError::NotASpreadsheet {
                found: NotWorkbook::Other(what),
            });
        }
    };
    match (kind, archive) {
        (FileKind::Xlsx | FileKind::Xlsm, Some(mut archive)) => {
            check_zip_sizes(&archive, limits)?;
            guard::xlsx::check_declared_sheets(&mut archive, limits)?;
            guard::xlsx::check_shared_strings(&mut archive, limits)?;
            guard::xlsx::check_worksheet_references(&mut archive, limits)?;
        }
        (FileKind::Ods, Some(mut archive)) => {
            check_zip_sizes(&archive, limits)?;
            ods_content = guard::ods::check_ods(&mut archive, limits)?;
        }
        (FileKind::Xls, _) => {}
        (_, None) => return Err(broken_zip()),
    }
    Ok((kind, ods_content))
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
fn guarded<T>(read: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    GUARDED.with(|guarded| guarded.set(true));
    let result = catch_unwind(AssertUnwindSafe(read));
    GUARDED.with(|guarded| guarded.set(false));
    result.unwrap_or_else(|_| {
        Err(ReadError::Damaged {
            detail: Damage::ReaderFailed,
        })
    })
}
