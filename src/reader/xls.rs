//! Reads an xls after its OLE container and BIFF records pass their guards; never hands calamine a
//! stream that was not checked.

use std::io::Cursor;

use calamine::{Reader, Xls, XlsError};

use super::error::calamine_error;
use super::guard::{biff, ole};
use super::loaded::read_loaded;
use super::{FileKind, Limits, ReadError, Returned};

pub(crate) fn read_xls(bytes: &[u8], limits: &Limits) -> Result<Returned, ReadError> {
    let stream = ole::workbook_stream(bytes)?;
    biff::check(&stream, limits)?;
    drop(stream);
    let mut workbook = Xls::new(Cursor::new(bytes)).map_err(|error| match error {
        XlsError::Password => ReadError::Encrypted,
        error => calamine_error(error),
    })?;
    read_loaded(&mut workbook, FileKind::Xls, None, limits)
}
