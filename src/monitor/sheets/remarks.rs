//! The remarks and NPS reasons per respondent, by the name shown. Written as text, never as a
//! formula.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan};
use crate::monitor::styles::Styles;
use crate::monitor::text::{Widths, cell_text, row_height, write_text};

use super::{begin, header, page};

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    begin(plan, sheet, &plan.names.remarks, None, styles)?;
    let mut widths = Widths::default();
    header(
        sheet,
        HEADER_ROW,
        &[&labels.respondent, &labels.remarks, &labels.monitor_reason],
        &mut widths,
        styles,
    )?;
    let mut row = FIRST_ROW;
    for &position in &plan.order {
        let result = &plan.report.respondents[position];
        if result.remarks.is_none() && result.nps_reason.is_none() {
            continue;
        }
        write_text(
            sheet,
            row,
            0,
            &result.shown_as,
            &styles.text_top,
            &mut widths,
        )?;
        let remarks = result.remarks.as_deref().unwrap_or_default();
        let reason = result.nps_reason.as_deref().unwrap_or_default();
        sheet.write_string_with_format(row, 1, cell_text(remarks), &styles.wrap)?;
        sheet.write_string_with_format(row, 2, cell_text(reason), &styles.wrap)?;
        let height = row_height(remarks, 70.0).max(row_height(reason, 50.0));
        sheet.set_row_height(row, height.min(409.0))?;
        row += 1;
    }
    widths.apply(sheet, 14.0, 30.0)?;
    sheet.set_column_width(1, 70)?;
    sheet.set_column_width(2, 50)?;
    page(plan, sheet, true, HEADER_ROW, 1)
}
