//! The hidden `meta` sheet of a questionnaire, written through [`crate::contract`]: who it is for,
//! and where each answer stands. It never writes a visible cell.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::Context;
use super::layout::column;
use super::sheet::TableRow;
use crate::contract::{self, TagFields, keys, sheet_cell};
use crate::master::RespondentId;
use crate::secret::Secret;

/// Writes the `meta` sheet: the keys with their values, then the question table; very hidden
/// and protected, so that no respondent meets it by accident.
pub(super) fn write(
    meta: &mut Worksheet,
    context: &Context<'_>,
    secret: &Secret,
    respondent: RespondentId,
    table: &[TableRow],
) -> Result<(), XlsxError> {
    let (master, person, layout, sheet) = (
        context.master,
        context.person,
        &context.layout,
        context.sheet_name,
    );
    meta.set_name(contract::META_SHEET)?;
    let fingerprint = master.fingerprint(respondent);
    let tag = contract::questionnaire_tag(
        secret,
        &TagFields {
            format: contract::FORMAT,
            client: &master.client,
            supplier: &master.supplier,
            period: &master.period,
            respondent: &person.initials,
            fingerprint: &fingerprint,
        },
    );
    let values: [String; keys::ALL.len()] = [
        contract::FORMAT.to_string(),
        master.client.clone(),
        master.supplier.clone(),
        master.period.clone(),
        person.initials.clone(),
        person.name.clone(),
        fingerprint.clone(),
        sheet_cell(sheet, layout.nps, column::SCORE),
        sheet_cell(sheet, layout.remarks, column::ID),
        sheet_cell(sheet, layout.nps_reason, column::ID),
        sheet_cell(sheet, layout.anonymous, column::SCORE),
        tag,
    ];
    for (row, (key, value)) in keys::ALL.iter().zip(&values).enumerate() {
        meta.write_string(row as u32, 0, *key)?;
        meta.write_string(row as u32, 1, value)?;
    }
    let header = keys::ALL.len() as u32 + 1;
    for (col, name) in keys::TABLE_HEADER.iter().enumerate() {
        meta.write_string(header, col as u16, *name)?;
    }
    for (offset, row) in table.iter().enumerate() {
        for (col, value) in row.iter().enumerate() {
            meta.write_string(header + 1 + offset as u32, col as u16, value)?;
        }
    }
    for (col, width) in [16, 36, 18, 18, 18].into_iter().enumerate() {
        meta.set_column_width(col as u16, width)?;
    }
    meta.set_very_hidden(true);
    meta.protect();
    Ok(())
}
