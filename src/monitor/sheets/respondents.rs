//! The respondents: the one sheet that names everyone, in master order, with status, file and
//! counts. It never shows a score, a remark or a reason.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan};
use crate::monitor::styles::Styles;
use crate::monitor::text::{Widths, write_text};

use super::{begin, header, page};

pub(in crate::monitor) fn write(
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
            &labels.monitor_status,
            &labels.monitor_file,
            &labels.monitor_answered,
            &labels.monitor_assigned,
            &labels.monitor_anonymous,
        ],
        &mut widths,
        styles,
    )?;
    // The one sheet that names everyone: master order, no scores, remarks or reasons.
    for (offset, result) in plan.report.respondents.iter().enumerate() {
        let row = FIRST_ROW + offset as u32;
        let person = plan.master.respondent(result.index);
        let texts = [
            &person.name,
            &result.initials,
            person.email.as_deref().unwrap_or_default(),
            person.role.as_deref().unwrap_or_default(),
            person.note.as_deref().unwrap_or_default(),
            plan.status_text(result.status),
            result.file.as_deref().unwrap_or_default(),
        ];
        for (col, text) in texts.into_iter().enumerate() {
            write_text(sheet, row, col as u16, text, &styles.text, &mut widths)?;
        }
        sheet.write_number_with_format(row, 7, result.answered as f64, &styles.integer)?;
        sheet.write_number_with_format(row, 8, result.assigned as f64, &styles.integer)?;
        let anonymous = if result.anonymous { &labels.yes } else { "" };
        write_text(sheet, row, 9, anonymous, &styles.center, &mut widths)?;
    }
    widths.apply(sheet, 8.0, 45.0)?;
    page(plan, sheet, true, HEADER_ROW, 1)
}
