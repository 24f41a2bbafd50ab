//! The cover: title, client, period, date, response rate, total score, NPS, and each KWI's score
//! against its target at a glance. It names no respondent.

use rust_xlsxwriter::{
    Formula, Worksheet, XlsxError, quote_sheet_name, row_col_to_cell, row_col_to_cell_absolute,
};

use crate::master::Kwi;
use crate::monitor::formulas::number_result;
use crate::monitor::plan::{NOTE_ROW, Plan, TITLE_ROW, score_column};
use crate::monitor::styles::Styles;
use crate::report::ResponseStatus;

use super::target_colours;

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    let master = plan.master;
    sheet.set_name(&plan.names.cover)?;
    sheet.set_formula_result_default("");
    sheet.merge_range(
        TITLE_ROW,
        0,
        TITLE_ROW,
        3,
        &master.title,
        &styles.cover_title,
    )?;
    sheet.set_row_height(TITLE_ROW, 36)?;
    let subtitle = format!("{} — {}", master.client, master.period);
    sheet.merge_range(NOTE_ROW, 0, NOTE_ROW, 3, &subtitle, &styles.cover_subtitle)?;
    sheet.set_row_height(NOTE_ROW, 24)?;

    let mut row = 3;
    let mut field = |sheet: &mut Worksheet, label: &str, value: &str| -> Result<u32, XlsxError> {
        sheet.write_string_with_format(row, 0, label, &styles.label)?;
        sheet.write_string_with_format(row, 1, value, &styles.cover_value)?;
        row += 1;
        Ok(row - 1)
    };
    field(sheet, &labels.client, &master.client)?;
    field(sheet, &labels.supplier, &master.supplier)?;
    field(sheet, &labels.period, &master.period)?;
    field(
        sheet,
        &labels.monitor_date,
        &plan.as_of().unwrap_or_default(),
    )?;

    let respondents = plan.report.respondents.len();
    let returned = plan
        .report
        .respondents
        .iter()
        .filter(|r| matches!(r.status, ResponseStatus::Returned | ResponseStatus::Partial))
        .count();
    let rate_row = field(sheet, &labels.monitor_response_rate, "")?;
    if respondents > 0 {
        sheet.write_number_with_format(
            rate_row,
            1,
            returned as f64 / respondents as f64,
            &styles.cover_percent,
        )?;
    }
    sheet.write_string_with_format(
        rate_row,
        2,
        format!("{returned} {} {respondents}", labels.progress_of),
        &styles.note,
    )?;

    let total_row = field(sheet, &labels.monitor_total_score, "")?;
    let total = Formula::new(format!(
        "={}!{}",
        quote_sheet_name(&plan.names.scores),
        row_col_to_cell_absolute(plan.total_row(), score_column::SCORE)
    ))
    .set_result(number_result(plan.report.scores.total_score));
    sheet.write_formula_with_format(total_row, 1, total, &styles.cover_score)?;

    let nps_row = field(sheet, &labels.monitor_nps, "")?;
    if let Some(nps) = plan.report.nps.score {
        sheet.write_number_with_format(nps_row, 1, nps, &styles.cover_integer)?;
    }
    if plan.report.nps.indicative {
        sheet.write_string_with_format(nps_row, 2, &labels.monitor_indicative, &styles.note)?;
    }

    // At a glance: per KWI its score against its target.
    let band = row + 1;
    sheet.merge_range(band, 0, band, 3, &labels.monitor_at_a_glance, &styles.band)?;
    let header = band + 1;
    let texts = [
        labels.monitor_kwi.as_str(),
        &labels.monitor_score,
        &labels.monitor_target,
        &labels.monitor_vs_target,
    ];
    for (col, text) in texts.iter().enumerate() {
        sheet.write_string_with_format(header, col as u16, *text, &styles.header)?;
    }
    let first = header + 1;
    for (index, kwi) in master.kwis.iter().enumerate() {
        let row = first + index as u32;
        let score = plan.kwi_scores.get(kwi.id.as_str()).and_then(|k| k.score);
        sheet.write_string_with_format(row, 0, kwi_label(kwi), &styles.cover_kwi)?;
        let reference = Formula::new(format!(
            "={}!{}",
            quote_sheet_name(&plan.names.scores),
            row_col_to_cell_absolute(Plan::score_row(index), score_column::SCORE)
        ))
        .set_result(number_result(score));
        sheet.write_formula_with_format(row, 1, reference, &styles.cover_score)?;
        match kwi.target {
            Some(target) => sheet.write_number_with_format(row, 2, target, &styles.cover_score)?,
            None => sheet.write_blank(row, 2, &styles.cover_score)?,
        };
        let (b, c) = (row_col_to_cell(row, 1), row_col_to_cell(row, 2));
        let arrow = match (score, kwi.target) {
            (Some(score), Some(target)) if score >= target => "▲",
            (Some(_), Some(_)) => "▼",
            _ => "",
        };
        let indicator = Formula::new(format!(
            "=IF(AND(ISNUMBER({b}),ISNUMBER({c})),IF({b}>={c},\"▲\",\"▼\"),\"\")"
        ))
        .set_result(arrow);
        sheet.write_formula_with_format(row, 3, indicator, &styles.arrow)?;
    }
    if !master.kwis.is_empty() {
        let last = first + master.kwis.len() as u32 - 1;
        target_colours(sheet, first, last, 1, 2, &[1, 3], styles)?;
    }

    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(1, 16)?;
    sheet.set_column_width(2, 16)?;
    sheet.set_column_width(3, 16)?;
    sheet.set_paper_size(9);
    sheet.set_portrait();
    sheet.set_print_fit_to_pages(1, 1);
    sheet.set_margins(0.7, 0.7, 0.8, 0.8, 0.3, 0.3);
    sheet.set_footer(format!("&L&A&C{}", plan.labels.page_footer));
    sheet.set_screen_gridlines(false);
    Ok(())
}

fn kwi_label(kwi: &Kwi) -> String {
    format!("{} {}", kwi.id, kwi.title)
}
