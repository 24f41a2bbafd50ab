//! The KWI scores: per KWI its average, score, target and counts as formulas over the answers
//! table and the matrix, each with its cached result, the total, and the column chart. It never
//! caches a value the formula beside it would not give.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartDataLabelPosition, ChartFormat, ChartLegendPosition, ChartLine,
    ChartPatternFill, ChartPatternFillType, ChartSolidFill, ChartType, Color, Formula, Worksheet,
    XlsxError,
};

use crate::monitor::formulas::number_result;
use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan, answer_column, score_column};
use crate::monitor::styles::Styles;
use crate::monitor::text::{Widths, write_text};

use super::{begin, header, page, target_colours};

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
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
        let scored = plan.kwi_scores.get(kwi.id.as_str());
        let how = plan.kwi_match[index];
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
        let average = Formula::new(format!(
            "=IFERROR(AVERAGE({}),\"\")",
            plan.matrix_range(index)
        ))
        .set_result(number_result(scored.and_then(|k| k.average)));
        sheet.write_formula_with_format(row, score_column::AVERAGE, average, &styles.score)?;
        let score = Formula::new(format!(
            "=IFERROR({}/{},\"\")",
            plan.sum_where(answer_column::KWI, &kwi.id, answer_column::WEIGHTED, how),
            plan.sum_where(answer_column::KWI, &kwi.id, answer_column::WEIGHT, how),
        ))
        .set_result(number_result(scored.and_then(|k| k.score)));
        sheet.write_formula_with_format(row, score_column::SCORE, score, &styles.score_bold)?;
        match kwi.target {
            Some(target) => {
                sheet.write_number_with_format(row, score_column::TARGET, target, &styles.score)?
            }
            None => sheet.write_blank(row, score_column::TARGET, &styles.score)?,
        };
        let answers = Formula::new(format!(
            "={}",
            plan.count_where(answer_column::KWI, &kwi.id, how)
        ))
        .set_result(scored.map_or(0, |k| k.sum.count).to_string());
        sheet.write_formula_with_format(row, score_column::ANSWERS, answers, &styles.integer)?;
        let respondents = Formula::new(format!("=COUNT({})", plan.matrix_range(index)))
            .set_result(scored.map_or(0, |k| k.respondents).to_string());
        sheet.write_formula_with_format(
            row,
            score_column::RESPONDENTS,
            respondents,
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
    let total = Formula::new(format!(
        "=IFERROR(SUM({})/SUM({}),\"\")",
        plan.answers_range(answer_column::WEIGHTED),
        plan.answers_range(answer_column::WEIGHT)
    ))
    .set_result(number_result(plan.report.scores.total_score));
    sheet.write_formula_with_format(total_row, score_column::SCORE, total, &styles.total_score)?;
    sheet.write_blank(total_row, score_column::TARGET, &styles.total_label)?;
    let count = Formula::new(format!(
        "=COUNT({})",
        plan.answers_range(answer_column::SCORE)
    ))
    .set_result(plan.answers.len().to_string());
    sheet.write_formula_with_format(
        total_row,
        score_column::ANSWERS,
        count,
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

    // The chart's series point at a block of plain numbers, not at the formula cells above:
    // rust_xlsxwriter fills a chart's cached values only from number and string cells, and
    // the cache is what previews, mail clients and not-yet-recalculated viewers draw. The
    // block sits in hidden columns (the chart is told to plot hidden cells) and holds the
    // same values as the formulas at the time of writing.
    let data = score_column::CHART_DATA;
    sheet.write_string_with_format(
        HEADER_ROW - 1,
        data,
        &labels.monitor_chart_data,
        &styles.note,
    )?;
    for (col, text) in [
        &labels.monitor_kwi_title,
        &labels.monitor_average,
        &labels.monitor_score,
        &labels.monitor_target,
    ]
    .into_iter()
    .enumerate()
    {
        sheet.write_string_with_format(HEADER_ROW, data + col as u16, text, &styles.header)?;
    }
    for (index, kwi) in plan.master.kwis.iter().enumerate() {
        let row = Plan::score_row(index);
        let scored = plan.kwi_scores.get(kwi.id.as_str());
        sheet.write_string(row, data, &kwi.title)?;
        let values = [
            scored.and_then(|k| k.average),
            scored.and_then(|k| k.score),
            kwi.target,
        ];
        for (col, value) in values.into_iter().enumerate() {
            if let Some(value) = value {
                sheet.write_number_with_format(row, data + 1 + col as u16, value, &styles.score)?;
            }
        }
    }
    for col in data..data + 4 {
        sheet.set_column_width(col, 14)?;
        sheet.set_column_hidden(col)?;
    }

    if !plan.master.kwis.is_empty() {
        let last = total_row - 1;
        let mut chart = Chart::new(ChartType::Column);
        let colours = [0x9DC3E6, 0x1F3864];
        for (offset, colour) in colours.into_iter().enumerate() {
            let col = data + 1 + offset as u16;
            let series = chart
                .add_series()
                .set_name((name, HEADER_ROW, col))
                .set_categories((name, FIRST_ROW, data, last, data))
                .set_values((name, FIRST_ROW, col, last, col))
                .set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(colour))),
                );
            if offset == 1 {
                series.set_data_label(
                    ChartDataLabel::new()
                        .show_value()
                        .set_num_format("0.0")
                        .set_position(ChartDataLabelPosition::OutsideEnd),
                );
            }
        }
        // The target differs in colour and in pattern, so it reads on a grey print too.
        chart
            .add_series()
            .set_name((name, HEADER_ROW, data + 3))
            .set_categories((name, FIRST_ROW, data, last, data))
            .set_values((name, FIRST_ROW, data + 3, last, data + 3))
            .set_format(
                ChartFormat::new()
                    .set_pattern_fill(
                        ChartPatternFill::new()
                            .set_pattern(ChartPatternFillType::DiagonalStripesWideUpwards)
                            .set_foreground_color(Color::RGB(0xC55A11))
                            .set_background_color(Color::White),
                    )
                    .set_border(
                        ChartLine::new()
                            .set_color(Color::RGB(0xC55A11))
                            .set_width(1.25),
                    ),
            );
        chart.title().set_name(&labels.monitor_chart_scores);
        chart.y_axis().set_min(0).set_max(10).set_major_unit(1);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.show_hidden_data();
        chart.set_width(820).set_height(400);
        sheet.insert_chart(total_row + 2, 0, &chart)?;
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
            // The chart data beside it holds the same values as plain numbers.
            check_close(
                number(&sheet, row, score_column::CHART_DATA + 2),
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
            score.starts_with("IFERROR(SUMIF(Antwoorden!$B$4:$B$"),
            "{score}"
        );
    }
}
