//! The respondents. In the session monitor the list as the book has it: name, initials, e-mail,
//! function and note, and nothing else. In the analysis workbook the response: status, file and
//! answered counts, the last two only for named respondents, so that no count or file beside a
//! name maps a pseudonym back. Neither ever shows a score, a remark or a reason.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan};
use crate::monitor::styles::Styles;
use crate::monitor::text::{Widths, write_text};
use crate::report::ResponseStatus;

use super::{begin, header, page};

/// The session monitor's list of respondents, in master order.
pub(in crate::monitor) fn write_list(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    begin(plan, sheet, &plan.names.respondents, None, styles)?;
    let mut widths = Widths::default();
    header(
        sheet,
        HEADER_ROW,
        &[
            &labels.monitor_name,
            &labels.monitor_initials,
            &labels.monitor_email,
            &labels.monitor_function,
            &labels.monitor_note,
        ],
        &mut widths,
        styles,
    )?;
    for (offset, person) in plan.master.respondents.iter().enumerate() {
        let row = FIRST_ROW + offset as u32;
        let texts = [
            person.name.as_str(),
            &person.initials,
            person.email.as_deref().unwrap_or_default(),
            person.role.as_deref().unwrap_or_default(),
            person.note.as_deref().unwrap_or_default(),
        ];
        for (col, text) in texts.into_iter().enumerate() {
            write_text(sheet, row, col as u16, text, &styles.text, &mut widths)?;
        }
    }
    widths.apply(sheet, 8.0, 45.0)?;
    page(plan, sheet, true, HEADER_ROW, 1)
}

/// The analysis workbook's response sheet: who returned what, in master order.
pub(in crate::monitor) fn write_status(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    begin(plan, sheet, &plan.names.status, None, styles)?;
    let mut widths = Widths::default();
    header(
        sheet,
        HEADER_ROW,
        &[
            &labels.monitor_name,
            &labels.monitor_initials,
            &labels.monitor_status,
            &labels.monitor_file,
            &labels.monitor_answered,
            &labels.monitor_assigned,
        ],
        &mut widths,
        styles,
    )?;
    for (offset, result) in plan.report.respondents.iter().enumerate() {
        let row = FIRST_ROW + offset as u32;
        let person = plan.master.respondent(result.index);
        // An anonymous respondent's file, partial status and count would tie their name to
        // the pseudonym whose answers show the same.
        let status = match result.status {
            ResponseStatus::Partial if result.anonymous => ResponseStatus::Returned,
            other => other,
        };
        let file = if result.anonymous {
            ""
        } else {
            result.file.as_deref().unwrap_or_default()
        };
        let texts = [
            person.name.as_str(),
            &result.initials,
            plan.status_text(status),
            file,
        ];
        for (col, text) in texts.into_iter().enumerate() {
            write_text(sheet, row, col as u16, text, &styles.text, &mut widths)?;
        }
        if result.anonymous {
            sheet.write_blank(row, 4, &styles.integer)?;
        } else {
            sheet.write_number_with_format(row, 4, result.answered as f64, &styles.integer)?;
        }
        sheet.write_number_with_format(row, 5, result.assigned as f64, &styles.integer)?;
    }
    widths.apply(sheet, 8.0, 45.0)?;
    page(plan, sheet, true, HEADER_ROW, 1)
}
