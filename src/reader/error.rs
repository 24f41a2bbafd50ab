//! What the reader refuses and why ([`ReadError`]), and how much it accepts ([`Limits`]); never
//! decides a limit's value anywhere else.

use std::fmt::Display;

use super::guard::zip::is_size_lie;
use super::{FORMAT, Meta};
use crate::labels::Language;

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
    /// Most sheets a workbook may declare (default 250).
    pub max_sheets: usize,
    /// Most sheets the references of `meta` may point into (default 10); each is read once.
    pub max_referenced_sheets: usize,
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
            max_sheets: 250,
            max_referenced_sheets: 10,
        }
    }
}

/// Why a returned questionnaire could not be read. Every message says what is wrong and what the
/// account manager should do; the caller adds the file name. [`ReadError::message`] words it in
/// either language; `Display` shows the English.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadError {
    /// The file has no bytes.
    Empty,
    /// The bytes are not a spreadsheet at all.
    NotASpreadsheet {
        /// What the bytes are instead.
        found: NotWorkbook,
    },
    /// The workbook is encrypted with a password.
    Encrypted,
    /// An Excel binary workbook, which this reader does not open.
    Xlsb,
    /// The bytes are a spreadsheet, but broken or cut off.
    Damaged {
        /// What is broken.
        detail: Damage,
    },
    /// A part of the zip unpacks to more than it declares.
    ZipBomb {
        /// Which part.
        part: ZipPart,
    },
    /// Over one of the [`Limits`].
    TooLarge {
        /// What is too large, with its size.
        what: Oversize,
        /// The limit, with its unit.
        limit: Limit,
    },
    /// No sheet named `meta`, but a trend sheet: one of klantwaarde's own monitors, which is
    /// not a questionnaire and is skipped rather than rejected.
    Monitor {
        /// The trend sheet found: `klantwaarde_history`, or `history` in older monitors.
        sheet: String,
    },
    /// No sheet named `meta`.
    NoMetaSheet,
    /// A key of the contract is missing from column A of `meta`.
    MissingKey {
        /// The missing key.
        key: &'static str,
    },
    /// `format` names a contract this reader does not know.
    UnknownFormat {
        /// The cell of the value, e.g. `B1`.
        cell: String,
        /// The value found.
        found: String,
    },
    /// No header row `question | kwi | score_cell | relevance_cell`.
    NoQuestionHeader,
    /// A cell reference in `meta` is empty.
    EmptyReference {
        /// The cell of the reference, e.g. `C14`.
        cell: String,
        /// Which reference.
        what: Reference,
    },
    /// A cell reference in `meta` does not parse.
    NotAReference {
        /// The cell of the reference.
        cell: String,
        /// Which reference.
        what: Reference,
        /// The text found.
        reference: String,
    },
    /// A cell reference in `meta` lies outside Excel's grid.
    OutsideGrid {
        /// The cell of the reference.
        cell: String,
        /// Which reference.
        what: Reference,
        /// The text found.
        reference: String,
    },
    /// A cell reference in `meta` names a sheet the workbook does not have.
    UnknownSheet {
        /// The cell of the reference.
        cell: String,
        /// Which reference.
        what: Reference,
        /// The sheet named.
        sheet: String,
    },
    /// The `meta` sheet said whose questionnaire this is before the reading failed: the file is
    /// unusable, but it is known to be this respondent's.
    Identified {
        /// The identifying values read.
        meta: Box<Meta>,
        /// Why the reading failed.
        source: Box<ReadError>,
    },
}

impl ReadError {
    /// The message in `language`: what is wrong and what the account manager should do.
    pub fn message(&self, language: Language) -> String {
        let l = language;
        match self {
            ReadError::Empty => crate::msg!(l, "reader.empty"),
            ReadError::NotASpreadsheet { found } => {
                crate::msg!(l, "reader.not_a_spreadsheet", found = found.message(l))
            }
            ReadError::Encrypted => crate::msg!(l, "reader.encrypted"),
            ReadError::Xlsb => crate::msg!(l, "reader.xlsb"),
            ReadError::Damaged { detail } => {
                crate::msg!(l, "reader.damaged", detail = detail.message(l))
            }
            ReadError::ZipBomb { part } => {
                crate::msg!(l, "reader.zip_bomb", part = part.message(l))
            }
            ReadError::TooLarge { what, limit } => crate::msg!(
                l,
                "reader.too_large",
                what = what.message(l),
                limit = limit.message(l)
            ),
            ReadError::Monitor { sheet } => crate::msg!(l, "reader.monitor", sheet),
            ReadError::NoMetaSheet => crate::msg!(l, "reader.no_meta_sheet"),
            ReadError::MissingKey { key } => crate::msg!(l, "reader.missing_key", key),
            ReadError::UnknownFormat { cell, found } => {
                crate::msg!(l, "reader.unknown_format", cell, found, format = FORMAT)
            }
            ReadError::NoQuestionHeader => crate::msg!(l, "reader.no_question_header"),
            ReadError::EmptyReference { cell, what } => {
                crate::msg!(l, "reader.empty_reference", cell, what = what.message(l))
            }
            ReadError::NotAReference {
                cell,
                what,
                reference,
            } => crate::msg!(
                l,
                "reader.not_a_reference",
                cell,
                what = what.message(l),
                reference
            ),
            ReadError::OutsideGrid {
                cell,
                what,
                reference,
            } => crate::msg!(
                l,
                "reader.outside_grid",
                cell,
                what = what.message(l),
                reference
            ),
            ReadError::UnknownSheet { cell, what, sheet } => crate::msg!(
                l,
                "reader.unknown_sheet",
                cell,
                what = what.message(l),
                sheet
            ),
            ReadError::Identified { source, .. } => source.message(l),
        }
    }

    /// A file of `size` bytes over the cap of `limit` bytes, both shown to the byte (a file
    /// just over the cap would round to the cap).
    pub fn file_too_large(size: u64, limit: u64) -> ReadError {
        ReadError::TooLarge {
            what: Oversize::FileExact { size },
            limit: Limit::ExactBytes(limit),
        }
    }

    /// Whose questionnaire the unreadable file is, when its `meta` sheet said so.
    pub fn meta(&self) -> Option<&Meta> {
        match self {
            ReadError::Identified { meta, .. } => Some(meta),
            _ => None,
        }
    }

    pub(crate) fn identified(self, meta: &Meta) -> ReadError {
        match self {
            ReadError::Identified { .. } => self,
            other => ReadError::Identified {
                meta: Box::new(meta.clone()),
                source: Box::new(other),
            },
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Identified { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

crate::messages::english_display!(
    ReadError,
    NotWorkbook,
    ZipHolds,
    OtherFile,
    Damage,
    XlsStreamFault,
    XlsFileFault,
    ZipPart,
    Oversize,
    Limit,
    Reference
);

/// What the bytes of [`ReadError::NotASpreadsheet`] are instead.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotWorkbook {
    /// A zip archive without a workbook in it.
    Zip(ZipHolds),
    /// An OLE compound file without a workbook stream, such as a Word .doc.
    OfficeWithoutWorkbook,
    /// Text; its beginning.
    Text {
        /// The first line, shortened.
        start: String,
    },
    /// A file of another known kind, or unknown bytes.
    Other(OtherFile),
    /// An OpenDocument spreadsheet where only an .xlsx of klantwaarde's is read.
    OdsNotXlsx,
    /// An Excel 97-2003 workbook where only an .xlsx of klantwaarde's is read.
    XlsNotXlsx,
}

impl NotWorkbook {
    /// The description in `language`, as it reads inside the message ("it is …").
    pub fn message(&self, language: Language) -> String {
        let l = language;
        match self {
            NotWorkbook::Zip(holds) => crate::msg!(l, "reader.found_zip", holds = holds.message(l)),
            NotWorkbook::OfficeWithoutWorkbook => crate::msg!(l, "reader.found_office_file"),
            // A file of white space only would read "starting with ``".
            NotWorkbook::Text { start } if start.is_empty() => {
                crate::msg!(l, "reader.found_blank_text")
            }
            NotWorkbook::Text { start } => crate::msg!(l, "reader.found_text", start),
            NotWorkbook::Other(what) => {
                crate::msg!(l, "reader.found_other", what = what.message(l))
            }
            NotWorkbook::OdsNotXlsx => crate::msg!(l, "reader.found_ods_not_xlsx"),
            NotWorkbook::XlsNotXlsx => crate::msg!(l, "reader.found_xls_not_xlsx"),
        }
    }
}

/// What a zip archive that is no workbook holds.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ZipHolds {
    /// An OpenDocument file other than a spreadsheet, with its `mimetype`.
    OpenDocument {
        /// The declared type.
        mimetype: String,
    },
    /// A Word document.
    Word,
    /// A PowerPoint presentation.
    PowerPoint,
    /// Nothing recognised.
    NoWorkbook,
}

impl ZipHolds {
    /// The description in `language`.
    pub fn message(&self, language: Language) -> String {
        let l = language;
        match self {
            ZipHolds::OpenDocument { mimetype } => {
                crate::msg!(l, "reader.zip_holds_opendocument", mimetype)
            }
            ZipHolds::Word => crate::msg!(l, "reader.zip_holds_word"),
            ZipHolds::PowerPoint => crate::msg!(l, "reader.zip_holds_powerpoint"),
            ZipHolds::NoWorkbook => crate::msg!(l, "reader.zip_holds_no_workbook"),
        }
    }
}

/// A file that is neither a zip, an OLE compound file nor text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OtherFile {
    /// A PDF document.
    Pdf,
    /// A PNG picture.
    Png,
    /// A JPEG picture.
    Jpeg,
    /// A GIF picture.
    Gif,
    /// A rich text (RTF) document.
    Rtf,
    /// Unknown bytes: the first of them in hexadecimal, e.g. `00 01 02 03`.
    Bytes(String),
}

impl OtherFile {
    /// The description in `language` ("a PDF document").
    pub fn message(&self, language: Language) -> String {
        let l = language;
        match self {
            OtherFile::Pdf => crate::msg!(l, "reader.file_pdf"),
            OtherFile::Png => crate::msg!(l, "reader.file_png"),
            OtherFile::Jpeg => crate::msg!(l, "reader.file_jpeg"),
            OtherFile::Gif => crate::msg!(l, "reader.file_gif"),
            OtherFile::Rtf => crate::msg!(l, "reader.file_rtf"),
            OtherFile::Bytes(bytes) => crate::msg!(l, "reader.file_bytes", bytes),
        }
    }
}

/// What is broken in a [`ReadError::Damaged`] file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Damage {
    /// Starts like a zip, but its table of contents is missing or broken.
    BrokenZip,
    /// A zip part packed with a method spreadsheet programs do not use.
    PackedWith {
        /// The part.
        part: String,
        /// The packing method.
        method: String,
    },
    /// A zip part that cannot be opened; the zip reader's words.
    PartCannotOpen {
        /// The zip reader's words.
        error: String,
    },
    /// A zip part that cannot be unpacked; the zip reader's words.
    PartCannotUnpack {
        /// The part.
        part: String,
        /// The zip reader's words.
        error: String,
    },
    /// An OpenDocument file without `content.xml`.
    NoOdsContent,
    /// A comment in `content.xml` that never ends.
    OdsCommentNeverEnds,
    /// A sheet of `content.xml` that never ends.
    OdsSheetNeverEnds {
        /// The sheet.
        sheet: String,
    },
    /// The parts of an ods could not be copied; the zip writer's words.
    OdsCopy {
        /// The zip writer's words.
        error: String,
    },
    /// A worksheet part with a cell reference outside Excel's grid.
    CellOutsideGrid {
        /// The part.
        part: String,
        /// The reference, shortened.
        reference: String,
    },
    /// An XML part with a document type declaration or other `<!` markup.
    UnusualMarkup {
        /// The part.
        part: String,
    },
    /// The xls workbook stream is broken.
    XlsStream(XlsStreamFault),
    /// The xls file's compound file structure is broken.
    XlsFile(XlsFileFault),
    /// calamine refused the file; its words.
    Calamine {
        /// calamine's words.
        message: String,
    },
    /// calamine panicked on the file's structure.
    ReaderFailed,
}

impl Damage {
    /// The description in `language`.
    pub fn message(&self, language: Language) -> String {
        let l = language;
        match self {
            Damage::BrokenZip => crate::msg!(l, "reader.broken_zip"),
            Damage::PackedWith { part, method } => {
                crate::msg!(l, "reader.packed_with", part, method)
            }
            Damage::PartCannotOpen { error } => crate::msg!(l, "reader.part_cannot_open", error),
            Damage::PartCannotUnpack { part, error } => {
                crate::msg!(l, "reader.part_cannot_unpack", part, error)
            }
            Damage::NoOdsContent => crate::msg!(l, "reader.no_ods_content"),
            Damage::OdsCommentNeverEnds => crate::msg!(l, "reader.ods_comment_never_ends"),
            Damage::OdsSheetNeverEnds { sheet } => {
                crate::msg!(l, "reader.ods_sheet_never_ends", sheet)
            }
            Damage::OdsCopy { error } => crate::msg!(l, "reader.ods_copy", error),
            Damage::CellOutsideGrid { part, reference } => {
                crate::msg!(l, "reader.cell_outside_grid", part, reference)
            }
            Damage::UnusualMarkup { part } => crate::msg!(l, "reader.unusual_markup", part),
            Damage::XlsStream(reason) => {
                crate::msg!(l, "reader.xls_stream", reason = reason.message(l))
            }
            Damage::XlsFile(reason) => {
                crate::msg!(l, "reader.xls_file", reason = reason.message(l))
            }
            Damage::Calamine { message } => crate::msg!(l, "reader.calamine", message),
            Damage::ReaderFailed => crate::msg!(l, "reader.reader_failed"),
        }
    }
}

/// What is broken in an xls workbook stream (its BIFF records).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum XlsStreamFault {
    /// A record is cut off.
    RecordCutOff,
    /// A sheet record is too short.
    SheetRecordTooShort,
    /// A sheet starts beyond the end of the stream.
    SheetBeyondStream,
    /// A row of numbers ends before it starts.
    RowEndsBeforeStart,
    /// A formula is longer than its record.
    FormulaTooLong,
}

impl XlsStreamFault {
    /// The description in `language`.
    pub fn message(&self, language: Language) -> String {
        let l = language;
        match self {
            XlsStreamFault::RecordCutOff => crate::msg!(l, "reader.xls_record_cut_off"),
            XlsStreamFault::SheetRecordTooShort => crate::msg!(l, "reader.xls_sheet_record_short"),
            XlsStreamFault::SheetBeyondStream => crate::msg!(l, "reader.xls_sheet_beyond_stream"),
            XlsStreamFault::RowEndsBeforeStart => crate::msg!(l, "reader.xls_row_ends_early"),
            XlsStreamFault::FormulaTooLong => crate::msg!(l, "reader.xls_formula_too_long"),
        }
    }
}

/// What is broken in an xls file's compound file structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum XlsFileFault {
    /// A sector lies beyond the end of the file.
    SectorBeyondFile,
    /// A chain of sectors loops.
    ChainLoops,
    /// A chain of sectors leaves the allocation table.
    ChainLeavesTable,
    /// The header is cut off.
    HeaderCutOff,
    /// The sector size is not 512 or 4096 bytes.
    SectorSize,
    /// The mini sector size is not 64 bytes.
    MiniSectorSize,
    /// The sector index chain loops.
    IndexChainLoops,
    /// The sector index is empty.
    IndexEmpty,
    /// The allocation table is larger than the file.
    TableLargerThanFile,
    /// The directory is empty.
    DirectoryEmpty,
}

impl XlsFileFault {
    /// The description in `language`.
    pub fn message(&self, language: Language) -> String {
        let l = language;
        match self {
            XlsFileFault::SectorBeyondFile => crate::msg!(l, "reader.ole_sector_beyond_file"),
            XlsFileFault::ChainLoops => crate::msg!(l, "reader.ole_chain_loops"),
            XlsFileFault::ChainLeavesTable => crate::msg!(l, "reader.ole_chain_leaves_table"),
            XlsFileFault::HeaderCutOff => crate::msg!(l, "reader.ole_header_cut_off"),
            XlsFileFault::SectorSize => crate::msg!(l, "reader.ole_sector_size"),
            XlsFileFault::MiniSectorSize => crate::msg!(l, "reader.ole_mini_sector_size"),
            XlsFileFault::IndexChainLoops => crate::msg!(l, "reader.ole_index_chain_loops"),
            XlsFileFault::IndexEmpty => crate::msg!(l, "reader.ole_index_empty"),
            XlsFileFault::TableLargerThanFile => crate::msg!(l, "reader.ole_table_too_large"),
            XlsFileFault::DirectoryEmpty => crate::msg!(l, "reader.ole_directory_empty"),
        }
    }
}

/// The part of a [`ReadError::ZipBomb`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ZipPart {
    /// The part, by its name in the zip.
    Named(String),
    /// A part the zip reader does not name.
    Unnamed,
}

impl ZipPart {
    /// The description in `language`.
    pub fn message(&self, language: Language) -> String {
        let l = language;
        match self {
            ZipPart::Named(part) => crate::msg!(l, "reader.part_named", part),
            ZipPart::Unnamed => crate::msg!(l, "reader.part_unnamed"),
        }
    }
}

/// What is over a limit in [`ReadError::TooLarge`], with its size.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Oversize {
    /// The file, in bytes (shown rounded).
    File {
        /// Bytes.
        size: u64,
    },
    /// The file, in bytes (shown to the byte).
    FileExact {
        /// Bytes.
        size: u64,
    },
    /// What the zip unpacks to, by its declared sizes.
    ZipUnpacks {
        /// Bytes.
        size: u64,
    },
    /// A zip part's packing ratio.
    PartRatio {
        /// The part.
        part: String,
        /// What it unpacks to, in bytes.
        size: u64,
        /// Unpacked over packed.
        ratio: u64,
    },
    /// The zip's part count.
    ZipParts {
        /// The parts.
        count: u64,
    },
    /// What one zip part unpacks to.
    PartUnpacks {
        /// The part.
        part: String,
        /// Bytes.
        size: u64,
    },
    /// The strings a shared strings table declares.
    StringsDeclared {
        /// The part.
        part: String,
        /// The count declared.
        count: u64,
    },
    /// A shared strings table holding more than the limit.
    StringsHeld {
        /// The part.
        part: String,
        /// The limit passed.
        count: u64,
    },
    /// The cells a named sheet would expand to.
    SheetCells {
        /// The sheet.
        sheet: String,
        /// Its cells.
        cells: u64,
    },
    /// The cells an unnamed sheet would expand to (an xls sheet record without a name).
    NumberedSheetCells {
        /// The sheet's number, from 1.
        number: usize,
        /// Its cells.
        cells: u64,
    },
    /// What the sheets of an xls add up to.
    XlsSheets {
        /// Bytes, at least.
        size: u64,
    },
    /// What an ods `content.xml` expands to.
    OdsContent {
        /// Bytes, at least.
        size: u64,
    },
    /// The cells of a workbook master.
    WorkbookCells,
    /// A value of the `meta` sheet below its row limit.
    MetaCell {
        /// The cell, e.g. `A10001`.
        cell: String,
    },
    /// A value of a named sheet below its row limit.
    SheetRow {
        /// The sheet.
        sheet: String,
        /// The row, from 1.
        row: u64,
    },
    /// The questions of the `meta` sheet.
    Questions {
        /// The limit passed.
        count: usize,
    },
    /// The sheets a workbook declares.
    Sheets {
        /// The sheets.
        count: u64,
    },
    /// The sheets the `meta` sheet points into.
    ReferencedSheets {
        /// The sheets.
        count: usize,
    },
}

impl Oversize {
    /// The description in `language`.
    pub fn message(&self, language: Language) -> String {
        let l = language;
        let bytes = |size: &u64| human_bytes_in(*size, l);
        match self {
            Oversize::File { size } => crate::msg!(l, "reader.size_file", size = bytes(size)),
            Oversize::FileExact { size } => crate::msg!(
                l,
                "reader.size_file",
                size = crate::msg!(l, "reader.bytes", count = size)
            ),
            Oversize::ZipUnpacks { size } => crate::msg!(l, "reader.size_zip", size = bytes(size)),
            Oversize::PartRatio { part, size, ratio } => {
                crate::msg!(l, "reader.size_part_ratio", part, size = bytes(size), ratio)
            }
            Oversize::ZipParts { count } => crate::msg!(l, "reader.size_zip_parts", count),
            Oversize::PartUnpacks { part, size } => {
                crate::msg!(l, "reader.size_part", part, size = bytes(size))
            }
            Oversize::StringsDeclared { part, count } => {
                crate::msg!(l, "reader.size_strings_declared", part, count)
            }
            Oversize::StringsHeld { part, count } => {
                crate::msg!(l, "reader.size_strings_held", part, count)
            }
            Oversize::SheetCells { sheet, cells } => {
                crate::msg!(l, "reader.size_sheet_cells", sheet, cells)
            }
            Oversize::NumberedSheetCells { number, cells } => {
                crate::msg!(l, "reader.size_numbered_sheet_cells", number, cells)
            }
            Oversize::XlsSheets { size } => {
                crate::msg!(l, "reader.size_xls_sheets", size = bytes(size))
            }
            Oversize::OdsContent { size } => {
                crate::msg!(l, "reader.size_ods_content", size = bytes(size))
            }
            Oversize::WorkbookCells => crate::msg!(l, "reader.size_workbook_cells"),
            Oversize::MetaCell { cell } => crate::msg!(l, "reader.size_meta_cell", cell),
            Oversize::SheetRow { sheet, row } => {
                crate::msg!(l, "reader.size_sheet_row", sheet, row)
            }
            Oversize::Questions { count } => crate::msg!(l, "reader.size_questions", count),
            Oversize::Sheets { count } => crate::msg!(l, "reader.size_sheets", count),
            Oversize::ReferencedSheets { count } => {
                crate::msg!(l, "reader.size_referenced_sheets", count)
            }
        }
    }
}

/// The limit of a [`ReadError::TooLarge`], with its unit.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// Bytes, shown rounded.
    Bytes(u64),
    /// Bytes, shown to the byte.
    ExactBytes(u64),
    /// A packing ratio, for parts over a size in bytes.
    Ratio {
        /// Unpacked over packed.
        times: u64,
        /// The size from which it applies, in bytes.
        over: u64,
    },
    /// Zip parts.
    Parts(usize),
    /// Shared strings.
    Strings(u64),
    /// Cells.
    Cells(u64),
    /// Rows.
    Rows(u32),
    /// Questions.
    Questions(usize),
    /// Sheets.
    Sheets(usize),
}

impl Limit {
    /// The limit in `language`.
    pub fn message(&self, language: Language) -> String {
        let l = language;
        match self {
            Limit::Bytes(size) => human_bytes_in(*size, l),
            Limit::ExactBytes(count) => crate::msg!(l, "reader.bytes", count),
            Limit::Ratio { times, over } => {
                crate::msg!(
                    l,
                    "reader.limit_ratio",
                    times,
                    size = human_bytes_in(*over, l)
                )
            }
            Limit::Parts(count) => crate::msg!(l, "reader.limit_parts", count),
            Limit::Strings(count) => crate::msg!(l, "reader.limit_strings", count),
            Limit::Cells(count) => crate::msg!(l, "reader.limit_cells", count),
            Limit::Rows(count) => crate::msg!(l, "reader.limit_rows", count),
            Limit::Questions(count) => crate::msg!(l, "reader.limit_questions", count),
            Limit::Sheets(count) => crate::msg!(l, "reader.limit_sheets", count),
        }
    }
}

/// Which cell reference of the `meta` sheet a problem is about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reference {
    /// The value of a key in column A, e.g. `nps_cell`.
    Key(&'static str),
    /// The score cell of a question.
    Score {
        /// The question id.
        question: String,
    },
    /// The relevance cell of a question.
    Relevance {
        /// The question id.
        question: String,
    },
    /// The cell showing a question's id on its answer row.
    Id {
        /// The question id.
        question: String,
    },
}

impl Reference {
    /// The description in `language`.
    pub fn message(&self, language: Language) -> String {
        let l = language;
        match self {
            Reference::Key(key) => crate::msg!(l, "reader.reference_key", key),
            Reference::Score { question } => crate::msg!(l, "reader.reference_score", question),
            Reference::Relevance { question } => {
                crate::msg!(l, "reader.reference_relevance", question)
            }
            Reference::Id { question } => crate::msg!(l, "reader.reference_id", question),
        }
    }
}

pub(crate) fn calamine_error(error: impl Display) -> ReadError {
    let message = error.to_string();
    if is_size_lie(&message) {
        return ReadError::ZipBomb {
            part: ZipPart::Unnamed,
        };
    }
    ReadError::Damaged {
        detail: Damage::Calamine { message },
    }
}

/// `20 MB`, `1.1 GB`, `512 bytes` (decimal units, as file managers show them).
#[cfg(test)]
pub(crate) fn human_bytes(bytes: u64) -> String {
    human_bytes_in(bytes, Language::English)
}

/// `20 MB`, `1.1 GB` (`1,1 GB` in Dutch), `512 bytes`: decimal units, as file managers show them.
pub(crate) fn human_bytes_in(bytes: u64, language: Language) -> String {
    let units = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")];
    for (size, unit) in units {
        let value = bytes as f64 / size;
        if value >= 1.0 {
            let shown = format!("{value:.1}");
            let shown = shown.strip_suffix(".0").unwrap_or(&shown);
            let shown = match language {
                Language::Dutch => shown.replace('.', ","),
                Language::English => shown.to_string(),
            };
            return format!("{shown} {unit}");
        }
    }
    crate::msg!(language, "reader.bytes", count = bytes)
}

#[cfg(test)]
mod tests {
    use super::{Language, human_bytes, human_bytes_in};

    #[test]
    fn names_sizes_for_people() {
        assert_eq!(human_bytes(0), "0 bytes");
        assert_eq!(human_bytes(999), "999 bytes");
        assert_eq!(human_bytes(20_000_000), "20 MB");
        assert_eq!(human_bytes(1_073_741_824), "1.1 GB");
        assert_eq!(human_bytes_in(1_073_741_824, Language::Dutch), "1,1 GB");
    }
}
