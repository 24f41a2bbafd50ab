//! Reads an ods that the guards passed; never reads one they did not (calamine expands an ods
//! whole, so the guard in `guard::ods` must have bounded it first).

use std::io::Cursor;

use calamine::{Ods, OdsError, Reader};

use super::error::calamine_error;
use super::loaded::read_loaded;
use super::{FileKind, Limits, ReadError, Returned};

pub(crate) fn read_ods(bytes: &[u8], limits: &Limits) -> Result<Returned, ReadError> {
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
