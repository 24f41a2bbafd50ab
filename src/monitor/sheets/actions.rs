//! The action list as the master gives it. Nothing measured.

use rust_xlsxwriter::{ExcelDateTime, Worksheet, XlsxError};

use crate::labels::Language;
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
    begin(plan, sheet, &plan.names.actions, None, styles)?;
    let mut widths = Widths::default();
    header(
        sheet,
        HEADER_ROW,
        &[
            &labels.column_id,
            &labels.monitor_date,
            &labels.monitor_description,
            &labels.monitor_owner,
            &labels.monitor_status,
            &labels.monitor_kwi,
        ],
        &mut widths,
        styles,
    )?;
    let date_style = match plan.master.language {
        Language::Dutch => &styles.date_dutch,
        Language::English => &styles.date_english,
    };
    for (offset, action) in plan.master.actions.iter().enumerate() {
        let row = FIRST_ROW + offset as u32;
        write_text(sheet, row, 0, &action.id, &styles.text_top, &mut widths)?;
        match action.date {
            Some(date) => {
                use chrono::Datelike;
                let excel = ExcelDateTime::from_ymd(
                    date.year() as u16,
                    date.month() as u8,
                    date.day() as u8,
                )?;
                sheet.write_datetime_with_format(row, 1, &excel, date_style)?;
                widths.see(1, "00-00-0000");
            }
            None => {
                sheet.write_blank(row, 1, date_style)?;
            }
        }
        sheet.write_string_with_format(row, 2, cell_text(&action.description), &styles.wrap)?;
        sheet.set_row_height(row, row_height(&action.description, 70.0))?;
        write_text(sheet, row, 3, &action.owner, &styles.text_top, &mut widths)?;
        write_text(sheet, row, 4, &action.status, &styles.text_top, &mut widths)?;
        write_text(
            sheet,
            row,
            5,
            action.kwi.as_deref().unwrap_or_default(),
            &styles.text_top,
            &mut widths,
        )?;
    }
    widths.apply(sheet, 10.0, 24.0)?;
    sheet.set_column_width(2, 70)?;
    page(plan, sheet, true, HEADER_ROW, 1)
}
