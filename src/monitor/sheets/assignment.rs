//! The assignment: which respondent, by the name shown, was asked which question. It never shows
//! an answer.

use std::collections::HashMap;

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::master::RespondentId;
use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, NOTE_ROW, Plan};
use crate::monitor::styles::Styles;
use crate::monitor::text::{Widths, write_text};

use super::{begin, page};

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    begin(plan, sheet, &plan.names.assignment, None, styles)?;
    sheet.write_string_with_format(HEADER_ROW, 0, &plan.labels.respondent, &styles.header)?;
    let mut widths = Widths::default();
    widths.see_header(0, &plan.labels.respondent);
    let mut rank_of_master: HashMap<RespondentId, usize> = HashMap::new();
    for (rank, &position) in plan.order.iter().enumerate() {
        let result = &plan.report.respondents[position];
        rank_of_master.insert(result.index, rank);
        write_text(
            sheet,
            FIRST_ROW + rank as u32,
            0,
            &result.shown_as,
            &styles.text,
            &mut widths,
        )?;
    }
    let mut col: u16 = 1;
    for kwi in &plan.master.kwis {
        let start = col;
        for question in &kwi.questions {
            sheet.write_string_with_format(HEADER_ROW, col, &question.id, &styles.header_center)?;
            widths.see_header(col, &question.id);
            // The column carries the format, so the marks (72,000 at 2,000 respondents) are
            // written without a format lookup each.
            sheet.set_column_format(col, &styles.mark)?;
            for respondent in &question.respondents {
                if let Some(&rank) = rank_of_master.get(respondent) {
                    sheet.write_string(FIRST_ROW + rank as u32, col, "x")?;
                }
            }
            col += 1;
        }
        if col > start + 1 {
            sheet.merge_range(
                NOTE_ROW,
                start,
                NOTE_ROW,
                col - 1,
                &kwi.id,
                &styles.band_center,
            )?;
        } else if col == start + 1 {
            sheet.write_string_with_format(NOTE_ROW, start, &kwi.id, &styles.band_center)?;
        }
    }
    // Room for the subtitle, which the KWI bands beside it would cut off.
    widths.see(0, &"x".repeat(20));
    widths.apply(sheet, 6.0, 30.0)?;
    page(plan, sheet, true, HEADER_ROW, 1)
}
