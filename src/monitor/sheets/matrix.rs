//! Scores per respondent (analysis workbook): each respondent's score per KWI, a formula over that
//! respondent's one block of rows in the answers table, only where the minimum-group rule allows
//! figures per respondent. Anonymous respondents appear by their keyed pseudonym only.

use rust_xlsxwriter::{
    Color, ConditionalFormat3ColorScale, ConditionalFormatType, Formula, Worksheet, XlsxError,
    column_number_to_name, quote_sheet_name,
};

use crate::monitor::formulas::number_result;
use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan, answer_column};
use crate::monitor::styles::Styles;
use crate::monitor::text::{Widths, write_text};

use super::{begin, page};

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    if let Some(note) = super::withheld(plan) {
        begin(plan, sheet, &plan.names.matrix, Some(""), styles)?;
        super::wide_note(sheet, &note, 0, styles)?;
        sheet.set_column_width(0, 120)?;
        return page(plan, sheet, true, HEADER_ROW, 1);
    }
    begin(plan, sheet, &plan.names.matrix, None, styles)?;
    let mut widths = Widths::default();
    sheet.write_string_with_format(HEADER_ROW, 0, &plan.labels.respondent, &styles.header)?;
    widths.see_header(0, &plan.labels.respondent);
    for (index, kwi) in plan.master.kwis.iter().enumerate() {
        let col = 1 + index as u16;
        let heading = format!("{}\n{}", kwi.id, kwi.title);
        sheet.write_string_with_format(HEADER_ROW, col, &heading, &styles.header_center)?;
        widths.see(col, &kwi.title);
    }
    sheet.set_row_height(HEADER_ROW, 32)?;
    let weighted = column_number_to_name(answer_column::WEIGHTED);
    let weight = column_number_to_name(answer_column::WEIGHT);
    let answers = quote_sheet_name(&plan.names.answers);
    for (rank, &position) in plan.order.iter().enumerate() {
        let row = FIRST_ROW + rank as u32;
        let result = &plan.report.respondents[position];
        write_text(sheet, row, 0, &result.shown_as, &styles.text, &mut widths)?;
        for (index, block) in plan.blocks[position].iter().enumerate() {
            let col = 1 + index as u16;
            match block {
                // A respondent's answers of one KWI are one contiguous run of rows.
                Some(block) => {
                    let (first, last) = (block.first + 1, block.last + 1);
                    let formula = Formula::new(format!(
                        "=SUM({answers}!{weighted}{first}:{weighted}{last})/SUM({answers}!{weight}{first}:{weight}{last})"
                    ))
                    .set_result(number_result(block.sum.score()));
                    sheet.write_formula_with_format(row, col, formula, &styles.score_center)?;
                }
                None => {
                    sheet.write_blank(row, col, &styles.score_center)?;
                }
            }
        }
    }
    if !plan.master.kwis.is_empty() && !plan.order.is_empty() {
        let scale = ConditionalFormat3ColorScale::new()
            .set_minimum(ConditionalFormatType::Number, 1)
            .set_midpoint(
                ConditionalFormatType::Number,
                plan.mean_target.unwrap_or(7.0),
            )
            .set_maximum(ConditionalFormatType::Number, 10)
            .set_minimum_color(Color::RGB(0xF8696B))
            .set_midpoint_color(Color::RGB(0xFFEB84))
            .set_maximum_color(Color::RGB(0x63BE7B));
        sheet.add_conditional_format(
            FIRST_ROW,
            1,
            plan.matrix_last(),
            plan.master.kwis.len() as u16,
            &scale,
        )?;
    }
    widths.apply(sheet, 12.0, 30.0)?;
    page(plan, sheet, plan.master.kwis.len() > 6, HEADER_ROW, 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::test_reports::{
        check_close, example_master, example_report, key, number, open, range, text,
    };
    use crate::monitor::write_analysis;
    use calamine::Reader;

    #[test]
    fn the_respondent_by_kwi_matrix_caches_each_respondents_score() {
        // The example's one anonymous respondent may appear only with a minimum group of 1.
        let mut master = example_master(crate::EXAMPLE_MASTER_NL);
        master.min_group = 1;
        let report = example_report(&master);
        let bytes = write_analysis(&report).unwrap();
        let sheet = range(&bytes, "Scores per respondent");
        let formulas = open(&bytes)
            .worksheet_formula("Scores per respondent")
            .unwrap();
        let mut seen = 0;
        for offset in 0..report.respondents.len() as u32 {
            let row = FIRST_ROW + offset;
            let shown = text(&sheet, row, 0);
            let result = report
                .respondents
                .iter()
                .find(|r| r.shown_as == shown)
                .unwrap();
            for (index, kwi) in report.scores.kwis.iter().enumerate() {
                let col = 1 + index as u16;
                let expected = kwi.by_respondent.get(&key(result)).copied();
                check_close(
                    number(&sheet, row, col),
                    expected,
                    &format!("{shown} {}", kwi.kwi),
                );
                let formula = formulas
                    .get_value((row, u32::from(col)))
                    .cloned()
                    .unwrap_or_default();
                assert_eq!(
                    formula.is_empty(),
                    expected.is_none(),
                    "{shown} {}: {formula}",
                    kwi.kwi
                );
                seen += usize::from(expected.is_some());
            }
        }
        assert!(seen >= 10, "only {seen} scores");
        // Named respondents come first in master order, the anonymous one after them.
        let order: Vec<String> = (0..5)
            .map(|offset| text(&sheet, FIRST_ROW + offset, 0))
            .collect();
        assert_eq!(
            order,
            [
                "A. Aaaa",
                "C. Ceee",
                "D. Deeee",
                "Kees Klant",
                "Respondent 1"
            ]
        );
    }
}
