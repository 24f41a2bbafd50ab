//! The KWI scores: per KWI its average, score, target and counts as formulas over the hidden data
//! sheet, each with its cached result, the total, and the column chart (KWI average / score /
//! target). It never caches a value the formula beside it would not give.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartDataLabelPosition, ChartFormat, ChartLegendPosition, ChartLine,
    ChartSolidFill, ChartType, Color, Worksheet, XlsxError,
};

use crate::monitor::DATA_SHEET;
use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan, score_column};
use crate::monitor::styles::Styles;
use crate::monitor::text::{Widths, write_text};

use super::data::{Data, chart};
use super::{add_target_bars, begin, header, page, target_colours};

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    data: &Data<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    let name = plan.names.scores.as_str();
    begin(plan, sheet, name, None, styles)?;
    let mut widths = Widths::default();
    header(
        sheet,
        HEADER_ROW,
        &[
            &labels.monitor_kwi,
            &labels.monitor_kwi_title,
            &labels.monitor_average,
            &labels.monitor_score,
            &labels.monitor_target,
            &labels.monitor_answer_count,
            &labels.monitor_respondent_count,
        ],
        &mut widths,
        styles,
    )?;
    for (index, kwi) in plan.master.kwis.iter().enumerate() {
        let row = Plan::score_row(index);
        write_text(
            sheet,
            row,
            score_column::ID,
            &kwi.id,
            &styles.text,
            &mut widths,
        )?;
        write_text(
            sheet,
            row,
            score_column::TITLE,
            &kwi.title,
            &styles.text,
            &mut widths,
        )?;
        sheet.write_formula_with_format(
            row,
            score_column::AVERAGE,
            data.kwi_average(index),
            &styles.score,
        )?;
        sheet.write_formula_with_format(
            row,
            score_column::SCORE,
            data.kwi_score(index),
            &styles.score_bold,
        )?;
        match kwi.target {
            Some(target) => {
                sheet.write_number_with_format(row, score_column::TARGET, target, &styles.score)?
            }
            None => sheet.write_blank(row, score_column::TARGET, &styles.score)?,
        };
        sheet.write_formula_with_format(
            row,
            score_column::ANSWERS,
            data.kwi_answers(index),
            &styles.integer,
        )?;
        sheet.write_formula_with_format(
            row,
            score_column::RESPONDENTS,
            data.kwi_respondents(index),
            &styles.integer,
        )?;
    }
    let total_row = plan.total_row();
    sheet.write_string_with_format(
        total_row,
        score_column::ID,
        &labels.monitor_total,
        &styles.total_label,
    )?;
    sheet.write_blank(total_row, score_column::TITLE, &styles.total_label)?;
    sheet.write_blank(total_row, score_column::AVERAGE, &styles.total_label)?;
    sheet.write_formula_with_format(
        total_row,
        score_column::SCORE,
        data.total(),
        &styles.total_score,
    )?;
    sheet.write_blank(total_row, score_column::TARGET, &styles.total_label)?;
    sheet.write_formula_with_format(
        total_row,
        score_column::ANSWERS,
        data.answer_count(),
        &styles.total_integer,
    )?;
    sheet.write_blank(total_row, score_column::RESPONDENTS, &styles.total_label)?;
    if !plan.master.kwis.is_empty() {
        target_colours(
            sheet,
            FIRST_ROW,
            total_row - 1,
            score_column::SCORE,
            score_column::TARGET,
            &[score_column::SCORE],
            styles,
        )?;
    }
    widths.apply(sheet, 10.0, 36.0)?;

    // The chart's series point at plain numbers on the data sheet, not at the formula cells
    // above: rust_xlsxwriter fills a chart's cached values only from number and text cells,
    // and the cache is what previews and not-yet-recalculated viewers draw.
    if !plan.master.kwis.is_empty() {
        let last = chart::FIRST + plan.master.kwis.len() as u32 - 1;
        let categories = (DATA_SHEET, chart::FIRST, chart::TITLE, last, chart::TITLE);
        let mut bars = Chart::new(ChartType::Column);
        let solid = [(chart::AVERAGE, 0x9DC3E6), (chart::SCORE, 0x1F3864)];
        for (col, colour) in solid {
            let series = bars
                .add_series()
                .set_name((DATA_SHEET, chart::HEADER, col))
                .set_categories(categories)
                .set_values((DATA_SHEET, chart::FIRST, col, last, col))
                .set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(colour)))
                        .set_border(ChartLine::new().set_color(Color::RGB(0x1F3864))),
                );
            if col == chart::SCORE {
                series.set_data_label(
                    ChartDataLabel::new()
                        .show_value()
                        .set_num_format("0.0")
                        .set_position(ChartDataLabelPosition::OutsideEnd),
                );
            }
        }
        add_target_bars(&mut bars, last);
        bars.title().set_name(&labels.monitor_chart_scores);
        bars.y_axis().set_min(0).set_max(10).set_major_unit(1);
        bars.legend().set_position(ChartLegendPosition::Bottom);
        bars.set_width(820).set_height(300);
        // A landscape page holds about 500 points within its margins: a table too long to
        // leave room for the chart (300 px, 225 points) sends it to a page of its own rather
        // than across a page break.
        let table_points = 24.0 + 15.0 * f64::from(total_row + 1);
        if table_points + 30.0 + 225.0 > 500.0 {
            sheet.set_page_breaks(&[total_row + 1])?;
        }
        sheet.insert_chart(total_row + 2, 0, &bars)?;
    }
    page(plan, sheet, true, HEADER_ROW, 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::test_reports::{
        check_close, example_master, example_report, number, open, range, text,
    };
    use crate::monitor::write;
    use calamine::Reader;

    #[test]
    fn kwi_score_cells_cache_the_report_scores() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let bytes = write(&report).unwrap();
        let sheet = range(&bytes, "KWI-scores");
        let data = range(&bytes, DATA_SHEET);
        for (index, kwi) in report.scores.kwis.iter().enumerate() {
            let row = Plan::score_row(index);
            assert_eq!(text(&sheet, row, score_column::ID), kwi.kwi);
            check_close(number(&sheet, row, score_column::SCORE), kwi.score, "score");
            check_close(
                number(&sheet, row, score_column::AVERAGE),
                kwi.average,
                "average",
            );
            check_close(
                number(&sheet, row, score_column::ANSWERS),
                Some(kwi.sum.count as f64),
                "answers",
            );
            check_close(
                number(&sheet, row, score_column::RESPONDENTS),
                Some(kwi.respondents as f64),
                "respondents",
            );
            // The chart data on the data sheet holds the same values as plain numbers.
            check_close(
                number(&data, chart::FIRST + index as u32, chart::SCORE),
                kwi.score,
                "chart data",
            );
        }
        let total = FIRST_ROW + master.kwis.len() as u32;
        check_close(
            number(&sheet, total, score_column::SCORE),
            report.scores.total_score,
            "total",
        );
        assert!(report.scores.kwis.iter().all(|kwi| kwi.score.is_some()));
        // The formulas are there too, not only their values.
        let formulas = open(&bytes).worksheet_formula("KWI-scores").unwrap();
        let score = formulas
            .get_value((FIRST_ROW, u32::from(score_column::SCORE)))
            .unwrap();
        assert!(
            score.starts_with("IFERROR(SUMIF(klantwaarde_data!$A$3:$A$"),
            "{score}"
        );
    }
}
