//! The KWIs as the master defines them: id, title, description, target and number of questions.
//! Nothing measured.

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
    begin(plan, sheet, &plan.names.kwis, None, styles)?;
    let mut widths = Widths::default();
    header(
        sheet,
        HEADER_ROW,
        &[
            &labels.monitor_kwi,
            &labels.monitor_kwi_title,
            &labels.monitor_description,
            &labels.monitor_target,
            &labels.monitor_question_count,
        ],
        &mut widths,
        styles,
    )?;
    for (offset, kwi) in plan.master.kwis.iter().enumerate() {
        let row = FIRST_ROW + offset as u32;
        write_text(sheet, row, 0, &kwi.id, &styles.text_top, &mut widths)?;
        write_text(
            sheet,
            row,
            1,
            &kwi.title,
            &styles.text_top_bold,
            &mut widths,
        )?;
        let description = kwi.description.as_deref().unwrap_or_default();
        sheet.write_string_with_format(row, 2, cell_text(description), &styles.wrap)?;
        sheet.set_row_height(row, row_height(description, 70.0))?;
        match kwi.target {
            Some(target) => sheet.write_number_with_format(row, 3, target, &styles.score_top)?,
            None => sheet.write_blank(row, 3, &styles.score_top)?,
        };
        sheet.write_number_with_format(row, 4, kwi.questions.len() as f64, &styles.integer_top)?;
    }
    widths.apply(sheet, 8.0, 30.0)?;
    sheet.set_column_width(2, 70)?;
    page(plan, sheet, true, HEADER_ROW, 2)
}
